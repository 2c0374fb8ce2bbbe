package classify

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/tracker-dev/tracker/diff"
)

// ClassifyChange rates one clause change: how much it widens what the
// vendor may do with personal data (or narrows what it promised), what it is
// about, and why, in words a person can check against the texts. The
// language is told from the clause itself.
func ClassifyChange(c diff.Change) Change {
	r := newReader(detectChanges([]diff.Change{c}), nil)
	r.texts = []string{c.OldText, c.NewText}
	return r.classify(c)
}

// reader reads the clauses of one report in one language, each text once,
// and rates its changes.
type reader struct {
	v     *vocab
	lang  Language
	pool  *carryOver // what the other changed clauses say; nil rates a change alone
	cache map[[2]string]*clause
	none  *clause
	// garbled marks added and removed clauses that are one text read in
	// two character sets (new text, NUL, old text).
	garbled map[string]bool
	// texts are the documents (or, without them, the changed clauses);
	// lexicon counts their words, read the first time a spelling is in
	// doubt.
	texts   []string
	lexicon map[string]int
	// docs says texts are the two documents, old then new; newDoc is
	// the new one (or its changed clauses), read when first asked.
	docs           bool
	newDoc, oldDoc versionText
	newFolded      string
	// furniture is the site furniture at the ends of both documents,
	// nil when there is none or the documents are not known.
	furniture *furniture
	scores    map[[2]string]int // blocks read for furniture, by kind and text
	// toc holds the folded texts of the tables of contents of both
	// documents.
	toc []string
	// docsRead: the documents were read for furniture and tables of
	// contents.
	docsRead bool
}

// known says how well attested a word is: a word of the vocabulary very
// well, another by how often the documents use it.
func (r *reader) known(word string) int {
	for _, t := range r.v.tokenize(word) {
		if r.v.signalStems[t.stem] || r.v.functionWords[t.stem] || r.v.contactContext[t.stem] {
			return 1 << 20
		}
	}
	return r.count(word)
}

// count says how often the documents use a word, reading them the first
// time it is asked.
func (r *reader) count(word string) int {
	if r.lexicon == nil {
		r.lexicon = map[string]int{}
		for _, text := range r.texts {
			for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
				r.lexicon[w]++
			}
		}
	}
	return r.lexicon[strings.ToLower(word)]
}

// namesCompany reports whether an added heading names a company where
// recipients are listed ("Sentry" under "Sub-processors").
func (r *reader) namesCompany(c diff.Change) bool {
	if c.Kind != diff.Added {
		return false
	}
	return len(nameSignals(r.empty(), r.read(c.NewText, c.Section), "", c.Section)) > 0 && c.Section != c.NewText
}

func newReader(lang Language, pool *carryOver) *reader {
	v := vocabFor(lang.Code)
	if v == nil {
		v = vocabs()["en"]
	}
	return &reader{v: v, lang: lang, pool: pool, cache: map[[2]string]*clause{}}
}

// read analyzes text under section, once per report.
func (r *reader) read(text, section string) *clause {
	k := [2]string{section, text}
	if c, ok := r.cache[k]; ok {
		return c
	}
	c := r.v.analyze(text, section)
	c.pool = r.pool
	r.cache[k] = c
	return c
}

