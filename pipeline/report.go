package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/tracker-dev/tracker/classify"
)

// encodeReport is json.Marshal(rep), byte for byte, without its cost on
// large reports: json.Marshal grows one buffer by doubling and copies the
// result out of it, so a 22 MB report (a 5 MB page rewritten) held about
// 70 MB at once. Here each change is encoded alone (by an Encoder, whose
// working buffer is reused) into a buffer sized beforehand.
func encodeReport(rep classify.Report) ([]byte, error) {
	if len(rep.Changes) < 64 {
		return json.Marshal(rep)
	}
	sum, err := json.Marshal(rep.Summary)
	if err != nil {
		return nil, fmt.Errorf("encode summary: %w", err)
	}
	size := len(sum) + 32
	for _, c := range rep.Changes {
		size += 160 + len(c.Section) + len(c.OldSection) + len(c.OldText) + len(c.NewText)
		for _, r := range c.Reasons {
			size += len(r) + 3
		}
		for _, cat := range c.Categories {
			size += len(cat) + 3
		}
		for _, w := range c.Words {
			size += len(w.Text) + 24
		}
	}
	out := &appender{buf: make([]byte, 0, size+size/16)} // a little room for escapes
	out.buf = append(out.buf, `{"summary":`...)
	out.buf = append(out.buf, sum...)
	out.buf = append(out.buf, `,"changes":[`...)
	enc := json.NewEncoder(out)
	for i, c := range rep.Changes {
		if i > 0 {
			out.buf = append(out.buf, ',')
		}
		if err := enc.Encode(c); err != nil {
			return nil, fmt.Errorf("encode change %d: %w", i, err)
		}
	}
	return append(out.buf, "]}"...), nil
}

// appender collects an Encoder's values without the newline it ends each
// with.
type appender struct{ buf []byte }

func (a *appender) Write(p []byte) (int, error) {
	a.buf = append(a.buf, bytes.TrimSuffix(p, []byte("\n"))...)
	return len(p), nil
}
