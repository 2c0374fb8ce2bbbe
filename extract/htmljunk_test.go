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
		{"teasers of other pages: a picture, a title and a summary in each link",
			text + `<section><h2>The best movies to stream</h2><div>` +
				`<a href="/ke/stunts"><picture><img alt="Stunts" src="a.jpg"></picture><h3>The Final Reckoning's stunts</h3><p>Tom Cruise and the stunt co-ordinator unpack the biplane stunts.</p></a>` +
				`<a href="/ke/novocaine"><img alt="Novocaine" src="b.jpg"><h3>Novocaine, shot in Cape Town</h3><p>The US box office hit premieres this Sunday at 8PM and on Showmax from 1 December.</p></a>` +
				`</div></section>`,
			"## What we collect #\nWe collect your name and e-mail address."},
		{"a list of documents with one icon stays: its items are not teasers",
			text + `<div><h2>Other policies</h2><p>These form part of the agreement:</p><ul>` +
				`<li><a href="/cookies"><img src="i.svg" alt="">Cookie policy: which cookies we set and why</a></li>` +
				`<li><a href="/terms">Terms of service that govern your use of the service</a></li></ul></div>`,
			"## What we collect #\nWe collect your name and e-mail address.\n## Other policies\nThese form part of the agreement:\n- Cookie policy: which cookies we set and why\n- Terms of service that govern your use of the service"},
		{"the copy of a card block for small screens, its title a plain line, goes with it",
			text + `<div class="wide"><h2>Related articles</h2><div role="list"><div role="listitem"><a href="/h/1">Report a violation</a></div><div role="listitem"><a href="/h/2">Request a legal removal</a></div></div></div>` +
				`<div class="narrow"><span>Related articles</span><div role="list"><div role="listitem"><a href="/h/1">Report a violation</a></div><div role="listitem"><a href="/h/2">Request a legal removal</a></div></div></div>`,
			"## What we collect #\nWe collect your name and e-mail address."},
		{"a heading over links to files: the documents the text offers stay",
			text + `<div><h2>Download the report</h2><div><a href="/dsa/report-2023.pdf">Download 2023 Report</a></div><div><a href="/dsa/report-2024.PDF?v=2">Download 2024 Report</a></div></div>`,
			"## What we collect #\nWe collect your name and e-mail address.\n## Download the report\nDownload 2023 Report\nDownload 2024 Report"},
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

// TestHTMLProseLabel: a label that is a sentence of the policy (the opt-out
// box of a cookie section) is text; the few words that name a form field,
// and a consent form's box, are not.
func TestHTMLProseLabel(t *testing.T) {
	intro := `<h2>Audience measurement</h2><p>We measure the audience of the site with a cookie that is never shared.</p>`
	tests := []struct{ name, html, want string }{
		{"an opt-out sentence in a label",
			intro + `<div><input id="optout" type="checkbox" checked><label for="optout">You may refuse the processing of your browsing data by unticking this box. Without this cookie we can no longer measure the audience of our site or improve it for you.</label></div>`,
			"## Audience measurement\nWe measure the audience of the site with a cookie that is never shared.\nYou may refuse the processing of your browsing data by unticking this box. Without this cookie we can no longer measure the audience of our site or improve it for you."},
		{"a field's label",
			intro + `<div><label for="email">Your e-mail address</label><input id="email" type="email"></div>`,
			"## Audience measurement\nWe measure the audience of the site with a cookie that is never shared."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extractBody(t, "<main>"+tt.html+"</main>").Text(); got != tt.want {
				t.Errorf("Text():\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestHTMLProseAside: a callout of the policy in an aside inside the
// article is text; a sidebar of links, in the article or beside it, is not.
func TestHTMLProseAside(t *testing.T) {
	body := `<h2>Sharing</h2><p>We share your data with the processors that host the service.</p>`
	callout := `<aside><p>In short: we never sell your personal data, and we never share it for advertising.</p></aside>`
	links := `<aside><h3>Related</h3><ul><li><a href="/cookies">Cookie policy</a></li><li><a href="/terms">Terms of service</a></li></ul></aside>`
	tests := []struct{ name, html, want string }{
		{"a callout in the article", `<main>` + body + callout + `</main>`,
			"## Sharing\nWe share your data with the processors that host the service.\nIn short: we never sell your personal data, and we never share it for advertising."},
		{"links in an aside of the article", `<main>` + body + links + `</main>`,
			"## Sharing\nWe share your data with the processors that host the service."},
		{"a sidebar beside the content", `<main>` + body + `</main>` + callout,
			"## Sharing\nWe share your data with the processors that host the service."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extractBody(t, tt.html).Text(); got != tt.want {
				t.Errorf("Text():\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestHTMLConsentNoticeByName: a consent notice inside the main content,
// its classes saying nothing, is known by its accessible name and its
// buttons; a policy's own cookie section, a tab named "Cookies" included,
// stays.
func TestHTMLConsentNoticeByName(t *testing.T) {
	policy := `<h1>Risk report</h1><p>This report sets out the results of our systemic risk assessment.</p>`
	notice := `<div role="region" aria-labelledby="n-h" class="x1"><h2 id="n-h">Cookie Notice</h2>` +
		`<p>We and our partners use cookies to provide you with a better, safer and faster service.</p>` +
		`<button type="button">Accept all cookies</button><button type="button">Refuse non-essential cookies</button></div>`
	section := `<h2>Cookies</h2><div role="region" aria-label="Cookies"><p>We set a session cookie that keeps you signed in, and an analytics cookie that counts visits. You can refuse the analytics cookie below, at any time, without losing access to any part of the service.</p><button type="button">Refuse analytics cookies</button></div>`
	tests := []struct{ name, html, want string }{
		{"a notice labelled by its heading", `<main>` + notice + policy + `</main>`,
			"# Risk report\nThis report sets out the results of our systemic risk assessment."},
		{"a notice labelled by aria-label", `<main><section aria-label="Cookie consent" class="x2"><p>We use cookies to improve the site and to measure our audience.</p><button>OK</button></section>` + policy + `</main>`,
			"# Risk report\nThis report sets out the results of our systemic risk assessment."},
		{"a cookie section with its own heading and an opt-out button stays", `<main>` + policy + section + `</main>`,
			"# Risk report\nThis report sets out the results of our systemic risk assessment.\n## Cookies\nWe set a session cookie that keeps you signed in, and an analytics cookie that counts visits. You can refuse the analytics cookie below, at any time, without losing access to any part of the service."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extractBody(t, tt.html).Text(); got != tt.want {
				t.Errorf("Text():\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