// classify rates a change as part of the reader's report.
func (r *reader) classify(c diff.Change) Change {
	out := Change{
		Kind: c.Kind, Section: c.Section, OldSection: c.OldSection,
		OldText: c.OldText, NewText: c.NewText, Words: c.Words,
	}
	oldSection := c.OldSection
	if oldSection == "" {
		oldSection = c.Section
	}
	var signals []signal
	var extra []string
	var names []signal // not capped: a new name in a list is the change
	capAt := High
	if r.garbled[c.NewText+"\x00"+c.OldText] {
		out.Severity, out.Categories = None, []string{}
		out.Reasons = []string{"the same text with characters garbled by a wrong encoding"}
		return out
	}
	if r.isFurniture(c) {
		out.Severity, out.Categories = None, []string{}
		out.Reasons = []string{fmt.Sprintf("site furniture %s at the edge of the page (navigation, sign-up, promotion): %q", strings.ToLower(string(c.Kind)), clip(c.NewText+c.OldText, 80))}
		return out
	}
	if r.tocEntries(c) {
		out.Severity, out.Categories = None, []string{}
		out.Reasons = []string{fmt.Sprintf("table of contents %s: %q", strings.ToLower(string(c.Kind)), clip(c.NewText+c.OldText, 80))}
		return out
	}
	if (c.Heading || r.headingLike(c)) && (c.Kind == diff.Added || c.Kind == diff.Removed) && !r.namesCompany(c) {
		// A heading alone, added or dropped, states nothing; the
		// clauses under it are rated on their own.
		out.Severity, out.Categories = None, []string{}
		out.Reasons = []string{fmt.Sprintf("heading %s: %q", strings.ToLower(string(c.Kind)), clip(c.NewText+c.OldText, 80))}
		return out
	}
	if (c.Kind == diff.Added || c.Kind == diff.Removed) && linkLabel(c.NewText+c.OldText) {
		// "Because cancellations can disrupt … Host cancella...](https://…":
		// the label of a link to another page, a teaser in a sidebar.
		out.Severity, out.Categories = None, []string{}
		out.Reasons = []string{fmt.Sprintf("link to another page %s: %q", strings.ToLower(string(c.Kind)), clip(c.NewText+c.OldText, 80))}
		return out
	}
	if (c.Kind == diff.Added || c.Kind == diff.Removed) && r.read(c.NewText+c.OldText, "").languageList() {
		out.Severity, out.Categories = None, []string{}
		out.Reasons = []string{fmt.Sprintf("language selector %s: %q", strings.ToLower(string(c.Kind)), clip(c.NewText+c.OldText, 80))}
		return out
	}
	if c.Repeat {
		// The other version has this text elsewhere: a page showing a
		// passage twice, or a duplicate dropped.
		out.Severity, out.Categories = None, []string{}
		out.Reasons = []string{"repeats text the other version has elsewhere"}
		return out
	}
	switch {
	case c.Kind == diff.Added && c.Twin != "":
		// A reworded copy of a clause the old version has elsewhere:
		// what matters is how it differs from that clause.
		signals, extra = r.classifyModified(c.Twin, c.NewText, oldSection, c.Section)
		signals = append(signals, sig(None, "", "nearly repeats a clause of the old version: %q", clip(c.Twin, 80)))
	case c.Kind == diff.Removed && c.Twin != "":
		signals, extra = r.classifyModified(c.OldText, c.Twin, oldSection, c.Section)
		signals = append(signals, sig(None, "", "a near copy stays in the new version: %q", clip(c.Twin, 80)))
	case c.Kind == diff.Moved:
		signals, capAt = r.classifyMoved(c, oldSection)
	case c.Kind == diff.Added:
		nw := r.read(c.NewText, c.Section)
		signals, extra, capAt = classifyWhole(nw, r.empty(), nw, "clause added")
		if row := r.cookieRowSignals(r.empty(), nw); len(row) > 0 {
			// A short entry of a list of trackers is worth reading
			// for what it names, however short.
			signals, capAt = append(signals, row...), High
		}
		if id := cookieName(c.NewText); id != "" && r.trackingDocument() {
			// A row of a cookie table naming a new cookie ("_ga",
			// "g_state"): one more tracker set on the user.
			signals = append(signals, sig(Medium, Tracking, "cookie added: %q", id))
			capAt = High
		} else if name := r.newTracker(nw); name != "" {
			signals = append(signals, sig(Medium, Tracking, "tracker of a company the document did not name: %q", name))
			capAt = High
		}
		if ok, _ := r.v.recipientHeading(c.Section); ok || nw.namesCompany() || nw.namesRecipients() {
			// A bare "Sentry: error logging" under "Sub-processors" is a
			// new recipient even though it states no practice, and so
			// is a name in a clause that speaks of recipients ("we
			// added two sub-processors: Sentry and Stripe").
			names = nameSignals(r.empty(), nw, "", c.Section)
		}
	case c.Kind == diff.Removed:
		old := r.read(c.OldText, oldSection)
		signals, extra, capAt = classifyWhole(old, old, r.empty(), "clause removed")
		if old.isAddress() && !old.pool.carriedOut(addressKey) {
			// A way to reach the vendor (a DPO, a representative) gone,
			// and no new one given in its place.
			signals = append(signals, sig(Medium, Contact, "contact point removed: %q", clip(old.text, 80)))
			capAt = High
		}
	default:
		signals, extra = r.classifyModified(c.OldText, c.NewText, oldSection, c.Section)
	}
	// A heading names a section; it states nothing a user could rely on.
	// A short line in capitals is a heading the page did not mark.
	if c.Heading || r.headingLike(c) || r.banner(c.NewText, c.Section) || r.banner(c.OldText, oldSection) {
		capAt = min(capAt, Low)
	}
	for i := range signals {
		signals[i].sev = min(signals[i].sev, capAt)
	}
	signals = append(signals, names...)
	out.Severity, out.Categories, out.Reasons = verdict(signals, extra)
	return out
}

