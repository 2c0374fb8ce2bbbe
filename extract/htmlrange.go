package extract

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// Range is the content between two elements, as Open Terms Archive's range
// selectors name it: from just before (or just after) the first element
// Start matches to just before (or just after) the first element End
// matches. It selects a document that is a run of siblings with no element
// of its own, such as everything from a heading up to the table of
// contents.
type Range struct {
	Start      string
	StartAfter bool // the range starts after the Start element, not before it
	End        string
	EndAfter   bool // the range ends after the End element, not before it
}

// String writes the range as the configuration does.
func (r Range) String() string {
	start, end := "start_before", "end_before"
	if r.StartAfter {
		start = "start_after"
	}
	if r.EndAfter {
		end = "end_after"
	}
	return "{" + start + ": " + strconv.Quote(r.Start) + ", " + end + ": " + strconv.Quote(r.End) + "}"
}

// ErrRangeUnmatched is wrapped when a range's start or end selector
// matches nothing: the page changed, and the range cannot be trusted.
var ErrRangeUnmatched = errors.New("range selector matches nothing")

// Check tells whether both ends of the range are selectors extraction
// accepts.
func (r Range) Check() error {
	if strings.TrimSpace(r.Start) == "" || strings.TrimSpace(r.End) == "" {
		return errors.New("a range needs a start and an end selector")
	}
	if err := CheckSelector(r.Start); err != nil {
		return fmt.Errorf("start %q: %w", r.Start, err)
	}
	if err := CheckSelector(r.End); err != nil {
		return fmt.Errorf("end %q: %w", r.End, err)
	}
	return nil
}

type compiledRange struct {
	Range
	start, end cascadia.Matcher
}

func compileRanges(kind string, rs []Range) ([]compiledRange, error) {
	out := make([]compiledRange, 0, len(rs))
	for _, r := range rs {
		if err := r.Check(); err != nil {
			return nil, fmt.Errorf("extract: invalid %s range %s: %w", kind, r, err)
		}
		start, err := cascadia.ParseGroup(r.Start)
		if err != nil {
			return nil, fmt.Errorf("extract: invalid %s range %s: %w", kind, r, err)
		}
		end, err := cascadia.ParseGroup(r.End)
		if err != nil {
			return nil, fmt.Errorf("extract: invalid %s range %s: %w", kind, r, err)
		}
		out = append(out, compiledRange{Range: r, start: start, end: end})
	}
	return out, nil
}

// rangeNodes returns the nodes wholly inside the range, in document order,
// each without its descendants (which it holds). Both ends of a range sit
// between nodes, never inside a text, so these nodes hold exactly the
// range's content: an element the range only partly covers is left out,
// its covered children are in the list.
func rangeNodes(root *html.Node, r compiledRange) ([]*html.Node, error) {
	a := cascadia.Query(root, r.start)
	b := cascadia.Query(root, r.end)
	switch {
	case a == nil:
		return nil, fmt.Errorf("extract: range %s: the start %w", r.Range, ErrRangeUnmatched)
	case b == nil:
		return nil, fmt.Errorf("extract: range %s: the end %w", r.Range, ErrRangeUnmatched)
	}
	// Number every node's entry and exit in one walk: a boundary is a
	// position in that sequence, and a node lies inside the range when its
	// entry and exit both fall between the two boundaries.
	pos := map[*html.Node][2]int{}
	n := 0
	var number func(*html.Node)
	number = func(x *html.Node) {
		enter := n
		n++
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			number(c)
		}
		pos[x] = [2]int{enter, n}
		n++
	}
	number(root)
	from, to := pos[a][0], pos[b][0] // before a, before b
	if r.StartAfter {
		from = pos[a][1] + 1
	}
	if r.EndAfter {
		to = pos[b][1] + 1
	}
	if to < from {
		return nil, fmt.Errorf("extract: range %s: the end comes before the start in the page", r.Range)
	}
	var out []*html.Node
	var collect func(*html.Node)
	collect = func(x *html.Node) {
		p := pos[x]
		switch {
		case p[0] >= from && p[1] < to:
			out = append(out, x)
		case p[0] < to && p[1] >= from: // partly inside: look at its children
			for c := x.FirstChild; c != nil; c = c.NextSibling {
				collect(c)
			}
		}
	}
	collect(root)
	return out, nil
}
