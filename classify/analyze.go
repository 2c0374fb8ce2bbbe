package classify

import (
	"slices"
	"strings"
	"unicode"
)

// clause is the reading of one clause text, made once: its language, its
// tokens, its practices with their polarity and modality, the terms it
// names, its conditions, its time limits and the addresses it gives.
// Comparing the clause of the old text with that of the new one gives the
// delta a person would care about. Every lookup the comparison needs is
// indexed here by token or by sentence, so that reading and comparing a
// clause costs time in proportion to its length.
type clause struct {
	v       *vocab
	text    string
	folded  string // the wording a reader sees: case, quotes, dashes and spaces folded
	toks    []token
	st      []string
	seg     []int  // segment of each token: a stretch that negation reaches
	sent    []int  // sentence of each token
	carve   []bool // per segment: opens with "except"/"unless"
	segNeg  []int  // per segment: index of the first live negator, or -1
	segOnly []int  // per segment: index of the first "only" or like qualifier, or -1
	segWeak []bool // per segment: holds a hedge ("where possible")
	live    []bool // per token: a negator that negates something

	actions []occurrence
	terms   []termHit
	consent []hit // conditions requiring consent
	without []hit // "without your consent", "without notice"
	ages    []bound
	bounds  []bound
	implied int        // actionDefs index implied by the section heading, or -1
	section string     // the heading the clause stands under
	pool    *carryOver // what the other changed clauses of the report say; nil alone

	addresses []string // e-mail addresses and links, lower-cased and sorted
	cloaked   bool     // spam-protection text stands where an address was

	// per sentence
	sentStart   []int
	sentLen     []int
	sentKinds   []uint32 // bit k: a term of kind k
	sentConsent []bool
	sentVerbs   []bool // some practice verb
	sentPower   []bool // some affirmed power practice
	sentFirst   []int  // first term hit of the sentence, or -1
	sentOwnRecp []bool // a recipient that is not denied
	sentData    []bool // a data word, read when first asked
	sentObject  []bool // a data pronoun as the object of a practice verb ("share it")
	sentContact []bool // a word of contact, for postal addresses
	sentNumber  []bool // a number of three digits or more

	actionAt []int // per token: the occurrence starting there, or -1
	words    map[string]bool
	money    []string  // amounts of money, read when first asked
	regs     *[]string // registration numbers, read when first asked
	dr       *dateReading
	srcVerb  []int // per token: the nearest verb before it naming a category, or -1
	nextDir  []int // per token: the next word of direction at or after it
}

// occurrence is one practice verb in a clause.
type occurrence struct {
	action     int    // index into actionDefs
	name       string // the family's name
	from, to   int    // token range of the verb
	negated    bool
	negAt      int // the negator, when negated
	modalAt    int // the nearest modal before the verb, or -1
	strong     bool
	restricted bool
}

// termHit is one vocabulary term in a clause.
type termHit struct {
	term       int // index into termIndex
	from, to   int
	negated    bool
	restricted bool
}

