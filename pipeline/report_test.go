package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/diff"
)

// encodeReport writes what json.Marshal writes, at a fraction of the
// memory on a large report.
func TestEncodeReport(t *testing.T) {
	small := classify.Report{Summary: classify.Summary{Categories: []string{}}, Changes: []classify.Change{}}
	big := classify.Report{Summary: classify.Summary{Material: true, MaxSeverity: classify.High, Modified: 3000,
		Categories: []string{"sharing"}, Language: "en"}}
	for i := range 3000 {
		big.Changes = append(big.Changes, classify.Change{Kind: diff.Modified, Section: "Sharing <&>",
			OldText: strings.Repeat(fmt.Sprintf("We do not sell data %d. ", i), 60), NewText: strings.Repeat(fmt.Sprintf("We sell \"data\" %d. ", i), 60),
			Severity: classify.High, Categories: []string{"sharing"}, Reasons: []string{"sale of data"},
			Words: []diff.Op{{Type: diff.Delete, Text: "do not "}, {Type: diff.Equal, Text: "sell"}}})
	}
	for name, rep := range map[string]classify.Report{"small": small, "big": big} {
		want, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeReport(rep)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: encodeReport differs from json.Marshal (%d bytes against %d), err %v", name, len(got), len(want), err)
		}
	}
	allocated := func(encode func(classify.Report) ([]byte, error)) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		encode(big)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	// Against json.Marshal in the same run: the race detector's pools
	// drop buffers at random, and both allocate more under it.
	marshal := allocated(func(r classify.Report) ([]byte, error) { return json.Marshal(r) })
	if alloc := allocated(encodeReport); alloc*2 > marshal {
		t.Errorf("encodeReport allocated %d KiB, json.Marshal %d KiB: want under half", alloc>>10, marshal>>10)
	}
}
