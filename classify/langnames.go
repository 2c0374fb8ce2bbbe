package classify

import (
	"slices"
	"strings"
)

// Pages carry language selectors ("English | Français | Deutsch") that
// sites rewrite at will: a native name replaced by its English name, a
// language added to the list, a capital. None of it is policy. The names
// of languages are read in every language (a French page lists
// "Deutsch"), each mapped to its ISO code so that "Français" → "French"
// is the same language named another way.

// endonyms are the names languages give themselves, the same on every
// page whatever its language.
var endonyms = map[string]string{
	"english": "en", "français": "fr", "francais": "fr", "deutsch": "de", "español": "es", "castellano": "es",
	"italiano": "it", "nederlands": "nl", "português": "pt", "polski": "pl", "svenska": "sv", "dansk": "da",
	"norsk": "no", "suomi": "fi", "čeština": "cs", "slovenčina": "sk", "magyar": "hu", "română": "ro",
	"български": "bg", "ελληνικά": "el", "türkçe": "tr", "русский": "ru", "українська": "uk", "العربية": "ar",
	"עברית": "he", "हिन्दी": "hi", "日本語": "ja", "한국어": "ko", "中文": "zh", "简体中文": "zh", "繁體中文": "zh",
	"ไทย": "th", "tiếng": "vi", "việt": "vi", "bahasa": "id", "indonesia": "id", "melayu": "ms",
	"hrvatski": "hr", "srpski": "sr", "slovenščina": "sl", "eesti": "et", "latviešu": "lv", "lietuvių": "lt",
	"català": "ca", "galego": "gl", "euskara": "eu", "íslenska": "is", "gaeilge": "ga", "filipino": "fil",
}

// languageQualifiers follow or precede a language's name in a selector:
// the country or script it is offered for.
var languageQualifiers = []string{
	"us", "usa", "uk", "gb", "united", "states", "kingdom", "canada", "ca", "brasil", "brazil", "portugal",
	"españa", "spain", "méxico", "mexico", "latinoamérica", "latam", "américa", "america", "latina",
	"international", "internacional", "europe", "europa", "schweiz", "suisse", "svizzera", "österreich",
	"deutschland", "belgique", "belgië", "belgien", "france", "italia", "nederland", "australia", "india",
	"ireland", "singapore", "new", "zealand", "hong", "kong", "taiwan", "global", "simplified",
	"traditional", "simplifié", "traditionnel", "simplificado", "tradicional", "vereinfacht",
	"traditionell", "semplificato", "tradizionale", "简体", "繁體", "de", "do", "del", "da",
}

// langCode returns the ISO code of the language a word names, or "".
func (v *vocab) langCode(t token) string { return v.dates.languages[foldWord(t.raw)] }

// selectorWord reports whether a word belongs to a language selector
// beside the names: a qualifier ("UK", "Brasil") or a word of the
// selector itself ("Language", "Choisir la langue").
func (v *vocab) selectorWord(t token) bool {
	f := foldWord(t.raw)
	return v.dates.qualifiers[f] || v.dates.selectors[f]
}

// languageList reports whether a clause is a language selector: names of
// languages and little else.
func (c *clause) languageList() bool {
	names, other := 0, 0
	for _, t := range c.toks {
		switch {
		case c.v.langCode(t) != "":
			names++
		case c.v.selectorWord(t) || c.v.functionWords[t.stem]:
		default:
			other++
		}
	}
	return names >= 2 && other == 0 || names >= 3 && other*4 <= names
}

// languageHunk says whether a word-level difference only renames or
// lists languages: the same languages named another way anywhere
// ("Français" → "French"), or any names in a language selector.
func (v *vocab) languageHunk(h hunk, selector bool) (string, bool) {
	var oc, nc []string
	for _, side := range []struct {
		toks  []token
		codes *[]string
	}{{h.del, &oc}, {h.ins, &nc}} {
		for _, t := range side.toks {
			code := v.langCode(t)
			switch {
			case code != "":
				*side.codes = append(*side.codes, code)
			case selector && (v.selectorWord(t) || v.functionWords[t.stem]):
			default:
				return "", false
			}
		}
	}
	if len(oc)+len(nc) == 0 {
		return "", false
	}
	if selector {
		return "language selector changed: " + change(h.words(h.del), h.words(h.ins)), true
	}
	slices.Sort(oc)
	slices.Sort(nc)
	if !slices.Equal(oc, nc) {
		return "", false
	}
	return "language named another way: " + change(h.words(h.del), h.words(h.ins)), true
}

// selectorWords of every language, folded.
func compileSelectors(specs []*langSpec) map[string]bool {
	m := map[string]bool{}
	for _, s := range specs {
		for _, w := range s.selectorWords {
			for _, part := range strings.Fields(foldWord(w)) {
				m[part] = true
			}
		}
	}
	return m
}
