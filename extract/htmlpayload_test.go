package extract

import (
	"encoding/json"
	"strings"
	"testing"
)

// payloadPolicy is a policy long enough to stand for a page, as HTML.
const payloadPolicy = `<h2>Information we collect</h2>` +
	`<p>We collect the name, e-mail address and telephone number you give us when you open an account, and the orders you place with us.</p>` +
	`<p>We collect technical data about the device you use to visit the platform, such as its IP address, browser type and time zone setting.</p>` +
	`<h2>How we share it</h2>` +
	`<ul><li>With the couriers who deliver your orders, limited to your name and delivery address.</li>` +
	`<li>With payment processors, who receive the payment details needed to complete a purchase.</li></ul>` +
	`<p>We never sell your personal data to third parties, and we keep it for no longer than the law requires of us.</p>`

// payloadWant is payloadPolicy's text.
const payloadWant = "## Information we collect\n" +
	"We collect the name, e-mail address and telephone number you give us when you open an account, and the orders you place with us.\n" +
	"We collect technical data about the device you use to visit the platform, such as its IP address, browser type and time zone setting.\n" +
	"## How we share it\n" +
	"- With the couriers who deliver your orders, limited to your name and delivery address.\n" +
	"- With payment processors, who receive the payment details needed to complete a purchase.\n" +
	"We never sell your personal data to third parties, and we keep it for no longer than the law requires of us."

func jsString(s string) string {
	b, _ := json.Marshal(s) // escapes <, > and & as \u003c...: as frameworks write them
	return string(b)
}

// shellPage is a page whose body has almost no text, and scripts.
func shellPage(scripts string) string {
	return `<!doctype html><html><head><title>Privacy Policy</title></head><body>` +
		`<header><a href="/">Home</a></header><div id="root"><p>Loading…</p></div>` + scripts + `</body></html>`
}

