package pdf

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// segment is text on one line with no wide gap in it: a line of a
// paragraph, a line of one column, or one table cell's line.
type segment struct {
	text           string
	x0, y0, x1, y1 float64
	size           float64 // largest font size in it
	bold           bool    // most of its characters are bold
}

func (s segment) width() float64 { return s.x1 - s.x0 }

// row is the segments that share a line on the page, left to right.
type row struct {
	segs   []segment
	y0, y1 float64
	page   int
}

func (r row) size() float64 {
	s := 0.0
	for _, g := range r.segs {
		s = max(s, g.size)
	}
	return s
}

// wordGap is the widest gap, in font sizes, still read as a space between
// words; wider gaps separate table cells or columns.
const wordGap = 0.9

// rows groups a page's runs into lines and each line into segments.
func rows(p Page, page int) []row {
	runs := make([]Run, 0, len(p.Runs))
	for _, r := range p.Runs {
		if strings.TrimSpace(r.Text) != "" && r.X1 > r.X0 && r.Y1 > r.Y0 {
			runs = append(runs, r)
		}
	}
	slices.SortStableFunc(runs, func(a, b Run) int { return cmp.Compare(a.centre(), b.centre()) })

	var out []row
	var cur []Run
	flush := func() {
		if len(cur) > 0 {
			out = append(out, makeRow(cur, page))
			cur = nil
		}
	}
	for _, r := range runs {
		if len(cur) > 0 && !sameLine(cur, r) {
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	return out
}

// sameLine reports whether r stands on the line of cur: their vertical
// extents overlap by most of the smaller one. Superscripts and mixed
// sizes stay on their line; the next line of a paragraph does not.
func sameLine(cur []Run, r Run) bool {
	y0, y1 := cur[0].Y0, cur[0].Y1
	for _, c := range cur[1:] {
		y0, y1 = min(y0, c.Y0), max(y1, c.Y1)
	}
	overlap := min(y1, r.Y1) - max(y0, r.Y0)
	return overlap >= 0.5*min(y1-y0, r.height())
}

func makeRow(runs []Run, page int) row {
	slices.SortStableFunc(runs, func(a, b Run) int { return cmp.Compare(a.X0, b.X0) })
	rw := row{page: page, y0: runs[0].Y0, y1: runs[0].Y1}
	var seg []Run
	flush := func() {
		if len(seg) > 0 {
			rw.segs = append(rw.segs, makeSegment(seg))
			seg = nil
		}
	}
	for _, r := range runs {
		rw.y0, rw.y1 = min(rw.y0, r.Y0), max(rw.y1, r.Y1)
		if len(seg) > 0 {
			last := seg[len(seg)-1]
			if r.X0-last.X1 > wordGap*max(r.Size, last.Size) {
				flush()
			}
		}
		seg = append(seg, r)
	}
	flush()
	rw.segs = joinMarkers(rw.segs)
	return rw
}

// marker matches a bullet or an enumerator standing alone, which PDFs set
// apart from their text with a tab: it belongs to the text after it, not
// to a table cell of its own.
var marker = regexp.MustCompile(`^(?:[•·▪◦‣●○■□➢►✓–—*-]|\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-zA-Z]|[ivxlc]{1,5})[.)])$`)

func joinMarkers(segs []segment) []segment {
	for i := 0; i+1 < len(segs); i++ {
		if !marker.MatchString(segs[i].text) {
			continue
		}
		m, next := segs[i], segs[i+1]
		next.text = m.text + " " + next.text
		next.x0, next.y0, next.y1 = m.x0, min(m.y0, next.y0), max(m.y1, next.y1)
		segs = append(segs[:i], append([]segment{next}, segs[i+2:]...)...)
	}
	return segs
}

func makeSegment(runs []Run) segment {
	s := segment{x0: runs[0].X0, y0: runs[0].Y0, x1: runs[0].X1, y1: runs[0].Y1}
	var b strings.Builder
	bold, all := 0, 0
	for i, r := range runs {
		s.x0, s.y0 = min(s.x0, r.X0), min(s.y0, r.Y0)
		s.x1, s.y1 = max(s.x1, r.X1), max(s.y1, r.Y1)
		s.size = max(s.size, r.Size)
		n := utf8.RuneCountInString(strings.TrimSpace(r.Text))
		all += n
		if r.Bold {
			bold += n
		}
		text := r.Text
		if i > 0 {
			prev := runs[i-1]
			// Runs split mid-word (a font change inside it) touch; runs
			// with a visible gap between them are separate words.
			if r.X0-prev.X1 > 0.15*r.Size && !strings.HasSuffix(b.String(), " ") {
				b.WriteByte(' ')
			}
		}
		b.WriteString(text)
	}
	s.text = strings.Join(strings.Fields(b.String()), " ")
	s.bold = all > 0 && bold*2 > all
	return s
}
