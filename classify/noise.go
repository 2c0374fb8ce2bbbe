package classify

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Contact details are compared as values, not as words: an address
// replacing the spam-protection text that hid it is no change, a different
// address is a small one. The tokenizer reads each address as one word
// (text.go).
var (
	emailRe = regexp.MustCompile(`(?i)[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}`)
	urlRe   = regexp.MustCompile(`(?i)\bhttps?://[^\s)>\]]+|\bwww\.[^\s)>\]]+`)
)

// Markdown reference links: "[text][label]" shows "text", and a line
// "[label]: /path" only tells where the label points.
var (
	refLinkRe = regexp.MustCompile(`\[([^\]\[]*)\]\[[^\]\s]{1,80}\]`)
	refDefRe  = regexp.MustCompile(`^\s*\[[^\]\s]{1,80}\]:\s*\S+\s*$`)
)

const misspelt = "misspelling introduced: "

// noiseVerdict explains why a modified clause is not a real change.
type noiseVerdict struct {
	severity Severity
	category string
	reasons  []string
}

// editorial decides whether every difference between two versions of a
// clause is editorial. ok is false as soon as one difference may change
// meaning.
func editorial(old, nw *clause, known func(string) int) (noiseVerdict, bool) {
	ot, nt := old.toks, nw.toks
	var v noiseVerdict
	if degradedAlike(old.text, nw.text) {
		// "één" → "??n", "€" → "?": the page was read in the wrong
		// character set, the words are the same.
		v.reasons = append(v.reasons, "characters garbled by a wrong encoding")
		return v, true
	}
	if canonicalText(old.text) == canonicalText(nw.text) {
		// "https://www. acme.fr" → "https://www.acme.fr", "http://" →
		// "https://", "www.acme.com" → "acme.com": the same words, the
		// same links.
		v.reasons = append(v.reasons, "spacing or link form only")
		return v, true
	}
	if (old.dated() || nw.dated()) && slices.Equal(old.undated(), nw.undated()) && len(old.cutoffs())+len(nw.cutoffs()) == 0 {
		// "January 4, 2021" → "from 4 January 2021": only the date.
		v.reasons = append(v.reasons, "date changed: "+wordingChange(old, nw))
		return v, true
	}
	hunks := wordHunks(ot, nt)
	oa, na := normalAddresses(old.addresses), normalAddresses(nw.addresses)
	if slices.Equal(oa, na) {
		// Only the scheme, "www." or a trailing slash changed.
	} else if onlyLinks(oa, na) && !(old.cloaked || nw.cloaked) {
		// A link's target is markup: what the reader reads is its
		// label. Only in a clause about reaching the vendor is a link
		// to another site worth a look; a page moved on the same site
		// is not.
		if !slices.Equal(hosts(oa), hosts(na)) && (hasAny(ot, nw.v.contactContext) || hasAny(nt, nw.v.contactContext)) {
			v.severity, v.category = Low, Contact
			v.reasons = append(v.reasons, fmt.Sprintf("contact link changed: %s → %s", orNone(old.addresses), orNone(nw.addresses)))
		} else {
			v.reasons = append(v.reasons, "link target changed")
		}
	} else {
		switch {
		case len(old.addresses) == 0 && old.cloaked && len(nw.addresses) > 0:
			v.reasons = append(v.reasons, fmt.Sprintf("contact address shown in place of spam-protection text: %s", strings.Join(nw.addresses, ", ")))
		case len(nw.addresses) == 0 && nw.cloaked && len(old.addresses) > 0:
			v.reasons = append(v.reasons, "contact address hidden behind spam-protection text")
		default:
			v.severity = Low
			v.reasons = append(v.reasons, fmt.Sprintf("contact address changed: %s → %s", orNone(old.addresses), orNone(nw.addresses)))
		}
		v.category = Contact
	}
	contactish := old.cloaked || nw.cloaked || len(old.addresses)+len(nw.addresses) > 0 ||
		hasAny(ot, nw.v.contactContext) || hasAny(nt, nw.v.contactContext)
	if len(hunks) > 0 && reordered(nw.v, ot, nt, hunks) {
		v.reasons = append(v.reasons, "same words in another order: "+wordingChange(old, nw))
		return v, true
	}
	if len(hunks) > 0 && reshuffled(old, nw) {
		v.reasons = append(v.reasons, "same names in another order, some moved between clauses: "+wordingChange(old, nw))
		return v, true
	}
	for _, h := range hunks {
		if movedAcross(old, nw, h) {
			v.reasons = append(v.reasons, fmt.Sprintf("words moved between clauses: %s", change(h.words(h.del), h.words(h.ins))))
			continue
		}
		if leadingNumber(old, h.del) && len(h.ins) == 0 || leadingNumber(nw, h.ins) && len(h.del) == 0 || gluedNumber(h) || anchorCounter(old, nw, h) {
			v.reasons = append(v.reasons, fmt.Sprintf("clause number: %s", change(h.words(h.del), h.words(h.ins))))
			continue
		}
		if renumbered(nw.v, h, ot, nt) {
			v.reasons = append(v.reasons, fmt.Sprintf("renumbered: %s", change(h.words(h.del), h.words(h.ins))))
			continue
		}
		if old.inDate(h.del) && nw.inDate(h.ins) && (old.dated() || nw.dated()) {
			v.reasons = append(v.reasons, fmt.Sprintf("date changed: %s", change(h.words(h.del), h.words(h.ins))))
			continue
		}
		if r, ok := nw.v.languageHunk(h, old.languageList() || nw.languageList()); ok {
			v.reasons = append(v.reasons, r)
			continue
		}
		r, cat, ok := nw.v.trivialHunk(h, contactish, known)
		if !ok {
			return noiseVerdict{}, false
		}
		if cat != "" {
			v.category = cat
		}
		if strings.HasPrefix(r, misspelt) {
			v.severity = max(v.severity, Low)
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

// movedAcross reports whether the words a hunk drops went to another
// changed clause and the words it adds came from one, none of them a word
// of the vocabulary or of grammar: names shuffled between the rows of a
// table that regenerates itself.
func movedAcross(old, nw *clause, h hunk) bool {
	if old.pool == nil || len(h.del)+len(h.ins) == 0 {
		return false
	}
	plain := func(t token) bool {
		return !t.addr && !nw.v.signalStems[t.stem] && !nw.v.grammatical(t.stem)
	}
	for _, t := range h.del {
		if !plain(t) || !old.pool.carriedOut(wordKey(t)) {
			return false
		}
	}
	for _, t := range h.ins {
		if !plain(t) || !nw.pool.carriedIn(wordKey(t)) {
			return false
		}
	}
	return true
}

// reshuffled reports whether a list of names (a row of a cookie table)
// was reordered and some of its names moved to or came from another
// changed clause of the report, with no word of the vocabulary or of
// grammar among those that moved: a table that regenerates itself in
// another order. Order alone carries no meaning in such a list.
func reshuffled(old, nw *clause) bool {
	if old.pool == nil {
		return false
	}
	count := map[string]int{}
	for _, t := range old.toks {
		if nw.v.grammatical(t.stem) {
			return false
		}
		count[t.raw]++
	}
	for _, t := range nw.toks {
		if nw.v.grammatical(t.stem) {
			return false
		}
		count[t.raw]--
	}
	plain := func(t token) bool {
		return !t.addr && !nw.v.signalStems[t.stem] && !nw.v.grammatical(t.stem)
	}
	for _, t := range old.toks {
		if count[t.raw] > 0 && (!plain(t) || !old.pool.carriedOut(wordKey(t))) {
			return false
		}
	}
	for _, t := range nw.toks {
		if count[t.raw] < 0 && (!plain(t) || !nw.pool.carriedIn(wordKey(t))) {
			return false
		}
	}
	return true
}

// renumbered reports whether a hunk only changes a reference number: a
// number after "Section", "Article", "§" ("Section 14" → "Section 15"),
// or the number a clause opens with ("13.1 …" → "14.1 …").
func renumbered(v *vocab, h hunk, ot, nt []token) bool {
	numberish := func(ts []token) bool {
		for _, t := range ts {
			if !(isDigit(t.raw[0]) && len(t.raw) <= 4 || len(t.raw) == 1 || romanNumeral(t.raw)) {
				return false
			}
		}
		return true
	}
	if len(h.del) == 0 || len(h.ins) == 0 || !numberish(h.del) || !numberish(h.ins) {
		return false
	}
	at := h.del[0].idx
	if at == 0 || h.ins[0].idx == 0 {
		return true
	}
	return v.crossRefWords[ot[at-1].stem] || v.crossRefWords[nt[h.ins[0].idx-1].stem]
}

func romanNumeral(s string) bool {
	return s != "" && len(s) <= 5 && strings.Trim(s, "ivxlc") == ""
}

// degradedAlike reports whether two texts are the same once every letter
// outside ASCII, and the "?" or "\ufffd" a wrong encoding leaves in its
// place, is read as one unknown character.
func degradedAlike(a, b string) bool {
	return strings.ContainsAny(a+b, "?\ufffd") && degrade(a) == degrade(b)
}

func degrade(s string) string {
	var sb strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r >= utf8.RuneSelf || strings.ContainsRune("?'\"`-", r):
			// Quotes and dashes too: extraction made them ASCII on the
			// side that still had them.
			r = '?'
		}
		if space && sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		space = false
		sb.WriteRune(r)
	}
	return sb.String()
}

// canonicalText is a clause's wording with every space dropped and every
// link written one way, so that a stray space or a new scheme reads as no
// change.
func canonicalText(s string) string {
	s = refLinkRe.ReplaceAllString(foldForCompare(s), "$1")
	var b strings.Builder
	last := 0
	for _, sp := range addressSpans(s) {
		b.WriteString(s[last:sp[0]])
		b.WriteString(normalURL(s[sp[0]:sp[1]]))
		last = sp[1]
	}
	b.WriteString(s[last:])
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00ad' || r == '\u200b' {
			return -1
		}
		return r
	}, b.String())
}

