package classify

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Contact details are compared as values, not as words: an address
// replacing the spam-protection text that hid it is no change, a different
// address is a small one.
var (
	emailRe    = regexp.MustCompile(`(?i)[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}`)
	urlRe      = regexp.MustCompile(`(?i)\bhttps?://[^\s)>\]]+|\bwww\.[^\s)>\]]+`)
	slashDate  = regexp.MustCompile(`\b\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}\b`)
	yearRe     = regexp.MustCompile(`\b(19|20)\d\d\b`)
	ordinalRe  = regexp.MustCompile(`^\d{1,2}(st|nd|rd|th)$`)
	cloakRe    = regexp.MustCompile(`(?i)` + strings.Join(quoteAll(cloakPhrases), "|"))
	placeEmail = " contactaddress "
	// A run of placeholders (both sentences of the cloaking text) is one.
	placeRun = regexp.MustCompile(`(contactaddress[\s.]*)+`)
)

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ReplaceAll(regexp.QuoteMeta(s), " ", `[\s.]+`)
	}
	return out
}

// contactDetails is what a text says about where to reach the vendor.
type contactDetails struct {
	addresses []string // e-mail addresses and URLs, lower-cased
	cloaked   bool     // the spam-protection text stands where an address was
}

// maskContacts replaces addresses and the cloaking text with one
// placeholder word, so the word diff sees neither.
func maskContacts(text string) (string, contactDetails) {
	var d contactDetails
	// Cheap checks first: most clauses hold no address at all.
	lower := strings.ToLower(text)
	if strings.Contains(text, "@") {
		for _, m := range emailRe.FindAllString(text, -1) {
			d.addresses = append(d.addresses, strings.ToLower(strings.TrimRight(m, ".")))
		}
		text = emailRe.ReplaceAllString(text, placeEmail)
	}
	if strings.Contains(lower, "http") || strings.Contains(lower, "www.") {
		for _, m := range urlRe.FindAllString(text, -1) {
			d.addresses = append(d.addresses, strings.ToLower(strings.TrimRight(m, ".,;")))
		}
		text = urlRe.ReplaceAllString(text, placeEmail)
	}
	if (strings.Contains(lower, "spambot") || strings.Contains(lower, "javascript") || strings.Contains(lower, "protected")) && cloakRe.MatchString(text) {
		d.cloaked = true
		// Both sentences of the cloaking text stand for one address.
		text = cloakRe.ReplaceAllString(text, placeEmail)
		text = placeRun.ReplaceAllString(text, placeEmail)
	}
	slices.Sort(d.addresses)
	return text, d
}

// noiseVerdict explains why a modified clause is not a real change.
type noiseVerdict struct {
	severity Severity
	category string
	reasons  []string
}

// editorial decides whether every difference between two versions of a
// clause is editorial. ok is false as soon as one difference may change
// meaning.
func editorial(oldText, newText string) (noiseVerdict, bool) {
	om, od := maskContacts(oldText)
	nm, nd := maskContacts(newText)
	ot, nt := tokenize(om), tokenize(nm)
	hunks := wordHunks(ot, nt)

	var v noiseVerdict
	if !slices.Equal(od.addresses, nd.addresses) {
		switch {
		case len(od.addresses) == 0 && od.cloaked && len(nd.addresses) > 0:
			v.reasons = append(v.reasons, fmt.Sprintf("contact address shown in place of spam-protection text: %s", strings.Join(nd.addresses, ", ")))
		case len(nd.addresses) == 0 && nd.cloaked && len(od.addresses) > 0:
			v.reasons = append(v.reasons, "contact address hidden behind spam-protection text")
		default:
			v.severity = Low
			v.reasons = append(v.reasons, fmt.Sprintf("contact address changed: %s → %s", orNone(od.addresses), orNone(nd.addresses)))
		}
		v.category = Contact
	}
	dated := hasDateContext(oldText) || hasDateContext(newText)
	contactish := od.cloaked || nd.cloaked || len(od.addresses)+len(nd.addresses) > 0 || hasAny(ot, contactContext) || hasAny(nt, contactContext)
	for _, h := range hunks {
		r, cat, ok := trivialHunk(h, dated, contactish)
		if !ok {
			return noiseVerdict{}, false
		}
		if cat != "" {
			v.category = cat
		}
		v.reasons = append(v.reasons, r)
	}
	if len(v.reasons) == 0 {
		v.reasons = append(v.reasons, spellingOnly(ot, nt))
	}
	return v, true
}