func TestHTMLScriptPayloads(t *testing.T) {
	contentful := `{"props":{"pageProps":{"page":{"title":"Privacy","body":{"nodeType":"document","data":{},"content":[` +
		`{"nodeType":"heading-2","content":[{"nodeType":"text","value":"Information we collect","marks":[]}]},` +
		`{"nodeType":"paragraph","content":[{"nodeType":"text","value":"We collect the name, e-mail address and telephone number you give us when you open an account, and the orders you place with us.","marks":[]}]},` +
		`{"nodeType":"paragraph","content":[{"nodeType":"text","value":"We collect technical data about the device you use to visit the platform, such as its IP address, browser type and time zone setting.","marks":[]}]},` +
		`{"nodeType":"heading-2","content":[{"nodeType":"text","value":"How we share it"}]},` +
		`{"nodeType":"unordered-list","content":[` +
		`{"nodeType":"list-item","content":[{"nodeType":"paragraph","content":[{"nodeType":"text","value":"With the couriers who deliver your orders, limited to your name and delivery address."}]}]},` +
		`{"nodeType":"list-item","content":[{"nodeType":"paragraph","content":[{"nodeType":"text","value":"With payment processors, who receive the payment details needed to complete a purchase."}]}]}]},` +
		`{"nodeType":"paragraph","content":[{"nodeType":"text","value":"We never sell your personal data to third parties, and we keep it for no longer than the law requires of us."},` +
		`{"nodeType":"embedded-entry-inline","data":{"target":{"sys":{"id":"x"}}},"content":[]}]}]}}}}}`
	proseMirror := `{"story":{"content":{"body":{"type":"doc","content":[` +
		`{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Information we collect"}]},` +
		`{"type":"paragraph","content":[{"type":"text","text":"We collect the name, e-mail address and telephone number you give us when you open an account, and the orders you place with us."}]},` +
		`{"type":"paragraph","content":[{"type":"text","text":"We collect technical data about the device you use to visit the platform, such as its IP address, browser type and time zone setting."}]},` +
		`{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"How we share it"}]},` +
		`{"type":"bullet_list","content":[` +
		`{"type":"list_item","content":[{"type":"paragraph","content":[{"type":"text","text":"With the couriers who deliver your orders, limited to your name and delivery address."}]}]},` +
		`{"type":"list_item","content":[{"type":"paragraph","content":[{"type":"text","text":"With payment processors, who receive the payment details needed to complete a purchase."}]}]}]},` +
		`{"type":"paragraph","content":[{"type":"text","text":"We never sell your personal data to third parties, and we keep it for "},{"type":"text","marks":[{"type":"bold"}],"text":"no longer than the law requires of us."}]}]}}}}`
	portable := `{"result":{"body":[` +
		`{"_type":"block","style":"h2","children":[{"_type":"span","text":"Information we collect"}]},` +
		`{"_type":"block","style":"normal","children":[{"_type":"span","text":"We collect the name, e-mail address and telephone number you give us when you open an account, and the orders you place with us."}]},` +
		`{"_type":"block","style":"normal","children":[{"_type":"span","text":"We collect technical data about the device you use to visit the platform, "},{"_type":"span","text":"such as its IP address, browser type and time zone setting."}]},` +
		`{"_type":"block","style":"h2","children":[{"_type":"span","text":"How we share it"}]},` +
		`{"_type":"block","listItem":"bullet","children":[{"_type":"span","text":"With the couriers who deliver your orders, limited to your name and delivery address."}]},` +
		`{"_type":"block","listItem":"bullet","children":[{"_type":"span","text":"With payment processors, who receive the payment details needed to complete a purchase."}]},` +
		`{"_type":"image","asset":{"_ref":"image-1"}},` +
		`{"_type":"block","style":"normal","children":[{"_type":"span","text":"We never sell your personal data to third parties, and we keep it for no longer than the law requires of us."}]}]}}`
	tests := []struct {
		name  string
		page  string
		want  string
		where string // in Main
	}{
		{
			name: "Next.js streamed data: the text row in its own push",
			page: shellPage(`<script>self.__next_f.push([1,"1:HL[\"/_next/static/css/a.css\",\"style\"]\n13:T4691,"])</script>` +
				`<script>self.__next_f.push([1,` + jsString(payloadPolicy) + `])</script>` +
				`<script>self.__next_f.push([1,"2:[\"$\",\"div\",null,{\"dangerouslySetInnerHTML\":{\"__html\":\"$13\"}}]\n"])</script>`),
			want:  payloadWant,
			where: "script payload: escaped HTML in inline script",
		},
		{
			name:  "Next.js streamed data: the row head in the same string",
			page:  shellPage(`<script>self.__next_f.push([1,` + jsString("1f:T2a0,"+payloadPolicy) + `])</script>`),
			want:  payloadWant,
			where: "escaped HTML in inline script",
		},
		{
			name: "HTML string in JSON data, beside its shorter summary",
			page: shellPage(`<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"summary":` +
				jsString("<p>How we collect, use and share your personal data when you shop with us.</p>") + `,"html":` + jsString(payloadPolicy) + `}}}</script>`),
			want:  payloadWant,
			where: "escaped HTML in JSON script #__NEXT_DATA__",
		},
		{
			name:  "Contentful rich text in JSON data; embedded entries are not in it",
			page:  shellPage(`<script id="__NEXT_DATA__" type="application/json">` + contentful + `</script>`),
			want:  payloadWant,
			where: "rich text in JSON script #__NEXT_DATA__",
		},
		{
			name:  "ProseMirror document (TipTap, Storyblok) in JSON data",
			page:  shellPage(`<script type="application/json">` + proseMirror + `</script>`),
			want:  payloadWant,
			where: "rich text in JSON inline script",
		},
		{
			name:  "Portable Text (Sanity) in JSON data",
			page:  shellPage(`<script type="application/json">` + portable + `</script>`),
			want:  payloadWant,
			where: "rich text in JSON inline script",
		},
		{
			name:  "JSON held in a JavaScript string",
			page:  shellPage(`<script>window.__DATA__ = JSON.parse(` + jsString(`{"page":{"body":`+jsString(payloadPolicy)+`}}`) + `);</script>`),
			want:  payloadWant,
			where: "escaped HTML in inline script",
		},
		{
			name: "quotes in comments, regular strings and templates do not throw the scan off",
			page: shellPage(`<script>/* don't "break" */ var a = 'it"s'; var b = ` + "`say \"hi\"`" + `; // a "quote
				var c = ` + jsString(payloadPolicy) + `;</script>`),
			want:  payloadWant,
			where: "escaped HTML in inline script",
		},
		{
			name: "a page with its text keeps it; the same text in its data is not read",
			page: `<html><body><main>` + payloadPolicy + `<p>Contact our data protection officer at dpo@example.com for any question about this policy or your rights.</p></main>` +
				`<script id="__NEXT_DATA__" type="application/json">{"html":` + jsString(payloadPolicy+payloadPolicy) + `}</script></body></html>`,
			want:  payloadWant + "\nContact our data protection officer at dpo@example.com for any question about this policy or your rights.",
			where: "main",
		},
		{
			name: "scripts with only labels and teasers: the page's own little text",
			page: shellPage(`<script>window.t = {"a":"Accept all cookies and continue to the site now please","b":` +
				jsString("<p>Short teaser of an article.</p><p>Read more</p>") + `};</script>`),
			want:  "Loading...",
			where: "text density",
		},
		{
			name: "a short page served rendered keeps its text; its data holds other pages' too",
			page: `<html><head><title>Privacy Policy</title></head><body><main><h1>Legal notice</h1><p>Published by Example SAS, 1 rue de la Paix, 75002 Paris, France.</p>` +
				`<p>E-mail: legal@example.com. Telephone: +33 1 23 45 67 89.</p><p>Hosted by OVH, 2 rue Kellermann, 59100 Roubaix.</p></main>` +
				`<script id="__NEXT_DATA__" type="application/json">{"props":{"legal":` + jsString(`<p>Published by Example SAS, 1 rue de la Paix, 75002 Paris, France.</p><p>E-mail: legal@example.com. Telephone: +33 1 23 45 67 89.</p><p>Hosted by OVH, 2 rue Kellermann, 59100 Roubaix.</p>`) +
				`,"faq":` + jsString(payloadPolicy) + `}}</script></body></html>`,
			want:  "# Legal notice\nPublished by Example SAS, 1 rue de la Paix, 75002 Paris, France.\nE-mail: legal@example.com. Telephone: +33 1 23 45 67 89.\nHosted by OVH, 2 rue Kellermann, 59100 Roubaix.",
			where: "main",
		},
		{
			name: "a page's translations: one long dialog text is not the page",
			page: shellPage(`<script>require("Translations", {"COOKIE_DIALOG":` + jsString("Your browser or device may offer settings that allow you to choose whether browser cookies are set and to delete them. "+
				"These controls vary by browser, and manufacturers may change both the settings they make available and how they work at any time.\n\n"+
				"We use cookies to help provide, protect and improve our services, to understand how they are used and to show you relevant content and measure it.") + `});</script>`),
			want:  "Loading...",
			where: "text density",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := HTML([]byte(tc.page), "text/html; charset=utf-8", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Text(); got != tc.want {
				t.Errorf("text:\n%s\nwant:\n%s", got, tc.want)
			}
			if !strings.Contains(d.Main, tc.where) {
				t.Errorf("main %q, want it to name %q", d.Main, tc.where)
			}
			if d.Title != "Privacy Policy" && strings.Contains(tc.page, "<title>") {
				t.Errorf("title %q", d.Title)
			}
		})
	}
}