// normalURL writes a link without what does not tell pages apart: its
// scheme, "www." and a trailing slash. E-mail addresses are kept.
func normalURL(u string) string {
	u = strings.ToLower(u)
	if strings.Contains(u, "@") && !strings.Contains(u, "/") {
		return u
	}
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	u = strings.TrimPrefix(u, "www.")
	if k := strings.IndexByte(u, '#'); k >= 0 {
		u = u[:k] // an anchor on the same page
	}
	if k := strings.IndexByte(u, '?'); k >= 0 {
		u = u[:k] + keptQuery(u[k+1:])
	}
	return strings.TrimRight(u, "/")
}

// keptQuery is a link's query without the parameters that track the
// click or pick the page's language ("utm_source", "gclid", "hl"):
// "?utm_medium=footer" and "?id=7&ref=nav" → "?id=7".
func keptQuery(q string) string {
	var kept []string
	for _, p := range strings.FieldsFunc(q, func(r rune) bool { return r == '&' || r == ';' }) {
		key, _, _ := strings.Cut(p, "=")
		if trackingParam(key) {
			continue
		}
		kept = append(kept, p)
	}
	if len(kept) == 0 {
		return ""
	}
	slices.Sort(kept)
	return "?" + strings.Join(kept, "&")
}

// trackingParam reports whether a query parameter says where a click came
// from or which language to show, not which page.
func trackingParam(key string) bool {
	if strings.HasPrefix(key, "utm_") || strings.HasPrefix(key, "_g") {
		return true
	}
	switch key {
	case "gclid", "fbclid", "msclkid", "dclid", "gbraid", "wbraid", "mc_cid", "mc_eid", "igshid", "yclid",
		"twclid", "li_fat_id", "ref", "ref_src", "referrer", "src", "source", "campaign",
		"hl", "lang", "language", "locale", "lng", "ln":
		return true
	}
	return false
}

