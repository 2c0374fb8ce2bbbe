package classify

import (
	"fmt"
	"slices"
)

// assess compares the reading of the old clause with that of the new one
// and returns what changed in what the vendor may do or has promised. For an
// added clause old is empty, for a removed one new is.
func assess(old, new *clause) []signal {
	var out []signal
	out = append(out, comparePractices(old, new)...)
	out = append(out, compareConditions(old, new)...)
	out = append(out, compareBounds(old, new)...)
	out = append(out, compareTerms(old, new)...)
	return out
}

// practice gathers the occurrences of one family of verbs in a clause.
type practice struct {
	aff, neg []occurrence
}

func (c *clause) practices() map[string]*practice {
	m := map[string]*practice{}
	for _, o := range c.actions {
		name := actionDefs[o.action].name
		p := m[name]
		if p == nil {
			p = &practice{}
			m[name] = p
		}
		if o.negated {
			p.neg = append(p.neg, o)
		} else {
			p.aff = append(p.aff, o)
		}
	}
	return m
}

// actionNames lists the practice families in table order, once each.
var actionNames = func() []string {
	var out []string
	for _, d := range actionDefs {
		if !slices.Contains(out, d.name) {
			out = append(out, d.name)
		}
	}
	return out
}()

func comparePractices(old, new *clause) []signal {
	op, np := old.practices(), new.practices()
	var out []signal
	for _, name := range actionNames {
		o, n := op[name], np[name]
		if o == nil {
			o = &practice{}
		}
		if n == nil {
			n = &practice{}
		}
		if len(o.aff)+len(o.neg)+len(n.aff)+len(n.neg) == 0 {
			continue
		}
		def := actionDefs[firstAction(o, n)]
		if def.power {
			out = append(out, comparePower(def, old, new, o, n)...)
		} else {
			out = append(out, compareCommitment(def, old, new, o, n)...)
		}
	}
	return out
}

func firstAction(ps ...*practice) int {
	for _, p := range ps {
		if len(p.aff) > 0 {
			return p.aff[0].action
		}
		if len(p.neg) > 0 {
			return p.neg[0].action
		}
	}
	return 0
}

// comparePower rates a practice that widens what the vendor may do.
func comparePower(def actionDef, old, new *clause, o, n *practice) []signal {
	switch {
	case len(o.neg) > 0 && len(o.aff) == 0 && len(n.aff) > 0 && len(n.neg) == 0:
		sev := def.weight
		if allRestricted(n.aff) {
			sev = lower(sev)
		}
		return []signal{sig(sev, new.actionCategory(n.aff[0]), "negation removed: %q → %q",
			old.phrase(o.neg[0]), new.phrase(n.aff[0]))}
	case len(o.neg) > 0 && len(n.neg) == 0 && len(n.aff) == 0:
		if old.pool.practiceCarriedOut(practiceKey(o.neg[0])) {
			return []signal{sig(Low, old.actionCategory(o.neg[0]), "prohibition moved to another clause: %q", old.phrase(o.neg[0]))}
		}
		return []signal{sig(def.weight, old.actionCategory(o.neg[0]), "prohibition removed: %q", old.phrase(o.neg[0]))}
	case len(o.aff) > 0 && len(o.neg) == 0 && len(n.neg) > 0 && len(n.aff) == 0:
		return []signal{sig(Low, new.actionCategory(n.neg[0]), "prohibition added: %q → %q",
			old.phrase(o.aff[0]), new.phrase(n.neg[0]))}
	case len(o.aff) == 0 && len(o.neg) == 0 && len(n.neg) > 0:
		return []signal{sig(Low, new.actionCategory(n.neg[0]), "prohibition added: %q", new.phrase(n.neg[0]))}
	case len(o.aff) == 0 && len(o.neg) == 0 && len(n.aff) > 0:
		if new.pool.practiceCarriedIn(practiceKey(n.aff[0])) {
			return []signal{sig(Low, new.actionCategory(n.aff[0]), "practice moved from another clause: %q", new.phrase(n.aff[0]))}
		}
		sev := Medium
		if def.name == "sell" || def.name == "train" {
			sev = High
		}
		if allRestricted(n.aff) {
			sev = Low
		}
		return []signal{sig(sev, new.actionCategory(n.aff[0]), "new practice: %q", new.phrase(n.aff[0]))}
	case len(o.aff) > 0 && len(n.aff) > 0 && allOnly(old, o.aff) && !anyOnly(new, n.aff):
		return []signal{sig(Medium, new.actionCategory(n.aff[0]), "limit removed: %q → %q",
			old.phraseWithOnly(o.aff[0]), new.phrase(n.aff[0]))}
	case len(o.aff) > 0 && len(n.aff) == 0 && len(n.neg) == 0:
		return []signal{sig(Low, old.actionCategory(o.aff[0]), "practice no longer stated: %q", old.phrase(o.aff[0]))}
	}
	return nil
}

