package classify

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a clause, lower-cased and stemmed, with where it
// stood so that reasons can quote the original wording.
type token struct {
	raw   string // lower-case surface form
	stem  string // the language's stem: "sharing", "shared" and "shares" all give "shar"
	start int    // byte offsets into the text the token came from
	end   int
	idx   int // place in the clause's tokens
	// brk is the strongest punctuation between the previous token and this
	// one: '.' ends a sentence, ';' and ':' end a clause, ',' only pauses.
	brk  byte
	addr bool // an e-mail address or a link, read as one word
	// glued: the token follows the previous one across a single dot,
	// dash or slash ("2024.1.0-IT", "2/4/19").
	glued bool
}

// addrStem is the stem of every address token: which address a clause
// gives is compared apart (noise.go), so the words see none.
const addrStem = "\x00addr"

// tokenize splits text into word tokens in one pass. Contractions are
// opened up ("don't" → "do not") so that negation needs one spelling,
// elided words are cut off ("n'utilisons" → "n utilisons"), hyphenated
// compounds are split ("third-party" → "third party"), possessives are
// dropped ("People's" → "people"), and e-mail addresses and links are one
// token each, so that "https" in a link is no safeguard.
func (v *vocab) tokenize(text string) []token {
	out := make([]token, 0, len(text)/6+1)
	spans := addressSpans(text)
	var brk byte
	i := 0
	for i < len(text) {
		if len(spans) > 0 && i >= spans[0][0] {
			sp := spans[0]
			spans = spans[1:]
			if i == sp[0] {
				out = append(out, token{raw: strings.ToLower(text[sp[0]:sp[1]]), stem: addrStem, start: sp[0], end: sp[1], idx: len(out), brk: brk, addr: true})
				brk = 0
				i = sp[1]
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			brk = strongerBreak(brk, r, text, i+size)
			i += size
			continue
		}
		start := i
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if isWordRune(r) {
				i += size
				continue
			}
			// Keep apostrophes inside words and separators inside numbers
			// ("1,000") so they can be handled as one unit below.
			if (r == '\'' || r == '’') && i+size < len(text) {
				if n, _ := utf8.DecodeRuneInString(text[i+size:]); unicode.IsLetter(n) {
					i += size
					continue
				}
			}
			if r == ',' && i > start && isDigit(text[i-1]) && i+1 < len(text) && isDigit(text[i+1]) {
				i += size
				continue
			}
			break
		}
		// Tag names left by broken markup ("code>", "</b") are no words.
		if htmlTags[strings.ToLower(text[start:i])] && (start > 0 && text[start-1] == '<' || start > 1 && text[start-2:start] == "</" || i < len(text) && text[i] == '>') {
			continue
		}
		if entityWord(text, start, i) {
			continue
		}
		glued := len(out) > 0 && out[len(out)-1].end == start-1 && strings.IndexByte("./-", text[start-1]) >= 0
		word := strings.ToLower(text[start:i])
		if strings.ContainsRune(word, '’') {
			word = strings.ReplaceAll(word, "’", "'")
		}
		if strings.IndexByte(word, ',') >= 0 {
			word = strings.ReplaceAll(word, ",", "")
		}
		for _, w := range v.open(word) {
			if w == "" {
				continue
			}
			out = append(out, token{raw: w, stem: v.stem(w), start: start, end: i, idx: len(out), brk: brk, glued: glued})
			brk = 0
		}
	}
	return out
}

// htmlTags are the tag names broken markup leaves in extracted text.
var htmlTags = map[string]bool{"code": true, "br": true, "b": true, "i": true, "em": true, "strong": true,
	"span": true, "div": true, "p": true, "sup": true, "sub": true, "u": true, "a": true, "li": true, "ul": true}

// open cuts one written word into the words it stands for.
func (v *vocab) open(w string) []string {
	if strings.IndexByte(w, '\'') < 0 {
		return []string{w}
	}
	if parts, ok := v.spec.contractions[w]; ok {
		return parts
	}
	if k := strings.IndexByte(w, '\''); len(v.elisions) > 0 && v.elisions[w[:k]] {
		return append([]string{w[:k]}, v.open(w[k+1:])...)
	}
	if v.spec.contractions != nil {
		if strings.HasSuffix(w, "n't") {
			return []string{strings.TrimSuffix(w, "n't"), "not"}
		}
		w = strings.TrimSuffix(w, "'s")
	}
	w = strings.TrimSuffix(w, "'")
	return []string{strings.ReplaceAll(w, "'", "")}
}

