package notify

import (
	"encoding/json"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/tracker-dev/tracker/classify"
)

// MaxBody bounds a webhook body (and so an outbox payload): receivers and
// the proxies in front of them commonly refuse more, and a rewritten
// 200 KB page would otherwise make a megabyte of JSON.
const MaxBody = 64 << 10

// SetChanges puts a report's changes in m, ordered by severity (high
// first) and then by their position in the document, which is the order
// the report gives: what matters comes first whatever its place on the
// page.
func SetChanges(m *Message, cs []classify.Change) {
	out := make([]Change, len(cs))
	for i, c := range cs {
		out[i] = Change{Change: c}
	}
	slices.SortStableFunc(out, func(a, b Change) int { return int(b.Severity) - int(a.Severity) })
	m.Data.Changes = out
	m.Data.Omitted = Omitted{}
}

// Minor tells the changes a cap may leave out: none and low ones.
func Minor(c Change) bool { return c.Severity < classify.Medium }

// Shown picks the changes a short format shows: every medium and high one,
// and at most maxMinor none or low ones (ordered changes, so the first
// ones). The count of those left out comes back with the message's own.
func Shown(m Message, maxMinor int) ([]Change, Omitted) {
	var out []Change
	omitted := m.Data.Omitted
	minor := 0
	for _, c := range m.Data.Changes {
		if Minor(c) {
			if minor == maxMinor {
				omitted.add(c.Severity, 1)
				continue
			}
			minor++
		}
		out = append(out, c)
	}
	return out, omitted
}

// Top picks the first n changes (the most severe), with the count of the
// others, for chat messages that show only a few.
func Top(m Message, n int) ([]Change, Omitted) {
	omitted := m.Data.Omitted
	cs := m.Data.Changes
	if len(cs) <= n {
		return cs, omitted
	}
	for _, c := range cs[n:] {
		omitted.add(c.Severity, 1)
	}
	return cs[:n], omitted
}

// Fit encodes m in at most limit bytes. It leaves out none changes, then
// low ones, from the end; if the medium and high changes alone are still
// too big, their word diffs go, then their texts are shortened (marked
// Truncated): every medium and high change stays listed. Only when even
// their shortest form cannot fit (thousands of them) are the last ones
// left out. Omitted counts what was left out.
func Fit(m *Message, limit int) ([]byte, error) {
	b, err := json.Marshal(m)
	if err != nil || len(b) <= limit {
		return b, encodeErr(err)
	}
	// Each change's size is measured once: the body shrinks by about that
	// much when it is left out.
	sizes := make([]int, len(m.Data.Changes))
	for i, c := range m.Data.Changes {
		cb, err := json.Marshal(c)
		if err != nil {
			return nil, encodeErr(err)
		}
		sizes[i] = len(cb) + 1 // and its comma
	}
	over := len(b) - limit + omittedSlack
	for _, sev := range []classify.Severity{classify.None, classify.Low} {
		for i := len(m.Data.Changes) - 1; i >= 0 && over > 0; i-- {
			if m.Data.Changes[i].Severity != sev {
				continue
			}
			over -= sizes[i]
			m.Data.Omitted.add(sev, 1)
			m.Data.Changes = slices.Delete(m.Data.Changes, i, i+1)
			sizes = slices.Delete(sizes, i, i+1)
		}
	}
	if b, err = json.Marshal(m); err != nil || len(b) <= limit {
		return b, encodeErr(err)
	}
	for _, maxRunes := range []int{-1, 2000, 600, 200, 80} {
		for i := range m.Data.Changes {
			shorten(&m.Data.Changes[i], maxRunes)
		}
		if b, err = json.Marshal(m); err != nil || len(b) <= limit {
			return b, encodeErr(err)
		}
	}
	for len(m.Data.Changes) > 0 {
		last := len(m.Data.Changes) - 1
		m.Data.Omitted.add(m.Data.Changes[last].Severity, 1)
		m.Data.Changes = m.Data.Changes[:last]
		if last%32 != 0 { // measuring after each removal would be quadratic
			continue
		}
		if b, err = json.Marshal(m); err != nil || len(b) <= limit {
			return b, encodeErr(err)
		}
	}
	if b, err = json.Marshal(m); err != nil || len(b) <= limit {
		return b, encodeErr(err)
	}
	return nil, fmt.Errorf("notify: the alert does not fit in %d bytes even without changes (%d bytes)", limit, len(b))
}

// omittedSlack covers the digits the omitted counts gain.
const omittedSlack = 64

// shorten drops a change's word diff (maxRunes < 0) or cuts its texts to
// maxRunes.
func shorten(c *Change, maxRunes int) {
	if c.Words != nil {
		c.Words = nil
		c.Truncated = true
	}
	if maxRunes < 0 {
		return
	}
	for _, s := range []*string{&c.OldText, &c.NewText} {
		if utf8.RuneCountInString(*s) > maxRunes {
			*s = cutRunes(*s, maxRunes)
			c.Truncated = true
		}
	}
	if len(c.Reasons) > 3 {
		c.Reasons = c.Reasons[:3]
		c.Truncated = true
	}
}

func cutRunes(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k] + "…"
		}
		i++
	}
	return s
}

func encodeErr(err error) error {
	if err != nil {
		return fmt.Errorf("notify: encode alert: %w", err)
	}
	return nil
}
