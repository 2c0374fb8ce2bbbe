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
	money    []string // amounts of money, read when first asked
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

// pronounObjects marks the sentences where a data pronoun is the object of
// a practice verb ("we share it", "los compartimos"): the pronoun stands
// for the data a sentence before named.
func (c *clause) pronounObjects(verbs []hit) {
	if len(c.v.dataPronouns) == 0 {
		return
	}
	for _, h := range verbs {
		at := h.to
		if c.v.spec.cliticsBefore {
			at = h.from - 1
		}
		if at >= 0 && at < len(c.st) && c.v.dataPronouns[c.st[at]] && c.sent[at] == c.sent[h.from] {
			if c.sentObject == nil {
				c.sentObject = make([]bool, len(c.sentLen))
			}
			c.sentObject[c.sent[at]] = true
		}
	}
}

func (c *clause) findActions(live []bool, hits []hit) {
	v := c.v
	titled := c.titleCase()
	// "Globex Holdings Inc.": the words of a legal entity are its name.
	named := make([]bool, len(c.toks))
	for _, e := range c.entities() {
		for k := e.from; k < e.to; k++ {
			named[k] = true
		}
	}
	nouns := marks(len(c.toks), v.nounPhrases.find(c.st))
	conditions := marks(len(c.toks), append(slices.Clone(c.consent), c.without...))
	var how []bool // the last word of each "how" ("learn how we use your data")
	if hs := v.howSet.find(c.st); len(hs) > 0 {
		how = make([]bool, len(c.toks))
		for _, h := range hs {
			how[h.to-1] = true
		}
	}
	// termAt: the term covering each token, for verbs inside a term's name.
	termAt := make([]int, len(c.toks))
	for i := range termAt {
		termAt[i] = -1
	}
	for k, h := range c.terms {
		for i := h.from; i < h.to; i++ {
			termAt[i] = k
		}
	}
	// lastModal[s]: the latest modal seen so far in segment s, walking
	// forward, so that each verb finds its modal without looking back.
	lastModal, lastSeg := -1, -1
	c.actionAt = make([]int, len(c.toks))
	for i := range c.actionAt {
		c.actionAt[i] = -1
	}
	next := 0 // next token to scan for modals
	for _, h := range hits {
		for ; next < h.from; next++ {
			if c.seg[next] != lastSeg {
				lastSeg, lastModal = c.seg[next], -1
			}
			if v.strongModals[c.st[next]] || v.weakModals[c.st[next]] {
				lastModal = next
			}
		}
		if anyMarked(nouns, h.from, h.to) {
			continue
		}
		def := v.actionDefs[v.actionIndex[h.id]]
		// "obtain your consent" is a condition, not a collection, a
		// "processing fee" no processing and "Do Not Track" no tracking.
		if anyMarked(conditions, h.from, h.to) || c.insideTerm(termAt, h.from, h.to) {
			continue
		}
		if c.nounModifier(h.from, h.to) || c.described(how, h.from) {
			continue
		}
		s := c.seg[h.from]
		// "Acme Holdings" names a company, not a practice.
		if !titled && !v.spec.nounsCapitalised && h.from > 0 && c.toks[h.from].brk != '.' && startsUpper(c.text[c.toks[h.from].start:]) ||
			anyMarked(named, h.from, h.to) {
			continue
		}
		if def.needs != 0 && !c.sentenceHasKind(def.needs, c.sent[h.from]) {
			continue
		}
		// "you give us a licence to host your content": a licence
		// granted, not data handed over.
		if v.inbound[h.id] && c.licenceAfter(termAt, h.to) {
			continue
		}
		if def.onData && !c.aboutDataAt(c.sent[h.from]) {
			continue
		}
		// "You may share" is the user's doing, and "please do not submit"
		// an instruction to the user; "you provide us" is still collection.
		if subj := c.subject(h.from); def.power && (v.imperatives[subj] ||
			(v.userSubjects[subj] || subj == "\x00you") && !v.inbound[h.id]) {
			continue
		}
		o := occurrence{action: v.actionIndex[h.id], name: def.name, from: h.from, to: h.to, negAt: -1, modalAt: -1}
		// A negator earlier in the segment, or right after the verb
		// ("we sell no data"), denies it; in languages that put the
		// negator after the verb, one anywhere in the segment does.
		if n := c.segNeg[s]; n >= 0 && n < h.from {
			o.negated, o.negAt = true, n
		} else if h.to < len(c.toks) && live[h.to] && c.seg[h.to] == s {
			o.negated, o.negAt = true, h.to
		} else if n >= 0 && v.spec.negAnywhere {
			o.negated, o.negAt = true, n
		}
		if c.carve[s] && s > 0 && c.segNeg[s-1] >= 0 && !o.negated {
			o.restricted = true
		}
		o.strong = true
		if lastSeg == s && lastModal >= 0 {
			o.modalAt = lastModal
			o.strong = v.strongModals[c.st[lastModal]]
		}
		if c.segWeak[s] {
			o.strong = false
		}
		o.restricted = o.restricted || c.segOnly[s] >= 0 || c.sentConsent[c.sent[h.from]]
		c.actionAt[h.from] = len(c.actions)
		c.actions = append(c.actions, o)
		sent := c.sent[h.from]
		c.sentVerbs[sent] = true
		if def.power && !o.negated {
			c.sentPower[sent] = true
		}
	}
}