// analyze reads text in language v; section is the heading it stands
// under, used for the practice a bare list item implies ("Information we
// collect: • Voiceprints").
func (v *vocab) analyze(text, section string) *clause {
	c := &clause{v: v, text: text, folded: foldForCompare(text), implied: -1, section: section}
	c.toks = v.tokenize(text)
	c.st = stems(c.toks)
	c.readAddresses()
	c.dropChrome()
	c.segment()

	live := make([]bool, len(c.toks)) // tokens that may negate
	for i, t := range c.toks {
		live[i] = v.negators[t.stem]
	}
	// Terms and phrases that merely contain a negator ("Do Not Track",
	// "no later than") negate nothing.
	for _, h := range v.termSet.find(c.st) {
		if h.to-h.from == 1 && c.isTLD(h.from) {
			continue // "acme.ai" is a domain, no AI
		}
		for k := h.from; k < h.to; k++ {
			live[k] = false
		}
		c.terms = append(c.terms, termHit{term: h.id, from: h.from, to: h.to})
	}
	for _, h := range v.neutralNegations.find(c.st) {
		for k := h.from; k < h.to; k++ {
			live[k] = false
		}
	}
	c.consent = v.consentRequired.find(c.st)
	c.without = v.withoutCondition.find(c.st)
	c.ages = v.ages(text, c.toks, c.st, c.sent)
	c.bounds = v.durations(text, c.toks, c.st, c.ages)
	for _, b := range c.bounds {
		for k := b.from; k < b.to; k++ {
			live[k] = false
		}
	}

	nseg := 0
	if len(c.seg) > 0 {
		nseg = c.seg[len(c.seg)-1] + 1
	}
	c.segNeg = make([]int, nseg)
	c.segOnly = make([]int, nseg)
	c.segWeak = make([]bool, nseg)
	for i := range c.segNeg {
		c.segNeg[i], c.segOnly[i] = -1, -1
	}
	c.restrictiveNegation(live)
	for i, t := range c.toks {
		s := c.seg[i]
		if live[i] && c.segNeg[s] < 0 {
			c.segNeg[s] = i
		}
		if v.qualifiers[t.stem] && c.segOnly[s] < 0 {
			c.segOnly[s] = i
		}
	}
	for _, h := range v.hedgeSet.find(c.st) {
		c.segWeak[c.seg[h.from]] = true
	}

	c.live = live
	if section != "" {
		c.implied = v.headingPractice(section)
	}
	c.indexSentences()
	verbs := v.actionSet.find(c.st)
	c.pronounObjects(verbs)
	c.findActions(live, verbs)
	for i := range c.terms {
		h := &c.terms[i]
		h.negated = c.negatedSegment(c.seg[h.from])
		h.restricted = c.segOnly[c.seg[h.from]] >= 0 || c.sentConsent[c.sent[h.from]]
		if termInfoOf(c, *h).kind == kindRecipient && !h.negated {
			c.sentOwnRecp[c.sent[h.from]] = true
		}
	}
	return c
}

// readAddresses records the addresses a clause gives and folds the text
// some sites put in their place ("This email address is being protected
// from spambots") into one address token.
func (c *clause) readAddresses() {
	for _, t := range c.toks {
		if t.addr {
			c.addresses = append(c.addresses, strings.TrimRight(t.raw, ".,;"))
		}
	}
	slices.Sort(c.addresses)
	if len(c.v.cloakSet.patterns) == 0 {
		return
	}
	hits := c.v.cloakSet.find(c.st)
	if len(hits) == 0 {
		return
	}
	c.cloaked = true
	out := c.toks[:0:0]
	k := 0
	for i := 0; i < len(c.toks); i++ {
		if k < len(hits) && i == hits[k].from {
			t := c.toks[i]
			t.end, t.addr, t.stem, t.raw = c.toks[hits[k].to-1].end, true, addrStem, "cloaked address"
			i = hits[k].to - 1
			k++
			// A run of placeholders (both sentences of the cloaking
			// text) is one.
			if n := len(out); n > 0 && out[n-1].addr {
				out[n-1].end = t.end
				continue
			}
			out = append(out, t)
			continue
		}
		out = append(out, c.toks[i])
	}
	c.toks = c.absorbGlued(out)
	for i := range c.toks {
		c.toks[i].idx = i
	}
	c.st = stems(c.toks)
}

// absorbGlued folds into an address token the word fragments written
// against it with no space, which obfuscation scripts leave behind
// ("[email protected]ben.de", "info[email protected]").
func (c *clause) absorbGlued(toks []token) []token {
	glued := func(a, b token) bool {
		return a.end <= b.start && !strings.ContainsFunc(c.text[a.end:b.start], unicode.IsSpace)
	}
	out := toks[:0:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.addr {
			out = append(out, t)
			continue
		}
		for len(out) > 0 && !out[len(out)-1].addr && glued(out[len(out)-1], t) {
			t.start = out[len(out)-1].start
			out = out[:len(out)-1]
		}
		for i+1 < len(toks) && !toks[i+1].addr && glued(t, toks[i+1]) {
			t.end = toks[i+1].end
			i++
		}
		out = append(out, t)
	}
	return out
}

// dropChrome removes the words of page chrome that extraction left in a
// clause ("opens in a new tab", "download PDF", "updated 3 days ago"):
// they are no part of what the clause says.
func (c *clause) dropChrome() {
	if len(c.v.chromeSet.patterns) == 0 {
		return
	}
	hits := c.v.chromeSet.find(c.st)
	if len(hits) == 0 {
		return
	}
	out := c.toks[:0:0]
	k := 0
	for i := 0; i < len(c.toks); i++ {
		if k < len(hits) && i == hits[k].from {
			i = hits[k].to - 1
			k++
			continue
		}
		out = append(out, c.toks[i])
	}
	for i := range out {
		out[i].idx = i
	}
	c.toks = out
	c.st = stems(out)
}

