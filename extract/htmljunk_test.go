package extract

import "testing"

// TestHTMLLinkCards: a block of headings and links with no prose of its
// own ("Still need help?", previous and next pages) is left out, on the
// visits that show it as on those that do not; a section with prose, a
// heading with a permalink and the block holding the page's title stay.
func TestHTMLLinkCards(t *testing.T) {
	text := `<h2 id="collect">What we collect <a href="#collect">#</a></h2><p>We collect your name and e-mail address.</p>`
	tests := []struct{ name, html, want string }{
		{"help cards after the article",
			`<article>` + text + `</article><div><h2>Still need help?</h2><h3>Try these next steps:</h3>
			<a href="/community/new"><h4>Post to the help community</h4><span>Get answers from community experts</span></a></div>`,
			"## What we collect #\nWe collect your name and e-mail address."},
		{"previous and next links",
			text + `<div><a href="/p/1">Previous<h3>Account integrity</h3></a><a href="/p/3">Next<h3>Memorial accounts</h3></a></div>`,
			"## What we collect #\nWe collect your name and e-mail address."},
		{"a section whose text is a paragraph stays",
			text + `<div><h2>Cookies</h2><p>See <a href="/cookies">our cookie policy</a>.</p></div>`,
			"## What we collect #\nWe collect your name and e-mail address.\n## Cookies\nSee our cookie policy."},
		{"breadcrumbs beside the page's title stay with it",
			`<div><a href="/">Home</a> <a href="/policies">Policies</a><h1>Misinformation</h1></div>` + text,
			"Home Policies\n# Misinformation\n## What we collect #\nWe collect your name and e-mail address."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extractBody(t, "<main>"+tt.html+"</main>").Text(); got != tt.want {
				t.Errorf("Text():\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
	// The same page with and without the cards gives the same version.
	with := extractBody(t, "<main>"+text+`<div><h2>Still need help?</h2><a href="/c"><h4>Ask the community</h4><span>Get answers</span></a></div></main>`)
	without := extractBody(t, "<main>"+text+"</main>")
	if with.Hash() != without.Hash() {
		t.Errorf("with and without the cards differ:\n%s\n---\n%s", with.Text(), without.Text())
	}
}
