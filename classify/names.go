package classify

import (
	"fmt"
	"strings"
	"unicode"
)

// Vendors rarely write "we now share data with a new service provider";
// they add "Sentry: error logging" to a list headed "Sub-processors". The
// vocabulary cannot know every company, so under a heading about who
// receives data, a proper name that was not there before is read as a new
// recipient.

// name is a proper name found in a clause: tokens [from, to) of it.
type name struct {
	from, to int
	core     []string // lower-case words that identify it (no "Inc", no ".com")
}

// recipientHeading reports whether a section heading is about who receives
// data ("List of Sub-processors", "Third Parties We Share With"), and
// whether it speaks of processors.
func (v *vocab) recipientHeading(section string) (ok, processors bool) {
	if section == "" {
		return false, false
	}
	st := stems(v.tokenize(section))
	for _, h := range v.termSet.find(st) {
		if v.termIndex[h.id].kind == kindRecipient {
			ok = true
		}
	}
	for _, h := range v.actionSet.find(st) {
		if d := v.actionDefs[v.actionIndex[h.id]]; (d.name == "share" || d.name == "sell") && d.needs == 0 {
			ok = true
		}
	}
	for _, s := range st {
		if v.recipientHeadingWords[s] {
			ok = true
		}
		if v.processorWords[s] {
			processors = true
		}
	}
	return ok || processors, processors
}

// names lists the proper names of a clause: capitalised words that are not
// the grammatical start of a sentence, domain names ("Intercom.com") and,
// in a clause that opens with a short label ("Sentry: error logging"),
// the capitalised words of that label. Words of the vocabulary, document
// titles ("Data Processing Agreement") and legal acronyms are not names.
func (c *clause) names(labels bool) []name {
	inTerm := make([]bool, len(c.toks))
	for _, h := range c.terms {
		for k := h.from; k < h.to; k++ {
			inTerm[k] = true
		}
	}
	lead := 0
	if labels {
		lead = c.leadLabel()
	}
	// In a clause written in capitals or in title case, capitals name
	// nothing; only domains and list labels do. Where every noun takes a
	// capital, a sentence reads like title case and is none.
	shouted := c.shouted() || !c.v.spec.nounsCapitalised && c.titleCase() && len(c.toks) > 1
	var out []name
	for i := 0; i < len(c.toks); {
		j := i
		for j < len(c.toks) && c.nameWord(j, j-i, lead, inTerm) && (!shouted || j < lead || c.isDomain(j) || c.isTLD(j)) {
			j++
		}
		if j == i {
			i++
			continue
		}
		// "the Services", "les Périphériques": a capital after an
		// article is a defined term of the document, not a company.
		defined := i > 0 && i >= lead && c.toks[i].brk == 0 && c.v.articles[c.st[i-1]] && !c.isDomain(i) ||
			c.v.contactContext[c.st[i]] // "Viale Europa": a street, not a company
		if n, ok := c.nameOf(i, j); ok && !defined && !c.contactDetail(i) && !c.ownName(i, j, lead) {
			out = append(out, n)
		}
		i = j
	}
	return out
}

// nameWord reports whether token i may belong to a name, pos being its
// place in the run so far.
func (c *clause) nameWord(i, pos, lead int, inTerm []bool) bool {
	t := c.toks[i]
	if pos > 0 && c.isTLD(i) || (pos == 0 || t.brk == 0) && c.isDomain(i) {
		return true
	}
	// "Amazon Web Services": a generic word may go on a name, not open one.
	v := c.v
	// "2024.1.0-IT": letters glued to a version number name nothing.
	if t.glued && i > 0 && isDigit(c.toks[i-1].raw[0]) {
		return false
	}
	if t.addr || pos > 0 && t.brk != 0 || inTerm[i] || v.notNames[t.stem] && (pos == 0 || !v.nameTails[t.stem]) || !startsUpper(c.text[t.start:]) {
		return false
	}
	// Where every noun takes a capital, a capital alone names nothing: a
	// name is a label, or a word written like a brand ("HubSpot", "AWS")
	// or followed by a company suffix.
	if v.spec.nounsCapitalised && i >= lead && !brandLike(c.text[t.start:t.end]) && !c.beforeSuffix(i) {
		return false
	}
	sentenceStart := i == 0 || t.brk == '.'
	return !sentenceStart || i < lead
}

// nameOf builds the name of tokens [from, to), or reports that it holds
// nothing that identifies a company ("Inc.", a document title).
func (c *clause) nameOf(from, to int) (name, bool) {
	n := name{from: from, to: to}
	// "Connect3 Privacy Policy": the capitalised words after the run
	// may make it a title.
	end := to
	for end < len(c.toks) && end < to+3 && c.toks[end].brk == 0 && startsUpper(c.text[c.toks[end].start:]) {
		end++
	}
	for k := from; k < end; k++ {
		if c.v.documentWords[c.toks[k].stem] {
			return name{}, false
		}
	}
	for k := from; k < to; k++ {
		s := c.toks[k].stem
		if !(k > from && c.isTLD(k)) && !companySuffixes[c.toks[k].raw] && !c.v.functionWords[s] && !c.v.notNames[s] {
			n.core = append(n.core, c.toks[k].raw)
		}
	}
	// A lone letter is a split word ("V enditore"), an initial or a
	// list mark, not a company.
	if len(n.core) == 1 && len([]rune(n.core[0])) < 2 {
		return name{}, false
	}
	return n, len(n.core) > 0
}

