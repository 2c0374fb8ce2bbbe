package classify

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tracker-dev/tracker/diff"
)

// A page may hold several documents one after the other: the terms of
// each product, the privacy policy, the cookie policy and the legal notice
// of a site. When one of them leaves the page whole (a product withdrawn,
// a policy moved to a page of its own), its clauses are removed with its
// title and every heading under it. What the other documents say did not
// change; the removed one no longer governs what this page governs, so its
// clauses are at most low, rated for what they said, with the title named.

// documentTitleWords open the title of a document, per language: "Terms
// of Use of …", "Politique de confidentialité", "Règlement relatif aux
// cookies", "Mentions légales", "Nutzungsbedingungen". A German or Dutch
// compound ends with one ("Datenschutzerklärung", "cookiebeleid").
var documentTitleWords = map[string][]string{
	"en": {"terms", "conditions", "policy", "notice", "statement", "agreement", "guidelines", "addendum", "privacy", "imprint"},
	"fr": {"conditions", "cgu", "cgv", "politique", "reglement", "mentions", "charte", "avis", "declaration", "notice",
		"protection de la vie privee", "protection des donnees", "vie privee"},
	"de": {"bedingungen", "nutzungsbedingungen", "agb", "datenschutzerklarung", "datenschutzhinweise", "datenschutz", "richtlinie", "impressum", "hinweise", "erklarung"},
	"es": {"condiciones", "terminos", "politica", "aviso", "declaracion", "proteccion de datos", "privacidad"},
	"it": {"condizioni", "termini", "informativa", "note", "regolamento", "politica", "protezione dei dati"},
	"nl": {"voorwaarden", "gebruiksvoorwaarden", "verklaring", "privacyverklaring", "beleid", "cookiebeleid", "reglement"},
	"pt": {"termos", "condicoes", "politica", "aviso", "declaracao", "protecao de dados", "privacidade"},
}

// documentTitle reports whether a heading reads as the title of a
// document: after its number ("2.", "Article 3 –", "II"), it opens with
// one of the language's document words or phrases, or is a compound
// ending in one.
func documentTitle(lang, heading string) bool {
	words := strings.FieldsFunc(foldWord(heading), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for len(words) > 0 && (allDigits(words[0]) || romanNumeral(words[0]) || words[0] == "article" || words[0] == "artikel" || words[0] == "articulo" || words[0] == "articolo" || words[0] == "artigo") {
		words = words[1:]
	}
	if len(words) == 0 || len(words) > 12 {
		return false
	}
	joined := strings.Join(words, " ") + " "
	list := documentTitleWords[lang]
	if lang != "en" {
		list = append(list[:len(list):len(list)], documentTitleWords["en"]...)
	}
	for _, w := range list {
		if strings.HasPrefix(joined, w+" ") || len(words[0]) > len(w)+3 && strings.HasSuffix(words[0], w) && (lang == "de" || lang == "nl") {
			return true
		}
	}
	// "Cookie Policy", "Developer Terms": a short title closed by a
	// document word after a word of content, not "Changes to this
	// Policy".
	if n := len(words); n >= 2 && n <= 4 && documentWord(words[n-1]) {
		v := vocabFor(lang)
		w := words[n-2]
		return !titleLinks[w] && (v == nil || !v.functionWords[w] && !v.stopWords[w])
	}
	return false
}

// elsewhere reports whether a removed document's title tells that the
// document governs something the page no longer covers or lives on
// another page now: it names a product or audience ("… of the Acme Radio
// Service", "… for Developers") the new version never names, or the new
// version still refers to it by its title ("see our cookie policy"). A superseded copy of the page's own
// terms ("X Terms of Service" beside "Terms of Service") names neither:
// its clauses are rated for what the user loses.
func (r *reader) elsewhere(title string) bool {
	newText := r.newText()
	if t := singular(title); strings.Count(t, " ") >= 1 && strings.Contains(" "+r.newSingular()+" ", " "+t+" ") {
		return true
	}
	if strings.ToUpper(title) == title {
		return false // in capitals every word looks like a name
	}
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) < 2 || !startsUpper(w) || r.v.functionWords[r.v.stem(strings.ToLower(w))] || documentWord(foldWord(w)) {
			continue
		}
		if !containsWord(newText, w) {
			return true
		}
	}
	return false
}

