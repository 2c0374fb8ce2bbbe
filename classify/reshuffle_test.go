package classify

import (
	"strings"
	"testing"
)

// A cookie table that regenerates itself lists the same cookies in
// another order, some of them in another row of the same table: no
// change. A cookie gone from the table is a change. Every table here was
// written for this test.
func TestTableReshuffled(t *testing.T) {
	table := func(title, intro, kind1, kind2 string, rows ...string) string {
		return "# " + title + "\n\n" + intro + "\n\n| Domain | Cookies | Type |\n| --- | --- | --- |\n| shop.example | " +
			rows[0] + " | " + kind1 + " |\n| example | " + rows[1] + " | " + kind2 + " |\n"
	}
	type set struct{ title, intro, kind1, kind2 string }
	sets := map[string]set{
		"en": {"Cookie Policy", "We use cookies to run the site. You can refuse them.", "First-party", "Third-party"},
		"fr": {"Politique cookies", "Nous utilisons des cookies pour faire fonctionner le site. Vous pouvez les refuser.", "Cookies internes", "Cookies tiers"},
		"de": {"Cookie-Richtlinie", "Wir verwenden Cookies, damit die Website funktioniert. Sie können sie ablehnen.", "Eigene Cookies", "Cookies von Dritten"},
	}
	before := []string{"sessid, cart, lang, theme", "auth, csrf\\_token, consent, geo"}
	for lang, s := range sets {
		old := table(s.title, s.intro, s.kind1, s.kind2, before...)
		runDocs(t, lang, []docCase{
			{name: "reshuffled", old: old, new: table(s.title, s.intro, s.kind1, s.kind2,
				"theme, lang, sessid, geo, cart", "consent, auth, csrf\\_token"), min: None, max: None},
			{name: "one gone", old: old, new: table(s.title, s.intro, s.kind1, s.kind2,
				"theme, lang, sessid, cart", "consent, auth, csrf\\_token"), min: Low, max: High},
			{name: "one gone, order kept", old: old, new: table(s.title, s.intro, s.kind1, s.kind2,
				before[0], strings.TrimSuffix(before[1], ", geo")), min: Low, max: High},
		})
	}
}
