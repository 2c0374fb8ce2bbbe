package classify

import (
	"testing"

	"github.com/tracker-dev/tracker/diff"
)

// A product that now sends the vendor what the user searches for or types
// is a new collection in every language; a user invited to send questions,
// or a "click here", is no practice. Every sentence here was written for
// this test.
func TestSendingSearchesAdded(t *testing.T) {
	cases := []struct {
		lang, new string
		min, max  Severity
	}{
		{"en", "The app sends us your search queries and the suggestions you tap.", Medium, High},
		{"fr", "L'application nous envoie vos requêtes de recherche.", Medium, High},
		{"de", "Die App sendet uns Ihre Suchanfragen und Ihren Standort.", Medium, High},
		{"de", "Die Erweiterung schickt uns Ihre Suchbegriffe.", Medium, High},
		{"es", "La aplicación nos envía sus consultas de búsqueda.", Medium, High},
		{"it", "L'applicazione ci invia i termini di ricerca che digiti.", Medium, High},
		{"pt", "A aplicação envia-nos os termos de pesquisa que escreve.", Medium, High},

		{"en", "You can send us your questions by email.", None, Low},
		{"en", "Click here to read the full list of our offices.", None, Low},
		{"de", "Sie können uns Ihre Fragen per E-Mail senden.", None, Low},
		{"es", "Puede enviarnos sus preguntas por correo.", None, Low},
	}
	for _, tt := range cases {
		t.Run(tt.lang+"/"+tt.new, func(t *testing.T) {
			r := newReader(languageOf(tt.lang), nil)
			got := r.classify(diff.Change{Kind: diff.Added, NewText: tt.new})
			wantRated(t, got, tt.min, tt.max, Collection)
		})
	}
}
