package classify

import (
	"regexp"
	"strings"
)

// A document's own date is no change: "Last updated: March 3, 2023" →
// "Última actualización: 5 de abril de 2024 (April 5, 2024)". Pages mix
// languages in their stamps (a Spanish page with an English stamp
// appended, a German one dated "Stand: 14. Februar 2024"), so the words
// that write a date are read in every language the classifier knows,
// whatever the document's language: months, weekdays, the words of a
// stamp ("updated", "mise à jour", "Stand") and of versions. A date is a
// run of such words anchored on a number that can be a day or a year;
// a stamp is the words that introduce it.
//
// A date that is no stamp but a cutoff in an operative clause ("if you
// joined before 1 March 2023, the arbitration clause does not apply") is
// what the clause says: moving it is a change (compareDates).

// dateLex is the vocabulary of dates of every language, accent-folded.
type dateLex struct {
	months, weekdays, stamps, joiners, cutoffs, versions, zones map[string]bool
	// links join two dates ("and", "et", "und"): only between dates.
	links map[string]bool
	// languages maps the name of a language, as any language writes it
	// ("Deutsch", "German", "allemand"), to its ISO 639-1 code.
	languages map[string]string
	// qualifiers follow a language's name in a selector ("English (UK)",
	// "Português (Brasil)").
	qualifiers map[string]bool
	// selectors are the words of a language selector ("Language",
	// "Choisir la langue").
	selectors map[string]bool
}

func compileDates(specs []*langSpec) *dateLex {
	d := &dateLex{months: map[string]bool{}, weekdays: map[string]bool{}, stamps: map[string]bool{},
		joiners: map[string]bool{}, cutoffs: map[string]bool{}, versions: map[string]bool{},
		zones: map[string]bool{}, links: map[string]bool{}, languages: map[string]string{}, qualifiers: map[string]bool{}}
	add := func(m map[string]bool, words []string) {
		for _, w := range words {
			for _, part := range strings.Fields(foldWord(w)) {
				m[part] = true
			}
		}
	}
	for _, s := range specs {
		add(d.months, s.monthWords)
		add(d.weekdays, s.weekdays)
		// Short stamp words ("am", "de", "on") are read in the
		// document's own language only.
		for _, w := range s.stampWords {
			if f := foldWord(w); len(f) >= 4 && !strings.Contains(f, " ") {
				d.stamps[f] = true
			}
		}
		add(d.joiners, s.dateJoiners)
		add(d.cutoffs, s.cutoffWords)
		add(d.versions, s.versionWords)
		for name, code := range s.languageNames {
			d.languages[foldWord(name)] = code
		}
	}
	for name, code := range endonyms {
		d.languages[foldWord(name)] = code
	}
	add(d.zones, []string{"utc", "gmt", "cet", "cest", "est", "edt", "pst", "pdt", "am", "pm", "h", "uhr", "hrs"})
	// Two dates in a row are one stamp: "June 2022 and Dec 2023",
	// "3 mars 2023 et 14 janv. 2024", "1.3.2023 bzw. 2.4.2024".
	add(d.links, []string{"and", "or", "et", "ou", "und", "oder", "bzw", "y", "o", "e", "ou", "en", "of", "to", "au", "bis", "al", "a", "tot"})
	add(d.qualifiers, languageQualifiers)
	d.selectors = compileSelectors(specs)
	return d
}

// foldWord lower-cases a word and folds its accents, as dates are
// compared across languages.
func foldWord(w string) string {
	return foldAccents(strings.ToLower(strings.ReplaceAll(w, "’", "'")))
}

var (
	dayRe = regexp.MustCompile(`^(\d{1,2})(st|nd|rd|th|er|re|e|eme|ème|º|ª|o|a|°)?$`)
	// A quarter or half of a year: "Q3 2024", "H1 2023".
	quarterRe = regexp.MustCompile(`^[qh][1-4]$`)
	// A version glued to its letter: "v2.1", "V3".
	versionRe = regexp.MustCompile(`^v\d{1,4}$`)
	timeRe    = regexp.MustCompile(`^\d{1,2}h\d{0,2}$`)
)

// dateSpan is a date written in a clause: tokens [from, to), with the
// stamp words that introduce it (from may reach back over them).
type dateSpan struct {
	from, to int
	stamp    bool // introduced by stamp words ("last updated", "Stand")
	cutoff   bool // introduced by "before", "after", "until": a cutoff
}

// dateReading is where a clause writes dates.
type dateReading struct {
	spans []dateSpan
	mask  []bool // per token: part of a date or of its stamp
}