// addressSpans finds the e-mail addresses and links of a text, in order.
// Most clauses hold neither, and the cheap checks keep them free.
func addressSpans(text string) [][2]int {
	var out [][2]int
	if strings.IndexByte(text, '@') >= 0 {
		for _, m := range emailRe.FindAllStringIndex(text, -1) {
			end := m[1]
			for end > m[0] && text[end-1] == '.' {
				end--
			}
			out = append(out, [2]int{m[0], end})
		}
	}
	if strings.Contains(text, "://") || strings.Contains(text, "www.") || strings.Contains(text, "WWW.") {
		for _, m := range urlRe.FindAllStringIndex(text, -1) {
			end := m[1]
			for end > m[0] && strings.IndexByte(".,;:", text[end-1]) >= 0 {
				end--
			}
			if !overlapsSpan(out, m[0], end) {
				out = append(out, [2]int{m[0], end})
			}
		}
		slices.SortFunc(out, func(a, b [2]int) int { return a[0] - b[0] })
	}
	return out
}

func overlapsSpan(spans [][2]int, from, to int) bool {
	for _, s := range spans {
		if s[0] < to && from < s[1] {
			return true
		}
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// strongerBreak keeps the strongest punctuation seen between two words. A
// full stop only ends a sentence when followed by a space or the end of the
// text, so "e.g." and "2.5" do not cut clauses.
func strongerBreak(cur byte, r rune, text string, next int) byte {
	var b byte
	switch r {
	case '.', '!', '?':
		// A full stop followed by a lower-case word is an abbreviation
		// ("e.g. with"), not the end of a sentence.
		rest := strings.TrimLeft(text[next:], " \t")
		if next >= len(text) || next < len(text) && (text[next] == ' ' || text[next] == '\n' || text[next] == '\t') && !startsLower(rest) {
			b = '.'
		}
	case ';', ':':
		b = ';'
	case ',', '(', ')':
		b = ','
	case '\n':
		b = '.'
	}
	if rank(b) > rank(cur) {
		return b
	}
	return cur
}

func rank(b byte) int {
	switch b {
	case '.':
		return 3
	case ';':
		return 2
	case ',':
		return 1
	}
	return 0
}

// irregular forms that suffix stripping cannot reach, and short words the
// rules would mangle. Values are base words, stemmed in turn.
var irregular = map[string]string{
	"sold": "sell", "kept": "keep", "held": "hold", "gave": "give", "given": "give",
	"made": "make", "children": "child", "childs": "child", "used": "use", "using": "use",
	"uses": "use", "does": "does", "news": "news", "aged": "age", "ages": "age",
	"this": "this", "thus": "thus", "was": "was", "has": "has", "sent": "send",
}

// stemEnglish reduces a lower-case English word to a light stem. It is deliberately crude:
// the same rules run over the vocabulary and over the text, so all that
// matters is that inflections of one word meet ("share", "shares",
// "shared", "sharing" → "shar"; "country", "countries" → "countri").
func stemEnglish(w string) string {
	if base, ok := irregular[w]; ok {
		w = base
	}
	if w == "setting" || w == "settings" {
		return "setting" // a noun: "your settings" sets no cookie
	}
	if len(w) <= 3 || isDigit(w[0]) {
		return w
	}
	s := w
	cut := func(suffix, repl string) bool {
		if strings.HasSuffix(s, suffix) && len(s)-len(suffix) >= 3 {
			s = s[:len(s)-len(suffix)] + repl
			return true
		}
		return false
	}
	// Plurals and third persons.
	switch {
	case cut("ies", "i"), cut("sses", "ss"):
	case strings.HasSuffix(s, "ss"), strings.HasSuffix(s, "us"), strings.HasSuffix(s, "is"):
	case cut("es", ""), cut("s", ""):
	}
	// Past tenses and gerunds.
	switch {
	case cut("ied", "i"):
	case cut("ing", ""), cut("ed", ""):
		s = undouble(s)
	}
	// "y" and a final "e" vary between forms of one word.
	if strings.HasSuffix(s, "y") && len(s) > 3 {
		s = s[:len(s)-1] + "i"
	}
	cut("e", "")
	if base, ok := irregular[s]; ok && base != s {
		return stemEnglish(base) // "childrens" → "children" → "child"
	}
	return s
}

// undouble turns "transferr" (from "transferred") back into "transfer".
func undouble(s string) string {
	n := len(s)
	if n >= 4 && s[n-1] == s[n-2] && !strings.ContainsRune("lsz", rune(s[n-1])) && !strings.ContainsRune("aeiou", rune(s[n-1])) {
		return s[:n-1]
	}
	return s
}

// stems returns the stems of tokens, for matching.
func stems(toks []token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.stem
	}
	return out
}

// quote returns the original wording covering tokens [from, to] inclusive.
func quote(text string, toks []token, from, to int) string {
	if from < 0 || to >= len(toks) || from > to {
		return ""
	}
	return strings.Join(strings.Fields(text[toks[from].start:toks[to].end]), " ")
}

// foldForCompare reduces text to what a reader sees as its wording: case,
// quote and dash styles and whitespace do not count.
func foldForCompare(s string) string {
	s = unescapeEntities(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch r {
		case '“', '”', '„', '«', '»', '″':
			r = '"'
		case '‘', '’', '′', '`':
			r = '\''
		case '–', '—', '‐', '‑', '−':
			r = '-'
		case '\u00a0', '\u2009', '\u202f':
			r = ' '
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
