package extract

import (
	"github.com/tracker-dev/tracker/doc"
	"strings"
	"testing"
)

// TestHTMLParts: content a reader can open (accordions, disclosures, tabs,
// details, "read more") is policy text, written in document order under
// its control, and the same whether the page was served open or collapsed.
func TestHTMLParts(t *testing.T) {
	tests := []struct {
		name      string
		collapsed string
		open      string // the same page served with the part open
		want      string
		opened    []string // what the collapsed page reports opening
	}{
		{
			name: "accordion: button in a heading, panel hidden",
			collapsed: `<h2>Terms</h2><h3><button aria-expanded="false" aria-controls="p1">1. Services</button></h3>
				<div id="p1" role="region" hidden><p>We provide the service as is.</p></div>`,
			open: `<h2>Terms</h2><h3><button aria-expanded="true" aria-controls="p1">1. Services</button></h3>
				<div id="p1" role="region"><p>We provide the service as is.</p></div>`,
			want:   "## Terms\n### 1. Services\nWe provide the service as is.",
			opened: []string{"collapsed: 1. Services"},
		},
		{
			name: "agreement sections: aria-hidden bodies opened by buttons",
			collapsed: `<div><button type="button" aria-expanded="false" aria-controls="s1">1. Definitions</button>
				<div id="s1" aria-hidden="true"><p>"Customer Data" means data you submit.</p></div></div>
				<div><button type="button" aria-expanded="false" aria-controls="s2">2. Processing</button>
				<div id="s2" aria-hidden="true"><p>We process Customer Data on your instructions.</p></div></div>`,
			open: `<div><button type="button" aria-expanded="true" aria-controls="s1">1. Definitions</button>
				<div id="s1" aria-hidden="false"><p>"Customer Data" means data you submit.</p></div></div>
				<div><button type="button" aria-expanded="true" aria-controls="s2">2. Processing</button>
				<div id="s2" aria-hidden="false"><p>We process Customer Data on your instructions.</p></div></div>`,
			want:   "## 1. Definitions\n\"Customer Data\" means data you submit.\n## 2. Processing\nWe process Customer Data on your instructions.",
			opened: []string{"collapsed: 1. Definitions", "collapsed: 2. Processing"},
		},
		{
			name: "trigger holding its heading, panel collapsed by an inline style",
			collapsed: `<h2>Sharing</h2><button aria-expanded="false" aria-controls="x"><div><h3>With affiliates</h3></div><svg></svg></button>
				<div id="x" style="display: none"><p>We share data with our affiliates.</p></div>`,
			open: `<h2>Sharing</h2><button aria-expanded="true" aria-controls="x"><div><h3>With affiliates</h3></div><svg></svg></button>
				<div id="x" style=""><p>We share data with our affiliates.</p></div>`,
			want:   "## Sharing\n### With affiliates\nWe share data with our affiliates.",
			opened: []string{"collapsed: With affiliates"},
		},
		{
			name: "panel collapsed by a class (nothing in the markup hides it)",
			collapsed: `<div class="faq"><button aria-expanded="false" aria-controls="a1">Do you sell my data?</button>
				<div id="a1" class="collapse"><p>No, we never sell personal data.</p></div></div>`,
			open: `<div class="faq"><button aria-expanded="true" aria-controls="a1">Do you sell my data?</button>
				<div id="a1" class="collapse show"><p>No, we never sell personal data.</p></div></div>`,
			want: "## Do you sell my data?\nNo, we never sell personal data.",
			// Open or not, it is not hidden in the markup, but the control says collapsed.
			opened: []string{"collapsed: Do you sell my data?"},
		},
		{
			name: "aria-controls naming a missing id: the panel after the control",
			collapsed: `<h2>Privacy</h2><section><button aria-controls="expandableSection" aria-expanded="false">Key terms</button>
				<div aria-hidden="true"><h4>Choices</h4><p>Settings are available to members.</p></div></section>`,
			open: `<h2>Privacy</h2><section><button aria-controls="expandableSection" aria-expanded="true">Key terms</button>
				<div aria-hidden="false"><h4>Choices</h4><p>Settings are available to members.</p></div></section>`,
			want:   "## Privacy\n### Key terms\n#### Choices\nSettings are available to members.",
			opened: []string{"collapsed: Key terms"},
		},
		{
			name:      "APG accordion without aria-controls: the panel after the heading",
			collapsed: `<h3><button aria-expanded="false">Retention</button></h3><div hidden><p>We keep logs 30 days.</p></div>`,
			open:      `<h3><button aria-expanded="true">Retention</button></h3><div><p>We keep logs 30 days.</p></div>`,
			want:      "### Retention\nWe keep logs 30 days.",
			opened:    []string{"collapsed: Retention"},
		},
		{
			name:      "details and summary",
			collapsed: `<h2>FAQ</h2><details><summary>Can I delete my account?</summary><p>Yes, from the settings page.</p></details>`,
			open:      `<h2>FAQ</h2><details open><summary>Can I delete my account?</summary><p>Yes, from the settings page.</p></details>`,
			want:      "## FAQ\n### Can I delete my account?\nYes, from the settings page.",
			opened:    []string{"details: Can I delete my account?"},
		},
		{
			name: "tabs: every panel, headed by its tab, whichever is active",
			collapsed: `<h2>Cookies we use</h2><div role="tablist"><button role="tab" id="t1" aria-selected="true" aria-controls="c1">Essential</button>
				<button role="tab" id="t2" aria-selected="false" aria-controls="c2">Analytics</button></div>
				<div role="tabpanel" id="c1" aria-labelledby="t1"><table><tr><th>Name</th><th>Purpose</th></tr><tr><td>sid</td><td>Session</td></tr></table></div>
				<div role="tabpanel" id="c2" aria-labelledby="t2" hidden><table><tr><th>Name</th><th>Purpose</th></tr><tr><td>_ga</td><td>Statistics</td></tr></table></div>`,
			open: `<h2>Cookies we use</h2><div role="tablist"><button role="tab" id="t1" aria-selected="false" aria-controls="c1" tabindex="-1">Essential</button>
				<button role="tab" id="t2" aria-selected="true" aria-controls="c2">Analytics</button></div>
				<div role="tabpanel" id="c1" aria-labelledby="t1" hidden><table><tr><th>Name</th><th>Purpose</th></tr><tr><td>sid</td><td>Session</td></tr></table></div>
				<div role="tabpanel" id="c2" aria-labelledby="t2"><table><tr><th>Name</th><th>Purpose</th></tr><tr><td>_ga</td><td>Statistics</td></tr></table></div>`,
			want:   "## Cookies we use\n### Essential\n| Name | Purpose\n| sid | Session\n### Analytics\n| Name | Purpose\n| _ga | Statistics",
			opened: []string{"tab: Analytics"},
		},
		{
			name: "tab panel starting with its own heading is not headed twice",
			collapsed: `<ul role="tablist"><li role="tab" aria-controls="p1">Sub-processors</li><li role="tab" aria-controls="p2">Affiliates</li></ul>
				<div role="tabpanel" id="p1"><h3>Sub-processors</h3><p>Acme Cloud hosts our data.</p></div>
				<div role="tabpanel" id="p2" style="display:none"><h3>Affiliates</h3><p>Example Ltd provides support.</p></div>`,
			open: `<ul role="tablist"><li role="tab" aria-controls="p1">Sub-processors</li><li role="tab" aria-controls="p2">Affiliates</li></ul>
				<div role="tabpanel" id="p1" style="display:none"><h3>Sub-processors</h3><p>Acme Cloud hosts our data.</p></div>
				<div role="tabpanel" id="p2"><h3>Affiliates</h3><p>Example Ltd provides support.</p></div>`,
			want:   "### Sub-processors\nAcme Cloud hosts our data.\n### Affiliates\nExample Ltd provides support.",
			opened: []string{"tab: Affiliates"},
		},
		{
			name: "read more: the full text, without the control's label",
			collapsed: `<p>We collect your name and e-mail address.</p><button aria-expanded="false" aria-controls="more">Read more</button>
				<div id="more" hidden><p>We also collect the pages you visit.</p></div>`,
			open: `<p>We collect your name and e-mail address.</p><button aria-expanded="true" aria-controls="more">Show less</button>
				<div id="more"><p>We also collect the pages you visit.</p></div>`,
			want:   "We collect your name and e-mail address.\nWe also collect the pages you visit.",
			opened: []string{"collapsed: Read more"},
		},
		{
			name: "accordion a script opens: the body hidden by an inline style under its heading",
			collapsed: `<h2>Cookies</h2><div><h3>Session cookie</h3><div style="display:none"><p>We set a session cookie to keep you signed in.</p></div></div>
				<dl><dt>Analytics cookie</dt><dd hidden>We count visits to improve the site.</dd></dl>`,
			open: `<h2>Cookies</h2><div><h3>Session cookie</h3><div style="display:block"><p>We set a session cookie to keep you signed in.</p></div></div>
				<dl><dt>Analytics cookie</dt><dd>We count visits to improve the site.</dd></dl>`,
			want:   "## Cookies\n### Session cookie\nWe set a session cookie to keep you signed in.\nAnalytics cookie\nWe count visits to improve the site.",
			opened: []string{"collapsed: Session cookie", "collapsed: Analytics cookie"},
		},
		{
			name: "read more without ARIA: an excerpt, then the full text hidden",
			collapsed: `<p>We collect your name.</p><p class="excerpt">We also collect the pages you visit…</p>
				<p class="full" style="display:none">We also collect the pages you visit and the device you use.</p>`,
			open: `<p>We collect your name.</p><p class="excerpt" style="display:none">We also collect the pages you visit…</p>
				<p class="full">We also collect the pages you visit and the device you use.</p>`,
			want:   "We collect your name.\nWe also collect the pages you visit and the device you use.",
			opened: []string{"read more: We also collect the pages you visit..."},
		},
		{
			name:      "read more within a sentence: an ellipsis, then the rest hidden",
			collapsed: `<p>We collect your name<span class="dots">…</span><span class="more" hidden> and the pages you visit.</span></p>`,
			open:      `<p>We collect your name<span class="dots" hidden>…</span><span class="more"> and the pages you visit.</span></p>`,
			want:      "We collect your name and the pages you visit.",
		},
		{
			name: "question and answer in a definition list",
			collapsed: `<dl><dt><button aria-expanded="false" aria-controls="d1">Where is data stored?</button></dt>
				<dd id="d1" hidden>In the European Union.</dd></dl>`,
			open: `<dl><dt><button aria-expanded="true" aria-controls="d1">Where is data stored?</button></dt>
				<dd id="d1">In the European Union.</dd></dl>`,
			// A control in a term is text of the term, as any other.
			want:   "Where is data stored?\nIn the European Union.",
			opened: []string{"collapsed: Where is data stored?"},
		},
		{
			name: "nested accordions nest their headings",
			collapsed: `<h2>Rights</h2><button aria-expanded="false" aria-controls="o">Your rights</button><div id="o" hidden>
				<button aria-expanded="false" aria-controls="i">Access</button><div id="i" hidden><p>You may ask for a copy.</p></div></div>`,
			open: `<h2>Rights</h2><button aria-expanded="true" aria-controls="o">Your rights</button><div id="o">
				<button aria-expanded="true" aria-controls="i">Access</button><div id="i"><p>You may ask for a copy.</p></div></div>`,
			want:   "## Rights\n### Your rights\n#### Access\nYou may ask for a copy.",
			opened: []string{"collapsed: Your rights", "collapsed: Access"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			collapsed := extractBody(t, tt.collapsed)
			open := extractBody(t, tt.open)
			if got := collapsed.Text(); got != tt.want {
				t.Errorf("collapsed:\n%s\nwant:\n%s", got, tt.want)
			}
			if open.Hash() != collapsed.Hash() {
				t.Errorf("open and collapsed differ:\n%s\n---\n%s", open.Text(), collapsed.Text())
			}
			if got := strings.Join(collapsed.Opened, "; "); got != strings.Join(tt.opened, "; ") {
				t.Errorf("Opened = %q, want %q", collapsed.Opened, tt.opened)
			}
		})
	}
}

