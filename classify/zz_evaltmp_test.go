//go:build evaltmp

package classify

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"tracker/diff"
	"tracker/doc"
)

type evalCase struct {
	ID    string `json:"id"`
	Seed  string `json:"seed"`
	Edits []struct {
		Find, Replace string
		All           bool
	} `json:"edits"`
	Expect struct {
		Material   *bool
		Categories []string
		MinSev     *string `json:"min_severity"`
		Formatting bool    `json:"formatting_only"`
	} `json:"expect"`
}

func TestEvalTmp(t *testing.T) {
	b, _ := os.ReadFile("/work/shared/eval/cases.json")
	var cases []evalCase
	json.Unmarshal(b, &cases)
	for _, c := range cases {
		ob, _ := os.ReadFile("/work/shared/corpus/seeds/" + c.Seed)
		old := string(ob)
		nw := old
		for _, e := range c.Edits {
			if e.All {
				nw = strings.ReplaceAll(nw, e.Find, e.Replace)
			} else {
				nw = strings.Replace(nw, e.Find, e.Replace, 1)
			}
		}
		rep := Build(diff.Compare(doc.Parse(old), doc.Parse(nw)))
		fmt.Printf("== %s (expect material=%v cats=%v min=%v fmt=%v) => material=%v max=%s cats=%v\n", c.ID, deref(c.Expect.Material), c.Expect.Categories, c.Expect.MinSev, c.Expect.Formatting, rep.Summary.Material, rep.Summary.MaxSeverity, rep.Summary.Categories)
		for _, ch := range rep.Changes {
			fmt.Printf("   [%s %s %v] %q -> %q\n      %v\n", ch.Kind, ch.Severity, ch.Categories, clip(ch.OldText, 120), clip(ch.NewText, 120), ch.Reasons)
		}
	}
}

func deref(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
