package pdf

import (
	"cmp"
	"slices"
)

// gutter is the empty vertical band between two text columns.
type gutter struct{ x0, x1 float64 }

// findGutter looks for two columns of running text on a page: a vertical
// band near the middle of the text that no line crosses (titles spanning
// both columns aside), with lines of text filling most of the width on
// both sides. Tables also have empty bands, but at least one of their
// columns holds short cells (names, countries), so they do not qualify.
func findGutter(rs []row) (gutter, bool) {
	var segs []segment
	left, right := 0.0, 0.0
	for _, r := range rs {
		for _, s := range r.segs {
			if len(segs) == 0 {
				left, right = s.x0, s.x1
			}
			left, right = min(left, s.x0), max(right, s.x1)
			segs = append(segs, s)
		}
	}
	width := right - left
	if len(segs) < 8 || width <= 0 {
		return gutter{}, false
	}
	// Lines wider than most of the text area span the columns (a title,
	// a full-width paragraph): they are read between column bands.
	var narrow []segment
	for _, s := range segs {
		if s.width() < 0.6*width {
			narrow = append(narrow, s)
		}
	}
	if len(narrow) < 6 || len(narrow)*4 < len(segs)*3 {
		return gutter{}, false // mostly full-width lines: one column
	}
	slices.SortFunc(narrow, func(a, b segment) int { return cmp.Compare(a.x0, b.x0) })
	best := gutter{}
	reach := narrow[0].x1
	for _, s := range narrow[1:] {
		if gap := s.x0 - reach; gap > best.x1-best.x0 {
			mid := (reach + s.x0) / 2
			if mid > left+0.3*width && mid < left+0.7*width {
				best = gutter{reach, s.x0}
			}
		}
		reach = max(reach, s.x1)
	}
	if best.x1-best.x0 < 8 {
		return gutter{}, false
	}
	// Both sides must read as running text: most lines nearly as wide as
	// their column, and enough of them.
	var l, r []float64
	for _, s := range narrow {
		switch {
		case s.x1 <= best.x0:
			l = append(l, s.width()/(best.x0-left))
		case s.x0 >= best.x1:
			r = append(r, s.width()/(right-best.x1))
		}
	}
	if len(l) < 3 || len(r) < 3 || median(l) < 0.7 || median(r) < 0.7 {
		return gutter{}, false
	}
	return best, true
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// readColumns reorders a two-column page: between lines that span the
// gutter, the left column is read down, then the right one. Each row comes
// back split by side, so no line mixes the two columns.
func readColumns(rs []row, g gutter) []row {
	var out, lefts, rights []row
	flush := func() {
		out = append(append(out, lefts...), rights...)
		lefts, rights = nil, nil
	}
	for _, r := range rs {
		var l, rt []segment
		spans := false
		for _, s := range r.segs {
			switch {
			case s.x1 <= g.x0+1:
				l = append(l, s)
			case s.x0 >= g.x1-1:
				rt = append(rt, s)
			default:
				spans = true
			}
		}
		if spans {
			flush()
			out = append(out, r)
			continue
		}
		if len(l) > 0 {
			lefts = append(lefts, subRow(r, l))
		}
		if len(rt) > 0 {
			rights = append(rights, subRow(r, rt))
		}
	}
	flush()
	return out
}

func subRow(r row, segs []segment) row {
	out := row{segs: segs, page: r.page, y0: segs[0].y0, y1: segs[0].y1}
	for _, s := range segs[1:] {
		out.y0, out.y1 = min(out.y0, s.y0), max(out.y1, s.y1)
	}
	return out
}
