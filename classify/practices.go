package classify

// This file reads the practices of a clause: which verbs state one, who
// does it, and whether a negation, a modal or a limit reaches it.

import (
	"slices"
	"strings"
)

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
		if def.needs != 0 && !c.sentenceHasKind(def.needs, c.sent[h.from]) &&
			!(def.needs == kindRecipient && c.namedRecipientAfter(h.to) && c.aboutDataAt(c.sent[h.from])) {
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
