package classify

import (
	"slices"
	"strings"
)

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
		ti := new.v.termIndex[h.term]
		if new.pool.carriedIn(termKey(h)) && ti.kind != kindTopic {
			out = append(out, sig(Low, new.termCategory(h), "%s moved from another clause: %q", kindLabels[ti.kind], quote(new.text, new.toks, h.from, h.to-1)))
			continue
		}
		if ti.kind != kindTopic && ti.kind != kindBurden && new.example(h) {
			out = append(out, sig(Low, new.termCategory(h), "example of a %s already named: %q", kindLabels[ti.kind], quote(new.text, new.toks, h.from, h.to-1)))
			continue
		}
		out = append(out, termAdded(new, h, ti, kindLabels[ti.kind])...)
	}
	for _, h := range removed {
		ti := old.v.termIndex[h.term]
		if old.pool.carriedOut(termKey(h)) && ti.kind != kindTopic {
			out = append(out, sig(Low, old.termCategory(h), "%s moved to another clause: %q", kindLabels[ti.kind], quote(old.text, old.toks, h.from, h.to-1)))
			continue
		}
		// "access and delete …, to correct your data" → "access, correct
		// and delete your data": every right is still named.
		if ti.kind == kindRight && len(new.toks) > 0 && keepsRightVerbs(old, new, h) && hasRightVerb(old, h) {
			out = append(out, sig(Low, Rights, "%s reworded: %q", kindLabels[ti.kind], quote(old.text, old.toks, h.from, h.to-1)))
			continue
		}
		// "We do not sell your data to third parties" → "We never sell
		// your data": the denial still stands, wider than before.
		if h.negated && ti.kind == kindRecipient && keepsDenial(old, new, h) {
			out = append(out, sig(Low, old.termCategory(h), "%s no longer named in a denial that still stands: %q", kindLabels[ti.kind], quote(old.text, old.toks, h.from, h.to-1)))
			continue
		}
		out = append(out, termRemoved(old, h, ti, kindLabels[ti.kind])...)
	}
	return out
}

// example reports whether term h illustrates one named before it: "service
// providers, for example hosting providers and payment processors". The
// term follows an example word, and a term of its kind that weighs no less
// comes before that word in the sentence. A term that weighs high (data
// brokers, advertisers, biometrics) is news even as an example: "our
// partners, including data brokers" says who the partners are.
func (c *clause) example(h termHit) bool {
	ti := c.v.termIndex[h.term]
	if ti.weight >= High {
		return false
	}
	sent := c.sent[h.from]
	for m := h.from - 1; m >= 0 && m >= h.from-10 && c.sent[m] == sent; m-- {
		if !c.v.exampleWords[c.st[m]] {
			continue
		}
		for _, o := range c.terms {
			to := c.v.termIndex[o.term]
			if o.to <= m && c.sent[o.from] == sent && !o.negated && to.kind == ti.kind && to.weight >= ti.weight && to.category == ti.category {
				return true
			}
		}
		return false
	}
	return false
}

