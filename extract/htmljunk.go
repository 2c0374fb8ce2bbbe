package extract

import (
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// neverText are elements whose content is never policy text: code, media,
// forms and page furniture.
var neverText = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Button: true, atom.Select: true,
	atom.Input: true, atom.Textarea: true, atom.Iframe: true, atom.Object: true,
	atom.Embed: true, atom.Canvas: true, atom.Video: true, atom.Audio: true,
	atom.Dialog: true, atom.Nav: true, atom.Aside: true, atom.Footer: true,
	atom.Head: true, atom.Title: true, atom.Meta: true, atom.Link: true,
	atom.Img: true, atom.Picture: true, atom.Source: true, atom.Map: true,
	atom.Label: true, atom.Option: true, atom.Datalist: true, atom.Menu: true,
}

// chromeRoles are ARIA landmarks and widgets that hold page chrome.
var chromeRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "dialog": true, "alertdialog": true, "menu": true, "menubar": true,
	"toolbar": true, "tablist": true, "tooltip": true, "alert": true, "status": true,
}

var hiddenStyle = regexp.MustCompile(`(?i)(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)`)

// Names are matched with plain string search rather than regular
// expressions: these checks run on every element of every page.
var (
	// Conventions shared by CSS frameworks for text meant only for screen
	// readers ("opens in a new tab") and for skip links; whole words.
	srOnlyNames = []string{"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screenreader", "skip-link", "skip-to"}
	// Consent banners; anywhere in a name.
	bannerNames = []string{"cookie", "consent", "gdpr", "ccpa", "banner", "notice-bar", "privacy-bar"}
	// Generic names that page templates give their chrome; whole words.
	chromeNames = []string{"footer", "sidebar", "navbar", "nav", "menu", "masthead", "toolbar", "share", "social", "related", "newsletter", "subscribe", "feedback", "pagination", "toc"}
)

// hasWord reports whether lower (lower-cased class and id names) holds one
// of words bounded by the start, the end, a space, '_' or '-'.
func hasWord(lower string, words []string) bool {
	for _, w := range words {
		for from := 0; ; {
			i := strings.Index(lower[from:], w)
			if i < 0 {
				break
			}
			i += from
			end := i + len(w)
			if (i == 0 || isNameSep(lower[i-1])) && (end == len(lower) || isNameSep(lower[end])) {
				return true
			}
			from = i + 1
		}
	}
	return false
}

func isNameSep(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '_' || c == '-' }

