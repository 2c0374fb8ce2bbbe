package classify

import "testing"

// The place where disputes are heard moved or widened: a county, a city or
// a court the vocabulary cannot list. Every sentence was written for this
// test; the quiet cases reword the clause, name a company, or speak of a
// place outside a sentence about courts.
func TestVenueChanged(t *testing.T) {
	runClausePairs(t, []clausePair{
		{"en", "Terms of Service", "All disputes shall be brought exclusively in the state or federal courts located in Marion County, Indiana, and you consent to personal jurisdiction there.",
			"All disputes shall be brought exclusively in the state or federal courts located in Hamilton County or Marion County, Indiana, and you consent to personal jurisdiction there.",
			"You must be 18 to use the service.", Medium, High},
		{"en", "Terms of Service", "All disputes shall be brought exclusively in the state or federal courts located in Marion County, Indiana, and you consent to personal jurisdiction there.",
			"All disputes must be brought only in the state or federal courts located in Marion County, Indiana, and you consent to personal jurisdiction there.",
			"You must be 18 to use the service.", None, Low},
		{"fr", "Conditions générales", "En cas de litige, compétence exclusive est attribuée aux tribunaux de Lyon.",
			"En cas de litige, compétence exclusive est attribuée aux tribunaux de Nanterre.",
			"Vous devez avoir 18 ans pour utiliser le service.", Medium, High},
		{"de", "Nutzungsbedingungen", "Gerichtsstand für alle Streitigkeiten ist Köln.",
			"Gerichtsstand für alle Streitigkeiten ist Hamburg.",
			"Sie müssen 18 Jahre alt sein.", Medium, High},
		{"es", "Condiciones de uso", "Las partes se someten a la jurisdicción de los juzgados y tribunales de Valencia.",
			"Las partes se someten a la jurisdicción de los juzgados y tribunales de Sevilla.",
			"Debe tener 18 años para usar el servicio.", Medium, High},
		{"it", "Condizioni d'uso", "Per ogni controversia è competente in via esclusiva il Foro di Torino, e rinuncia a ogni altro foro.",
			"Per ogni controversia è competente in via esclusiva il Foro di Bologna, e rinuncia a ogni altro foro.",
			"Deve avere 18 anni per usare il servizio.", Medium, High},
		{"nl", "Gebruiksvoorwaarden", "Geschillen worden voorgelegd aan de bevoegde rechter te Utrecht.",
			"Geschillen worden voorgelegd aan de bevoegde rechter te Rotterdam.",
			"U moet 18 jaar zijn.", Medium, High},
		{"pt", "Termos de uso", "Fica eleito o foro da comarca de Lisboa para dirimir quaisquer litígios.",
			"Fica eleito o foro da comarca de Braga para dirimir quaisquer litígios.",
			"Deve ter 18 anos para usar o serviço.", Medium, High},
		// A company paid where a court sat nowhere: no forum, no venue.
		{"es", "Condiciones de uso", "Si la mercancía fuera recuperada, el Usuario devolverá el importe a Acme, S.L. por transferencia.",
			"Si la mercancía fuera recuperada, el Usuario devolverá el importe a Globex, S.L. por transferencia.",
			"Debe tener 18 años para usar el servicio.", None, Medium},
		// A mediator's postal address beside the forum is contact detail.
		{"fr", "Conditions générales", "Tout litige relève des tribunaux compétents. Médiateur de la consommation : CM2C, 14 rue Saint-Jean, 75017 Paris.",
			"Tout litige relève des tribunaux compétents. Médiateur de la consommation : CM2C, 49 rue de Ponthieu, 75008 Paris.",
			"Vous devez avoir 18 ans pour utiliser le service.", None, Low},
		// Governed by another document of the vendor: a title, no place.
		{"es", "Condiciones de uso", "Su uso del Servicio se regirá por las Condiciones de uso de Acme.",
			"Su uso del Servicio se regirá por la Política de Uso Aceptable de Acme.",
			"Debe tener 18 años para usar el servicio.", None, Low},
		{"en", "Terms of Service", "These terms are governed by the laws of the State of Texas, and disputes are heard under the Acme Dispute Resolution Policy.",
			"These terms are governed by the laws of the State of Texas, and disputes are heard under the Acme Community Standards Policy.",
			"You must be 18 to use the service.", None, Low},
		// A capitalised noun in German is no place.
		{"de", "Nutzungsbedingungen", "Gerichtsstand für alle Streitigkeiten ist Köln.",
			"Gerichtsstand für alle Streitigkeiten aus der Nutzung ist Köln.",
			"Sie müssen 18 Jahre alt sein.", None, Low},
		// "foram" and "fora" are no forum ("foro").
		{"pt", "Termos de uso", "Os pedidos que foram enviados fora do prazo são tratados pela equipa de Lisboa.",
			"Os pedidos que foram enviados fora do prazo são tratados pela equipa de Braga.",
			"Deve ter 18 anos para usar o serviço.", None, Low},
	})
}
