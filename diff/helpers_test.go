package diff

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/doc"
)

// readFixture loads a policy excerpt from testdata.
func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return string(b)
}

// plainDoc turns policy text into blocks the way extraction does for plain
// text and simple markdown: each non-blank line is a block, "#" lines are
// headings, bulleted lines are list items, everything else a paragraph.
func plainDoc(text string) *doc.Document {
	d := &doc.Document{}
	for _, line := range strings.Split(text, "\n") {
		s := strings.TrimSpace(line)
		if s == "" {
			continue
		}
		switch {
		case strings.HasPrefix(s, "#"):
			lvl := len(s) - len(strings.TrimLeft(s, "#"))
			d.Blocks = append(d.Blocks, doc.Block{Kind: doc.Heading, Level: lvl, Text: doc.Normalize(s[lvl:])})
		case strings.HasPrefix(s, "• "), strings.HasPrefix(s, "* "), strings.HasPrefix(s, "- "):
			d.Blocks = append(d.Blocks, doc.Block{Kind: doc.ListItem, Text: doc.Normalize(s[len(strings.Fields(s)[0]):])})
		default:
			d.Blocks = append(d.Blocks, doc.Block{Kind: doc.Paragraph, Text: doc.Normalize(s)})
		}
	}
	return d
}

// edit applies find/replace pairs to text, failing when a target is absent
// so that a fixture change cannot silently turn a test into a no-op.
func edit(t testing.TB, text string, pairs ...string) string {
	t.Helper()
	for k := 0; k+1 < len(pairs); k += 2 {
		if !strings.Contains(text, pairs[k]) {
			t.Fatalf("edit target not in fixture: %q", pairs[k])
		}
		text = strings.Replace(text, pairs[k], pairs[k+1], 1)
	}
	return text
}
