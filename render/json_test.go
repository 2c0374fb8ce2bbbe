package render

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/diff"
)

func TestJSONReport(t *testing.T) {
	withC1 := sampleReport()
	withC1.Changes[0].NewText = "We may sell\u009b2J data \u202e & <more>"

	tests := []struct {
		name     string
		report   classify.Report
		contains []string
		absent   []string
	}{
		{"empty report lists nothing as []", classify.Report{},
			[]string{`"changes": []`, `"categories": []`, `"max_severity": "none"`}, []string{"null"}},
		{"nil lists in a change become []",
			classify.Report{Changes: []classify.Change{{Kind: diff.Added, NewText: "x"}}},
			[]string{`"reasons": []`, `"categories": []`}, []string{"null"}},
		{"page text reads naturally but terminal controls are escaped", withC1,
			[]string{`& <more>`, `\u009b2J`, `\u202e`, "\n  \"summary\": {\n"}, []string{"\u009b", "\u202e", `\u0026`, `\u003c`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, FormatJSON, tt.report, Options{Meta: sampleMeta()})
			if !strings.HasSuffix(out, "}\n") {
				t.Errorf("output does not end in a newline: %q", out[max(0, len(out)-10):])
			}
			for _, w := range tt.contains {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.absent {
				if strings.Contains(out, w) {
					t.Errorf("output contains %q:\n%s", w, out)
				}
			}
			var back classify.Report
			if err := json.Unmarshal([]byte(out), &back); err != nil {
				t.Fatalf("output is not valid JSON: %v", err)
			}
			want := withEmptyLists(tt.report)
			if !reflect.DeepEqual(back, want) {
				t.Errorf("round trip changed the report:\ngot  %+v\nwant %+v", back, want)
			}
		})
	}
}

func TestJSONAnyValue(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, map[string]any{"a": "<b>", "n": 1}); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "{\n  \"a\": \"<b>\",\n  \"n\": 1\n}\n"; got != want {
		t.Errorf("JSON = %q, want %q", got, want)
	}
	if err := JSON(&buf, func() {}); err == nil {
		t.Error("JSON of a func succeeded")
	}
}
