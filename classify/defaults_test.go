package classify

import (
	"testing"

	"github.com/tracker-dev/tracker/diff"
)

// A processing that was opt-in or optional and is now on by default or
// mandatory takes a choice away from the user, in every language; the
// same words in a clause about nothing the vendor does, or negated, are
// not. Every sentence here was written for this test.
func TestDefaultOnOrMandatory(t *testing.T) {
	cases := []struct {
		lang, old, new string
		min, max       Severity
	}{
		{"en", "If you turn on Smart Suggestions, the browser sends us your location.", "Smart Suggestions are on by default: the browser sends us your location.", Medium, High},
		{"en", "Providing your date of birth is optional.", "Providing your date of birth is mandatory.", Medium, High},
		{"fr", "La communication de votre numéro de téléphone est facultative.", "La communication de votre numéro de téléphone est obligatoire.", Medium, High},
		{"fr", "Si vous activez les suggestions, le navigateur nous envoie vos recherches.", "Les suggestions sont activées par défaut : le navigateur nous envoie vos recherches.", Medium, High},
		{"de", "Die Angabe Ihrer Telefonnummer ist freiwillig.", "Die Angabe Ihrer Telefonnummer ist verpflichtend.", Medium, High},
		{"es", "Si activa las sugerencias, el navegador nos envía sus búsquedas.", "Las sugerencias están activadas por defecto: el navegador nos envía sus búsquedas.", Medium, High},
		{"it", "Il conferimento del numero di telefono è facoltativo.", "Il conferimento del numero di telefono è obbligatorio.", Medium, High},
		{"pt", "O fornecimento do número de telefone é facultativo.", "O fornecimento do número de telefone é obrigatório.", Medium, High},

		{"en", "Providing your date of birth is optional.", "Providing your date of birth is not mandatory.", None, Low},
		{"en", "Fields marked with an asterisk are mandatory.", "Fields marked with a star are mandatory.", None, Low},
		{"en", "The site is shown in English.", "The site is shown in English by default.", None, Low},
		{"fr", "Les champs marqués d'un astérisque sont obligatoires.", "Les champs marqués d'une étoile sont obligatoires.", None, Low},
	}
	for _, tt := range cases {
		t.Run(tt.lang+"/"+tt.new, func(t *testing.T) {
			r := newReader(languageOf(tt.lang), nil)
			got := r.classify(diff.Change{Kind: diff.Modified, OldText: tt.old, NewText: tt.new})
			wantRated(t, got, tt.min, tt.max, "")
		})
	}
}