func containsAny(lower string, words []string) bool {
	for _, w := range words {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// hidden reports an inline style that hides the element.
func hidden(style string) bool {
	if style == "" {
		return false
	}
	lower := strings.ToLower(style)
	if !strings.Contains(lower, "none") && !strings.Contains(lower, "hidden") {
		return false
	}
	return hiddenStyle.MatchString(style)
}

// isJunk decides whether an element is page chrome rather than text. s holds
// the stats of the element's non-junk content; ctx.inContent says whether
// the element sits inside main, article or role=main, where a header is the
// article's own heading rather than the site's banner.
func (t *tree) isJunk(n *html.Node, s *stats, ctx visitContext) bool {
	if t.tabs[n] {
		// A tab's label is written where its panel is.
		return true
	}
	if neverText[n.DataAtom] && t.opens[n] == nil && !proseLabel(n, s) && !proseAside(n, s, ctx) {
		return true
	}
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main, atom.Article:
		// The page itself and its content landmarks are never chrome,
		// however little text a short page has beside a form.
		return false
	}
	switch n.DataAtom {
	case atom.Header:
		if !ctx.inContent {
			return true
		}
	case atom.Form:
		// Some frameworks wrap the whole page in one form.
		if s.paras < 3 {
			return true
		}
	}
	if t.parts[n] == nil && t.hiddenHere(n, s, ctx) && !t.truncation(n) {
		return true
	}
	if strings.EqualFold(attr(n, "aria-modal"), "true") {
		return true
	}
	if n.DataAtom == atom.A && isSkipLink(n) {
		return true
	}
	if chromeRoles[strings.ToLower(attr(n, "role"))] {
		return true
	}
	if s.text < 1500 && s.controls > 0 && s.headings <= 1 && t.parts[n] == nil && t.consentNamed(n, s.controls) {
		return true
	}
	names := t.names(n)
	if s.text < 400 && (strings.Contains(names, "breadcrumb") || strings.Contains(strings.ToLower(attr(n, "aria-label")), "breadcrumb")) {
		return true
	}
	if names == "" {
		return isWidget(s)
	}
	// Text only for screen readers is left out, but a table's caption is
	// the table's name, shown or not.
	if n.DataAtom != atom.Caption && hasWord(names, srOnlyNames) {
		return true
	}
	// Chrome named as such: kept only when it carries real prose, since
	// templates also wrap content in "page-footer-wrapper" and the like.
	// A panel a control opens is named after its section ("collapse-share"
	// for "Who we share it with"): there, only links make it chrome.
	// A heading is never chrome by its name alone: its id is often built
	// from its own text ("h-share" for "Who we share it with").
	short := s.text < 200 && t.parts[n] == nil
	if (s.linkDensity() >= 0.4 || short) && s.headings <= 1 && headingLevel(n.DataAtom) == 0 && hasWord(names, chromeNames) {
		return true
	}
	// A consent banner: named so, small, and carrying buttons or inputs,
	// which a policy section about cookies never does.
	if s.text < 1500 && s.controls > 0 && s.headings <= 1 && containsAny(names, bannerNames) {
		return true
	}
	return isWidget(s)
}

// hiddenHere reports an element the page hides and nothing opens (the
// panels of parts are known apart). aria-hidden only hides from assistive
// technology: text under it that repeats the accessible name of the link
// or button around it is that control's visible label.
func (t *tree) hiddenHere(n *html.Node, s *stats, ctx visitContext) bool {
	if v, ok := attrOK(n, "hidden"); ok && !strings.EqualFold(v, "until-found") {
		return true
	}
	if hidden(attr(n, "style")) {
		return true
	}
	if !strings.EqualFold(attr(n, "aria-hidden"), "true") || t.backdrop[n] {
		return false
	}
	return ctx.name == "" || s.text == 0 || !repeatsName(n, ctx.name)
}

// truncation recognises the hidden rest of a "read more" that a script
// opens with nothing in the markup saying so: the hidden element follows
// an excerpt that ends in an ellipsis and holds the excerpt's text in
// full ("We also collect the pages…", then the hidden "We also collect the
// pages you visit and the device you use."), or follows the ellipsis
// alone ("We collect your name<span>…</span><span hidden>and the
// pages you visit.</span>"). The full text is kept and the excerpt or the
// ellipsis left out, so that the page reads the same opened or not.
func (t *tree) truncation(n *html.Node) bool {
	prev := n.PrevSibling
	for prev != nil && prev.Type == html.TextNode && strings.TrimSpace(prev.Data) == "" {
		prev = prev.PrevSibling
	}
	if prev == nil || prev.Type != html.ElementNode || t.junk[prev] {
		return false
	}
	excerpt := cleanText(textOf(prev))
	cut, ok := strings.CutSuffix(excerpt, "...")
	if !ok {
		return false
	}
	cut = strings.TrimSpace(cut)
	if cut != "" && (len(cut) < 20 || !strings.HasPrefix(cleanText(textOf(n)), cut)) {
		return false
	}
	t.junk[prev] = true
	if blockTags[n.DataAtom] {
		// A rest within the sentence reads on inline, unnamed.
		t.parts[n] = &part{control: prev, kind: partMore, collapsed: true}
	}
	return true
}

// repeatsName reports whether the text of n is the accessible name, its
// start ("Privacy Center" for "Privacy Center, opens in a new tab") or
// most of it.
func repeatsName(n *html.Node, name string) bool {
	text := strings.ToLower(cleanText(textOf(n)))
	name = strings.ToLower(cleanText(name))
	if text == "" {
		return false
	}
	return strings.HasPrefix(name, text) || (2*len(text) >= len(name) && strings.Contains(name, text))
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if !neverText[c.DataAtom] {
					b.WriteByte(' ')
					rec(c)
				}
			}
		}
	}
	rec(n)
	return b.String()
}

// names are an element's id and classes, lower-cased, for the naming
// conventions of page chrome. An id of four or more words is the slug of
// a heading's own text ("does-npm-share-data-about-me"), which names
// nothing about the element.
func (t *tree) names(n *html.Node) string {
	id, class := attr(n, "id"), attr(n, "class")
	if strings.Count(id, "-")+strings.Count(id, "_") >= 3 {
		id = ""
	}
	if id == "" {
		return strings.ToLower(class)
	}
	return strings.ToLower(strings.TrimSpace(id + " " + class))
}

// proseLabel recognises a label that is a sentence of the text: an opt-out
// box in a cookie section is labelled "You may refuse the processing of
// your browsing data by unticking this box." The label of a form field is
// a few words, which isWidget's bound keeps out with its control.
func proseLabel(n *html.Node, s *stats) bool {
	return n.DataAtom == atom.Label && s.text >= 120 && 2*s.linkText < s.text
}

// proseAside recognises a callout of the text: an aside within the main
// content or an article that holds prose ("In short: we never sell your
// data..."), not links or a form. Outside the content, an aside is a
// sidebar.
func proseAside(n *html.Node, s *stats, ctx visitContext) bool {
	return n.DataAtom == atom.Aside && ctx.inContent && s.paras >= 1 && s.text >= 60 && s.controls == 0 && s.linkDensity() < 0.3
}

