package extract

import (
	"strings"
	"testing"
)

// TestHTMLLinkListsInText: lists made of links are left out of the main
// content (tables of contents, related articles) unless a sentence
// announces them: then they are part of what the text says.
func TestHTMLLinkListsInText(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"documents a sentence announces",
			`<p>The following documents form part of this agreement:</p>
			<ul><li><a href="/legal/aup">Acceptable Use Policy</a></li><li><a href="/legal/dpa">Data Processing Addendum</a></li></ul>
			<p>They apply from the day you sign up.</p>`,
			"The following documents form part of this agreement:\n- Acceptable Use Policy\n- Data Processing Addendum\nThey apply from the day you sign up."},
		{"announced by the text just before it, outside a paragraph",
			`<div>Our sub-processors are listed on these pages: <ol><li><a href="https://example.com/sub">Infrastructure sub-processors</a></li></ol></div>`,
			"Our sub-processors are listed on these pages:\n- Infrastructure sub-processors"},
		{"a table of contents announced by a colon is still left out",
			`<p>Here are the sections below:</p><ul><li><a href="#a">1. Collection</a></li><li><a href="#b">2. Sharing</a></li></ul>
			<h2 id="a">1. Collection</h2><p>We collect your name.</p><h2 id="b">2. Sharing</h2><p>We share nothing.</p>`,
			"Here are the sections below:\n## 1. Collection\nWe collect your name.\n## 2. Sharing\nWe share nothing."},
		{"a long roll of links is no part of the text, announced or not",
			`<p>We thank the following people for reporting issues:</p><ul>` + strings.Repeat(`<li><a href="https://example.org/someone">Someone</a></li>`, 30) + `</ul><p>Thank you all.</p>`,
			"We thank the following people for reporting issues:\nThank you all."},
		{"a grid of lists, each under its heading, that a sentence announces",
			`<h2>What do the rules cover?</h2><p>Here is the full list of the rules:</p><div class="grid">
			<div class="cell"><h3>Spam</h3><ul><li><a href="/r/1">Fake engagement</a></li><li><a href="/r/2">Impersonation</a></li></ul></div>
			<div class="cell"><h3>Sensitive content</h3><ul><li><a href="/r/3">Child safety</a></li><li><a href="/r/4">Thumbnails</a></li></ul></div></div>
			<h2>How are rules made?</h2><p>Each rule is reviewed with experts.</p>`,
			"## What do the rules cover?\nHere is the full list of the rules:\n### Spam\n- Fake engagement\n- Impersonation\n### Sensitive content\n- Child safety\n- Thumbnails\n## How are rules made?\nEach rule is reviewed with experts."},
		{"lists under headings with no sentence before them stay out",
			`<h2>Privacy</h2><p>We collect your name.</p><div class="grid">
			<div class="cell"><h3>Help</h3><ul><li><a href="/h/1">Reset a password</a></li><li><a href="/h/2">Contact support</a></li></ul></div>
			<div class="cell"><h3>Company</h3><ul><li><a href="/c/1">About us</a></li><li><a href="/c/2">Careers</a></li></ul></div></div>`,
			"## Privacy\nWe collect your name."},
		{"related links no sentence announces",
			`<p>We collect your name.</p><h3>Related articles</h3><ul><li><a href="/help/1">How to reset a password</a></li><li><a href="/help/2">Contact support</a></li></ul>`,
			"We collect your name."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extractBody(t, "<main>"+tt.html+"</main>").Text(); got != tt.want {
				t.Errorf("Text():\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestHTMLBehindDialog: while a dialog is open (a login prompt, a consent
// dialog), pages mark everything behind it aria-hidden, their main content
// included. The text is still on the screen; only the dialog is chrome.
func TestHTMLBehindDialog(t *testing.T) {
	page := `<div aria-hidden="true" id="scrollview"><div role="main"><h2>Terms of Service</h2><p>These terms govern your use of the service.</p></div>
		<div aria-hidden="true" class="icon">arrow_forward</div></div>
		<div role="dialog" aria-modal="true"><p>Log in to see more from your friends and family today.</p></div>`
	want := "## Terms of Service\nThese terms govern your use of the service."
	if got := extractBody(t, page).Text(); got != want {
		t.Errorf("Text():\n%s\nwant:\n%s", got, want)
	}
	// The same page with the dialog closed gives the same text.
	closed := `<div id="scrollview"><div role="main"><h2>Terms of Service</h2><p>These terms govern your use of the service.</p></div>
		<div aria-hidden="true" class="icon">arrow_forward</div></div>`
	if a, b := extractBody(t, page), extractBody(t, closed); a.Hash() != b.Hash() {
		t.Errorf("dialog open and closed differ:\n%s\n---\n%s", a.Text(), b.Text())
	}
}

// TestHTMLLeadBlocks: on a page without landmarks, the blocks right before
// the densest content (title, date, a notice about the policy) are kept
// with it; the site header before them and the footer after are not.
func TestHTMLLeadBlocks(t *testing.T) {
	body := strings.Repeat("<p>We collect the data you give us when you create an account, and we keep it while the account is open.</p>", 200)
	page := `<div class="top"><a href="/">Home</a> <a href="/shop">Shop</a> <button>Menu</button></div>
		<div class="title"><h1>Privacy Policy</h1><p>Last updated: 1 May 2025</p></div>
		<div class="when">Last updated: 2 May 2025</div>
		<div><i>We have changed our name, from Example Networks to Example. Our privacy policy, terms of service and cookie policy remain in effect, and the change of name does not change how we use or share your data. You can read more about the new name, and about what stays the same, in our newsroom.</i></div>
		<div class="content">` + body + `</div>
		<div class="bottom"><p>Join millions of users who track their sleep.</p></div>`
	d := extractBody(t, page)
	want := "# Privacy Policy\nLast updated: 1 May 2025\nWe have changed our name, from Example Networks to Example. Our privacy policy, terms of service and cookie policy remain in effect, and the change of name does not change how we use or share your data. You can read more about the new name, and about what stays the same, in our newsroom.\nWe collect the data"
	if got := d.Text(); !strings.HasPrefix(got, want) {
		t.Errorf("Text() starts:\n%.200s\nwant:\n%s", got, want)
	}
	for _, left := range []string{"Home", "Menu", "Join millions", "2 May 2025"} {
		if strings.Contains(d.Text(), left) {
			t.Errorf("Text() holds %q:\n%.300s", left, d.Text())
		}
	}
	if !strings.Contains(d.Main, "2 lead blocks") {
		t.Errorf("Main = %q, want the lead blocks named", d.Main)
	}
}
