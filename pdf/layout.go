package pdf

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tracker-dev/tracker/doc"
)

// Layout turns the pages of a PDF into blocks in reading order. Texts are
// as the PDF has them; the caller normalises them.
func Layout(pages []Page) []doc.Block {
	perPage := make([][]row, len(pages))
	heights := make([]float64, len(pages))
	for i, p := range pages {
		perPage[i] = rows(p, i)
		heights[i] = p.Height
	}
	perPage = dropMargins(perPage, heights)
	var all []row
	for _, rs := range perPage {
		if g, ok := findGutter(rs); ok {
			rs = readColumns(rs, g)
		}
		all = append(all, rs...)
	}
	if len(all) == 0 {
		return nil
	}
	l := newLayouter(all)
	return l.blocks()
}

// layouter holds what the whole document says about its typography: the
// body text size, the usual line pitch, the heading styles.
type layouter struct {
	rs     []row
	body   float64 // the font size of most characters
	pitch  float64 // the usual distance between two lines of a paragraph, in font sizes
	rights []float64
	out    []doc.Block
	styles map[style]bool
	heads  []pendingHeading
}

type style struct {
	size float64 // rounded to half a point
	bold bool
}

type pendingHeading struct {
	block int
	st    style
}

func newLayouter(rs []row) *layouter {
	l := &layouter{rs: rs, styles: map[style]bool{}}
	chars := map[float64]int{}
	for _, r := range rs {
		for _, s := range r.segs {
			chars[roundHalf(s.size)] += utf8.RuneCountInString(s.text)
		}
	}
	best := 0
	for size, n := range chars {
		if n > best || (n == best && size < l.body) {
			l.body, best = size, n
		}
	}
	var pitches []float64
	for i := 1; i < len(rs); i++ {
		a, b := rs[i-1], rs[i]
		if a.page == b.page && math.Abs(a.size()-b.size()) < 0.5 && a.size() > 0 {
			if p := (b.y0 - a.y0) / a.size(); p > 0.8 && p < 3 {
				pitches = append(pitches, p)
			}
		}
	}
	l.pitch = 1.2
	if len(pitches) > 0 {
		slices.Sort(pitches)
		l.pitch = pitches[len(pitches)/4] // the tight end: lines within paragraphs
	}
	l.rights = columnRights(rs)
	return l
}

func roundHalf(x float64) float64 { return math.Round(x*2) / 2 }

// columnRights is, for each row, the right edge of the text column it
// stands in: the furthest any line with the same left edge on its page
// reaches. A line that stops well short of it ends a paragraph.
func columnRights(rs []row) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		x0 := r.segs[0].x0
		right := r.segs[len(r.segs)-1].x1
		for j := range rs {
			if rs[j].page == r.page && math.Abs(rs[j].segs[0].x0-x0) < 20 {
				right = max(right, rs[j].segs[len(rs[j].segs)-1].x1)
			}
		}
		out[i] = right
	}
	return out
}

// line is one row as text, with what the paragraph rules look at.
type line struct {
	text   string
	st     style
	x0, x1 float64
	y0     float64
	right  float64 // the column's right edge
	page   int
	item   bool // starts with a bullet or an enumerator
}

// bullet is a list marker dropped from a list item's text, as HTML lists
// carry theirs outside the text; enumerators such as "(a)" are kept.
var bullet = regexp.MustCompile(`^[•·▪◦‣●○■□➢►✓–—*-]\s+`)

var enumerator = regexp.MustCompile(`^\(?(?:[a-z]|[ivx]{1,5}|\d{1,2})\)\s`)

func (l *layouter) blocks() []doc.Block {
	var group []line
	flush := func() {
		if len(group) > 0 {
			l.emit(group)
			group = nil
		}
	}
	for i := 0; i < len(l.rs); i++ {
		if t, ok := tableAt(l.rs, i); ok {
			flush()
			for _, rec := range t.records {
				if text := rowText(rec); text != "" {
					l.out = append(l.out, doc.Block{Kind: doc.TableRow, Text: text})
				}
			}
			i = t.end - 1
			continue
		}
		ln := l.line(i)
		if len(group) > 0 && !l.continues(group, ln) {
			flush()
		}
		group = append(group, ln)
	}
	flush()
	l.levelHeadings()
	return l.out
}

