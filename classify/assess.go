package classify

import (
	"fmt"
	"slices"
	"strings"
)

const limitRemoved = "limit removed: "

// assess compares the reading of the old clause with that of the new one
// and returns what changed in what the vendor may do or has promised. For an
// added clause old is empty, for a removed one new is.
func assess(old, new *clause) []signal {
	var out []signal
	out = append(out, comparePractices(old, new)...)
	out = append(out, compareConditions(old, new)...)
	out = append(out, compareBounds(old, new)...)
	out = append(out, compareTerms(old, new)...)
	out = append(out, compareAmounts(old, new)...)
	out = append(out, compareQuantities(old, new)...)
	out = append(out, compareDates(old, new)...)
	out = append(out, compareEntities(old, new)...)
	out = append(out, compareIdentity(old, new)...)
	out = append(out, compareVenue(old, new)...)
	return out
}

// practice gathers the occurrences of one family of verbs in a clause.
type practice struct {
	aff, neg []occurrence
}

func (c *clause) practices() map[string]*practice {
	m := map[string]*practice{}
	for _, o := range c.actions {
		name := c.v.actionDefs[o.action].name
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

func comparePractices(old, new *clause) []signal {
	op, np := old.practices(), new.practices()
	var out []signal
	limitSeen := false
	v := new.v
	for _, name := range v.actionNames {
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
		def := v.actionDefs[firstAction(o, n)]
		if def.power {
			for _, sg := range comparePower(def, old, new, o, n) {
				// One dropped "only" frees every verb it restricted:
				// report it once, under the first practice it limited.
				if strings.HasPrefix(sg.reason, limitRemoved) {
					if limitSeen {
						continue
					}
					limitSeen = true
				}
				out = append(out, sg)
			}
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
		return []signal{sig(Medium, new.actionCategory(n.aff[0]), limitRemoved+"%q → %q",
			old.phraseWithOnly(o.aff[0]), new.phrase(n.aff[0]))}
	case len(o.aff) > 0 && len(n.aff) == 0 && len(n.neg) == 0:
		// A whole clause that stated a practice on named data, people
		// or techniques is gone: the vendor no longer says it does so.
		if len(new.toks) == 0 && old.specificAt(old.sent[o.aff[0].from]) && !old.pool.practiceCarriedOut(practiceKey(o.aff[0])) {
			return []signal{sig(Medium, old.actionCategory(o.aff[0]), "practice dropped: %q", old.phrase(o.aff[0]))}
		}
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
			switch {
			case old.pool.practiceCarriedOut(strongKey(s)):
				return []signal{sig(Low, old.actionCategory(s), "commitment moved to another clause: %q", old.phrase(s))}
			case old.pool.practiceCarriedOut(practiceKey(s)):
				// Restated elsewhere, but only under "may" or a hedge.
				return []signal{sig(Medium, old.actionCategory(s), "commitment weakened in another clause: %q", old.phrase(s))}
			}
			return []signal{sig(def.weight, old.actionCategory(s), "commitment removed: %q", old.phrase(s))}
		}
		w := o.aff[0]
		if old.pool.practiceCarriedOut(practiceKey(w)) {
			return []signal{sig(Low, old.actionCategory(w), "commitment moved to another clause: %q", old.phrase(w))}
		}
		// Even a hedged promise to tell users ("we may attempt to notify
		// you") is more than none.
		sev := Low
		if def.name == "notify" || def.name == "respond" {
			sev = Medium
		}
		return []signal{sig(sev, old.actionCategory(w), "conditional commitment removed: %q", old.phrase(w))}
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
		// A firm new promise to notify, answer or refund favours the
		// user and changes what the vendor must do; one the old side of
		// the report already made, or a hedged one, is low.
		if s, ok := strongest(n.aff); ok && (def.name == "notify" || def.name == "respond" || def.name == "refund") &&
			!new.pool.practiceCarriedIn(practiceKey(s)) && new.actionCategory(s) != Other {
			return []signal{sig(Medium, new.actionCategory(s), "commitment added: %q", new.phrase(s))}
		}
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
		if c.segOnly[c.seg[o.from]] < 0 {
			return false
		}
	}
	return len(os) > 0
}

func anyOnly(c *clause, os []occurrence) bool {
	for _, o := range os {
		if c.segOnly[c.seg[o.from]] >= 0 {
			return true
		}
	}
	return false
}

// compareConditions rates consent and notice conditions on practices.
// Conditions are counted rather than merely looked for: a clause may keep
// one consent phrase that only describes the law ("purposes which require
// consent") while losing the one that bound the vendor ("we will first
// obtain your consent").
func compareConditions(old, new *clause) []signal {
	var out []signal
	if len(old.consent) > len(new.consent) && !old.pool.carriedOut(consentKey) {
		h := old.consent[len(old.consent)-1]
		q := quote(old.text, old.toks, h.from, h.to-1)
		cats := old.powerCategories(old.sent[h.from])
		// Consent is the user's say over a practice: losing it is also
		// a lost right.
		if len(cats) > 0 || len(new.powerCategories(-1)) > 0 {
			cats = append(cats, new.powerCategories(-1)...)
			out = append(out, signal{sev: High, cats: append(cats, Rights),
				reason: fmt.Sprintf("consent requirement removed: %q", q)})
		} else {
			out = append(out, signal{sev: Medium, cats: []string{old.commitmentTopic(), Rights},
				reason: fmt.Sprintf("consent requirement removed: %q", q)})
		}
	}
	if len(new.consent) > 0 && len(old.toks) == 0 && !new.pool.carriedIn(consentKey) && new.sentLen[new.sent[new.consent[0].from]] >= 8 {
		// A new clause saying that a use of named data rests on
		// consent: a legal basis the user can now withdraw.
		h := new.consent[0]
		out = append(out, signal{sev: Medium, cats: []string{Rights},
			reason: fmt.Sprintf("consent requirement stated: %q", quote(new.text, new.toks, h.from, h.to-1))})
	}
	if len(new.consent) > len(old.consent) && len(old.toks) > 0 && !new.pool.carriedIn(consentKey) {
		// A practice now rests on consent: it favours the user, and
		// it changes what the vendor may do without asking.
		h := new.consent[len(new.consent)-1]
		cats := new.anyPowerCategories(new.sent[h.from])
		sev := Low
		if len(cats) > 0 {
			sev = Medium
		}
		out = append(out, signal{sev: sev, cats: append(append([]string(nil), first(cats, new.commitmentTopic())), Rights),
			reason: fmt.Sprintf("consent requirement added: %q", quote(new.text, new.toks, h.from, h.to-1))})
	}
	if len(new.without) > len(old.without) && !new.pool.carriedIn(withoutKey) {
		h := new.without[len(new.without)-1]
		q := quote(new.text, new.toks, h.from, h.to-1)
		cats := new.powerCategories(new.sent[h.from])
		sev := High
		switch {
		case len(cats) > 0:
		case overlapsHits(new.consent, h.from, h.to) && len(new.anyPowerCategories(new.sent[h.from])) == 0:
			// "Please do not submit it without the consent of a
			// parent": a consent requirement on the user, not a
			// practice of the vendor freed from one.
			return append(out, sig(Low, new.commitmentTopic(), "condition added: %q", q))
		default:
			// "We do not use it … without your permission": a prohibition
			// turned into a default that consent lifts.
			sev, cats = Medium, new.anyPowerCategories(new.sent[h.from])
		}
		if len(cats) == 0 {
			cats = []string{new.commitmentTopic()}
		}
		if new.v.consentWords.find(new.st[h.from:h.to]) != nil {
			cats = append(cats, Rights)
		}
		out = append(out, signal{sev: sev, cats: cats, reason: fmt.Sprintf("condition added: %q", q)})
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
		if !c.v.actionDefs[o.action].power || o.negated || sent >= 0 && c.sent[o.from] != sent {
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
		if c.v.actionDefs[o.action].power && c.sent[o.from] == sent {
			if cat := c.actionCategory(o); !slices.Contains(out, cat) {
				out = append(out, cat)
			}
		}
	}
	return out
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
		if lead > 0 && c.seg[lead-1] == c.seg[lead] && c.v.auxWords[c.st[lead-1]] {
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
	if k := c.segOnly[c.seg[o.from]]; k >= 0 {
		return c.phrase(o) + " … " + quote(c.text, c.toks, k, k)
	}
	return c.phrase(o)
}

func overlapsHits(hits []hit, from, to int) bool {
	for _, h := range hits {
		if h.from < to && from < h.to {
			return true
		}
	}
	return false
}
