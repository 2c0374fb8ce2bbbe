package classify

// This file says what a clause is about: personal data or not, which
// categories its terms and practices fall in, and what kind of text it is
// (a heading in capitals, a contact address, a sentence of substance).

import (
	"slices"
	"strings"
	"unicode"
)

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