func (l *layouter) line(i int) line {
	r := l.rs[i]
	texts := make([]string, len(r.segs))
	bold := 0
	for k, s := range r.segs {
		texts[k] = s.text
		if s.bold {
			bold++
		}
	}
	text := strings.Join(texts, " ")
	ln := line{
		text: text, st: style{size: roundHalf(r.size()), bold: bold == len(r.segs)},
		x0: r.segs[0].x0, x1: r.segs[len(r.segs)-1].x1, y0: r.y0, right: l.rights[i], page: r.page,
	}
	if m := bullet.FindString(text); m != "" {
		ln.text, ln.item = strings.TrimSpace(text[len(m):]), true
	} else if enumerator.MatchString(text) {
		ln.item = true
	}
	return ln
}

// continues reports whether ln carries on the paragraph (or list item, or
// heading) of group rather than starting a block of its own.
func (l *layouter) continues(group []line, ln line) bool {
	prev := group[len(group)-1]
	if ln.item || ln.st != prev.st {
		return false
	}
	ended := endsSentence(prev.text)
	short := prev.x1 < prev.right-2*prev.st.size
	if ln.page != prev.page || ln.y0 < prev.y0 {
		// A new page or the top of the next column: the paragraph goes on
		// only if the last one stopped mid-sentence and this one reads on.
		return !ended && startsLower(ln.text)
	}
	if ln.y0-prev.y0 > (l.pitch*1.3+0.1)*prev.st.size {
		return false // a wider gap than between lines: a new paragraph
	}
	if ended && short {
		return false // the last line stopped short after a sentence
	}
	first := group[0]
	if ln.x0 > prev.x0+prev.st.size && !first.item {
		return false // an indented first line
	}
	if first.item && ln.x0 < first.x0-1 {
		return false // back to the margin after a list item
	}
	return true
}

func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	return strings.ContainsRune(".:;!?", r)
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// joinLine joins two lines of one paragraph; a word broken with a hyphen
// at the end of the first is joined without a space.
func joinLine(a, b string) string {
	if strings.HasSuffix(a, "-") && len(a) > 1 && startsLower(b) {
		r, _ := utf8.DecodeLastRuneInString(a[:len(a)-1])
		if unicode.IsLetter(r) {
			return a + b
		}
	}
	return a + " " + b
}

// maxHeadingWords is the longest a heading may be; a longer bold or large
// passage is a paragraph set in bold (a disclaimer, a notice).
const maxHeadingWords = 20

func (l *layouter) emit(group []line) {
	text := group[0].text
	for _, ln := range group[1:] {
		text = joinLine(text, ln.text)
	}
	first := group[0]
	words := len(strings.Fields(text))
	switch {
	case first.item:
		l.out = append(l.out, doc.Block{Kind: doc.ListItem, Text: text})
	case words <= maxHeadingWords && l.headingStyle(first.st):
		l.heads = append(l.heads, pendingHeading{block: len(l.out), st: first.st})
		l.styles[first.st] = true
		l.out = append(l.out, doc.Block{Kind: doc.Heading, Level: 1, Text: text})
	case len(group) == 1 && words <= 10 && capitals(text):
		st := style{size: first.st.size, bold: true} // read as the smallest heading style
		l.heads = append(l.heads, pendingHeading{block: len(l.out), st: st})
		l.styles[st] = true
		l.out = append(l.out, doc.Block{Kind: doc.Heading, Level: 1, Text: text})
	default:
		l.out = append(l.out, doc.Block{Kind: doc.Paragraph, Text: text})
	}
}

// headingStyle: larger than the body text, or bold at about its size.
func (l *layouter) headingStyle(st style) bool {
	return st.size >= l.body*1.15 || (st.bold && st.size >= l.body*0.9)
}

// capitals reports a line written in capital letters (at least four).
func capitals(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 4
}

// levelHeadings numbers heading styles: the largest size is level 1, and
// at one size bold ranks above regular.
func (l *layouter) levelHeadings() {
	styles := make([]style, 0, len(l.styles))
	for st := range l.styles {
		styles = append(styles, st)
	}
	slices.SortFunc(styles, func(a, b style) int {
		if c := cmp.Compare(b.size, a.size); c != 0 {
			return c
		}
		switch {
		case a.bold == b.bold:
			return 0
		case a.bold:
			return -1
		}
		return 1
	})
	for _, h := range l.heads {
		l.out[h.block].Level = min(slices.Index(styles, h.st)+1, 6)
	}
}