// consentNamed reports an element whose accessible name (aria-label, or
// the text aria-labelledby points to) speaks of consent, or of cookies
// with two buttons at least (accept and refuse): with little text, a
// consent notice ("Cookie Notice", "Accept all cookies"), however its
// classes are named. A policy's section on cookies offers one opt-out at
// most.
func (t *tree) consentNamed(n *html.Node, controls int) bool {
	name := attr(n, "aria-label")
	for _, id := range strings.Fields(attr(n, "aria-labelledby")) {
		if l := t.ids[id]; l != nil {
			name += " " + textOf(l)
		}
	}
	if name == "" {
		return false
	}
	name = strings.ToLower(name)
	return strings.Contains(name, "consent") || (controls >= 2 && strings.Contains(name, "cookie"))
}

// isWidget recognises a widget ("Was this helpful? Yes / No", a language
// picker): a little text around form controls.
func isWidget(s *stats) bool {
	return s.controls > 0 && s.text < 120 && s.paras <= 1 && s.headings == 0
}

// dropCards leaves out the outermost blocks of link cards. They are
// judged whole: a card inside is one too, and dropping it alone would
// leave the block's headings behind.
func (t *tree) dropCards() {
	if len(t.cards) == 0 {
		return
	}
	var dropped []*html.Node
	card := make(map[*html.Node]bool, len(t.cards))
	for _, n := range t.cards {
		card[n] = true
	}
	for _, n := range t.cards {
		outer := true
		for p := n.Parent; p != nil && outer; p = p.Parent {
			outer = !card[p]
		}
		if outer && !holdsTitle(n) {
			t.junk[n] = true
			dropped = append(dropped, n)
		}
	}
	t.dropCopies(dropped)
}

// dropCopies leaves out the copies of dropped blocks of cards that a page
// builds for another screen size, often without the heading element (the
// title a plain line, the links the same): the same text, letter for
// letter, as a block left out.
func (t *tree) dropCopies(dropped []*html.Node) {
	type size struct{ text, links int }
	texts := make(map[size][]string, len(dropped))
	for _, n := range dropped {
		s := t.of(n)
		k := size{s.text, s.linkText}
		texts[k] = append(texts[k], cleanText(textOf(n)))
	}
	if len(texts) == 0 {
		return
	}
	for n, i := range t.index {
		s := &t.all[i]
		want := texts[size{s.text, s.linkText}]
		if len(want) == 0 || n.Type != html.ElementNode || t.junk[n] {
			continue
		}
		if slices.Contains(want, cleanText(textOf(n))) {
			t.junk[n] = true
		}
	}
}

// isLinkCards recognises a block of link cards ("Still need help? Ask
// the community: get answers from experts"): headings, and besides them
// only links, no paragraph or list, or pictures in links. Help centres show such blocks on some
// visits and not on others; a policy's sections always hold prose.
func isLinkCards(s *stats) bool {
	if s.headings == 0 {
		return false
	}
	// Teasers of other pages (stories, articles, products): each card a
	// link around a picture, a title and a summary, which change from
	// visit to visit. A policy's text is never all inside links.
	if s.pictures >= 2 && s.plain == 0 && s.linkText > s.headText/2 {
		return true
	}
	rest := s.text - s.headText // text outside headings
	return s.paras == 0 && rest > 0 && s.linkText >= rest && s.text < 500
}

// offersFiles reports a block whose links lead to files, most of them
// (a report, a previous version of the policy as a PDF): the documents the
// text offers, listed under their heading, not cards of other pages.
func offersFiles(n *html.Node) bool {
	links, files := 0, 0
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom == atom.A {
				if href := attr(c, "href"); href != "" {
					links++
					if isFileLink(href) {
						files++
					}
				}
				continue
			}
			rec(c)
		}
	}
	rec(n)
	return files > 0 && 2*files >= links
}

// isFileLink reports a link to a document file rather than a page.
func isFileLink(href string) bool {
	if i := strings.IndexAny(href, "?#"); i >= 0 {
		href = href[:i]
	}
	href = strings.ToLower(href)
	for _, ext := range []string{".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".csv", ".zip"} {
		if strings.HasSuffix(href, ext) {
			return true
		}
	}
	return false
}

// holdsTitle reports a block holding the page's title (an h1): its
// header, breadcrumbs and all, not a block of cards.
func holdsTitle(n *html.Node) bool {
	return findFirst(n, func(c *html.Node) bool { return c.DataAtom == atom.H1 }) != nil
}

// isSkipLink recognises the "Skip to content" links at the top of pages:
// in-page links whose text says skip.
func isSkipLink(n *html.Node) bool {
	if !strings.HasPrefix(attr(n, "href"), "#") {
		return false
	}
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil && b.Len() < 64; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			}
			rec(c)
		}
	}
	rec(n)
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(b.String())), "skip ")
}
