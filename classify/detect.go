package classify

import (
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"

	"github.com/tracker-dev/tracker/diff"
)

// Language is the language a document is written in.
type Language struct {
	Code string // ISO 639-1 ("en", "fr"); empty when it could not be told
	Name string // in English ("French"), for notes
}

// Rated reports whether the classifier reads the language. An unknown
// language (too little text to tell) is read as English, the default.
func (l Language) Rated() bool { return l.Code == "" || vocabFor(l.Code) != nil }

// sampleSize bounds how much text detection reads: a few pages of a policy
// tell its language as well as the whole, and keep detection cheap.
const sampleSize = 6000

// minLetters is how many letters a sample needs before a language other
// than those the classifier reads is believed: a clause or two of English
// with a few names in it must not be taken for another language.
const minLetters = 400

// detector names the languages the classifier reads, for short samples.
var detector = map[string]whatlanggo.Lang{
	"en": whatlanggo.Eng, "fr": whatlanggo.Fra, "de": whatlanggo.Deu, "es": whatlanggo.Spa,
	"it": whatlanggo.Ita, "nl": whatlanggo.Nld, "pt": whatlanggo.Por,
}

// ours are the languages the classifier reads, as the detector names them.
var ours = func() map[whatlanggo.Lang]bool {
	m := map[whatlanggo.Lang]bool{}
	for _, s := range languages {
		m[detector[s.code]] = true
	}
	return m
}()

// Detect tells the language of a text from a sample of it. Long enough
// text in a language the classifier does not read is named as such, so
// that its changes are shown unrated; a short or unclear one is read as
// the nearest language the classifier knows, English when none is clear.
func Detect(text string) Language {
	sample := sampleOf(text)
	code, share, letters := byStopWords(sample)
	switch {
	case letters < 20:
		return Language{Code: "en", Name: "English"}
	case code != "" && (share >= 0.12 || letters < minLetters):
		// Grammar words of one known language make up a good part of
		// the text: that language, without statistics.
		return languageOf(code)
	case letters >= minLetters:
		// Few grammar words the classifier knows: another language,
		// which trigram statistics can name.
		info := whatlanggo.Detect(sample)
		if info.Lang >= 0 && info.IsReliable() {
			if vocabFor(info.Lang.Iso6391()) == nil {
				return Language{Code: info.Lang.Iso6391(), Name: info.Lang.String()}
			}
			return languageOf(info.Lang.Iso6391())
		}
	}
	if code != "" {
		return languageOf(code)
	}
	return Language{Code: "en", Name: "English"}
}

// byStopWords tells a sample's language among those the classifier reads
// by counting its grammar words (articles, pronouns, negators, modals):
// it is cheap, and sure where trigram statistics mislead (a sentence or
// two). English wins ties. It returns the language ("" when none has a
// grammar word), the share of the sample's words that are its grammar
// words, and how many letters the sample holds.
func byStopWords(sample string) (string, float64, int) {
	counts := map[string]int{}
	words, letters := 0, 0
	word := make([]rune, 0, 16)
	glued := false // the word follows a dot or slash: a domain or a path
	var prev rune
	flush := func() {
		if len(word) == 0 {
			return
		}
		w := string(word)
		word = word[:0]
		words++
		if glued {
			return
		}
		for _, s := range languages {
			if vocabs()[s.code].stopWords[w] {
				counts[s.code]++
			}
		}
	}
	for _, r := range sample {
		if unicode.IsLetter(r) {
			letters++
			if len(word) == 0 {
				glued = prev == '.' || prev == '/' || prev == '@' || prev == '_'
			}
			word = append(word, unicode.ToLower(r))
		} else {
			flush()
		}
		prev = r
	}
	flush()
	best, n := "", 0
	if counts["en"] > 0 {
		best, n = "en", counts["en"]
	}
	for _, s := range languages {
		if counts[s.code] > n && (s.code == "en" || counts[s.code] >= 2) {
			best, n = s.code, counts[s.code]
		}
	}
	if words == 0 {
		return best, 0, letters
	}
	return best, float64(n) / float64(words), letters
}

func languageOf(code string) Language {
	if v := vocabFor(code); v != nil {
		return Language{Code: code, Name: v.spec.name}
	}
	return Language{Code: "en", Name: "English"}
}

// sampleOf takes the start and the middle of a long text, cut on rune
// boundaries.
func sampleOf(text string) string {
	if len(text) <= sampleSize {
		return text
	}
	half := sampleSize / 2
	head := cutRunes(text, 0, half)
	mid := cutRunes(text, len(text)/2, len(text)/2+half)
	return head + "\n" + mid
}

func cutRunes(s string, from, to int) string {
	for from > 0 && from < len(s) && !utf8.RuneStart(s[from]) {
		from++
	}
	for to < len(s) && to > from && !utf8.RuneStart(s[to]) {
		to--
	}
	return s[from:min(to, len(s))]
}

// detectChanges tells the language of a report from its changed clauses
// when the documents themselves are not at hand.
func detectChanges(changes []diff.Change) Language {
	var b []byte
	for _, c := range changes {
		if len(b) >= sampleSize {
			break
		}
		b = append(b, c.NewText...)
		b = append(b, '\n')
		b = append(b, c.OldText...)
		b = append(b, '\n')
	}
	return Detect(string(b))
}

// unratedNote says why a report's changes carry no rating.
func unratedNote(l Language) string {
	name := l.Name
	if name == "" {
		name = l.Code
	}
	return "not rated: the document is in " + name + ", a language tracker does not read; every change is shown at low"
}

// rate classifies a change, or marks it unrated when the report's
// language is not one the classifier reads.
func (r *reader) rate(c diff.Change) Change {
	if r.lang.Rated() {
		return r.classify(c)
	}
	out := Change{
		Kind: c.Kind, Section: c.Section, OldSection: c.OldSection,
		OldText: c.OldText, NewText: c.NewText, Words: c.Words,
		Severity: Low, Categories: []string{Other},
		Reasons: []string{unratedNote(r.lang)},
	}
	return out
}