// leadLabel returns how many tokens open the clause as a short label
// ("Amazon Web Services (AWS): hosting"), or 0 when it opens with prose.
func (c *clause) leadLabel() int {
	end := strings.IndexAny(c.text, ":|(–—,")
	if k := strings.Index(c.text, " - "); k >= 0 && (end < 0 || k < end) {
		end = k
	}
	if end < 0 {
		end = len(c.text)
	}
	n := 0
	for n < len(c.toks) && c.toks[n].start < end {
		n++
	}
	if n == 0 || n > 5 || end == len(c.text) && c.shouted() {
		// A line in capitals with no label separator is a heading
		// ("SCOPE OF APPLICATION"), not a list item naming a company.
		return 0
	}
	return n
}

// isDomain reports whether token i is followed by ".tld" ("User.com").
func (c *clause) isDomain(i int) bool { return i+1 < len(c.toks) && c.isTLD(i+1) }

// isTLD reports whether token i is the top-level domain of the word before
// it, joined by a bare dot.
func (c *clause) isTLD(i int) bool {
	if i == 0 || !tlds[c.toks[i].raw] {
		return false
	}
	prev := c.toks[i-1]
	return c.toks[i].start == prev.end+1 && c.text[prev.end] == '.'
}

// ownName reports whether the name of tokens [from, to) acts or owns
// rather than receives: "Acme may share", "Acme's products". Outside a
// label, such a name is most often the vendor's own.
func (c *clause) ownName(from, to, lead int) bool {
	if from < lead {
		return false
	}
	end := c.toks[to-1].end
	if rest := c.text[end:]; strings.HasPrefix(rest, "'s") || strings.HasPrefix(rest, "’s") {
		return true
	}
	if to < len(c.toks) && c.toks[to].brk == 0 {
		return c.v.auxWords[c.toks[to].stem] || c.actionAt[to] >= 0
	}
	return false
}

// contactDetail reports whether the name at token i is part of a way to
// reach the vendor: an e-mail domain ("privacy@acme.io") or a postal
// address (a sentence about writing to it that holds a street number).
func (c *clause) contactDetail(i int) bool {
	if start := c.toks[i].start; start > 0 && c.text[start-1] == '@' {
		return true
	}
	return c.sentContact[c.sent[i]] && c.sentNumber[c.sent[i]]
}

func (n name) String(c *clause) string { return quote(c.text, c.toks, n.from, n.to-1) }

// knows reports whether any word of a name appears in the clause, so a name
// that only changed case or gained "Inc." is not new.
func (c *clause) knows(n name) bool {
	for _, w := range n.core {
		if c.knowsWord(w) {
			return true
		}
	}
	return false
}

// brandLike reports whether a word is written like a brand rather than a
// capitalised noun: a capital after its first letter ("HubSpot", "AWS")
// or a digit ("Auth0").
func brandLike(w string) bool {
	for i, r := range w {
		if i > 0 && (unicode.IsUpper(r) || unicode.IsDigit(r)) {
			return true
		}
	}
	return false
}

// beforeSuffix reports whether the words from i on run, capitalised, into
// a company suffix ("Google Ireland Limited").
func (c *clause) beforeSuffix(i int) bool {
	for k := i; k < len(c.toks) && k < i+5; k++ {
		if k > i && c.toks[k].brk != 0 {
			return false
		}
		if companySuffixes[c.toks[k].raw] {
			return true
		}
		if !startsUpper(c.text[c.toks[k].start:]) {
			return false
		}
	}
	return false
}

var (
	tlds = map[string]bool{"com": true, "io": true, "net": true, "org": true, "ai": true,
		"co": true, "app": true, "dev": true, "eu": true, "de": true, "uk": true, "us": true}
	// Company suffixes, as written (lower-cased), whatever the language.
	companySuffixes = map[string]bool{"inc": true, "llc": true, "ltd": true, "limited": true,
		"gmbh": true, "corp": true, "corporation": true, "plc": true, "sa": true, "sas": true,
		"sarl": true, "srl": true, "spa": true, "bv": true, "nv": true, "ag": true, "se": true,
		"pty": true, "co": true, "company": true, "kg": true, "lda": true, "sl": true, "ab": true}
)

