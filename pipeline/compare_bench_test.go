package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/extract"
)

// bigPolicy is the five seed policies end to end: about 120 KB of text.
func bigPolicy(b *testing.B) string {
	b.Helper()
	files, err := filepath.Glob(filepath.Join("..", "cmd", "tracker", "testdata", "seeds", "*"))
	if err != nil || len(files) == 0 {
		b.Skip("no seed policies")
	}
	var sb strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		sb.Write(data)
		sb.WriteString("\n\n")
	}
	return sb.String()
}

// BenchmarkCompare measures `tracker compare` on two ~120 KB policies:
// extraction of both, the clause diff and the classification.
func BenchmarkCompare(b *testing.B) {
	old := bigPolicy(b)
	edits := strings.NewReplacer(
		"We do not rent, sell, or share", "We may rent, sell, or share",
		"no later than 72 hours", "within a reasonable time",
		"children under the age of 13", "children under the age of 16",
	)
	neu := edits.Replace(old)
	b.SetBytes(int64(len(old) + len(neu)))
	b.ReportAllocs()
	for b.Loop() {
		o := extract.PlainText(old, extract.Options{})
		n := extract.PlainText(neu, extract.Options{})
		r := Compare(o.Text(), n.Text())
		if len(r.Changes) == 0 {
			b.Fatal("no changes found")
		}
	}
}
