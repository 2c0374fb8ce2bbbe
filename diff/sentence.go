package diff

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// alwaysAbbrev are abbreviations after which a full stop never ends a
// sentence: what follows them is part of the same sentence ("e.g. Google").
var alwaysAbbrev = map[string]bool{
	"e.g": true, "i.e": true, "eg": true, "ie": true, "viz": true, "cf": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true,
	"jr": true, "sr": true, "vs": true, "v": true, "approx": true, "appx": true,
	"fig": true, "sec": true, "art": true, "para": true, "ref": true, "refs": true,
	"tel": true, "ph": true, "pp": true, "p": true, "al": true, "esp": true,
	"incl": true, "rev": true, "ver": true, "vol": true, "dept": true, "est": true, "ca": true, "nr": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"a.m": true, "p.m": true, "ph.d": true,
}

// ambiguousAbbrev usually continue the sentence ("Acme Inc. (Acme)", "the
// U.S. Department") but end it often enough ("stored in the U.S. We …") that
// the next word decides: see sentenceStarters.
var ambiguousAbbrev = map[string]bool{
	"etc": true, "inc": true, "ltd": true, "llc": true, "corp": true, "co": true,
	"plc": true, "gmbh": true, "u.s": true, "u.k": true, "e.u": true, "u.s.a": true,
	"l.l.c": true, "s.a": true, "n.a": true,
}

// monthAbbrev are months shortened with a full stop in the languages
// tracker reads; before a year they never end a sentence.
var monthAbbrev = map[string]bool{
	"janv": true, "févr": true, "fév": true, "avr": true, "juil": true, "déc": true, "ene": true,
	"abr": true, "ago": true, "dic": true, "gen": true, "mag": true, "giu": true, "lug": true,
	"set": true, "sett": true, "ott": true, "mrt": true, "okt": true, "dez": true, "mär": true,
	"mrz": true, "jän": true, "fev": true, "mai": true, "out": true,
}

// ordinalMonths are the months written after a day with a full stop
// ("1. März", "3. Okt."), in German and Scandinavian usage.
var ordinalMonths = map[string]bool{
	"Januar": true, "Jänner": true, "Februar": true, "März": true, "April": true, "Mai": true,
	"Juni": true, "Juli": true, "August": true, "September": true, "Oktober": true,
	"November": true, "Dezember": true, "Jan": true, "Feb": true, "Mär": true, "Mrz": true,
	"Apr": true, "Jun": true, "Jul": true, "Aug": true, "Sep": true, "Sept": true,
	"Okt": true, "Nov": true, "Dez": true,
}

// sentenceStarters are words that, capitalised after an ambiguous
// abbreviation, almost always open a new sentence.
var sentenceStarters = map[string]bool{
	"We": true, "You": true, "Your": true, "Our": true, "Us": true, "If": true,
	"The": true, "This": true, "These": true, "That": true, "Those": true,
	"In": true, "For": true, "To": true, "When": true, "Where": true,
	"Please": true, "Any": true, "All": true, "Such": true, "It": true,
	"They": true, "Their": true, "As": true, "By": true, "Each": true,
	"Some": true, "However": true, "Unless": true, "Although": true, "A": true,
	"An": true, "No": true, "Most": true, "Many": true, "Information": true,
}

// splitSentences cuts a paragraph into sentences. It errs on the side of not
// cutting: a missed boundary only makes a clause longer, while a wrong one
// can split a clause differently in two versions of the same text.
func splitSentences(s string) []string {
	var out []string
	start := 0
	closing := matchedParens(s)
	quoteClose := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			// A full stop inside a closed parenthesis never ends the
			// sentence around it: "(see Section 4. Retention) and". Only
			// one right before the closing bracket may: "(This is rare.) We".
			if c, ok := closing[i]; ok {
				i = lastTerminatorRun(s, i+1, c) - 1
			}
			continue
		case '"':
			if i == quoteClose {
				continue
			}
			// Inside a short quotation only a terminator right before the
			// closing quote may end the sentence: `we call it "Service." We`.
			if c := strings.IndexByte(s[i+1:], '"'); c >= 0 && c < 300 {
				quoteClose = i + 1 + c
				i = lastTerminatorRun(s, i+1, quoteClose) - 1
			}
			continue
		case '.', '!', '?':
		default:
			continue
		}
		end, next, ok := boundaryAt(s, i)
		if !ok {
			continue
		}
		if sent := strings.TrimSpace(s[start:end]); sent != "" {
			out = append(out, sent)
		}
		start = next
		i = next - 1
	}
	if sent := strings.TrimSpace(s[start:]); sent != "" {
		out = append(out, sent)
	}
	return out
}

