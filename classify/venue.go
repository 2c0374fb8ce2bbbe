package classify

import "strings"

// Where disputes are heard is named by places the vocabulary cannot list:
// "the courts located in Tarrant County" becomes "in Wichita County or
// Tarrant County", "tribunaux de Lyon" becomes "tribunaux de Nanterre".
// Countries are rated by compareTerms; a county, a city or a court's own
// name is a capitalised word new to a sentence about courts or governing
// law. The user may be summoned before another court, so it is medium.

// compareVenue rates the place words a sentence about the forum gained,
// when the old clause already named a forum: a venue that moved or was
// widened. A clause that only now speaks of courts is left to the terms
// that made it so ("exclusive jurisdiction" added).
func compareVenue(old, nw *clause) []signal {
	// forumAt first: namesPlace implies it, but most clauses fail it cheaply.
	if len(old.toks) == 0 || !old.forumAt(-1) || !old.namesPlace() {
		return nil
	}
	var added []string
	for i := range nw.toks {
		if !nw.placeWord(i) || old.knowsWord(nw.toks[i].raw) {
			continue
		}
		added = append(added, nw.text[nw.toks[i].start:nw.toks[i].end])
	}
	if len(added) == 0 {
		return nil
	}
	return []signal{sig(Medium, Disputes, "courts or place of disputes changed: %s", quoted(distinct(added)))}
}

// placeWord reports whether token i may name a place in a sentence about
// the forum: capitalised, not the sentence's first word, no word of a term
// ("Tribunal", "Gerichtsstand") nor of a company ("Acme S.L."), and, where
// every noun takes a capital, right after a word that introduces a place
// ("ist Hamburg", "te Utrecht"), since a capital alone says nothing there.
func (c *clause) placeWord(i int) bool {
	t := c.toks[i]
	sent := c.sent[i]
	if t.addr || t.glued || i == 0 || t.brk == '.' || !startsUpper(c.text[t.start:]) || !c.forumAt(sent) ||
		c.sentContact[sent] && c.sentNumber[sent] || c.inTerm(i) || c.v.documentWords[t.stem] || c.inTitle(i) || c.titleBefore(i) || c.beforeSuffix(i) || c.v.notNames[t.stem] {
		return false
	}
	if c.v.spec.nounsCapitalised {
		p := c.toks[i-1]
		return p.brk == 0 && t.brk == 0 && placeLeads[p.raw]
	}
	// A run of capitals is a title or a shouted clause, not a place.
	w := c.text[t.start:t.end]
	return w != strings.ToUpper(w) || len(t.raw) <= 3
}

// namesPlace reports whether a clause names a place in a sentence about the
// forum: a venue that can move or widen.
func (c *clause) namesPlace() bool {
	for i := range c.toks {
		if c.placeWord(i) {
			return true
		}
	}
	return false
}

// titleBefore reports whether token i ends a run of capitalised words that
// starts at a document word ("la Política de Uso Aceptable").
func (c *clause) titleBefore(i int) bool {
	for k := i - 1; k >= 0 && k >= i-6 && c.sent[k] == c.sent[i]; k-- {
		upper := startsUpper(c.text[c.toks[k].start:])
		if upper && c.v.documentWords[c.st[k]] {
			return true
		}
		if !upper && !c.v.functionWords[c.st[k]] {
			return false
		}
	}
	return false
}

// placeLeads are the German and Dutch words a place name follows in a
// clause about courts ("Gerichtsstand ist Hamburg", "Landgericht in Köln").
var placeLeads = map[string]bool{"ist": true, "in": true, "zu": true, "von": true, "te": true, "am": true}

// forumAt reports whether a sentence (any sentence for -1) names the law or
// the courts that govern disputes ("governed by the laws of", "exclusive
// jurisdiction", "tribunaux de"): the words of the "disputes" group, not
// those that only mention a claim or an arbitration.
func (c *clause) forumAt(sent int) bool {
	for _, h := range c.terms {
		if (sent < 0 || c.sent[h.from] == sent) && c.v.termIndex[h.term].termGroup.key == "disputes" && !h.negated {
			return true
		}
	}
	return false
}