// dates reads the dates of a clause, once.
func (c *clause) dates() *dateReading {
	if c.dr != nil {
		return c.dr
	}
	d := c.v.dates
	n := len(c.toks)
	folded := make([]string, n)
	for i, t := range c.toks {
		folded[i] = foldWord(t.raw)
	}
	date := make([]bool, n)
	sep := func(i int) string { return c.text[c.toks[i-1].end:c.toks[i].start] }
	number := func(i int) bool { return i >= 0 && i < n && (isYear(c.toks[i].raw) || dayRe.MatchString(folded[i])) }
	// Anchors: years, dates in digits, months next to a day or a year.
	for i, t := range c.toks {
		switch {
		case isYear(t.raw) && c.bareYear(i), len(t.raw) == 8 && isYear(t.raw[:4]) && allDigits(t.raw):
			date[i] = true
		case i+2 < n && c.numericDate(i):
			date[i], date[i+1], date[i+2] = true, true, true
		case i+1 < n && len(t.raw) <= 2 && allDigits(t.raw) && isYear(c.toks[i+1].raw) && strings.Contains("/.-", sep(i+1)) && len(sep(i+1)) == 1:
			date[i], date[i+1] = true, true // "03/2024"
		case d.months[folded[i]]:
			// "March 3", "3 de marzo de 2024", "mars 2023": a month
			// only next to a day or a year ("may" alone is a modal).
			for _, k := range []int{i - 1, i + 1, i - 2, i + 2} {
				between := k + 1
				if k > i {
					between = i + 1
				}
				if number(k) && (abs(k-i) == 1 || d.joiners[folded[between]]) {
					date[i] = true
					break
				}
			}
		}
	}
	// A second date after a link word: a day or month next to a month or
	// a year, or a date in digits.
	startsDate := func(k int) bool {
		for j := k; j < n && j <= k+2; j++ {
			if !date[j] {
				return false
			}
			if d.months[folded[j]] || isYear(c.toks[j].raw) || quarterRe.MatchString(folded[j]) {
				return true
			}
		}
		return false
	}
	// Days next to a month, joiners between parts of a date, weekdays
	// and times next to one.
	marked := func(k int) bool { return k >= 0 && k < n && date[k] }
	for pass := 0; pass < 2; pass++ {
		for i := range c.toks {
			if date[i] {
				continue
			}
			switch {
			case isYear(c.toks[i].raw) && (marked(i-1) || marked(i+1) || i >= 2 && d.joiners[folded[i-1]] && marked(i-2)):
				date[i] = true
			case dayRe.MatchString(folded[i]) && (marked(i-1) || marked(i+1) ||
				i+2 < n && d.joiners[folded[i+1]] && d.months[folded[i+2]] && date[i+2] ||
				i >= 2 && d.joiners[folded[i-1]] && d.months[folded[i-2]] && date[i-2]):
				date[i] = true
			case d.joiners[folded[i]] && marked(i-1) && (marked(i+1) || i+1 < n && (number(i+1) || d.months[folded[i+1]])):
				date[i] = true
			case (d.weekdays[folded[i]] || d.zones[folded[i]] || timeRe.MatchString(folded[i])) && (marked(i-1) || marked(i+1)):
				date[i] = true
			case len(c.toks[i].raw) <= 2 && allDigits(c.toks[i].raw) && marked(i-1) && (sep(i) == ":" || sep(i) == "h"):
				date[i] = true // "10:00"
			case quarterRe.MatchString(folded[i]) && i+1 < n && isYear(c.toks[i+1].raw):
				date[i], date[i+1] = true, true // "Q3 2024"
			case (folded[i] == "a" || folded[i] == "p") && marked(i-1) && i+1 < n && folded[i+1] == "m" && c.toks[i+1].glued:
				date[i], date[i+1] = true, true // "10:00 a.m."
			case d.links[folded[i]] && marked(i-1) && i+1 < n && startsDate(i+1):
				date[i] = true
			}
		}
	}
	// A date or version runs on over what is glued to it: "2024.1.0-IT".
	for i := 1; i < n; i++ {
		if date[i-1] && c.toks[i].glued {
			date[i] = true
		}
	}
	// Versions: "Version 3.2", "v2024.1.0-IT".
	for i := 0; i < n; i++ {
		next := i + 1
		switch {
		case versionRe.MatchString(folded[i]):
			date[i] = true
		case i+1 < n && d.versions[folded[i]] && isDigit(c.toks[i+1].raw[0]):
			date[i], date[i+1] = true, true
			next = i + 2
		default:
			continue
		}
		for k := next; k < n && c.toks[k].glued; k++ {
			date[k] = true
		}
	}
	dr := &dateReading{mask: make([]bool, n)}
	for i := 0; i < n; {
		if !date[i] {
			i++
			continue
		}
		j := i
		for j < n && date[j] {
			j++
		}
		sp := dateSpan{from: i, to: j}
		for k := i; k < j; k++ {
			dr.mask[k] = true
			if d.versions[folded[k]] {
				sp.stamp = true
			}
		}
		// "before 1 March 2023", "avant le 1er mars": a cutoff.
		for k := i - 1; k >= 0 && k >= i-3; k-- {
			if d.cutoffs[folded[k]] {
				sp.cutoff = true
				break
			}
			if !d.joiners[folded[k]] && !c.v.functionWords[c.st[k]] {
				break
			}
		}
		// The words before the date that stamp it: "last updated on",
		// "mise à jour pour la dernière fois le", "Stand:".
		from := i
		for k := i - 1; k >= 0 && i-k <= 10 && !sp.cutoff; k-- {
			if dr.mask[k] {
				// Back at the date before: "in force from 1 May 2023
				// and updated on 2 Jan 2025" is one stamp.
				from = k + 1
				break
			}
			w := folded[k]
			grammar := d.joiners[w] || c.v.functionWords[c.st[k]]
			if d.stamps[w] || c.v.stampWords[c.st[k]] {
				sp.stamp = sp.stamp || !grammar
				from = k
				continue
			}
			if grammar || c.v.documentWords[c.st[k]] {
				continue
			}
			break
		}
		for k := from; k < i; k++ {
			dr.mask[k] = true
		}
		sp.from = from
		dr.spans = append(dr.spans, sp)
		i = j
	}
	c.dr = dr
	return dr
}

