package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/config"
)

// openTestApp writes a configuration into a temporary folder and opens it
// with a fresh database there.
func openTestApp(t testing.TB, yaml string) *App {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "tracker.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Open(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// policyHTML wraps paragraphs in a page with chrome that varies by stamp.
func policyHTML(stamp string, paras ...string) string {
	var b strings.Builder
	b.WriteString("<html><head><title>Privacy Policy</title><script>var build='" + stamp + "'</script></head><body>")
	b.WriteString(`<nav><a href="/">Home</a> <a href="/about">About us</a></nav><main><h1>Privacy Policy</h1>`)
	for _, p := range paras {
		b.WriteString("<p>" + p + "</p>")
	}
	b.WriteString("</main><footer>© " + stamp + " Example Inc.</footer></body></html>")
	return b.String()
}
