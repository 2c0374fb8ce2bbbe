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
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	out, _ := encodeReport(big)
	runtime.ReadMemStats(&after)
	// About the report once (json.Marshal, its buffer cold, 4.6 times);
	// the race detector's pools drop buffers at random, so more under it.
	limit := uint64(len(out)) * 3 / 2
	if raceEnabled {
		limit = uint64(len(out)) * 4
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > limit {
		t.Errorf("encoding a %d KiB report allocated %d KiB", len(out)>>10, alloc>>10)
	}
}