// singular folds a title for comparing it with a link's label: its words
// without number, case, accents or a plural ending ("2. Règlements
// relatifs" → "reglement relatif").
func singular(s string) string {
	words := strings.FieldsFunc(foldWord(s), func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range words {
		if len(w) > 3 {
			words[i] = strings.TrimRight(w, "sx")
		}
	}
	return strings.Join(words, " ")
}

// documentWord reports whether a folded word is a document word of some
// language ("terms", "politique").
func documentWord(w string) bool {
	for _, list := range documentTitleWords {
		if slices.Contains(list, w) {
			return true
		}
	}
	return false
}

// containsWord reports whether text holds w as a whole word, in the same
// capitals.
func containsWord(text, w string) bool {
	for i := 0; ; {
		k := strings.Index(text[i:], w)
		if k < 0 {
			return false
		}
		at := i + k
		end := at + len(w)
		before, _ := utf8.DecodeLastRuneInString(text[:at])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if (at == 0 || !unicode.IsLetter(before)) && (end == len(text) || !unicode.IsLetter(after)) {
			return true
		}
		i = end
	}
}

// newSingular is the new version's text folded by singular, once.
func (r *reader) newSingular() string {
	if r.newFolded == "" {
		r.newFolded = singular(r.newText())
	}
	return r.newFolded
}

// newText is the new version's text: the document when known, else its
// changed clauses.
func (r *reader) newText() string { return r.side(&r.newDoc, 1) }

// titleLinks are the small words that make "Changes to Terms" a section
// about a document rather than its title.
var titleLinks = map[string]bool{"to": true, "of": true, "for": true, "about": true, "on": true, "with": true, "under": true,
	"de": true, "du": true, "des": true, "aux": true, "au": true, "zur": true, "zum": true, "von": true, "der": true,
	"del": true, "di": true, "della": true, "van": true, "do": true, "da": true}

// Sizes of a document removed whole: enough clauses and headings that it
// cannot be one section of the page's own document dropped.
const (
	minDocumentClauses  = 6
	minDocumentHeadings = 2
)

// removedDocuments finds, in a report's changes, the runs that remove a
// whole document: a removed title, then only removed clauses, at least
// minDocumentClauses of them under at least minDocumentHeadings headings.
// It maps the index of each change of such a run to the title.
func (r *reader) removedDocuments(changes []diff.Change) map[int]string {
	var out map[int]string
	for i := 0; i < len(changes); i++ {
		c := changes[i]
		if c.Kind != diff.Removed || !(c.Heading || r.headingLike(c)) || !documentTitle(r.lang.Code, c.OldText) {
			continue
		}
		clauses, headings := 0, 0
		j := i + 1
		for ; j < len(changes) && changes[j].Kind == diff.Removed; j++ {
			if changes[j].Heading || r.headingLike(changes[j]) {
				if documentTitle(r.lang.Code, changes[j].OldText) && clauses >= minDocumentClauses {
					break // the next document of the page
				}
				headings++
			} else {
				clauses++
			}
		}
		if clauses < minDocumentClauses || headings < minDocumentHeadings || !r.elsewhere(c.OldText) {
			continue
		}
		if out == nil {
			out = map[int]string{}
		}
		for k := i; k < j; k++ {
			out[k] = clip(c.OldText, 80)
		}
		i = j - 1
	}
	return out
}

// oldText is the old version's text: the document when known, else its
// changed clauses.
func (r *reader) oldText() string { return r.side(&r.oldDoc, 0) }

// versionText is one version's text, built the first time it is asked for.
type versionText struct {
	text string
	read bool
}

// side builds one version's text (first: 0 old, 1 new): the document when
// texts are the two documents, else that version's changed clauses, which
// alternate old and new in texts.
func (r *reader) side(v *versionText, first int) string {
	if v.read {
		return v.text
	}
	v.read = true
	if r.docs {
		v.text = r.texts[first]
		return v.text
	}
	var b strings.Builder
	for i := first; i < len(r.texts); i += 2 {
		b.WriteString(r.texts[i])
		b.WriteByte('\n')
	}
	v.text = b.String()
	return v.text
}

// newTracker returns the company a short added line of a tracker list
// names beside a tracking technique ("Bing tag", "Balise Bing (…)",
// "Hotjar cookies") when the old version never named it: one more company
// tracking the user. "" otherwise.
func (r *reader) newTracker(c *clause) string {
	if len(c.toks) == 0 || len(c.toks) > 8 || !r.trackingDocument() {
		return ""
	}
	tech := false
	for _, h := range c.terms {
		if termInfoOf(c, h).kind == kindTech && !h.negated {
			tech = true
		}
	}
	if !tech {
		return ""
	}
	for i, t := range c.toks {
		if t.addr || len(t.raw) < 2 || c.inTerm(i) {
			continue
		}
		w := c.text[t.start:t.end]
		if !startsUpper(w) || strings.ToUpper(w) == w && len(w) > 4 || c.v.functionWords[t.raw] || c.v.stopWords[t.raw] {
			continue
		}
		if !containsWord(r.oldText(), w) {
			return w
		}
	}
	return ""
}

// inTerm reports whether token i is part of a vocabulary term.
func (c *clause) inTerm(i int) bool {
	for _, h := range c.terms {
		if i >= h.from && i < h.to {
			return true
		}
	}
	return false
}