// described reports whether the verb at i stands in a clause opened by
// "how" a few words before it ("see our notice to learn how we use your
// data", "wie wir Ihre Daten verarbeiten"): it points to a practice, it
// states none.
func (c *clause) described(how []bool, i int) bool {
	if how == nil {
		return false
	}
	// A list of verbs may follow ("how we collect, use and share it").
	for k := i - 1; k >= 0 && k >= i-8 && c.seg[k] == c.seg[i]; k-- {
		if how[k] {
			return true
		}
		if c.toks[k].brk != 0 && c.toks[k].brk != ',' {
			return false
		}
	}
	return false
}

// insideTerm reports whether the verb at tokens [from, to) is part of a
// term's name rather than its head: inside any term but at its start
// ("Do Not Track", "automated processing"), or anywhere in a burden on
// requests ("processing fee").
func (c *clause) insideTerm(termAt []int, from, to int) bool {
	k := termAt[from]
	if k < 0 {
		return false
	}
	h := c.terms[k]
	return to <= h.to && (h.from < from || c.v.termIndex[h.term].kind == kindHurdle)
}

// shouted reports whether the clause is written in capitals ("SCOPE OF
// APPLICATION"): capitals then name nothing, and a short one is a heading.
func (c *clause) shouted() bool {
	upper, letters := 0, 0
	for _, r := range c.text {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= 4 && upper*10 >= letters*8
}

// titleCase reports whether most words of the clause are capitalised, as
// in headings ("We Do Not Sell Your Data"), where capitals name nothing.
func (c *clause) titleCase() bool {
	upper := 0
	for _, t := range c.toks {
		if startsUpper(c.text[t.start:]) {
			upper++
		}
	}
	return upper*2 > len(c.toks)
}

// subject returns the stem of the word the verb at i follows once modals
// and the like are skipped ("you may also choose to share" → "you"), or "".
// An object pronoun before the verb gives way to the subject before it
// ("nous vous envoyons": "nous"); a polite "Sie" is the user only when
// capitalised inside a sentence.
func (c *clause) subject(i int) string {
	v := c.v
	for k := i - 1; k >= 0 && k >= i-6; k-- {
		s := c.st[k]
		if v.subjectGap[s] {
			continue
		}
		if v.objectPronouns[s] {
			for j := k - 1; j >= 0 && j >= k-3; j-- {
				if v.subjectPronouns[c.st[j]] {
					return c.st[j]
				}
				if !v.subjectGap[c.st[j]] && !v.objectPronouns[c.st[j]] {
					break
				}
			}
		}
		if v.politeYou[s] {
			if c.toks[k].brk != '.' && k > 0 && startsUpper(c.text[c.toks[k].start:]) {
				return "\x00you"
			}
			return s
		}
		return s
	}
	return ""
}

// substantive reports whether a clause says something a reader could rely
// on: a practice, a term, a condition, a time limit or an age, an amount,
// a word that obliges, allows, limits or denies, or enough words to be a
// sentence of its own.
func (c *clause) substantive() bool {
	if len(c.actions)+len(c.terms)+len(c.consent)+len(c.without)+len(c.bounds)+len(c.ages)+len(c.addresses) > 0 || c.cloaked {
		return true
	}
	if len(c.toks) > 20 {
		return true
	}
	if ok, _ := c.v.recipientHeading(c.section); ok && len(c.names(true)) > 0 || c.namesCompany() {
		return true // "Bugsnag: crash reports" under "Sub-processors", "the company Carfax"
	}
	for _, s := range c.st {
		if c.v.negators[s] || c.v.strongModals[s] || c.v.qualifiers[s] || c.v.carveOutWords[s] {
			return true
		}
	}
	return strings.ContainsAny(c.text, "€$£%¥")
}

// isAddress reports whether a clause gives a way to reach someone: an
// e-mail address, or a sentence about contact that holds a street
// number or a postcode.
func (c *clause) isAddress() bool {
	for _, a := range c.addresses {
		if strings.Contains(a, "@") {
			return true
		}
	}
	for s := range c.sentLen {
		if c.sentContact[s] && c.sentNumber[s] {
			return true
		}
	}
	return false
}

// specificAt reports whether a sentence names a data type, a recipient, a
// tracking technique, an AI use or a purpose.
func (c *clause) specificAt(sent int) bool {
	const kinds = 1<<uint(kindData) | 1<<uint(kindRecipient) | 1<<uint(kindTech) | 1<<uint(kindAI) | 1<<uint(kindPurpose)
	return c.sentKinds[sent]&kinds != 0
}

// aboutDataBesides reports whether a sentence is about personal data for a
// reason other than a term of kind k.
func (c *clause) aboutDataBesides(sent int, k termKind) bool {
	const kinds = 1<<uint(kindData) | 1<<uint(kindRecipient) | 1<<uint(kindCountry) | 1<<uint(kindTech) | 1<<uint(kindAI)
	if c.sentKinds[sent]&(kinds&^(1<<uint(k))) != 0 || c.sentPower[sent] {
		return true
	}
	c.aboutDataAt(sent)
	return c.sentData[sent]
}

// aboutDataAt reports whether a sentence is about personal data: it holds
// a data word ("data", "information"), a data type, a recipient, a place,
// a tracking technique or an AI use, or its section says what is
// collected or shared.
func (c *clause) aboutDataAt(sent int) bool {
	const kinds = 1<<uint(kindData) | 1<<uint(kindRecipient) | 1<<uint(kindCountry) | 1<<uint(kindTech) | 1<<uint(kindAI)
	if c.sentData == nil {
		// A data word inside a term's name ("Data Privacy Framework")
		// says nothing of data.
		c.sentData = make([]bool, len(c.sentLen))
		k := 0
		for i, t := range c.toks {
			for k < len(c.terms) && c.terms[k].to <= i {
				k++
			}
			if c.v.dataWord(t) && !(k < len(c.terms) && c.terms[k].from <= i) {
				c.sentData[c.sent[i]] = true
			}
		}
		for s, ok := range c.sentObject {
			c.sentData[s] = c.sentData[s] || ok
		}
	}
	return c.sentKinds[sent]&kinds != 0 || c.implied >= 0 || c.sentData[sent]
}

// headingPractice returns the power practice a section heading names
// ("Information We Collect", "How We Share Data"), or -1.
func (v *vocab) headingPractice(section string) int {
	for _, h := range v.actionSet.find(stems(v.tokenize(section))) {
		if d := v.actionDefs[v.actionIndex[h.id]]; d.power && d.needs == 0 && d.name != "use" {
			return v.actionIndex[h.id]
		}
	}
	return -1
}

// governing returns the category of the practice that a term at token i
// belongs to: a data type next to "share" is about sharing, next to "retain"
// about retention. def is the category to fall back on. The nearest power
// verb of the sentence wins; one after the term counts twice its distance.
func (c *clause) governing(i int, def string) string {
	best := c.nearestPower(i)
	if best >= 0 {
		if cat := c.actionCategory(c.actions[best]); cat != "" {
			return cat
		}
	}
	if c.implied >= 0 {
		return c.v.actionDefs[c.implied].category
	}
	return def
}

// nearestPower finds the power occurrence of i's sentence nearest to token
// i, by binary search over the occurrences (they are in text order).
func (c *clause) nearestPower(i int) int {
	sent := c.sent[i]
	k, _ := slices.BinarySearchFunc(c.actions, i, func(o occurrence, t int) int { return o.from - t - 1 })
	// actions[:k] start at or before i.
	before, after := -1, -1
	for j := k - 1; j >= 0 && c.sent[c.actions[j].from] == sent; j-- {
		if c.v.actionDefs[c.actions[j].action].power {
			before = j
			break
		}
	}
	for j := k; j < len(c.actions) && c.sent[c.actions[j].from] == sent; j++ {
		if c.v.actionDefs[c.actions[j].action].power {
			after = j
			break
		}
	}
	switch {
	case before < 0:
		return after
	case after < 0:
		return before
	case (c.actions[after].from-i)*2 < i-c.actions[before].from:
		return after
	}
	return before
}

// actionCategory is an action's category; "use" takes the category of what
// it is used for (AI, tracking) and falls back to collection.
func (c *clause) actionCategory(o occurrence) string {
	d := c.v.actionDefs[o.action]
	if d.category != "" {
		return d.category
	}
	sent := c.sent[o.from]
	switch {
	case c.sentenceHasKind(kindAI, sent):
		return AI
	case c.sentenceHasKind(kindTech, sent):
		return Tracking
	case c.sentenceHasKind(kindRecipient, sent):
		return Sharing
	}
	if d.power && c.sentenceHasKind(kindData, sent) {
		return Collection
	}
	return c.commitmentTopic()
}

// commitmentTopic says what a promise like "we will notify you" is about,
// from the topics of the clause.
// When the clause names none, its heading may ("Changes to our policy").
func (c *clause) commitmentTopic() string {
	for _, cat := range commitmentTopics {
		if c.hasTopic(cat) {
			return cat
		}
	}
	if c.section != "" {
		hits := c.v.termSet.find(stems(c.v.tokenize(c.section)))
		for _, cat := range commitmentTopics {
			for _, h := range hits {
				if c.v.termIndex[h.id].category == cat {
					return cat
				}
			}
		}
	}
	return Other
}

var commitmentTopics = []string{Security, PolicyChange, Rights, Children, Retention, Sharing,
	Payment, Account, Liability, License, Disputes}

func (c *clause) hasTopic(cat string) bool {
	for _, h := range c.terms {
		if c.v.termIndex[h.term].category == cat {
			return true
		}
	}
	return false
}

// termCategory is the category a term hit stands for in this clause.
func (c *clause) termCategory(h termHit) string {
	ti := c.v.termIndex[h.term]
	if ti.category != "" {
		return ti.category
	}
	def := Collection
	if ti.kind == kindPurpose {
		def = Other
	}
	return c.governing(h.from, def)
}

// affirmedPractice reports whether the sentence holding token i permits
// some practice: a power verb that is not denied, or the practice a section
// heading implies for a bare list item.
func (c *clause) affirmedPractice(i int) bool {
	// "We do not share it except with processors": the exception is
	// what the clause allows.
	if s := c.seg[i]; c.carve[s] && s > 0 && c.segNeg[s-1] >= 0 && c.segNeg[s] < 0 {
		return true
	}
	sent := c.sent[i]
	if c.sentPower[sent] {
		return true
	}
	return !c.sentVerbs[sent] && (c.implied >= 0 || c.termLed(sent))
}

// termLed reports whether a sentence with no verb of its own opens with a
// recipient, a data type or a tracking technique: a list item under "we
// may share it with the following:" ("Data brokers and other companies
// that buy data.") or "we collect:" ("Keystrokes and session
// recordings"), whose lead-in the clause does not carry.
func (c *clause) termLed(sent int) bool {
	// A short fragment may open with a word or two of its own ("Mouse
	// movements, keystrokes and session recordings").
	reach := 1
	if c.sentLen[sent] <= 12 {
		reach = 3
	}
	k := c.sentFirst[sent]
	if k < 0 {
		return false
	}
	h := c.terms[k]
	kind := c.v.termIndex[h.term].kind
	return (kind == kindRecipient || kind == kindData || kind == kindTech) && h.from-c.sentStart[sent] <= reach
}

// liveAt reports whether t, a token of this clause, negates something.
func (c *clause) liveAt(t token) bool {
	return c.v.negators[t.stem] && t.idx < len(c.live) && c.live[t.idx]
}

// aboutData reports whether a clause names a practice on personal data or
// a specific recipient, place, data type, technique or AI use.
func (c *clause) aboutData() bool {
	for _, o := range c.actions {
		if c.v.actionDefs[o.action].power {
			return true
		}
	}
	for _, h := range c.terms {
		switch c.v.termIndex[h.term].kind {
		case kindRecipient, kindCountry, kindData, kindTech, kindAI, kindPurpose, kindBurden:
			return true
		}
	}
	return false
}

// topics lists the categories a clause is about, in the canonical order.
func (c *clause) topics() []string {
	set := map[string]bool{}
	for _, h := range c.terms {
		set[c.termCategory(h)] = true
	}
	for _, o := range c.actions {
		if cat := c.actionCategory(o); cat != "" && cat != Other {
			set[cat] = true
		}
	}
	if len(c.ages) > 0 {
		set[Children] = true
	}
	delete(set, Other)
	return ordered(set)
}

// nounModifier reports whether the verb at tokens [from, to) is a gerund
// that qualifies the noun after it ("data processing terms", "a data
// sharing agreement", "processing activities"): it names a document or an
// activity, it grants no practice.
func (c *clause) nounModifier(from, to int) bool {
	if to-from != 1 || to >= len(c.toks) || c.toks[to].brk != 0 || !c.v.modifiedNouns[c.st[to]] {
		return false
	}
	for _, suf := range c.v.gerund {
		if strings.HasSuffix(c.toks[from].raw, suf) {
			return true
		}
	}
	return false
}

// knows reports whether a word appears in the clause.
func (c *clause) knowsWord(w string) bool {
	if c.words == nil {
		c.words = make(map[string]bool, len(c.toks))
		for _, t := range c.toks {
			c.words[t.raw] = true
		}
	}
	return c.words[w]
}

// licenceAfter reports whether a licence term opens within a few words
// after token i, in its sentence ("give us a non-exclusive licence").
func (c *clause) licenceAfter(termAt []int, i int) bool {
	for k := i; k < len(c.toks) && k < i+5 && c.sent[k] == c.sent[i-1]; k++ {
		if termAt[k] >= 0 && strings.HasPrefix(c.v.termIndex[c.terms[termAt[k]].term].termGroup.key, "license") {
			return true
		}
	}
	return false
}
