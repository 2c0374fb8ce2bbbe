package classify

import (
	"strings"
	"sync"

	"github.com/tracker-dev/tracker/diff"
	"github.com/tracker-dev/tracker/doc"
)

// Site furniture captured with a page is no part of the document: the
// footer's links, a sign-up or newsletter pop-up, a shop's promotion, a
// store's lock message, a header's navigation. Crawls catch it on some days
// and not on others, and sites rework it at will, so what changes in it
// is no change of the policy.
//
// It sits at the ends of the page, after the policy's last sentence or
// before its first, and reads unlike a policy: calls to action ("Sign
// up", "Je m'abonne"), form labels ("Hide password"), promotions ("free
// shipping", "10% de remise"), footer links ("Site map", "Legal
// notices"), short labels without a sentence. The policy's own text ends
// the furniture: a sentence of more than a dozen words that is no call to
// action, a lead-in that ends with a colon, an e-mail address.
//
// A change that names a company where recipients are listed keeps its
// rating, unless the furniture came or went whole: a list of partners
// just above a footer is still a list of partners.

// furnitureEdge is the furniture found at one end of one version.
type furnitureEdge struct {
	blocks []string // folded texts of its blocks
	// whole: the other version has (almost) none of these blocks; the
	// page was caught with, or without, a pop-up or a footer.
	whole bool
}

func (e *furnitureEdge) holds(text string) bool {
	if e == nil || text == "" {
		return false
	}
	f := foldForCompare(text)
	for _, b := range e.blocks {
		if strings.Contains(b, f) {
			return true
		}
	}
	return false
}

// furniture is what a report knows of both versions' ends.
type furniture struct {
	oldHead, oldTail, newHead, newTail *furnitureEdge
}

// Scores of a block read from an end of the page: furniture counts for,
// policy text against, a short label neither.
const (
	furnitureBlock = 2
	policyBlock    = -3
	sentenceBlock  = -1 // a short sentence: a caption, or a policy's words
	// furnitureMin is the least score, and furnitureMinBlocks the least
	// number of blocks of furniture, that make an end furniture: one
	// "Sign up" alone may be a policy's own words.
	furnitureMin       = 4
	furnitureMinBlocks = 2
	// furnitureScan bounds how far from an end blocks are read, and
	// furnitureLongest how long a block of furniture may be (bytes).
	furnitureScan    = 120
	furnitureLongest = 1500
)

// lines walks the lines with text of a document (doc.Text: one block a
// line) from its start or from its end, parsing each only when asked:
// furniture and tables of contents are found at the ends, and reading only
// there keeps a long document cheap.
type lines struct {
	rest string
	tail bool
}

