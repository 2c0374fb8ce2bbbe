package classify

import (
	"testing"

	"github.com/tracker-dev/tracker/diff"
)

// An age limit added to who may use the service or hold an account is
// material in every language; an age only mentioned, a period of years,
// or the same limit reworded is not. Every sentence here was written for
// this test.
func TestEligibilityAgeAdded(t *testing.T) {
	cases := []struct {
		lang, old, new string
		kind           diff.Kind
		min, max       Severity
	}{
		{"en", "", "You must be at least 16 years old to open an account.", diff.Added, Medium, High},
		{"en", "Anyone may create an account to save recipes.", "You need to be at least 18 years old to create an account to save recipes.", diff.Modified, Medium, High},
		{"fr", "", "Vous devez avoir au moins 15 ans pour créer un compte.", diff.Added, Medium, High},
		{"fr", "Le service est ouvert à tous.", "Le service est réservé aux personnes âgées de 18 ans ou plus.", diff.Modified, Medium, High},
		{"de", "", "Sie müssen mindestens 16 Jahre alt sein, um ein Konto zu eröffnen.", diff.Added, Medium, High},
		{"es", "", "Debe tener al menos 14 años para registrarse en la aplicación.", diff.Added, Medium, High},
		{"it", "", "Devi avere almeno 14 anni per creare un account.", diff.Added, Medium, High},
		{"nl", "", "Je moet minimaal 16 jaar oud zijn om een account aan te maken.", diff.Added, Medium, High},
		{"pt", "", "Deve ter pelo menos 18 anos para criar uma conta.", diff.Added, Medium, High},

		// Quiet neighbours: no condition on the user, a period, the
		// same limit written again.
		{"en", "", "Our offices have been open for 16 years.", diff.Added, None, Low},
		{"en", "You must be at least 16 years old to open an account.", "You must be 16 years of age or older to open an account.", diff.Modified, None, Low},
		{"fr", "", "Vous devez conserver vos factures pendant 10 ans.", diff.Added, None, Medium},
		{"fr", "Vous devez avoir au moins 15 ans pour créer un compte.", "Pour créer un compte, vous devez avoir au moins 15 ans.", diff.Modified, None, Low},
		{"de", "", "Unser Unternehmen besteht seit mindestens 20 Jahren.", diff.Added, None, Low},
		{"es", "Debe tener al menos 14 años para registrarse.", "Para registrarse, debe tener al menos 14 años.", diff.Modified, None, Low},
	}
	for _, tt := range cases {
		t.Run(tt.lang+"/"+tt.new, func(t *testing.T) {
			r := newReader(languageOf(tt.lang), nil)
			got := r.classify(diff.Change{Kind: tt.kind, OldText: tt.old, NewText: tt.new})
			wantRated(t, got, tt.min, tt.max, Children)
		})
	}
}