// restrictiveNegation reads "nous ne partageons vos données qu'avec nos
// prestataires" as "only with": a negator of neOnly whose segment holds a
// word of neQue after it and no full negator limits, it does not deny.
func (c *clause) restrictiveNegation(live []bool) {
	if len(c.v.neOnly) == 0 {
		return
	}
	for i := 0; i < len(c.toks); i++ {
		if !live[i] || !c.v.neOnly[c.st[i]] {
			continue
		}
		s := c.seg[i]
		que, full := -1, false
		j := i + 1
		for ; j < len(c.toks) && c.seg[j] == s; j++ {
			if c.v.neFull[c.st[j]] {
				full = true
			}
			if que < 0 && c.v.neQue[c.st[j]] {
				que = j
			}
		}
		if que >= 0 && !full {
			live[i] = false
			if c.segOnly[s] < 0 {
				c.segOnly[s] = que
			}
		}
		i = j - 1
	}
}

// segment cuts the tokens into sentences and, within them, into the
// stretches one negation or modal reaches.
func (c *clause) segment() {
	c.seg = make([]int, len(c.toks))
	c.sent = make([]int, len(c.toks))
	seg, sent := 0, 0
	c.carve = []bool{false}
	for i, t := range c.toks {
		if i > 0 {
			newSeg := false
			switch t.brk {
			case '.':
				sent++
				newSeg = true
			case ';':
				newSeg = true
			}
			if c.v.boundaryWords[t.stem] {
				newSeg = true
			}
			if newSeg {
				seg++
				c.carve = append(c.carve, c.v.carveOutWords[t.stem])
			}
		} else {
			c.carve[0] = c.v.carveOutWords[t.stem]
		}
		c.seg[i] = seg
		c.sent[i] = sent
	}
}

// indexSentences records, per sentence, where it starts and what terms and
// conditions it holds.
func (c *clause) indexSentences() {
	n := 0
	if len(c.sent) > 0 {
		n = c.sent[len(c.sent)-1] + 1
	}
	c.sentStart, c.sentLen = make([]int, n), make([]int, n)
	c.sentKinds, c.sentFirst = make([]uint32, n), make([]int, n)
	c.sentConsent, c.sentVerbs, c.sentPower = make([]bool, n), make([]bool, n), make([]bool, n)
	c.sentOwnRecp, c.sentContact, c.sentNumber = make([]bool, n), make([]bool, n), make([]bool, n)
	for i := range c.sentFirst {
		c.sentFirst[i] = -1
	}
	for i, t := range c.toks {
		s := c.sent[i]
		if c.sentLen[s] == 0 {
			c.sentStart[s] = i
		}
		c.sentLen[s]++
		c.sentContact[s] = c.sentContact[s] || c.v.contactContext[t.stem]
		c.sentNumber[s] = c.sentNumber[s] || len(t.raw) >= 3 && allDigits(t.raw)
	}
	for k, h := range c.terms {
		s := c.sent[h.from]
		c.sentKinds[s] |= 1 << uint(c.v.termIndex[h.term].kind)
		if c.sentFirst[s] < 0 {
			c.sentFirst[s] = k
		}
	}
	for _, h := range c.consent {
		c.sentConsent[c.sent[h.from]] = true
	}
}

// negatedSegment reports whether what a segment names is denied. A
// carve-out ("except with processors") says the opposite of the segment
// before it.
func (c *clause) negatedSegment(s int) bool {
	if c.carve[s] && s > 0 {
		return c.segNeg[s-1] < 0
	}
	return c.segNeg[s] >= 0
}

func (c *clause) sentenceHasKind(k termKind, sent int) bool {
	return sent >= 0 && sent < len(c.sentKinds) && c.sentKinds[sent]&(1<<uint(k)) != 0
}

func termInfoOf(c *clause, h termHit) termInfo { return c.v.termIndex[h.term] }

// marks returns, per token, whether a hit of hits covers it.
func marks(n int, hits []hit) []bool {
	if len(hits) == 0 {
		return nil
	}
	m := make([]bool, n)
	for _, h := range hits {
		for k := h.from; k < h.to; k++ {
			m[k] = true
		}
	}
	return m
}

func anyMarked(m []bool, from, to int) bool {
	if m == nil {
		return false
	}
	for k := from; k < to; k++ {
		if m[k] {
			return true
		}
	}
	return false
}