func (l *lines) next() (doc.Block, bool) {
	for l.rest != "" {
		line := l.rest
		if l.tail {
			if k := strings.LastIndexByte(l.rest, '\n'); k >= 0 {
				line, l.rest = l.rest[k+1:], l.rest[:k]
			} else {
				l.rest = ""
			}
		} else if k := strings.IndexByte(l.rest, '\n'); k >= 0 {
			line, l.rest = l.rest[:k], l.rest[k+1:]
		} else {
			l.rest = ""
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if bl := doc.Parse(line).Blocks; len(bl) > 0 {
			return bl[0], true
		}
	}
	return doc.Block{}, false
}

// findFurniture reads the ends of both versions.
func (r *reader) findFurniture(oldText, newText string) *furniture {
	set := furnitureSets()[r.v.spec.code]
	if set == nil {
		return nil
	}
	f := &furniture{}
	f.oldHead, f.oldTail = r.edge(set, oldText, false), r.edge(set, oldText, true)
	f.newHead, f.newTail = r.edge(set, newText, false), r.edge(set, newText, true)
	if f.oldHead == nil && f.oldTail == nil && f.newHead == nil && f.newTail == nil {
		return nil
	}
	of, nf := foldedLines(oldText), foldedLines(newText)
	for _, e := range []struct {
		edge  *furnitureEdge
		other map[string]bool
	}{{f.oldHead, nf}, {f.oldTail, nf}, {f.newHead, of}, {f.newTail, of}} {
		if e.edge != nil {
			e.edge.whole = cameWhole(e.edge, e.other)
		}
	}
	return f
}

// foldedLines is the set of a document's lines, folded as furniture's
// blocks are.
func foldedLines(text string) map[string]bool {
	m := map[string]bool{}
	l := &lines{rest: text}
	for b, ok := l.next(); ok; b, ok = l.next() {
		m[foldForCompare(strings.TrimSpace(b.Text))] = true
	}
	return m
}

// edge finds the furniture at the start (or the end, tail) of a document:
// the run from that end with the highest score, the longest of equals.
func (r *reader) edge(set *phraseSet, text string, tail bool) *furnitureEdge {
	src := &lines{rest: text, tail: tail}
	var read []doc.Block // the blocks read, from the end
	at := func(k int) (doc.Block, bool) {
		for len(read) <= k && len(read) < furnitureScan {
			b, ok := src.next()
			if !ok {
				break
			}
			read = append(read, b)
		}
		if k < len(read) {
			return read[k], true
		}
		return doc.Block{}, false
	}
	score, best, bestAt, found, foundAtBest, prev := 0, 0, -1, 0, 0, 0
	for k := 0; ; k++ {
		b, ok := at(k)
		if !ok {
			break
		}
		s := r.blockScore(set, b)
		if s == policyBlock {
			// The policy's own text: furniture lies beyond it. A
			// sentence between two blocks of furniture is the
			// furniture's ("Members get exclusive offers; just provide
			// a few details").
			next, ok := at(k + 1)
			if prev != furnitureBlock || !ok || r.blockScore(set, next) != furnitureBlock {
				break
			}
			s = sentenceBlock
		}
		prev = s
		score += s
		if s == furnitureBlock {
			found++
		}
		if score >= best && score > 0 {
			best, bestAt, foundAtBest = score, k, found
		}
		if score < best+policyBlock {
			break
		}
	}
	if best < furnitureMin || foundAtBest < furnitureMinBlocks {
		return nil
	}
	e := &furnitureEdge{}
	for _, b := range read[:bestAt+1] {
		e.blocks = append(e.blocks, foldForCompare(strings.TrimSpace(b.Text)))
	}
	return e
}

// blockScore says whether a block reads as furniture, as policy text, or
// as a label that could be either.
func (r *reader) blockScore(set *phraseSet, b doc.Block) int {
	// Both versions mostly end alike: each text is read once.
	k := [2]string{b.Kind.String(), b.Text}
	if s, ok := r.scores[k]; ok {
		return s
	}
	s := r.scoreBlock(set, b)
	if r.scores == nil {
		r.scores = map[[2]string]int{}
	}
	r.scores[k] = s
	return s
}

func (r *reader) scoreBlock(set *phraseSet, b doc.Block) int {
	text := strings.TrimSpace(b.Text)
	if text == "" {
		return 0
	}
	if len(text) > furnitureLongest {
		// Furniture is short; reading a long block would cost what
		// the block costs, a 5 MB paragraph included.
		return policyBlock
	}
	toks := r.v.tokenize(text)
	hits := set.find(stems(toks))
	words := len(toks)
	if len(hits) == 1 || len(hits) == 0 && words >= 2 && words <= 15 {
		// A pop-up or a footer may be in another language than the
		// document ("Join our program" on a French page, or the other
		// way round).
		for _, other := range languages {
			if other.code == r.v.spec.code || furnitureSets()[other.code] == nil {
				continue
			}
			if h := furnitureSets()[other.code].find(stems(vocabFor(other.code).tokenize(text))); len(h) > len(hits) {
				hits = h
			}
		}
	}
	aboutData := false
	for _, t := range toks {
		w := foldAccents(t.raw)
		if r.v.dataWords[w] {
			aboutData = true
			break
		}
		// German and Dutch write data words into compounds
		// ("Kundendaten", "persoonsgegevens").
		for _, tail := range []string{"daten", "gegevens"} {
			if len(w) > len(tail) && strings.HasSuffix(w, tail) {
				aboutData = true
			}
		}
	}
	// A practice on data is policy text, whatever else the block says
	// ("we use your data to remind you of your basket").
	practice := func() bool { return len(r.read(text, "").actions) > 0 }
	switch {
	case (len(hits) >= 2 || len(hits) == 1 && words <= 15) && !(aboutData && practice()):
		return furnitureBlock
	case emailRe.MatchString(text) || strings.HasSuffix(text, ":"):
		return policyBlock
	case b.Kind == doc.Heading || words <= 6 && !strings.HasSuffix(text, "."):
		return 0 // a label: a link, a button, a title
	case words > 12 || practice():
		return policyBlock
	}
	return sentenceBlock
}

// cameWhole reports whether furniture at one end of one version is
// absent from the other version: at most a quarter of its blocks are
// blocks of the other.
func cameWhole(e *furnitureEdge, other map[string]bool) bool {
	if e == nil {
		return false
	}
	shared := 0
	for _, b := range e.blocks {
		if other[b] {
			shared++
		}
	}
	return shared*4 <= len(e.blocks)
}

// inFurniture reports whether a change lies in furniture on every side
// it has, and whether that furniture came or went whole.
func (r *reader) inFurniture(c diff.Change) (in, whole bool) {
	f := r.furniture
	if f == nil {
		return false, false
	}
	whole = true
	for _, side := range []struct {
		text       string
		head, tail *furnitureEdge
	}{{c.OldText, f.oldHead, f.oldTail}, {c.NewText, f.newHead, f.newTail}} {
		switch {
		case side.text == "":
		case side.tail.holds(side.text):
			whole = whole && side.tail.whole
		case side.head.holds(side.text):
			whole = whole && side.head.whole
		default:
			return false, false
		}
	}
	return true, whole
}

// isFurniture reports whether a change lies in furniture and may be set
// aside. A name where recipients are listed stays a recipient, unless the
// furniture came or went whole.
func (r *reader) isFurniture(c diff.Change) bool {
	in, whole := r.inFurniture(c)
	if !in {
		return false
	}
	if whole || c.Kind == diff.Moved || c.NewText == "" {
		return true
	}
	if ok, _ := r.v.recipientHeading(c.Section); ok {
		return false
	}
	return !r.read(c.NewText, c.Section).namesCompany()
}

// furnitureSets compiles each language's furniture phrases, with the
// English ones: sites in every language carry widgets written in English.
var furnitureSets = sync.OnceValue(func() map[string]*phraseSet {
	out := map[string]*phraseSet{}
	for code, own := range furniturePhrases {
		v := vocabFor(code)
		if v == nil {
			continue
		}
		srcs := own
		if code != "en" {
			srcs = append(append([]string(nil), own...), furniturePhrases["en"]...)
		}
		ps, err := v.newPhraseSet(srcs)
		if err != nil {
			panic("classify: furniture phrases of " + code + ": " + err.Error())
		}
		out[code] = ps
	}
	return out
})
