//go:build evaltmp

package classify

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tracker/diff"
)

func TestPerturbTmp(t *testing.T) {
	files, _ := filepath.Glob("/work/shared/corpus/seeds/*")
	reps := [][2]string{{", and ", " and "}, {"We ", "We also "}, {"personal information", "personal data"}, {" may ", " might "}, {"your ", "the "}, {" the ", " "}, {"information", "info"}, {".", ""}}
	n, loud := 0, 0
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if len(line) < 20 {
				continue
			}
			for _, r := range reps {
				if !strings.Contains(line, r[0]) {
					continue
				}
				nl := strings.Replace(line, r[0], r[1], 1)
				c := ClassifyChange(diff.Change{Kind: diff.Modified, OldText: line, NewText: nl})
				n++
				if c.Severity >= Medium {
					loud++
					fmt.Printf("%s %v %q\n   %q -> %q\n", c.Severity, c.Categories, c.Reasons, clip(line, 200), r)
				}
			}
		}
	}
	fmt.Println("perturbations", n, "loud", loud)
}