// keepsDenial reports whether every practice the old clause denied in the
// sentence of term h is still denied, nowhere affirmed and for everyone
// (no recipient named) in the new clause.
func keepsDenial(old, new *clause, h termHit) bool {
	if len(new.toks) == 0 {
		return false
	}
	np := new.practices()
	denied := false
	for _, o := range old.actions {
		if !o.negated || old.sent[o.from] != old.sent[h.from] {
			continue
		}
		p := np[o.name]
		if p == nil || len(p.neg) == 0 || len(p.aff) > 0 {
			return false
		}
		// "never sell to advertisers": the denial still names whom
		// it protects from, so the one dropped is now allowed.
		for _, n := range p.neg {
			if new.sentKinds[new.sent[n.from]]&(1<<uint(kindRecipient)) != 0 {
				return false
			}
		}
		denied = true
	}
	return denied
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
		ta := new.v.termIndex[a.term]
		paired := false
		for i, r := range removed {
			tr := old.v.termIndex[r.term]
			if used[i] || ta.kind != tr.kind || ta.kind == kindCountry || ta.kind == kindTopic ||
				ta.category != tr.category || a.negated != r.negated {
				continue
			}
			// Safeguards and rights may be swapped for any other of their
			// kind; for the rest a heavier term is a widening. A right is
			// not swapped for another when the action it named is gone
			// ("update, correct, or delete your data" → "update or
			// correct your data").
			if ta.kind != kindSafeguard && ta.kind != kindRight && ta.weight > tr.weight {
				continue
			}
			if ta.kind == kindRight && !keepsRightVerbs(old, new, r) {
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

// keepsRightVerbs reports whether every right verb of the old clause's term
// r is still found in the new clause.
func keepsRightVerbs(old, new *clause, r termHit) bool {
	for k := r.from; k < r.to; k++ {
		if old.v.rightVerbs[old.st[k]] && !slices.ContainsFunc(new.st, func(s string) bool { return sameRoot(s, old.st[k]) }) {
			return false
		}
	}
	return true
}

// sameRoot reports whether two stems are one word as verb and noun
// ("correct", "correction"; "delet", "deletion").
func sameRoot(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || len(a) >= 5 && strings.HasPrefix(b, a)
}

func hasRightVerb(c *clause, h termHit) bool {
	for k := h.from; k < h.to; k++ {
		if c.v.rightVerbs[c.st[k]] {
			return true
		}
	}
	return false
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
	case kindSafeguard:
		if h.negated {
			// "We do not respond to Global Privacy Control signals":
			// the protection is named only to be declined.
			return []signal{sig(Medium, cat, "%s named as not applied: %q", label, q)}
		}
		return []signal{sig(Low, cat, "%s added: %q", label, q)}
	case kindRight:
		// A new right or way to object is worth reading, though it
		// favours the user; a right only named in a denial, or in a
		// document's name, is not.
		if !h.negated && len(c.toks) >= 6 && !c.inTitle(h.from) {
			return []signal{sig(Medium, cat, "%s added: %q", label, q)}
		}
		return []signal{sig(Low, cat, "%s added: %q", label, q)}
	case kindHurdle:
		if h.negated {
			return []signal{sig(Low, cat, "%s ruled out: %q", label, q)}
		}
		return []signal{sig(ti.weight, cat, "%s added: %q", label, q)}
	case kindTopic:
		return []signal{sig(Low, cat, "now mentions %q", q)}
	case kindPeople:
		// "the personal data of our customers, their employees and
		// job applicants": the processing reaches more people. The
		// same word as a subject ("our employees may access") or
		// outside a clause about data widens nothing.
		if !h.negated && len(c.toks) >= 6 && c.dataOf(h) {
			return []signal{sig(Medium, cat, "%s added: %q", label, q)}
		}
		return []signal{sig(Low, cat, "%s mentioned: %q", label, q)}
	case kindBurden:
		// A term of service that shifts risk or power to the vendor:
		// an arbitration clause, a fee, suspension without notice.
		switch {
		case h.negated:
			return []signal{sig(Low, cat, "%s ruled out: %q", label, q)}
		case len(c.toks) < 6 || c.inTitle(h.from) || c.sentContact[c.sent[h.from]] && c.sentNumber[c.sent[h.from]]:
			// A title, or the name of an office in a postal address
			// ("Médiateur de la consommation, BP 20015, Paris").
			return []signal{sig(Low, cat, "%s mentioned: %q", label, q)}
		case h.restricted:
			return []signal{sig(max(Low, lower(ti.weight)), cat, "%s added under a condition: %q", label, q)}
		}
		return []signal{sig(ti.weight, cat, "%s added: %q", label, q)}
	}
	// A recipient that data comes from is a source: new sources are
	// collection, and weigh no more than medium.
	if ti.kind == kindRecipient && c.isSource(h.from) {
		cat, label = Collection, "source"
		ti.weight = min(ti.weight, Medium)
	}
	switch {
	case h.negated:
		return []signal{sig(Low, cat, "prohibition extended to %s %q", label, q)}
	case ti.kind == kindCountry && c.disputesAt(c.sent[h.from]) && !c.sentContact[c.sent[h.from]]:
		// "governed by the laws of Slovakia": the law and the courts
		// that bind the user moved.
		return []signal{sig(Medium, Disputes, "governing law or courts changed: %q", q)}
	case ti.kind == kindCountry && c.inTitle(h.from):
		// "Regulation (EU) 2016/679": a place in a law's name.
		return []signal{sig(Low, cat, "%s mentioned: %q", label, q)}
	case ti.kind == kindCountry && c.residence(h.from):
		// "If you live in the EEA", "pour les résidents du
		// Royaume-Uni": where the user lives, no place data goes.
		return []signal{sig(Low, cat, "%s where the user lives: %q", label, q)}
	case ti.kind == kindCountry && !hasAny(c.toks, c.v.contactContext) && c.aboutDataBesides(c.sent[h.from], kindCountry):
		// Naming a new place in a clause about data is a transfer
		// whatever verb carries it ("hosted in", "processed from"); a
		// country where a service is offered is not.
	case !c.affirmedPractice(h.from):
		return []signal{sig(Low, cat, "%s mentioned: %q", label, q)}
	case h.restricted:
		return []signal{sig(max(Low, lower(ti.weight)), cat, "%s added under a condition: %q", label, q)}
	}
	return []signal{sig(ti.weight, cat, "%s added: %q", label, q)}
}

// dataOf reports whether the people a term names are those whose data the
// sentence speaks of: a data word comes before them in the sentence, and
// they are no subject of a verb.
func (c *clause) dataOf(h termHit) bool {
	if h.to < len(c.toks) && c.toks[h.to].brk == 0 && (c.v.auxWords[c.st[h.to]] || c.v.strongModals[c.st[h.to]] ||
		c.v.weakModals[c.st[h.to]] || c.actionAt[h.to] >= 0) {
		return false
	}
	sent := c.sent[h.from]
	for k := h.from - 1; k >= 0 && k >= h.from-15 && c.sent[k] == sent; k-- {
		if c.v.dataWord(c.toks[k]) && !c.v.functionWords[c.st[k]] && len(c.toks[k].raw) >= 4 {
			return true
		}
	}
	return false
}

// isSource reports whether the recipient at i is where data comes from:
// the nearest verb before it collects, and "from" comes before any "with"
// or "to" on the way ("we receive data from brokers", not "we receive
// data and share it with brokers").
func (c *clause) isSource(i int) bool {
	c.indexSources()
	verb := c.srcVerb[i]
	if verb < 0 || c.v.actionDefs[c.actions[verb].action].category != Collection {
		return false
	}
	d := c.nextDir[c.actions[verb].to]
	return d >= i || c.v.fromWords[c.st[d]]
}

// indexSources records, for each token, the nearest verb before it that
// names a category (within its sentence), and for each place the next
// word of direction ("from", "with", "to"), so isSource reads each term in
// constant time.
func (c *clause) indexSources() {
	if c.srcVerb != nil {
		return
	}
	n := len(c.toks)
	c.srcVerb = make([]int, n+1)
	c.nextDir = make([]int, n+1)
	cur, k := -1, 0
	for p := 0; p <= n; p++ {
		if p < n && p > 0 && c.sent[p] != c.sent[p-1] {
			cur = -1
		}
		for k < len(c.actions) && c.actions[k].to <= p {
			o := c.actions[k]
			d := c.v.actionDefs[o.action]
			if p < n && c.sent[o.from] == c.sent[p] && d.power && d.category != "" {
				cur = k
			}
			k++
		}
		c.srcVerb[p] = cur
	}
	next := n
	for p := n; p >= 0; p-- {
		if p < n && (c.v.fromWords[c.st[p]] || c.v.towardWords[c.st[p]]) {
			next = p
		}
		c.nextDir[p] = next
	}
}

func termRemoved(c *clause, h termHit, ti termInfo, label string) []signal {
	q := quote(c.text, c.toks, h.from, h.to-1)
	cat := c.termCategory(h)
	switch ti.kind {
	case kindSafeguard, kindRight:
		if h.negated {
			return []signal{sig(Low, cat, "%s no longer mentioned: %q", label, q)}
		}
		if c.inTitle(h.from) {
			// "the Content Reporting and Appeal Procedure" renamed: the
			// document's name changed, not the right.
			return []signal{sig(Low, cat, "%s no longer in a document's name: %q", label, q)}
		}
		return []signal{sig(ti.weight, cat, "%s removed: %q", label, q)}
	case kindHurdle:
		return []signal{sig(Low, cat, "%s removed: %q", label, q)}
	case kindTopic:
		return nil
	case kindBurden:
		// An arbitration clause or a perpetual licence dropped favours
		// the user, and still changes the terms.
		if (ti.weight >= High || ti.key == "legal-basis" || ti.termGroup.key == "legal-basis") && !h.negated {
			return []signal{sig(Medium, cat, "%s removed: %q", label, q)}
		}
		return []signal{sig(Low, cat, "%s removed: %q", label, q)}
	}
	if h.negated {
		return []signal{sig(Medium, cat, "no longer excluded: %s %q", label, q)}
	}
	return []signal{sig(Low, cat, "%s no longer listed: %q", label, q)}
}

// inTitle reports whether token i stands in the name of a law or document
// ("Regulation (EU) 2016/679", "Reglamento (UE)"): a document word one
// or two words before it, or a run of capitalised words from it to a
// document word that is no law ("the United States Regional Privacy
// Notice", "the Content Reporting and Appeal Procedure"). In a language that
// capitalises every noun, or a clause in capitals, capitals say nothing.
func (c *clause) inTitle(i int) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		if c.v.documentWords[c.st[k]] {
			return true
		}
	}
	if c.v.spec.nounsCapitalised || c.shouted() || !startsUpper(c.text[c.toks[i].start:]) {
		return false
	}
	for k := i + 1; k < len(c.toks) && k <= i+6 && c.sent[k] == c.sent[i]; k++ {
		upper := startsUpper(c.text[c.toks[k].start:])
		if upper && c.v.documentWords[c.st[k]] {
			// A law named after a country ("the Nigeria Data
			// Protection Act") brings that country's law in.
			return !c.v.lawWords[c.st[k]]
		}
		if !upper && !c.v.functionWords[c.st[k]] {
			return false
		}
	}
	return false
}

// disputesAt reports whether a sentence speaks of governing law, courts or
// the settling of disputes.
func (c *clause) disputesAt(sent int) bool {
	for _, h := range c.terms {
		if c.sent[h.from] == sent && c.v.termIndex[h.term].category == Disputes {
			return true
		}
	}
	return false
}