// matchedParens maps the index of every '(' that is closed to the index of
// its ')'. Unclosed brackets are left out so that a stray one cannot swallow
// the rest of a paragraph.
func matchedParens(s string) map[int]int {
	if strings.IndexByte(s, '(') < 0 {
		return nil
	}
	m := map[int]int{}
	var stack []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			stack = append(stack, i)
		case ')':
			if len(stack) == 0 {
				continue
			}
			m[stack[len(stack)-1]] = i
			stack = stack[:len(stack)-1]
		}
	}
	return m
}

// lastTerminatorRun returns where the run of '.', '!' or '?' that ends
// s[from:to] starts, or to when s[from:to] does not end with one.
func lastTerminatorRun(s string, from, to int) int {
	j := to
	for j > from && strings.IndexByte(".!?", s[j-1]) >= 0 {
		j--
	}
	return j
}

// boundaryAt decides whether the terminator at s[i] ends a sentence. It
// returns where the sentence ends (after closing quotes) and where the next
// one starts.
func boundaryAt(s string, i int) (end, next int, ok bool) {
	if i > 0 && strings.IndexByte(".!?", s[i-1]) >= 0 {
		return 0, 0, false // inside a run already judged at its start
	}
	j := i + 1
	// Runs of terminators ("?!", "...") and closing quotes or brackets stay
	// with the sentence they close.
	for j < len(s) && strings.IndexByte(".!?", s[j]) >= 0 {
		j++
	}
	dots := j - i
	for j < len(s) && strings.IndexByte(`"')]`, s[j]) >= 0 {
		j++
	}
	end = j
	if j >= len(s) || s[j] != ' ' {
		return 0, 0, false // "e.g.," "2.5", "example.com", end of text
	}
	k := j
	for k < len(s) && s[k] == ' ' {
		k++
	}
	if k >= len(s) || !opensSentence(s[k:]) {
		return 0, 0, false
	}
	if s[i] == '.' && dots == 1 && !periodEnds(s[:i], s[k:]) {
		return 0, 0, false
	}
	if s[i] == '.' && dots == 2 || s[i] == '.' && dots >= 3 && !strings.ContainsAny(s[i:j], "!?") {
		return 0, 0, false // an ellipsis: the sentence trails on
	}
	return end, k, true
}

// opensSentence reports whether text can start a sentence: a capital or a
// digit, possibly behind an opening quote or bracket.
func opensSentence(rest string) bool {
	rest = strings.TrimLeft(rest, `"'([`)
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// periodEnds looks at the word before a single full stop and the word after
// it to tell a sentence end from an abbreviation.
func periodEnds(before, after string) bool {
	w := before[strings.LastIndexAny(before, " (\"'/")+1:]
	if w == "" {
		return true
	}
	lw := strings.ToLower(w)
	if alwaysAbbrev[lw] {
		return false
	}
	next := after
	if n := strings.IndexAny(next, " ,;:"); n >= 0 {
		next = next[:n]
	}
	if lw == "no" || lw == "nos" {
		return !startsWithDigit(after)
	}
	if monthAbbrev[lw] && startsWithDigit(after) {
		return false // "3 févr. 2024", "2 fev. 2023"
	}
	// "am 1. März 2024": a German day before its month.
	if len(w) <= 2 && startsWithDigit(w) && ordinalMonths[strings.TrimRight(next, ".")] {
		return false
	}
	if ambiguousAbbrev[lw] {
		return sentenceStarters[strings.TrimLeft(next, `"'(`)]
	}
	// A single capital is an initial ("J. Smith"), as is any dotted run of
	// short letter groups ("U.S.A", "Section 2.D").
	if r, size := utf8.DecodeRuneInString(w); size == len(w) && unicode.IsUpper(r) {
		return false
	}
	if strings.Contains(w, ".") && dottedShort(w) {
		return sentenceStarters[strings.TrimLeft(next, `"'(`)]
	}
	return true
}

func startsWithDigit(s string) bool {
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// dottedShort reports whether w is made of short dot-separated groups, like
// "U.S", "2.D" or "4.2.1": references and acronyms rather than words.
func dottedShort(w string) bool {
	for _, part := range strings.Split(w, ".") {
		if part == "" || utf8.RuneCountInString(part) > 3 {
			return false
		}
	}
	return true
}
