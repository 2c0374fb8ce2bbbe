package classify

import (
	"testing"

	"github.com/tracker-dev/tracker/diff"
)

// A cookie table row whose purpose turns to tracking, a new row for an
// analytics or advertising cookie, or a new entry in a list of trackers is
// material in every language; a row of
// a functional cookie, a purpose reworded, or a table that is not about
// cookies is not. Every row here was written for this test.
func TestCookieRows(t *testing.T) {
	docs := map[string]string{
		"en": "This page lists the cookies we use. You can refuse cookies in your browser.",
		"fr": "Cette page liste les cookies que nous utilisons. Vous pouvez refuser les cookies dans votre navigateur.",
		"de": "Diese Seite listet die Cookies, die wir verwenden. Sie können Cookies in Ihrem Browser ablehnen.",
		"es": "Esta página enumera las cookies que utilizamos. Puede rechazar las cookies en su navegador.",
	}
	cases := []struct {
		lang, old, new string
		kind           diff.Kind
		min, max       Severity
	}{
		{"en", "Shop | sess_id | Example | Keeps you signed in | session", "Shop | sess_id | Example | Audience measurement of unique visitors | session", diff.Modified, Medium, High},
		{"en", "", "Shop | ad_ref | Example | Targeted advertising | 13 months", diff.Added, Medium, High},
		{"fr", "Boutique | sid | Exemple | Identifiant de session | session", "Boutique | sid | Exemple | Mesure d'audience | session", diff.Modified, Medium, High},
		{"de", "", "Shop | vis_x | Beispiel | Reichweitenmessung | 12 Monate", diff.Added, Medium, High},
		{"es", "", "Tienda | pub_x | Ejemplo | Publicidad personalizada | 13 meses", diff.Added, Medium, High},

		{"en", "", "Zorbit pixel (https://zorbit.example/privacy)", diff.Added, Medium, High},
		{"fr", "", "Balise Zorbit (https://zorbit.example/confidentialite)", diff.Added, Medium, High},
		{"de", "", "Zorbit-Pixel (https://zorbit.example/datenschutz)", diff.Added, Medium, High},

		{"en", "Shop | sess_id | Example | Keeps you signed in | session", "Shop | sess_id | Example | Keeps you logged in | session", diff.Modified, None, Low},
		{"en", "", "Zorbit help centre (https://zorbit.example/help)", diff.Added, None, Low},
		{"en", "", "Shop | cart_x | Example | Remembers your basket | session", diff.Added, None, Low},
		{"fr", "Boutique | sid | Exemple | Mesure d'audience | session", "Boutique | sid | Exemple | Mesure d'audience du site | session", diff.Modified, None, Low},
	}
	for _, tt := range cases {
		t.Run(tt.lang+"/"+tt.new, func(t *testing.T) {
			doc := docs[tt.lang]
			res := &diff.Result{Changes: []diff.Change{{Kind: tt.kind, OldText: tt.old, NewText: tt.new}}}
			rep := BuildDocuments(res, doc+"\n\n"+tt.old, doc+"\n\n"+tt.new)
			got := rep.Changes[0]
			wantRated(t, got, tt.min, tt.max, Tracking)
		})
	}
	// The same rows in a table that is not about cookies.
	r := newReader(languageOf("en"), nil)
	got := r.classify(diff.Change{Kind: diff.Modified, OldText: "Plan | Basic | 5 users | Support by email", NewText: "Plan | Basic | 5 users | Audience measurement dashboard"})
	if got.Severity > Low {
		t.Errorf("row outside a cookie document: severity %s; reasons %q", got.Severity, got.Reasons)
	}
	rep := BuildDocuments(&diff.Result{Changes: []diff.Change{{Kind: diff.Added, NewText: "Zorbit pixel (https://zorbit.example/privacy)"}}},
		"Our terms of sale.", "Our terms of sale.\n\nZorbit pixel (https://zorbit.example/privacy)")
	if got := rep.Changes[0]; got.Severity > Low {
		t.Errorf("entry outside a cookie document: severity %s; reasons %q", got.Severity, got.Reasons)
	}
}