// compareCommitment rates a promise that benefits the user.
func compareCommitment(def actionDef, old, new *clause, o, n *practice) []signal {
	switch {
	case len(o.aff) > 0 && len(n.aff) == 0 && len(n.neg) > 0:
		return []signal{sig(High, old.actionCategory(o.aff[0]), "commitment withdrawn: %q → %q",
			old.phrase(o.aff[0]), new.phrase(n.neg[0]))}
	case len(o.aff) > 0 && len(n.aff) == 0:
		if s, ok := strongest(o.aff); ok {
			if old.pool.practiceCarriedOut(practiceKey(s)) {
				return []signal{sig(Low, old.actionCategory(s), "commitment moved to another clause: %q", old.phrase(s))}
			}
			return []signal{sig(def.weight, old.actionCategory(s), "commitment removed: %q", old.phrase(s))}
		}
		return []signal{sig(Low, old.actionCategory(o.aff[0]), "conditional commitment removed: %q", old.phrase(o.aff[0]))}
	case len(o.aff) > 0 && len(n.aff) > 0:
		s, oldStrong := strongest(o.aff)
		_, newStrong := strongest(n.aff)
		if oldStrong && !newStrong {
			return []signal{sig(Medium, old.actionCategory(s), "commitment weakened: %q → %q",
				old.phrase(s), new.phrase(n.aff[0]))}
		}
		if !oldStrong && newStrong {
			return []signal{sig(Low, new.actionCategory(n.aff[0]), "commitment strengthened: %q → %q",
				old.phrase(o.aff[0]), new.phrase(n.aff[0]))}
		}
	case len(o.aff) == 0 && len(n.aff) > 0:
		return []signal{sig(Low, new.actionCategory(n.aff[0]), "commitment added: %q", new.phrase(n.aff[0]))}
	}
	return nil
}

func strongest(os []occurrence) (occurrence, bool) {
	for _, o := range os {
		if o.strong {
			return o, true
		}
	}
	return occurrence{}, false
}

func allRestricted(os []occurrence) bool {
	for _, o := range os {
		if !o.restricted {
			return false
		}
	}
	return len(os) > 0
}

func allOnly(c *clause, os []occurrence) bool {
	for _, o := range os {
		if !c.segOnly[c.seg[o.from]] {
			return false
		}
	}
	return len(os) > 0
}

func anyOnly(c *clause, os []occurrence) bool {
	for _, o := range os {
		if c.segOnly[c.seg[o.from]] {
			return true
		}
	}
	return false
}

// compareConditions rates consent and notice conditions on practices.
func compareConditions(old, new *clause) []signal {
	var out []signal
	if len(old.consent) > 0 && len(new.consent) == 0 && !old.pool.carriedOut(consentKey) {
		h := old.consent[0]
		cats := old.powerCategories(old.sent[h.from])
		if len(cats) > 0 || len(new.powerCategories(-1)) > 0 {
			cats = append(cats, new.powerCategories(-1)...)
			out = append(out, signal{sev: High, cats: cats,
				reason: fmt.Sprintf("consent requirement removed: %q", quote(old.text, old.toks, h.from, h.to-1))})
		} else {
			out = append(out, sig(Medium, old.commitmentTopic(), "consent requirement removed: %q", quote(old.text, old.toks, h.from, h.to-1)))
		}
	}
	if len(new.consent) > 0 && len(old.consent) == 0 && len(old.toks) > 0 {
		h := new.consent[0]
		out = append(out, sig(Low, first(new.powerCategories(new.sent[h.from]), new.commitmentTopic()),
			"consent requirement added: %q", quote(new.text, new.toks, h.from, h.to-1)))
	}
	if len(new.without) > len(old.without) && !new.pool.carriedIn(withoutKey) {
		h := new.without[len(new.without)-1]
		cats := new.powerCategories(new.sent[h.from])
		sev := High
		if len(cats) == 0 {
			// "We do not use it … without your permission": a prohibition
			// turned into a default that consent lifts.
			sev, cats = Medium, new.anyPowerCategories(new.sent[h.from])
		}
		if len(cats) == 0 {
			cats = []string{new.commitmentTopic()}
		}
		out = append(out, signal{sev: sev, cats: cats,
			reason: fmt.Sprintf("condition added: %q", quote(new.text, new.toks, h.from, h.to-1))})
	}
	if len(old.without) > len(new.without) && len(new.toks) > 0 {
		h := old.without[len(old.without)-1]
		out = append(out, sig(Low, first(old.powerCategories(old.sent[h.from]), old.commitmentTopic()),
			"condition removed: %q", quote(old.text, old.toks, h.from, h.to-1)))
	}
	return out
}