// linkLabel reports whether a clause is the label of a link whose markup
// extraction could not close: "…text](https://…".
func linkLabel(text string) bool {
	return strings.Contains(text, "](http") || strings.Contains(text, "](/") || refDefRe.MatchString(text)
}

// trackingDocument reports whether the documents are about cookies and
// like trackers: the word comes back again and again.
func (r *reader) trackingDocument() bool {
	n := 0
	for _, w := range []string{"cookie", "cookies", "tracker", "trackers", "traceur", "traceurs"} {
		n += r.count(w)
	}
	return n >= 2
}

// cookieName returns the name a clause gives when it is nothing but a
// cookie's name: one word of letters, digits and underscores with an
// underscore or a digit in it ("_ga", "g_state", "cf_clearance"), or "".
func cookieName(text string) string {
	w := strings.TrimSpace(strings.ReplaceAll(text, "\\_", "_"))
	if len(w) < 2 || len(w) > 60 || strings.ContainsAny(w, " \t") {
		return ""
	}
	special := false
	for _, r := range w {
		switch {
		case r == '_' || r >= '0' && r <= '9':
			special = true
		case unicode.IsLetter(r) || r == '-' || r == '.':
		default:
			return ""
		}
	}
	if !special {
		return ""
	}
	return w
}

// banner reports whether a clause announces or sums up an update of the
// document ("We've updated our terms to clarify …"): it describes changes
// made elsewhere, the clauses themselves are rated where they changed.
func (r *reader) banner(text, section string) bool {
	if text == "" || len(r.v.bannerSet.patterns) == 0 {
		return false
	}
	c := r.read(text, section)
	for _, h := range r.v.bannerSet.find(c.st[:min(len(c.st), 20)]) {
		if h.from <= 3 || h.from <= 10 && c.datedOpening(h.from) {
			return true
		}
	}
	return false
}

// datedOpening reports whether the tokens before from are only a date
// and the words that introduce it ("Effective from 23 November 2022,
// we are updating …", "À compter du 1er mars, …").
func (c *clause) datedOpening(from int) bool {
	mask := c.dates().mask
	seenDate := false
	for k := 0; k < from; k++ {
		switch {
		case mask != nil && mask[k]:
			seenDate = true
		case len(c.toks[k].raw) <= 9 && !c.v.dataWord(c.toks[k]) && c.actionAt[k] < 0:
			// "effective", "from", "as of", "à compter du", "ab dem"
		default:
			return false
		}
	}
	return seenDate
}

// headingLike reports whether a changed clause reads as a heading: a short
// line written in capitals on every side that has text.
func (r *reader) headingLike(c diff.Change) bool {
	for _, text := range []string{c.OldText, c.NewText} {
		if text == "" {
			continue
		}
		if len(text) > 200 {
			return false
		}
		cl := r.read(text, "")
		if len(cl.toks) > 12 || !cl.shouted() {
			return false
		}
	}
	return true
}

// empty is the reading of no text, the other side of an added or removed
// clause; it belongs to no report.
func (r *reader) empty() *clause {
	if r.none == nil {
		r.none = r.v.analyze("", "")
	}
	return r.none
}