// nameSignals rates the proper names a clause gained or lost where a new
// name means a new recipient: under a heading about recipients, or in a
// clause that names recipients itself. A removed name alone is low: one
// company fewer receives data.
func nameSignals(old, nw *clause, oldSection, newSection string) []signal {
	okOld, procOld := nw.v.recipientHeading(oldSection)
	okNew, procNew := nw.v.recipientHeading(newSection)
	tracking := old.namesTracking() || nw.namesTracking()
	controller := old.namesController() && nw.namesController()
	named := nw.namesCompany() || controller
	if !okOld && !okNew && !old.namesRecipients() && !nw.namesRecipients() && !tracking && !named {
		return nil
	}
	label := "recipient"
	if tracking && !okOld && !okNew {
		label = "third party setting trackers"
	}
	if procOld || procNew {
		label = "sub-processor"
	}
	// Outside a list of recipients, the label of a list item
	// ("Périphériques : …") names no company.
	labels := okOld || okNew
	var added, gone []string
	// party: every added name stands where no recipient would, or the
	// clause names the controller.
	party := !labels
	for _, n := range nw.names(labels) {
		if len(old.toks) == 0 && !nw.receives(n) {
			continue
		}
		if !old.knows(n) && !nw.negatedSegment(nw.seg[n.from]) {
			if nw.pool.carriedIn(nameKey(n)) {
				continue
			}
			added = append(added, n.String(nw))
			party = party && (controller || !nw.sentPower[nw.sent[n.from]] && !nw.sentOwnRecp[nw.sent[n.from]])
		}
	}
	for _, n := range old.names(labels) {
		if !nw.knows(n) {
			gone = append(gone, n.String(old))
		}
	}
	added, gone = dropVariants(added, gone)
	switch {
	case len(added) > 0 && len(gone) > 0 && party:
		// Outside a list of recipients, and not where data is given,
		// a name written where another stood ("operated by Acme" →
		// "operated by Globex") is the party the user deals with,
		// renamed or replaced.
		return []signal{sig(Medium, Contact, "company named changed: %s → %s", quoted(distinct(gone)), quoted(distinct(added)))}
	case len(added) > 0:
		reason := fmt.Sprintf("%s added: %s", label, quoted(added))
		if len(gone) > 0 {
			reason += fmt.Sprintf(" (replaces %s)", quoted(gone))
		}
		return []signal{sig(Medium, Sharing, "%s", reason)}
	case len(gone) > 0 && len(nw.toks) > 0:
		return []signal{sig(Low, Sharing, "%s removed: %s", label, quoted(gone))}
	}
	return nil
}

// receives reports whether a name in an added clause stands where a
// recipient would: a list item's label ("Sentry: error logging"), or a
// sentence that gives data or names recipients ("we also use Sentry").
func (c *clause) receives(n name) bool {
	if n.from < c.leadLabel() || n.from > 0 && c.v.companyNouns[c.st[n.from-1]] {
		return true
	}
	sent := c.sent[n.from]
	return c.sentPower[sent] || c.sentOwnRecp[sent]
}

// namesRecipients reports whether a clause itself speaks of recipients it
// gives data to ("our service providers, such as …").
func (c *clause) namesRecipients() bool {
	for _, h := range c.terms {
		if c.v.termIndex[h.term].kind == kindRecipient && !h.negated && !c.isSource(h.from) {
			return true
		}
	}
	return false
}

// namesCompany reports whether a clause introduces a company by name
// ("services of the company Carfax", "la empresa Carfax"): a new party in
// the text.
func (c *clause) namesCompany() bool {
	for i := 1; i < len(c.toks); i++ {
		if c.v.companyNouns[c.st[i-1]] && c.toks[i].brk == 0 && startsUpper(c.text[c.toks[i].start:]) && !c.v.notNames[c.st[i]] {
			return true
		}
	}
	return false
}

// namesController reports whether a clause speaks of the party
// responsible for the data ("the controller is …", "Verantwortlich ist …").
func (c *clause) namesController() bool {
	return len(c.v.controllerSet.patterns) > 0 && len(c.v.controllerSet.find(c.st)) > 0
}

// namesTracking reports whether a clause speaks of cookies, pixels or
// like techniques: a company it names is one that sets them or reads
// what they collect.
func (c *clause) namesTracking() bool {
	for _, h := range c.terms {
		if c.v.termIndex[h.term].kind == kindTech && !h.negated {
			return true
		}
	}
	return false
}

func nameKey(n name) string { return "n/" + strings.Join(n.core, " ") }

// distinct drops the repeats of a list, keeping its order.
func distinct(list []string) []string {
	seen := map[string]bool{}
	out := list[:0:0]
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// quoted lists names as "A", "B".
func quoted(list []string) string {
	parts := make([]string, len(list))
	for i, s := range list {
		parts[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(parts, ", ")
}

// dropVariants removes from added and gone the names written both ways,
// one letter apart ("Accounts Centre" → "Accounts Center", a regional
// spelling): the same company.
func dropVariants(added, gone []string) ([]string, []string) {
	if len(added) == 0 || len(gone) == 0 {
		return added, gone
	}
	var keptAdded []string
	used := make([]bool, len(gone))
	for _, a := range added {
		match := false
		for k, g := range gone {
			la, lg := strings.ToLower(a), strings.ToLower(g)
			if !used[k] && len(la) >= 5 && len(lg) >= 5 && levenshtein(la, lg) <= 1 {
				used[k], match = true, true
				break
			}
		}
		if !match {
			keptAdded = append(keptAdded, a)
		}
	}
	var keptGone []string
	for k, g := range gone {
		if !used[k] {
			keptGone = append(keptGone, g)
		}
	}
	return keptAdded, keptGone
}