func first(list []string, def string) string {
	if len(list) > 0 {
		return list[0]
	}
	return def
}

// powerCategories lists the categories of the affirmed power practices in a
// sentence (-1: the whole clause).
func (c *clause) powerCategories(sent int) []string {
	var out []string
	for _, o := range c.actions {
		if !actionDefs[o.action].power || o.negated || sent >= 0 && c.sent[o.from] != sent {
			continue
		}
		if cat := c.actionCategory(o); !slices.Contains(out, cat) {
			out = append(out, cat)
		}
	}
	return out
}

// anyPowerCategories lists the categories of all power practices in a
// sentence, denied or not.
func (c *clause) anyPowerCategories(sent int) []string {
	var out []string
	for _, o := range c.actions {
		if actionDefs[o.action].power && c.sent[o.from] == sent {
			if cat := c.actionCategory(o); !slices.Contains(out, cat) {
				out = append(out, cat)
			}
		}
	}
	return out
}

// compareTerms rates recipients, places, data types, techniques and
// safeguards that a clause gained or lost.
func compareTerms(old, new *clause) []signal {
	oc, nc := old.termsByID(), new.termsByID()
	ids := make([]int, 0, len(oc)+len(nc))
	for id := range oc {
		ids = append(ids, id)
	}
	for id := range nc {
		if _, ok := oc[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	var added, removed []termHit
	for _, id := range ids {
		on, nn := len(oc[id]), len(nc[id])
		switch {
		case nn > on:
			added = append(added, nc[id][nn-1])
		case on > nn:
			removed = append(removed, oc[id][on-1])
		}
	}
	out, added, removed := replacements(old, new, added, removed)
	for _, h := range added {
		ti := termIndex[h.term]
		if new.pool.carriedIn(termKey(h)) && ti.kind != kindTopic {
			out = append(out, sig(Low, new.termCategory(h), "%s moved from another clause: %q", kindLabels[ti.kind], quote(new.text, new.toks, h.from, h.to-1)))
			continue
		}
		out = append(out, termAdded(new, h, ti, kindLabels[ti.kind])...)
	}
	for _, h := range removed {
		ti := termIndex[h.term]
		if old.pool.carriedOut(termKey(h)) && ti.kind != kindTopic {
			out = append(out, sig(Low, old.termCategory(h), "%s moved to another clause: %q", kindLabels[ti.kind], quote(old.text, old.toks, h.from, h.to-1)))
			continue
		}
		out = append(out, termRemoved(old, h, ti, kindLabels[ti.kind])...)
	}
	return out
}

// replacements pairs a term that left a clause with one of the same kind
// that took its place ("vendors" → "service providers", "Privacy Shield" →
// "Data Privacy Framework"): a swap that weighs no more than what it
// replaces widens nothing. Places are never paired: data going to another
// country is a transfer in its own right.
func replacements(old, new *clause, added, removed []termHit) ([]signal, []termHit, []termHit) {
	var out []signal
	var keptAdded []termHit
	used := make([]bool, len(removed))
	for _, a := range added {
		ta := termIndex[a.term]
		paired := false
		for i, r := range removed {
			tr := termIndex[r.term]
			if used[i] || ta.kind != tr.kind || ta.kind == kindCountry || ta.kind == kindTopic ||
				ta.category != tr.category || a.negated != r.negated {
				continue
			}
			// Safeguards and rights may be swapped for any other of their
			// kind; for the rest a heavier term is a widening.
			if ta.kind != kindSafeguard && ta.kind != kindRight && ta.weight > tr.weight {
				continue
			}
			used[i], paired = true, true
			out = append(out, sig(Low, new.termCategory(a), "%s replaced: %q → %q", kindLabels[ta.kind],
				quote(old.text, old.toks, r.from, r.to-1), quote(new.text, new.toks, a.from, a.to-1)))
			break
		}
		if !paired {
			keptAdded = append(keptAdded, a)
		}
	}
	var keptRemoved []termHit
	for i, r := range removed {
		if !used[i] {
			keptRemoved = append(keptRemoved, r)
		}
	}
	return out, keptAdded, keptRemoved
}

func (c *clause) termsByID() map[int][]termHit {
	m := map[int][]termHit{}
	for _, h := range c.terms {
		m[h.term] = append(m[h.term], h)
	}
	return m
}

func termAdded(c *clause, h termHit, ti termInfo, label string) []signal {
	q := quote(c.text, c.toks, h.from, h.to-1)
	cat := c.termCategory(h)
	switch ti.kind {
	case kindSafeguard, kindRight:
		return []signal{sig(Low, cat, "%s added: %q", label, q)}
	case kindTopic:
		return []signal{sig(Low, cat, "now mentions %q", q)}
	}
	switch {
	case h.negated:
		return []signal{sig(Low, cat, "prohibition extended to %s %q", label, q)}
	case ti.kind == kindCountry && !hasAny(c.toks, contactContext):
		// Naming a new place in a clause is a transfer whatever verb
		// carries it ("hosted in", "processed from").
	case !c.affirmedPractice(h.from):
		return []signal{sig(Low, cat, "%s mentioned: %q", label, q)}
	case h.restricted:
		return []signal{sig(max(Low, lower(ti.weight)), cat, "%s added under a condition: %q", label, q)}
	}
	return []signal{sig(ti.weight, cat, "%s added: %q", label, q)}
}

func termRemoved(c *clause, h termHit, ti termInfo, label string) []signal {
	q := quote(c.text, c.toks, h.from, h.to-1)
	cat := c.termCategory(h)
	switch ti.kind {
	case kindSafeguard, kindRight:
		if h.negated {
			return []signal{sig(Low, cat, "%s no longer mentioned: %q", label, q)}
		}
		return []signal{sig(ti.weight, cat, "%s removed: %q", label, q)}
	case kindTopic:
		return nil
	}
	if h.negated {
		return []signal{sig(Medium, cat, "no longer excluded: %s %q", label, q)}
	}
	return []signal{sig(Low, cat, "%s no longer listed: %q", label, q)}
}

// phrase quotes an occurrence with the word that negates or qualifies it:
// "do not … sell", "may share".
func (c *clause) phrase(o occurrence) string {
	verb := quote(c.text, c.toks, o.from, o.to-1)
	lead := -1
	if o.negated {
		lead = o.negAt
		if lead > o.from { // "sell no data"
			return quote(c.text, c.toks, o.from, lead)
		}
		if lead > 0 && c.seg[lead-1] == c.seg[lead] && isAux(c.st[lead-1]) {
			lead--
		}
	} else if o.modalAt >= 0 {
		lead = o.modalAt
	}
	if lead < 0 {
		return verb
	}
	if o.from-lead <= 3 {
		return quote(c.text, c.toks, lead, o.to-1)
	}
	end := lead
	if o.negated && end < o.negAt {
		end = o.negAt
	}
	return quote(c.text, c.toks, lead, end) + " … " + verb
}

func (c *clause) phraseWithOnly(o occurrence) string {
	for k := range c.toks {
		if c.seg[k] == c.seg[o.from] && qualifiers[c.st[k]] {
			return c.phrase(o) + " … " + quote(c.text, c.toks, k, k)
		}
	}
	return c.phrase(o)
}

var auxWords = stemSet("do", "does", "did", "will", "shall", "can", "may", "would", "should", "could", "must", "is", "are", "be")

func isAux(s string) bool { return auxWords[s] }
