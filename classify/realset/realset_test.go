package realset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRealChanges runs the labelled real changes and fails when a figure
// falls below its floor in floors.json (or a ceiling is exceeded). Raise
// the floors when the classifier does better; never lower them.
func TestRealChanges(t *testing.T) {
	if raceEnabled {
		t.Skip("the labelled set runs without -race (.ci/run: go test -run TestRealChanges ./classify/realset): under the race detector it takes minutes and starves other packages' timing tests")
	}
	for _, set := range Sets {
		t.Run(filepath.Base(set.Dir), func(t *testing.T) {
			pairs, err := Load(filepath.FromSlash(set.Dir))
			if err != nil {
				t.Fatal(err)
			}
			if len(pairs) == 0 {
				t.Fatalf("no labelled pairs in %s", set.Dir)
			}
			outs, err := Run(pairs)
			if err != nil {
				t.Fatal(err)
			}
			fig := Score(outs)
			t.Logf("%s, %d labelled real changes:\n%s", set.Name, len(pairs), fig.Table())
			floors, err := ReadFloors(set.Floors)
			if err != nil {
				t.Fatal(err)
			}
			if bad := fig.Check(floors); len(bad) > 0 {
				var misses []string
				for _, o := range outs {
					if !o.Pass() {
						misses = append(misses, o.Pair.ID+": "+o.Why())
					}
				}
				t.Errorf("figures below their floors:\n  %s\nfailing pairs:\n  %s", strings.Join(bad, "\n  "), strings.Join(misses, "\n  "))
			}
		})
	}
}

// TestExcerptKeepsChangesAndContext checks the cutting of pairs: what
// differs is kept with its neighbours and headings, the rest is left out,
// and both sides keep the same context.
func TestExcerptKeepsChangesAndContext(t *testing.T) {
	old := "# Policy\n\nIntro.\n\n## Sharing\n\nWe share with processors.\n\nWe never sell data.\n\nFar away one.\n\n## Other\n\nFar away two.\n\nUnchanged end.\n"
	neu := strings.Replace(old, "We never sell data.", "We may sell data.", 1)
	o, n := Excerpt(old, neu)
	for _, want := range []string{"# Policy", "## Sharing", "We share with processors.", "Far away one."} {
		if !strings.Contains(o, want) || !strings.Contains(n, want) {
			t.Errorf("excerpts lack %q:\nold: %q\nnew: %q", want, o, n)
		}
	}
	if !strings.Contains(o, "We never sell data.") || !strings.Contains(n, "We may sell data.") {
		t.Errorf("the changed paragraph is not kept: %q / %q", o, n)
	}
	for _, gone := range []string{"Far away two.", "Unchanged end.", "## Other"} {
		if strings.Contains(o, gone) || strings.Contains(n, gone) {
			t.Errorf("excerpt keeps the unrelated %q", gone)
		}
	}
	if o2, n2 := Excerpt(old, old); strings.TrimSpace(o2) != "" || strings.TrimSpace(n2) != "" {
		t.Errorf("identical texts give %q / %q, want nothing", o2, n2)
	}
}

// TestWriteLoadRoundTrip stores a small and a large pair and reads them back.
func TestWriteLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	small := Pair{ID: "a", Label: "wording", Old: "x", New: "y"}
	large := Pair{ID: "b", Label: "format", Old: strings.Repeat("word ", 10000), New: "z"}
	for _, p := range []Pair{small, large} {
		if err := Write(dir, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "b.json.gz")); err != nil {
		t.Errorf("a large pair is not gzipped: %v", err)
	}
	got, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].New != "y" || got[1].Old != large.Old {
		t.Errorf("round trip lost data: %+v", got)
	}
}