// TestHTMLPartsLeftOut: what no reader of the policy needs stays out, even
// when a control opens it.
func TestHTMLPartsLeftOut(t *testing.T) {
	tests := []struct {
		name, html, want string
	}{
		{"menu button in the navigation",
			`<nav><button aria-expanded="false" aria-controls="m">Menu</button><ul id="m" hidden><li><a href="/a">Pricing and plans for teams</a></li></ul></nav><p>Policy.</p>`,
			"Policy."},
		{"drawer opened from the site header",
			`<header><button aria-expanded="false" aria-controls="drawer">Menu</button></header><div id="drawer" hidden><p>Sign in to your account to see your dashboard.</p></div><main><p>Policy.</p></main>`,
			"Policy."},
		{"popup menu in the content",
			`<p>Policy.</p><button aria-haspopup="menu" aria-expanded="false" aria-controls="share">Share</button><div id="share" hidden><p>Share this page on social networks today.</p></div>`,
			"Policy."},
		{"modal dialog opened from the text",
			`<p>Policy.</p><button aria-expanded="false" aria-controls="dlg">Subscribe</button><div id="dlg" role="dialog" hidden><p>Get our newsletter every week in your inbox.</p></div>`,
			"Policy."},
		{"hidden with nothing that opens it",
			`<p>Policy.</p><div hidden><p>Old version of the policy text.</p></div><div style="display:none"><p>Another old text.</p></div>`,
			"Policy."},
		{"hidden text after an ellipsis that it does not complete",
			`<p>We list the changes made to this policy over the years...</p><div hidden><p>Old version of the policy text.</p></div>`,
			"We list the changes made to this policy over the years..."},
		{"template and script content",
			`<p>Policy.</p><template><p>Row template text.</p></template><script>var t = "<p>Policy in a script</p>";</script>`,
			"Policy."},
		{"screen-reader suffix of a link",
			`<p>See our <a href="/cookies">cookie policy<span class="sr-only"> (opens in a new tab)</span></a>.</p>`,
			"See our cookie policy."},
		{"icon text hidden from assistive technology",
			`<h2><button aria-expanded="false" aria-controls="p">Cookies<span class="material-icons" aria-hidden="true">expand_more</span></button></h2><div id="p" hidden><p>We use cookies.</p></div>`,
			"## Cookies\nWe use cookies."},
		{"control whose panel is only links",
			`<p>Policy.</p><button aria-expanded="false" aria-controls="toc">On this page</button><ul id="toc" hidden><li><a href="#a">Collection</a></li><li><a href="#b">Sharing</a></li></ul>`,
			"Policy."},
		{"carousel: hidden slides are not opened, dots are not headings",
			`<p>Policy.</p><section aria-roledescription="carousel"><div role="tablist"><button role="tab" aria-controls="s1">1</button><button role="tab" aria-controls="s2">2</button></div>
				<div id="s1" role="tabpanel" aria-roledescription="slide"><p>Trusted by teams in forty countries.</p></div>
				<div id="s2" role="tabpanel" aria-roledescription="slide" hidden><p>Rated five stars by our customers.</p></div></section>`,
			"Policy."},
		{"carousel clones hidden from everyone",
			`<p>Policy.</p><div class="slide" aria-hidden="true"><p>Trusted by thousands of teams.</p></div>`,
			"Policy."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extractBody(t, tt.html).Text(); got != tt.want {
				t.Errorf("Text():\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestHTMLPartsNotDoubled: the same text carried twice for different
// screens, one copy hidden, is written once.
func TestHTMLPartsNotDoubled(t *testing.T) {
	a := "We keep account data for as long as your account is open and delete it within thirty days after you close it, unless the law requires us to keep it longer."
	b := "We share usage data with the processors that host and support the service, under contracts that forbid them to use it for anything else than our service."
	tests := []struct{ name, html, want string }{
		{"desktop tabs and a hidden phone accordion",
			`<div class="desktop"><div role="tablist"><button role="tab" aria-controls="t1">Retention</button><button role="tab" aria-controls="t2">Sharing</button></div>
				<div role="tabpanel" id="t1"><p>` + a + `</p></div><div role="tabpanel" id="t2" hidden><p>` + b + `</p></div></div>
			<div class="phone" aria-hidden="true"><h3><button aria-expanded="false" aria-controls="m1">Retention</button></h3><div id="m1" aria-hidden="true"><p>` + a + `</p></div>
				<h3><button aria-expanded="false" aria-controls="m2">Sharing</button></h3><div id="m2" aria-hidden="true"><p>` + b + `</p></div></div>`,
			"## Retention\n" + a + "\n## Sharing\n" + b},
		{"visible text and a hidden copy opened by a control",
			`<h2>Retention</h2><p>` + a + `</p><button aria-expanded="false" aria-controls="c">Retention</button><div id="c" hidden><p>` + a + `</p></div>`,
			"## Retention\n" + a},
		{"tab titles repeated for phones",
			`<div role="tablist"><div role="tab" id="d1" aria-controls="p1">Retention</div><div role="tab" id="d2" aria-controls="p2">Sharing</div></div>
			<div role="tab" id="m1" aria-controls="p1">Retention</div><div role="tabpanel" id="p1" aria-labelledby="d1"><p>` + a + `</p></div>
			<div role="tab" id="m2" aria-controls="p2">Sharing</div><div role="tabpanel" id="p2" aria-labelledby="d2" hidden><p>` + b + `</p></div>`,
			"## Retention\n" + a + "\n## Sharing\n" + b},
		{"short answers may repeat",
			`<button aria-expanded="false" aria-controls="q1">Do you sell data?</button><div id="q1" hidden><p>No.</p></div>
			<button aria-expanded="false" aria-controls="q2">Do you rent data?</button><div id="q2" hidden><p>No.</p></div>`,
			"## Do you sell data?\nNo.\n## Do you rent data?\nNo."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extractBody(t, tt.html).Text(); got != tt.want {
				t.Errorf("Text():\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestHTMLVisibleLabels: aria-hidden hides text from assistive technology,
// not from the eye; text that repeats its link's accessible name is the
// link's visible label (cards of links to the parts of a policy).
func TestHTMLVisibleLabels(t *testing.T) {
	page := `<h2>What we collect</h2><p>We collect what you give us.</p>
		<a href="/privacy/collection" role="link" aria-label="Manage the information we collect about you"><div aria-hidden="true"><span>Manage the information we collect about you</span></div></a>
		<a href="/privacy/ads" aria-label="How we show ads, opens in a new tab"><span aria-hidden="true">How we show ads</span></a>`
	want := "## What we collect\nWe collect what you give us.\nManage the information we collect about you\nHow we show ads"
	if got := extractBody(t, page).Text(); got != want {
		t.Errorf("Text():\n%s\nwant:\n%s", got, want)
	}
}

// TestHTMLInlineControls: a control in the middle of a sentence (a defined
// term that opens its definition) is text of the sentence, not a heading.
func TestHTMLInlineControls(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"term as a link that opens a tooltip",
			`<p>We process <a href="#" aria-expanded="false" aria-controls="d1">Customer Data</a> on your behalf.</p><div id="d1" role="tooltip" hidden>Data you upload.</div>`,
			"We process Customer Data on your behalf."},
		{"term as a span that opens a definition",
			`<p>We process <span role="button" aria-expanded="false" aria-controls="d2">Customer Data</span> on your behalf.</p><p id="d2" hidden>Customer Data means the data you upload to the service.</p>`,
			"We process Customer Data on your behalf.\nCustomer Data means the data you upload to the service."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extractBody(t, tt.html).Text(); got != tt.want {
				t.Errorf("Text():\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestHTMLStructureNotNames(t *testing.T) {
	tests := []struct {
		name, html, want string
	}{
		{"heading whose id is the slug of its text",
			`<h2 id="does-acme-share-data-about-me"><a href="#does-acme-share-data-about-me">Does Acme share data about me?</a></h2><p>Acme shares account data with processors.</p>`,
			"## Does Acme share data about me?\nAcme shares account data with processors."},
		{"a heading named like chrome is a heading",
			`<h2 id="feedback" class="social-heading">Feedback</h2><p>If you send us feedback, we may use it without paying you.</p>`,
			"## Feedback\nIf you send us feedback, we may use it without paying you."},
		{"the heading of a table of contents goes with it",
			`<h2>Contents</h2><ul><li><a href="#a">Collection</a></li><li><a href="#b">Sharing</a></li></ul><h2 id="a">Collection</h2><p>We collect your name.</p>`,
			"## Collection\nWe collect your name."},
		{"a table's caption read only by screen readers names the table",
			`<table><caption class="visually-hidden">Sub-processors and their locations</caption><tr><th>Name</th><th>Location</th></tr><tr><td>Acme Cloud</td><td>Ireland</td></tr></table>`,
			"| Name | Location\n| Acme Cloud | Ireland\nSub-processors and their locations"},
		{"defined terms as named anchors are not links",
			`<ul><li><a id="def-data" name="def-data"><u>Personal Data</u> means any information relating to a person</a></li><li><a name="def-sub"><u>Sub-processor</u> means a processor we engage</a></li></ul>`,
			"- Personal Data means any information relating to a person\n- Sub-processor means a processor we engage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extractBody(t, tt.html).Text(); got != tt.want {
				t.Errorf("Text():\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func extractBody(t *testing.T, body string) *doc.Document {
	t.Helper()
	d, err := HTML([]byte("<!DOCTYPE html><html><body>"+body+"</body></html>"), "text/html; charset=utf-8", Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestHTMLCollapsedPolicyPage: a whole page in the markup site builders
// write (a class-collapsed accordion, an aria-hidden one, tabs of
// sub-processors and cookies with phone copies of the tabs, definitions
// opened by their terms, FAQ details, a "read more"), beside a consent
// dialog with tabs and accordions of its own. Every policy sentence is
// kept, nothing of the chrome is, and the page served with every part open
// gives the same text.
func TestHTMLCollapsedPolicyPage(t *testing.T) {
	collapsed, err := HTML(readFixture(t, "collapsed-policy.html"), "text/html; charset=utf-8", Options{})
	if err != nil {
		t.Fatal(err)
	}
	open, err := HTML(readFixture(t, "collapsed-policy-open.html"), "text/html; charset=utf-8", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if open.Hash() != collapsed.Hash() {
		t.Errorf("open and collapsed pages differ:\n%s\n---\n%s", open.Text(), collapsed.Text())
	}
	text := collapsed.Text()
	for _, want := range []string{
		"## 1. What we collect",
		"We collect the pages you visit and the device you use when you use the service.",
		"## 2. Who we share it with",
		"We do not sell personal data and we do not share it for cross-context behavioural advertising.",
		"### Sub-processors\n| Sub-processor | Purpose | Location\n| Acme Cloud Ltd | Hosting | Ireland",
		"### Cookies\n| Cookie | Purpose | Duration\n| session_id | Keeps you signed in | Session\n| _analytics | Counts visits to improve the site | 13 months",
		"Sub-processors and where they process data",
		"- Controller\n- means the entity that determines the purposes and means of the processing of personal data.",
		"### Can I delete my account?\nYes. You can delete your account",
		"You may also object to processing based on our legitimate interests, and complain to your supervisory authority.",
		"See our cookie policy for details.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	for _, unwanted := range []string{
		"Pricing", "Necessary cookies", "best experience", "Accept all", "Read more", "Read less",
		"opens in a new tab", "Template row", "keep logs forever", "FAQPage", "Toggle navigation",
	} {
		if strings.Contains(text, unwanted) {
			t.Errorf("text holds %q:\n%s", unwanted, text)
		}
	}
	if strings.Count(text, "Sub-processors\n") != 1 {
		t.Errorf("the sub-processors tab is written more than once:\n%s", text)
	}
	if len(collapsed.Opened) == 0 || len(open.Opened) == 0 {
		t.Errorf("Opened: collapsed %q, open %q", collapsed.Opened, open.Opened)
	}
}
