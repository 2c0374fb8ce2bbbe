package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/pdf/pdftest"
)

// TestComparePDF: two versions of a DPA received as files, compared as
// clauses, the running headers and footers of every page left out.
func TestComparePDF(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "dpa-v4.pdf")
	changed := filepath.Join(dir, "dpa-v5.pdf")
	write := func(path string, days int) {
		body := pdftest.DPA(4, func(section, n int) string {
			if section == 4 && n == 2 {
				return "The Processor shall notify the Controller of a Personal Data Breach without undue delay and in any event within " + map[int]string{24: "24 hours", 72: "72 hours"}[days] + " of becoming aware of it."
			}
			return pdftest.DPAClause(section, n)
		})
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(old, 24)
	write(changed, 72)

	code, out, errOut := tracker(t, "compare", old, changed, "--format", "json")
	if code != 0 {
		t.Fatalf("compare: exit %d\n%s%s", code, out, errOut)
	}
	var report struct {
		Changes []struct {
			Kind    string `json:"kind"`
			Section string `json:"section"`
			NewText string `json:"new_text"`
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(report.Changes) != 1 {
		t.Fatalf("%d changes, want the one clause:\n%s", len(report.Changes), out)
	}
	c := report.Changes[0]
	if c.Kind != "modified" || c.Section != "4. Security" || !strings.Contains(c.NewText, "within 72 hours") {
		t.Errorf("change %+v, want clause 4.2 modified under \"4. Security\"", c)
	}

	code, out, errOut = tracker(t, "extract", changed)
	if code != 0 {
		t.Fatalf("extract: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"# main content: pdf", "\n4. Security\n===", "\n4.2 The Processor shall notify"} {
		if !strings.Contains(out, want) {
			t.Errorf("extract output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Page 2 of 4") || strings.Contains(out, "Confidential") {
		t.Errorf("extract kept a running header or footer:\n%s", out)
	}
}
