package classify

import "testing"

// The page a sentence sends the reader to is renamed: no new term, even if
// its title names a fee or a tracker. The same words written into the
// clause itself, or a practice added to the pointer, are rated. Every
// sentence was written for this test.
func TestPointerSentence(t *testing.T) {
	runClausePairs(t, []clausePair{
		{"en", "Terms of Sale", "Import duties are collected when the parcel arrives. For more information, see the page Customs information.",
			"Import duties are collected when the parcel arrives. For more information, see the page About the import fee deposit.",
			"You must be 18 to buy on the site.", Low, Low},
		{"en", "Terms of Sale", "Import duties are collected when the parcel arrives. For more information, see the page Customs information.",
			"Import duties and an import fee deposit of 5% are collected when you order. For more information, see the page Customs information.",
			"You must be 18 to buy on the site.", Medium, High},
		{"en", "Privacy Policy", "We work with service providers. For more information, see our list of partners.",
			"We work with service providers. For more information, see our list of partners, who may sell your data to advertisers.",
			"We keep your data for two years.", Medium, High},
		{"fr", "Conditions générales de vente", "Les droits de douane sont perçus à la livraison. Pour plus d'informations, consultez la page Informations douanières.",
			"Les droits de douane sont perçus à la livraison. Pour plus d'informations, consultez la page À propos de l'acompte relatif aux frais d'importation.",
			"Vous devez avoir 18 ans pour acheter sur le site.", Low, Low},
		{"de", "Allgemeine Geschäftsbedingungen", "Zölle werden bei der Lieferung erhoben. Weitere Informationen finden Sie auf der Seite Zollinformationen.",
			"Zölle werden bei der Lieferung erhoben. Weitere Informationen finden Sie auf der Seite Gebühren und Anzahlung für Einfuhrabgaben.",
			"Sie müssen 18 Jahre alt sein.", Low, Low},
		{"es", "Condiciones de venta", "Los aranceles se cobran en la entrega. Para más información, consulte la página Información aduanera.",
			"Los aranceles se cobran en la entrega. Para más información, consulte la página Tasas y depósito de importación.",
			"Debe tener 18 años para comprar.", Low, Low},
	})
}

// A notice of the next version that opens with its date is a banner about
// the update; a practice that opens with a date is a practice. Written
// for this test.
func TestDatedUpdateBanner(t *testing.T) {
	body := "You must be 16 to use the service."
	base := page("Terms of Service", "", body, body)
	runDocs(t, "en", []docCase{
		{name: "dated banner", old: base,
			new: page("Terms of Service", "Effective from 1 March 2025, we are updating these Terms of Service to include our new photo service and a minimum age of 18 for live streams.", body, body), min: None, max: Low},
		{name: "dated practice", old: base,
			new: page("Terms of Service", "Effective from 1 March 2025, we share your contacts and your location with advertising partners.", body, body), min: Medium, max: High},
	})
	runDocs(t, "fr", []docCase{
		{name: "bannière datée", old: page("Conditions d'utilisation", "", "Vous devez avoir 16 ans.", "Vous devez avoir 16 ans."),
			new: page("Conditions d'utilisation", "À compter du 1er mars 2025, nous mettons à jour nos conditions d'utilisation pour inclure notre nouveau service photo et un âge minimum de 18 ans pour les lives.", "Vous devez avoir 16 ans.", "Vous devez avoir 16 ans."), min: None, max: Low},
	})
}

// The items a notice of the update introduces ("The changes take
// effect: …") are the notice; the items a practice introduces are the
// practice. Written for this test.
func TestItemsOfABanner(t *testing.T) {
	body := "You must be 16 to use the service."
	base := "# Terms of Service\n\n" + body + "\n\nWe keep your data for two years.\n"
	runDocs(t, "en", []docCase{
		{name: "banner items", old: base,
			new: "# Terms of Service\n\nWe have updated our terms of service. The changes take effect:\n\n- On 1 March 2025 for new accounts, with a minimum age of 18 for live streams\n\n- On 1 May 2025 for accounts opened before 1 March 2025\n\n" + body + "\n\nWe keep your data for two years.\n", min: None, max: Low},
		{name: "practice items", old: base,
			new: "# Terms of Service\n\nWe collect the following data about you:\n\n- Your precise location when you use our services\n\n- Your contacts and your voice recordings\n\n" + body + "\n\nWe keep your data for two years.\n", min: Medium, max: High},
	})
}
