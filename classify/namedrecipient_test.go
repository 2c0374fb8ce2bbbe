package classify

import (
	"testing"

	"github.com/tracker-dev/tracker/diff"
)

// Data handed to a company named by its name alone is shared, in every
// language that does not capitalise its nouns; a postal address, the user
// writing to a team, or a service provided to customers is not. Every
// sentence here was written for this test.
func TestNamedRecipient(t *testing.T) {
	cases := []struct {
		lang, new string
		min, max  Severity
	}{
		{"en", "The browser sends your location to Zorbit.", Medium, High},
		{"fr", "Le navigateur envoie votre localisation à Zorbit.", Medium, High},
		{"es", "El navegador envía su ubicación a Zorbit.", Medium, High},
		{"it", "Il browser invia la tua posizione a Zorbit.", Medium, High},
		{"pt", "O navegador envia a sua localização a Zorbit.", Medium, High},

		{"en", "Notices should be sent by mail to Zorbit, Attn: Legal, 1 Main Street, Springfield.", None, Low},
		{"en", "You can send your questions to Customer Support by email.", None, Low},
		{"en", "We provide support to Enterprise customers by phone.", None, Low},
	}
	for _, tt := range cases {
		t.Run(tt.lang+"/"+tt.new, func(t *testing.T) {
			r := newReader(languageOf(tt.lang), nil)
			got := r.classify(diff.Change{Kind: diff.Added, NewText: tt.new})
			wantRated(t, got, tt.min, tt.max, Sharing)
		})
	}
}