func normalAddresses(list []string) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = normalURL(a)
	}
	slices.Sort(out)
	return out
}

// hosts lists the sites of links ("acme.com/privacy" → "acme.com").
func hosts(list []string) []string {
	var out []string
	for _, a := range list {
		if strings.Contains(a, "@") && !strings.Contains(a, "/") {
			continue
		}
		if k := strings.IndexAny(a, "/?#"); k >= 0 {
			a = a[:k]
		}
		out = append(out, a)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// onlyLinks reports whether two address lists differ, and only in links
// (no e-mail address was added or removed).
func onlyLinks(a, b []string) bool {
	if slices.Equal(a, b) {
		return false
	}
	mails := func(list []string) []string {
		var out []string
		for _, s := range list {
			if strings.Contains(s, "@") && !strings.Contains(s, "/") {
				out = append(out, s)
			}
		}
		return out
	}
	return slices.Equal(mails(a), mails(b))
}

// reordered reports whether two clauses hold the same words in another
// order, none of them a word that negates, limits or weakens: a list or a
// table row reordered.
func reordered(v *vocab, ot, nt []token, hunks []hunk) bool {
	if len(ot) != len(nt) {
		return false
	}
	// Around a negation or a limit, order carries meaning ("with B but
	// not with C").
	for _, t := range ot {
		if v.grammatical(t.stem) {
			return false
		}
	}
	a, b := stems(ot), stems(nt)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// strayDigit reports whether a hunk only adds or drops one digit glued to
// the front of a word ("0Date" → "Date"), the leftover of a table cell or
// a counter that extraction ran into the text. A number that stands on
// its own ("10 days") is never glued.
func strayDigit(h hunk) bool {
	if len(h.del) != 1 || len(h.ins) != 1 {
		return false
	}
	a, b := h.del[0].raw, h.ins[0].raw
	if len(a) < len(b) {
		a, b = b, a
	}
	return len(a) == len(b)+1 && isDigit(a[0]) && a[1:] == b && len(b) >= 3 && !isDigit(b[0])
}

// sameLetters reports whether a hunk only moves spaces: "2the" → "2 the".
func sameLetters(h hunk) bool {
	if len(h.del) == 0 || len(h.ins) == 0 {
		return false
	}
	join := func(ts []token) string {
		var b strings.Builder
		for _, t := range ts {
			b.WriteString(t.raw)
		}
		return b.String()
	}
	return join(h.del) == join(h.ins)
}

// onlyOpaque reports whether tokens are machine identifiers (hashes, ids
// with digits and letters mixed): a cookie's suffix or a revision id.
func onlyOpaque(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	for _, t := range toks {
		if !opaque(t.raw) {
			return false
		}
	}
	return true
}

func opaque(w string) bool {
	if len(w) < 8 {
		return false
	}
	digits, letters := 0, 0
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'a' && r <= 'z':
			letters++
		default:
			return false
		}
	}
	return digits >= 2 && letters >= 2
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

// numericDate reports whether tokens i, i+1 and i+2 write a date in digits
// ("2/4/19", "01.03.2024", "2024-03-01").
func (c *clause) numericDate(i int) bool {
	for k := i; k <= i+2; k++ {
		if !allDigits(c.toks[k].raw) || len(c.toks[k].raw) > 4 {
			return false
		}
	}
	sep := func(a, b token) bool {
		s := c.text[a.end:b.start]
		return s == "/" || s == "." || s == "-"
	}
	return sep(c.toks[i], c.toks[i+1]) && sep(c.toks[i+1], c.toks[i+2])
}

// trivialHunk says whether one word-level difference is editorial and why.
func (v *vocab) trivialHunk(h hunk, contactish bool, known func(string) int) (reason, category string, ok bool) {
	what := func() string { return change(h.words(h.del), h.words(h.ins)) }
	switch {
	case v.onlyFiller(h.del) && v.onlyFiller(h.ins):
		return fmt.Sprintf("wording: %s", what()), "", true
	case sameLetters(h):
		return fmt.Sprintf("spacing: %s", what()), "", true
	case onlyOpaque(h.del) && onlyOpaque(h.ins):
		return fmt.Sprintf("identifier changed: %s", what()), "", true
	case strayDigit(h):
		return fmt.Sprintf("stray digit: %s", what()), "", true
	case v.isTypoFix(h):
		// Which spelling is the word: the one the vocabulary or the
		// document uses more. A misspelling introduced is no fix.
		for i := range h.del {
			if known(h.del[i].raw) > known(h.ins[i].raw) {
				return fmt.Sprintf(misspelt+"%s", what()), "", true
			}
		}
		return fmt.Sprintf("typo fixed: %s", what()), "", true
	case contactish && v.onlyRole(h.del) && v.onlyRole(h.ins):
		return fmt.Sprintf("contact role renamed: %s", what()), Contact, true
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

// onlyFiller reports whether tokens are function words or stray letters
// (the "m" of "share m information").
func (v *vocab) onlyFiller(toks []token) bool {
	for _, t := range toks {
		if v.grammatical(t.stem) {
			return false
		}
		if v.functionWords[t.stem] {
			continue
		}
		if len(t.raw) <= 2 && !isDigit(t.raw[0]) && !v.meaningfulShort[t.stem] && !v.negators[t.stem] {
			continue
		}
		return false
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

func (v *vocab) onlyRole(toks []token) bool {
	for _, t := range toks {
		if !v.roleWords[t.stem] && !v.functionWords[t.stem] {
			return false
		}
	}
	return true
}

// isTypoFix reports whether a hunk swaps words for near-identical spellings
// that carry no signal of their own: "Aditional" → "Additional".
func (v *vocab) isTypoFix(h hunk) bool {
	if len(h.del) != len(h.ins) || len(h.del) == 0 {
		return false
	}
	for i := range h.del {
		a, b := h.del[i], h.ins[i]
		if v.grammatical(a.stem) || v.grammatical(b.stem) || isDigit(a.raw[0]) || isDigit(b.raw[0]) || a.addr || b.addr {
			return false
		}
		if v.signalStems[a.stem] && v.signalStems[b.stem] {
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
