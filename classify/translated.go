package classify

import (
	"strings"
	"unicode"

	"github.com/abadojack/whatlanggo"

	"github.com/tracker-dev/tracker/diff"
)

// A page that shows a paragraph in another language than before (the
// English contact details translated at last, a notice served in English
// on a French page) makes the diff remove the clause in one language and
// add it in the other: no word is shared, so neither side is read as the
// other. The vocabulary of one language cannot compare them; what they
// share shows they are one clause: the same names, numbers and addresses,
// or the same place in the page at about the same length. Such a pair is
// at most low: the meaning may be checked by reading it, but it is no
// change of terms.

// minTranslated is how many letters a clause needs before its language is
// believed: a heading or a label may read as any language.
const minTranslated = 60

// translatedPairs finds added and removed clauses that are one clause in
// two languages, and returns the indexes of both sides of each pair,
// mapped to the language of the other side.
func (r *reader) translatedPairs(changes []diff.Change) map[int]string {
	type side struct {
		i       int
		lang    string
		anchors map[string]bool
		letters int
	}
	var removed, added []side
	var out map[int]string
	for i, c := range changes {
		if c.Kind == diff.Modified {
			// Paired by the names they share, but written in two
			// languages. A clause that kept most of its words kept its
			// language: no need to ask.
			if mostlyKept(c.Words) {
				continue
			}
			if o, n := grammarLanguage(c.OldText), grammarLanguage(c.NewText); o != "" && n != "" && o != n &&
				confirmed(c.OldText, o) && confirmed(c.NewText, n) {
				if out == nil {
					out = map[int]string{}
				}
				out[i] = o
			}
			continue
		}
		if c.Kind != diff.Added && c.Kind != diff.Removed || c.Twin != "" || c.Repeat {
			continue
		}
		text := c.NewText + c.OldText
		code := clauseLanguage(text)
		if code == "" {
			continue
		}
		s := side{i: i, lang: code, anchors: anchorsOf(text), letters: letterCount(text)}
		if c.Kind == diff.Added {
			added = append(added, s)
		} else {
			removed = append(removed, s)
		}
	}
	if len(removed) == 0 || len(added) == 0 {
		return out
	}
	taken := map[int]bool{}
	for _, o := range removed {
		best, bestScore := -1, 0.0
		for k, n := range added {
			if taken[k] || n.lang == o.lang {
				continue
			}
			ratio := float64(n.letters) / float64(o.letters)
			if ratio < 0.6 || ratio > 1.7 {
				continue
			}
			// Without names or numbers in common, only a neighbour in
			// the same section and of about the same length is
			// believed to be the same clause; a neighbour sharing some
			// of them is.
			score := overlap(o.anchors, n.anchors)
			beside := abs(n.i-o.i) <= 2
			near := beside && ratio >= 0.75 && ratio <= 1.33 &&
				foldForCompare(changes[n.i].Section) == foldForCompare(changes[o.i].Section)
			if score < 0.5 && !near && !(beside && score >= 0.3) {
				continue
			}
			if near {
				score += 0.5
			}
			if score > bestScore {
				best, bestScore = k, score
			}
		}
		if best < 0 {
			continue
		}
		taken[best] = true
		if out == nil {
			out = map[int]string{}
		}
		out[o.i], out[added[best].i] = added[best].lang, o.lang
	}
	return out
}

// mostlyKept reports whether a word diff keeps at least half the text.
func mostlyKept(ops []diff.Op) bool {
	kept, changed := 0, 0
	for _, op := range ops {
		if op.Type == diff.Equal {
			kept += len(op.Text)
		} else {
			changed += len(op.Text)
		}
	}
	return len(ops) > 0 && kept >= changed
}

// clauseLanguage tells the language of one clause, or "" when it is too
// short or unclear. Neighbour languages share grammar words ("de", "la",
// "en"): the letters' statistics must agree with them.
func clauseLanguage(text string) string {
	if code := grammarLanguage(text); code != "" && confirmed(text, code) {
		return code
	}
	return ""
}

// grammarLanguage tells a clause's language by its grammar words alone.
// The first few hundred bytes tell it as well as the whole clause.
func grammarLanguage(text string) string {
	code, share, letters := byStopWords(cutRunes(text, 0, 500))
	if code == "" || letters < minTranslated || share < 0.08 {
		return ""
	}
	return code
}

// confirmed reports whether the letters' statistics name the language too.
func confirmed(text, code string) bool {
	return whatlanggo.Detect(cutRunes(text, 0, 500)).Lang.Iso6391() == code
}

func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// anchorsOf lists what a clause keeps in any language: numbers, addresses
// and words written with a capital inside a sentence (names).
func anchorsOf(text string) map[string]bool {
	out := map[string]bool{}
	start := true
	for _, f := range strings.Fields(text) {
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '@' })
		switch {
		case w == "":
		case strings.ContainsAny(w, "@/") || strings.ContainsFunc(w, unicode.IsDigit):
			out[strings.ToLower(w)] = true
		case !start && startsUpper(w) && len(w) > 1:
			out[w] = true
		}
		start = strings.HasSuffix(f, ".") || strings.HasSuffix(f, ":")
	}
	return out
}

// overlap is the share of the anchors of the smaller set found in the
// other (0 when either has none).
func overlap(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}