// spellingOnly explains a difference the stems do not see: an inflection
// or spelling ("Childrens" → "Children"), or punctuation.
func spellingOnly(ot, nt []token) string {
	for i := range min(len(ot), len(nt)) {
		if ot[i].raw != nt[i].raw {
			return fmt.Sprintf("spelling: %q → %q", ot[i].raw, nt[i].raw)
		}
	}
	return "punctuation or formatting only"
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

func hasAny(toks []token, set map[string]bool) bool {
	for _, t := range toks {
		if set[t.stem] {
			return true
		}
	}
	return false
}

func hasDateContext(text string) bool {
	if strings.ContainsAny(text, "0123456789") && (slashDate.MatchString(text) || yearRe.MatchString(text)) {
		return true
	}
	for _, t := range tokenize(text) {
		if monthWords[t.stem] && t.raw != "may" {
			return true
		}
	}
	return false
}

// trivialHunk says whether one word-level difference is editorial and why.
func trivialHunk(h hunk, dated, contactish bool) (reason, category string, ok bool) {
	del, ins := h.words(h.del), h.words(h.ins)
	switch {
	case onlyFiller(h.del) && onlyFiller(h.ins):
		return fmt.Sprintf("wording: %s", change(del, ins)), "", true
	case dated && onlyDate(h.del) && onlyDate(h.ins):
		return fmt.Sprintf("date changed: %s", change(del, ins)), "", true
	case isTypoFix(h):
		return fmt.Sprintf("typo fixed: %s", change(del, ins)), "", true
	case contactish && onlyRole(h.del) && onlyRole(h.ins):
		return fmt.Sprintf("contact role renamed: %s", change(del, ins)), Contact, true
	}
	return "", "", false
}

func change(del, ins string) string {
	switch {
	case del == "":
		return fmt.Sprintf("%q inserted", ins)
	case ins == "":
		return fmt.Sprintf("%q removed", del)
	}
	return fmt.Sprintf("%q → %q", del, ins)
}

// meaningfulShort are short words that carry meaning on their own.
var meaningfulShort = stemSet("no", "up", "ai", "eu", "uk", "id", "ip", "if", "do", "tv", "us")

// onlyFiller reports whether tokens are function words or stray letters
// (the "m" of "share m information").
func onlyFiller(toks []token) bool {
	for _, t := range toks {
		if grammatical(t.stem) {
			return false
		}
		if functionWords[t.stem] {
			continue
		}
		if len(t.raw) <= 2 && !isDigit(t.raw[0]) && !meaningfulShort[t.stem] && !negators[t.stem] {
			continue
		}
		return false
	}
	return true
}

func onlyDate(toks []token) bool {
	for _, t := range toks {
		switch {
		case monthWords[t.stem], stampWords[t.stem], ordinalRe.MatchString(t.raw):
		case isDigit(t.raw[0]) && len(t.raw) <= 4 && allDigits(t.raw):
		default:
			return false
		}
	}
	return true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func onlyRole(toks []token) bool {
	for _, t := range toks {
		if !roleWords[t.stem] && !functionWords[t.stem] {
			return false
		}
	}
	return true
}

// isTypoFix reports whether a hunk swaps words for near-identical spellings
// that carry no signal of their own: "Aditional" → "Additional".
func isTypoFix(h hunk) bool {
	if len(h.del) != len(h.ins) || len(h.del) == 0 {
		return false
	}
	for i := range h.del {
		a, b := h.del[i], h.ins[i]
		if grammatical(a.stem) || grammatical(b.stem) || isDigit(a.raw[0]) || isDigit(b.raw[0]) {
			return false
		}
		if signalStems[a.stem] && signalStems[b.stem] {
			return false // two different words of the vocabulary
		}
		limit := 1
		if min(len(a.raw), len(b.raw)) >= 7 {
			limit = 2
		}
		// Words far apart in length, or too short or long to be words,
		// are not typos; checking first keeps the edit distance cheap.
		if min(len(a.raw), len(b.raw)) < 4 || max(len(a.raw), len(b.raw)) > 40 || abs(len(a.raw)-len(b.raw)) > limit {
			return false
		}
		if levenshtein(a.raw, b.raw) > limit {
			return false
		}
	}
	return true
}

// grammatical words change meaning when swapped for a look-alike ("not" →
// "now", "may" → "way").
func grammatical(s string) bool {
	return negators[s] || strongModals[s] || weakModals[s] || qualifiers[s] ||
		carveOutWords[s] || boundaryWords[s]
}

// signalStems are the words of the vocabulary.
var signalStems = vocabularyStems(termSet, actionSet, consentRequired, withoutCondition, vagueSet)

func vocabularyStems(sets ...*phraseSet) map[string]bool {
	m := map[string]bool{}
	for _, ps := range sets {
		for _, p := range ps.patterns {
			for _, s := range p.slots {
				for _, a := range s.alts {
					m[a] = true
				}
			}
		}
	}
	return m
}