// classifyModified rates a clause whose wording changed.
func (r *reader) classifyModified(oldText, newText, oldSection, newSection string) ([]signal, []string) {
	old, nw := r.read(oldText, oldSection), r.read(newText, newSection)
	if old.folded == nw.folded {
		return []signal{sig(None, "", "formatting only: same words")}, nil
	}
	if old.languageList() && nw.languageList() {
		return []signal{sig(None, "", "language selector changed: %s", wordingChange(old, nw))}, nil
	}
	if r.v.sameLabel(old, nw) {
		return []signal{sig(None, "", "the same label, its words reordered or inflected: %s", wordingChange(old, nw))}, nil
	}
	if placeholderFilled(r.v, oldText, newText) {
		return []signal{sig(None, "", "template placeholder filled in: %s", wordingChange(old, nw))}, nil
	}
	names := nameSignals(old, nw, oldSection, newSection)
	if v, ok := editorial(old, nw, r.known); ok && len(names) == 0 {
		out := make([]signal, 0, len(v.reasons))
		for _, r := range v.reasons {
			out = append(out, sig(v.severity, v.category, "%s", r))
		}
		return out, nil
	}
	if pointerOnly(old, nw, wordHunks(old.toks, nw.toks)) {
		return []signal{sig(Low, "", "where the reader is sent changed: %s", wordingChange(old, nw))}, nil
	}
	signals := append(assess(old, nw), names...)
	signals = append(signals, r.cookieRowSignals(old, nw)...)
	signals = append(signals, defaultOnAdded(old, nw)...)
	signals = append(signals, polarityFallback(old, nw, signals)...)
	if len(signals) == 0 {
		signals = append(signals, sig(Low, "", "reworded: %s", wordingChange(old, nw)))
	}
	// The delta names the categories; the clause's own topics only help
	// when the delta names none.
	for _, s := range signals {
		if len(s.cats) > 0 && !(len(s.cats) == 1 && s.cats[0] == Other) {
			return signals, nil
		}
	}
	extra := union(old.topics(), nw.topics())
	if len(extra) == 0 {
		extra = r.read(newSection, "").topics()
	}
	return signals, extra
}

// classifyWhole rates an added or removed clause: the whole clause is the
// delta. c is the side that has text.
func classifyWhole(c, old, nw *clause, what string) ([]signal, []string, Severity) {
	if c.stampOnly() {
		return []signal{sig(None, "", "date stamp %s", strings.TrimPrefix(what, "clause "))}, nil, None
	}
	if c.cloaked && len(c.toks) == 1 {
		return []signal{sig(None, Contact, "spam-protection text around a contact address %s", strings.TrimPrefix(what, "clause "))}, nil, None
	}
	if !c.substantive() {
		// "Site Footer", "You're invited to try our app", "⌘I": page
		// text that states no practice, term, condition or limit.
		return []signal{sig(None, "", "%s without policy content: %q", strings.TrimPrefix(what, "clause "), clip(c.text, 80))}, nil, None
	}
	signals := assess(old, nw)
	capAt := High
	// A bare heading or label ("Data partners.", "Termination") states
	// no practice: a word or two can name one, not grant it.
	if (len(c.toks) <= 4 && len(c.actions) == 0 || len(c.toks) <= 2) && c.implied < 0 && len(c.amounts()) == 0 {
		capAt = Low
	}
	if len(signals) == 0 {
		signals = append(signals, sig(Low, "", "%s: %q", what, clip(c.text, 80)))
	}
	extra := c.topics()
	return signals, extra, capAt
}

