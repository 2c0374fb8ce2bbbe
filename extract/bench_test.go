package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkHTML measures extraction on the largest real snapshot, when the
// real-world set is present, and on a synthesized page.
func BenchmarkHTML(b *testing.B) {
	b.Run("synthesized", func(b *testing.B) { benchHTML(b, synthesizedPage(120<<10)) })
	b.Run("synthesized-600k", func(b *testing.B) { benchHTML(b, synthesizedPage(600<<10)) })
	b.Run("realworld-largest", func(b *testing.B) {
		path := largestSnapshot()
		if path == "" {
			b.Skipf("real-world set %s not present", realworldDir)
		}
		benchHTML(b, readGzip(b, path))
	})
}

func benchHTML(b *testing.B, page []byte) {
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := HTML(page, "text/html; charset=utf-8", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// synthesizedPage builds a policy page of about size bytes with the usual
// chrome: scripts, navigation, a sidebar of links, a cookie banner.
func synthesizedPage(size int) []byte {
	var sb strings.Builder
	sb.WriteString(`<!DOCTYPE html><html><head><title>Privacy</title><script>window.__DATA__={"build":"x"}</script></head><body>`)
	sb.WriteString(`<nav><ul><li><a href="/">Home</a></li><li><a href="/docs">Docs</a></li></ul></nav>`)
	sb.WriteString(`<div class="cookie-banner"><p>We use cookies.</p><button>OK</button></div><div class="wrap"><div class="content">`)
	for i := 0; sb.Len() < size; i++ {
		fmt.Fprintf(&sb, `<h2 id="s%d">Section %d</h2><p>We collect <b>information</b> you give us, such as your <a href="/x">account</a> details, and use it to provide the service %d.</p>`, i, i, i)
		fmt.Fprintf(&sb, `<ul><li>Item one of section %d.</li><li>Item two, with <em>emphasis</em>.</li></ul><table><tr><td>Vendor %d</td><td>Hosting</td></tr></table>`, i, i)
		if i%10 == 0 {
			fmt.Fprintf(&sb, `<div class="sidebar"><ul><li><a href="/a%d">Related %d</a></li><li><a href="/b">More</a></li></ul></div>`, i, i)
		}
	}
	sb.WriteString(`</div></div><footer>© 2024</footer></body></html>`)
	return []byte(sb.String())
}

func largestSnapshot() string {
	best, bestSize := "", int64(0)
	matches, _ := filepath.Glob(filepath.Join(realworldDir, "*", "*.html.gz"))
	for _, m := range matches {
		if fi, err := os.Stat(m); err == nil && fi.Size() > bestSize {
			best, bestSize = m, fi.Size()
		}
	}
	return best
}