// bareYear reports whether a year stands as a date rather than as a
// quantity: "2000 messages" counts messages.
func (c *clause) bareYear(i int) bool {
	if i+1 >= len(c.toks) || c.toks[i+1].brk != 0 {
		return true
	}
	next := foldWord(c.toks[i+1].raw)
	d := c.v.dates
	return d.months[next] || d.joiners[next] || d.stamps[next] || isDigit(next[0]) || c.v.functionWords[c.st[i+1]]
}

func isYear(w string) bool {
	return len(w) == 4 && allDigits(w) && (w[:2] == "19" || w[:2] == "20")
}

// dated reports whether a clause writes a date.
func (c *clause) dated() bool { return len(c.dates().spans) > 0 }

// inDate reports whether every token of toks, tokens of clause c, is part
// of a date or of its stamp, none of it a cutoff.
func (c *clause) inDate(toks []token) bool {
	dr := c.dates()
	for _, t := range toks {
		if t.idx >= len(dr.mask) || !dr.mask[t.idx] || c.inCutoff(t.idx) {
			return false
		}
	}
	return true
}

func (c *clause) inCutoff(i int) bool {
	for _, sp := range c.dates().spans {
		if sp.cutoff && i >= sp.from && i < sp.to {
			return true
		}
	}
	return false
}

// undated lists the stems of the tokens outside dates and stamps.
func (c *clause) undated() []string {
	dr := c.dates()
	out := make([]string, 0, len(c.toks))
	for i, t := range c.toks {
		if !dr.mask[i] {
			out = append(out, t.stem)
		}
	}
	return out
}

// stampOnly reports whether a clause is nothing but a document's date:
// "Updated Monday, April 3, 2023", "Deze privacyverklaring is voor het
// laatst gewijzigd op 3 maart 2023". Grammar words, document words and
// at most two others ("Acme Privacy Notice") may stand beside the stamp.
func (c *clause) stampOnly() bool {
	dr := c.dates()
	if len(dr.spans) == 0 || len(c.toks) > 24 {
		return false
	}
	stamp := false
	for _, sp := range dr.spans {
		if sp.cutoff {
			return false
		}
		stamp = stamp || sp.stamp
	}
	other := 0
	for i := range c.toks {
		s := c.st[i]
		if dr.mask[i] || c.v.functionWords[s] || c.v.documentWords[s] || c.v.dates.joiners[foldWord(c.toks[i].raw)] {
			continue
		}
		other++
	}
	return other == 0 || stamp && other <= 2
}

// cutoffs lists the cutoff dates of a clause, as written.
func (c *clause) cutoffs() []string {
	var out []string
	for _, sp := range c.dates().spans {
		if sp.cutoff {
			out = append(out, quote(c.text, c.toks, sp.from, sp.to-1))
		}
	}
	return out
}

// compareDates rates a cutoff date moved in an operative clause: who is
// bound by what from when changed.
func compareDates(old, new *clause) []signal {
	if len(old.toks) == 0 || len(new.toks) == 0 {
		return nil
	}
	oc, nc := old.cutoffs(), new.cutoffs()
	// A cutoff added or dropped comes with words that say what
	// changed; one moved is the change itself.
	if len(oc) != len(nc) || len(oc) == 0 || !old.operative() && !new.operative() {
		return nil
	}
	for i := range oc {
		if foldForCompare(oc[i]) != foldForCompare(nc[i]) {
			return []signal{sig(Medium, first(union(old.topics(), new.topics()), Other), "cutoff date changed: %q → %q", oc[i], nc[i])}
		}
	}
	return nil
}

// operative reports whether a clause binds someone: it states a practice,
// a term of service, a right or a condition.
func (c *clause) operative() bool {
	if len(c.actions)+len(c.consent)+len(c.without) > 0 {
		return true
	}
	for _, h := range c.terms {
		if k := c.v.termIndex[h.term].kind; k != kindTopic {
			return true
		}
	}
	return false
}