// classifyMoved rates a clause that changed place. Moving never changes
// what a clause allows, so it is at most low.
func (r *reader) classifyMoved(c diff.Change, oldSection string) ([]signal, Severity) {
	var out []signal
	if c.OldText != "" && c.NewText != "" && r.read(c.OldText, oldSection).folded != r.read(c.NewText, c.Section).folded {
		// Moved wording is rated alone: what left or arrived elsewhere
		// in the report says nothing about a clause that kept its place
		// in the reader's mind.
		alone := &reader{v: r.v, lang: r.lang, cache: map[[2]string]*clause{}, texts: r.texts}
		s, _ := alone.classifyModified(c.OldText, c.NewText, oldSection, c.Section)
		out = append(out, s...)
	}
	if c.OldSection != "" && foldForCompare(c.OldSection) != foldForCompare(c.Section) {
		out = append(out, sig(Low, "", "moved from %q to %q", c.OldSection, c.Section))
	}
	if len(out) == 0 {
		out = append(out, sig(None, "", "moved, wording unchanged"))
	}
	return out, Low
}

// polarityFallback catches a negation dropped from a verb the vocabulary
// does not know ("we do not accept", "does not identify you"): when the
// clause is about personal data, losing a "not" is worth a look even if
// the practice cannot be named.
func polarityFallback(old, nw *clause, signals []signal) []signal {
	for _, s := range signals {
		if s.sev >= Medium {
			return nil
		}
	}
	removed, added := "", ""
	lifted, imposed := false, false
	for _, h := range wordHunks(old.toks, nw.toks) {
		for _, t := range h.del {
			if removed == "" && old.liveAt(t) && !hasAny(h.ins, old.v.negators) {
				removed = change(h.words(h.del), h.words(h.ins))
				lifted = old.userPermission(t.idx)
			}
		}
		for _, t := range h.ins {
			if added == "" && nw.liveAt(t) && !hasAny(h.del, nw.v.negators) {
				added = change(h.words(h.del), h.words(h.ins))
				imposed = nw.userPermission(t.idx)
			}
		}
	}
	cats := union(old.topics(), nw.topics())
	var out []signal
	if lifted && removed != "" {
		return []signal{sig(Medium, Account, "prohibition on the user lifted: %s", removed)}
	}
	if imposed && added != "" {
		return []signal{sig(Medium, Account, "prohibition on the user added: %s", added)}
	}
	if removed != "" {
		sev := Low
		if nw.aboutData() {
			sev = Medium
		}
		out = append(out, signal{sev: sev, cats: cats, reason: "negation removed: " + removed})
	}
	if added != "" {
		out = append(out, signal{sev: Low, cats: cats, reason: "negation added: " + added})
	}
	return out
}

func union(a, b []string) []string {
	set := map[string]bool{}
	for _, x := range a {
		set[x] = true
	}
	for _, x := range b {
		set[x] = true
	}
	return ordered(set)
}

// wordingChange summarises the first differences of two clauses. Words
// deleted in one place and inserted in another are reported once, as moved
// ("reordered"), so that a reordered list reads as what it is.
func wordingChange(old, nw *clause) string {
	hunks := wordHunks(old.toks, nw.toks)
	moved := make([]bool, len(hunks))
	var parts []string
	for i, h := range hunks {
		if moved[i] {
			continue
		}
		if len(h.del) > 0 && len(h.ins) == 0 || len(h.ins) > 0 && len(h.del) == 0 {
			if j := movedTo(hunks, moved, i); j >= 0 {
				moved[j] = true
				parts = append(parts, fmt.Sprintf("%q moved within the clause", clip(h.words(h.del)+h.words(h.ins), 60)))
				continue
			}
		}
		parts = append(parts, change(clip(h.words(h.del), 60), clip(h.words(h.ins), 60)))
	}
	if len(parts) > 2 {
		parts = append(parts[:2], fmt.Sprintf("and %d more", len(parts)-2))
	}
	return strings.Join(parts, "; ")
}

// movedTo finds the hunk that inserts what hunk i deletes, or deletes what
// it inserts; -1 when there is none.
func movedTo(hunks []hunk, taken []bool, i int) int {
	h := hunks[i]
	for j, g := range hunks {
		if j == i || taken[j] {
			continue
		}
		if len(h.del) > 0 && len(g.del) == 0 && g.words(g.ins) == h.words(h.del) ||
			len(h.ins) > 0 && len(g.ins) == 0 && g.words(g.del) == h.words(h.ins) {
			return j
		}
	}
	return -1
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