// TestHTMLScriptPayloadSameAsPage: the text read from a script is the text
// of the same HTML served as a page, so a site that starts or stops
// rendering on the server records no new version.
func TestHTMLScriptPayloadSameAsPage(t *testing.T) {
	served, err := HTML([]byte(`<html><body><article>`+payloadPolicy+`</article></body></html>`), "text/html", Options{})
	if err != nil {
		t.Fatal(err)
	}
	shell, err := HTML([]byte(shellPage(`<script>self.__next_f.push([1,`+jsString(payloadPolicy)+`])</script>`)), "text/html", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if served.Hash() != shell.Hash() {
		t.Errorf("served:\n%s\nfrom the script:\n%s", served.Text(), shell.Text())
	}
}

// TestHTMLScriptPayloadNotWithSelectors: a selector names the text; an
// empty match is an error, never a guess from the scripts.
func TestHTMLScriptPayloadNotWithSelectors(t *testing.T) {
	page := shellPage(`<script>self.__next_f.push([1,` + jsString(payloadPolicy) + `])</script>`)
	if _, err := HTML([]byte(page), "text/html", Options{Select: []string{"article"}}); err == nil {
		t.Fatal("want an error: the selector matches nothing")
	}
}

func TestHTMLScriptPayloadBounded(t *testing.T) {
	// Nesting far deeper than any page's data is refused, not followed.
	deep := strings.Repeat(`{"a":`, 10000) + jsString(payloadPolicy) + strings.Repeat("}", 10000)
	d, err := HTML([]byte(shellPage(`<script type="application/json">`+deep+`</script>`)), "text/html", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(d.Main, "payload") {
		t.Errorf("main %q: the text was read from a value nested 10000 deep", d.Main)
	}
}
