package classify

import (
	"slices"
	"strings"
)

// clause is the reading of one clause text: its practices with their
// polarity and modality, the terms it names, its conditions and its time
// limits. Comparing the clause of the old text with that of the new one
// gives the delta a person would care about.
type clause struct {
	text    string
	toks    []token
	st      []string
	seg     []int  // segment of each token: a stretch that negation reaches
	sent    []int  // sentence of each token
	carve   []bool // per segment: opens with "except"/"unless"
	segNeg  []int  // per segment: index of the first live negator, or -1
	segOnly []bool // per segment: holds "only" or a like qualifier
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
}

// occurrence is one practice verb in a clause.
type occurrence struct {
	action     int // index into actionDefs
	from, to   int // token range of the verb
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

// analyze reads text; section is the heading it stands under, used for the
// practice a bare list item implies ("Information we collect: • Voiceprints").
func analyze(text, section string) *clause {
	c := &clause{text: text, toks: tokenize(text), implied: -1, section: section}
	c.st = stems(c.toks)
	c.segment()

	live := make([]bool, len(c.toks)) // tokens that may negate
	for i, t := range c.toks {
		live[i] = negators[t.stem]
	}
	// Terms and phrases that merely contain a negator ("Do Not Track",
	// "no later than") negate nothing.
	c.terms = nil
	for _, h := range termSet.find(c.st) {
		for k := h.from; k < h.to; k++ {
			live[k] = false
		}
		c.terms = append(c.terms, termHit{term: h.id, from: h.from, to: h.to})
	}
	for _, h := range neutralNegations.find(c.st) {
		for k := h.from; k < h.to; k++ {
			live[k] = false
		}
	}
	c.consent = consentRequired.find(c.st)
	c.without = withoutCondition.find(c.st)
	c.ages = ages(text, c.toks)
	c.bounds = durations(text, c.toks, c.ages)
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
	c.segOnly = make([]bool, nseg)
	c.segWeak = make([]bool, nseg)
	for i := range c.segNeg {
		c.segNeg[i] = -1
	}
	for i, t := range c.toks {
		s := c.seg[i]
		if live[i] && c.segNeg[s] < 0 {
			c.segNeg[s] = i
		}
		if qualifiers[t.stem] {
			c.segOnly[s] = true
		}
	}
	for _, h := range hedgeSet.find(c.st) {
		c.segWeak[c.seg[h.from]] = true
	}

	c.live = live
	c.findActions(live)
	for i := range c.terms {
		h := &c.terms[i]
		h.negated = c.negatedSegment(c.seg[h.from])
		h.restricted = c.segOnly[c.seg[h.from]] || c.sentenceHas(c.consent, c.sent[h.from])
	}
	if section != "" {
		sc := analyzeHeading(section)
		c.implied = sc
	}
	return c
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
			if boundaryWords[t.stem] {
				newSeg = true
			}
			if newSeg {
				seg++
				c.carve = append(c.carve, carveOutWords[t.stem])
			}
		} else {
			c.carve[0] = carveOutWords[t.stem]
		}
		c.seg[i] = seg
		c.sent[i] = sent
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

func (c *clause) sentenceHas(hits []hit, sent int) bool {
	for _, h := range hits {
		if c.sent[h.from] == sent {
			return true
		}
	}
	return false
}

func (c *clause) sentenceHasKind(k termKind, sent int) bool {
	for _, h := range c.terms {
		if termIndex[h.term].kind == k && c.sent[h.from] == sent {
			return true
		}
	}
	return false
}

// insideTerm reports whether the verb at tokens [from, to) is part of a
// term's name rather than its head: inside any term but at its start
// ("Do Not Track", "automated processing"), or anywhere in a burden on
// requests ("processing fee").
func (c *clause) insideTerm(from, to int) bool {
	for _, h := range c.terms {
		if h.from <= from && to <= h.to && (h.from < from || termIndex[h.term].kind == kindHurdle) {
			return true
		}
	}
	return false
}

func overlaps(hits []hit, from, to int) bool {
	for _, h := range hits {
		if h.from < to && from < h.to {
			return true
		}
	}
	return false
}

func (c *clause) findActions(live []bool) {
	titled := c.titleCase()
	nouns := nounPhrases.find(c.st)
	for _, h := range actionSet.find(c.st) {
		if overlaps(nouns, h.from, h.to) {
			continue
		}
		def := actionDefs[actionIndex[h.id]]
		// "obtain your consent" is a condition, not a collection, a
		// "processing fee" no processing and "Do Not Track" no tracking.
		if overlaps(c.consent, h.from, h.to) || overlaps(c.without, h.from, h.to) || c.insideTerm(h.from, h.to) {
			continue
		}
		if c.nounModifier(h.from, h.to) {
			continue
		}
		s := c.seg[h.from]
		// "Acme Holdings" names a company, not a practice.
		if !titled && h.from > 0 && c.toks[h.from].brk != '.' && startsUpper(c.text[c.toks[h.from].start:]) {
			continue
		}
		if def.needs != 0 && !c.sentenceHasKind(def.needs, c.sent[h.from]) {
			continue
		}
		// "You may share" is the user's doing, and "please do not submit"
		// an instruction to the user; "you provide us" is still collection.
		if subj := c.subject(h.from); def.power && (imperatives[subj] ||
			userSubjects[subj] && !slices.Contains(inboundCollect, actionSet.patterns[h.id].src)) {
			continue
		}
		o := occurrence{action: actionIndex[h.id], from: h.from, to: h.to, negAt: -1, modalAt: -1}
		// A negator earlier in the segment, or right after the verb
		// ("we sell no data"), denies it.
		if n := c.segNeg[s]; n >= 0 && n < h.from {
			o.negated, o.negAt = true, n
		} else if h.to < len(c.toks) && live[h.to] && c.seg[h.to] == s {
			o.negated, o.negAt = true, h.to
		}
		if c.carve[s] && s > 0 && c.segNeg[s-1] >= 0 && !o.negated {
			o.restricted = true
		}
		o.strong = true
		for k := h.from - 1; k >= 0 && c.seg[k] == s; k-- {
			if strongModals[c.st[k]] {
				o.modalAt = k
				break
			}
			if weakModals[c.st[k]] {
				o.modalAt, o.strong = k, false
				break
			}
		}
		if c.segWeak[s] {
			o.strong = false
		}
		o.restricted = o.restricted || c.segOnly[s] || c.sentenceHas(c.consent, c.sent[h.from])
		c.actions = append(c.actions, o)
	}
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
func (c *clause) subject(i int) string {
	for k := i - 1; k >= 0 && k >= i-6; k-- {
		if !subjectGap[c.st[k]] {
			return c.st[k]
		}
	}
	return ""
}

// analyzeHeading returns the power practice a section heading names
// ("Information We Collect", "How We Share Data"), or -1.
func analyzeHeading(section string) int {
	toks := tokenize(section)
	for _, h := range actionSet.find(stems(toks)) {
		if d := actionDefs[actionIndex[h.id]]; d.power && d.needs == 0 && d.name != "use" {
			return actionIndex[h.id]
		}
	}
	return -1
}

// governing returns the category of the practice that a term at token i
// belongs to: a data type next to "share" is about sharing, next to "retain"
// about retention. def is the category to fall back on.
func (c *clause) governing(i int, def string) string {
	sent := c.sent[i]
	best, bestDist := -1, 1<<30
	for k, o := range c.actions {
		d := actionDefs[o.action]
		if !d.power || c.sent[o.from] != sent {
			continue
		}
		dist := i - o.from
		if dist < 0 {
			dist = -dist * 2 // prefer the verb before the term
		}
		if dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best >= 0 {
		if cat := c.actionCategory(c.actions[best]); cat != "" {
			return cat
		}
	}
	if c.implied >= 0 {
		return actionDefs[c.implied].category
	}
	return def
}

// actionCategory is an action's category; "use" takes the category of what
// it is used for (AI, tracking) and falls back to collection.
func (c *clause) actionCategory(o occurrence) string {
	d := actionDefs[o.action]
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
		st := stems(tokenize(c.section))
		for _, cat := range commitmentTopics {
			for _, h := range termSet.find(st) {
				if termIndex[h.id].category == cat {
					return cat
				}
			}
		}
	}
	return Other
}

var commitmentTopics = []string{Security, PolicyChange, Rights, Children, Retention, Sharing}

func (c *clause) hasTopic(cat string) bool {
	for _, h := range c.terms {
		if termIndex[h.term].category == cat {
			return true
		}
	}
	return false
}

// termCategory is the category a term hit stands for in this clause.
func (c *clause) termCategory(h termHit) string {
	ti := termIndex[h.term]
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
	verbs := false
	for _, o := range c.actions {
		if c.sent[o.from] != sent {
			continue
		}
		verbs = true
		if actionDefs[o.action].power && !o.negated {
			return true
		}
	}
	return !verbs && (c.implied >= 0 || c.termLed(sent))
}

// termLed reports whether a sentence with no verb of its own opens with a
// recipient, a data type or a tracking technique: a list item under "we
// may share it with the following:" ("Data brokers and other companies
// that buy data.") or "we collect:" ("Keystrokes and session
// recordings"), whose lead-in the clause does not carry.
func (c *clause) termLed(sent int) bool {
	start, n := -1, 0
	for i := range c.toks {
		if c.sent[i] == sent {
			if start < 0 {
				start = i
			}
			n++
		}
	}
	// A short fragment may open with a word or two of its own ("Mouse
	// movements, keystrokes and session recordings").
	reach := 1
	if n <= 12 {
		reach = 3
	}
	for _, h := range c.terms {
		if c.sent[h.from] == sent {
			k := termIndex[h.term].kind
			return (k == kindRecipient || k == kindData || k == kindTech) && h.from-start <= reach
		}
	}
	return false
}

// liveAt reports whether t, a token of this clause, negates something.
// Only negators can be live, and a token is identified by where it starts.
func (c *clause) liveAt(t token) bool {
	if !negators[t.stem] {
		return false
	}
	for i, u := range c.toks {
		if u.start == t.start && u.raw == t.raw {
			return c.live[i]
		}
	}
	return false
}

// aboutData reports whether a clause names a practice on personal data or
// a specific recipient, place, data type, technique or AI use.
func (c *clause) aboutData() bool {
	for _, o := range c.actions {
		if actionDefs[o.action].power {
			return true
		}
	}
	for _, h := range c.terms {
		switch termIndex[h.term].kind {
		case kindRecipient, kindCountry, kindData, kindTech, kindAI, kindPurpose:
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
	if to-from != 1 || to >= len(c.toks) || !strings.HasSuffix(c.toks[from].raw, "ing") || c.toks[to].brk != 0 {
		return false
	}
	return modifiedNouns[c.st[to]]
}

// Nouns a gerund may qualify without stating a practice.
var modifiedNouns = stemSet("agreement", "agreements", "addendum", "terms", "term",
	"policy", "policies", "clause", "clauses", "contract", "contracts", "notice",
	"statement", "schedule", "annex", "appendix", "exhibit", "framework", "record",
	"records", "register", "activities", "operations", "arrangement", "arrangements",
	"instructions", "obligations", "requirements", "standards", "provisions")
