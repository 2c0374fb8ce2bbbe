package classify

import "testing"

// A new share capital in a company's identification lines is no price and
// no new party; a new registration number is another legal entity. Every
// sentence here was written for this test.
func TestCompanyIdentification(t *testing.T) {
	runClausePairs(t, []clausePair{
		{"en", "Terms of Use", "The service is operated by Acme SA, a French company with a share capital of 1 204 310,52 euros, registered under number 512 345 678.",
			"The service is operated by Acme SA, a French company with a share capital of 1 311 002,17 euros, registered under number 512 345 678.",
			"You must be 18 to use the service.", Low, Low},
		{"en", "Terms of Use", "The service is operated by Acme SA, a French company with a share capital of 1 204 310,52 euros, registered under number 512 345 678.",
			"The service is operated by Acme SA, a French company with a share capital of 1 204 310,52 euros, registered under number 903 118 254.",
			"You must be 18 to use the service.", Medium, Medium},
		{"en", "Terms of Use", "A subscription costs EUR 9.99 a month.",
			"A subscription costs EUR 11.99 a month.",
			"You must be 18 to use the service.", Medium, Medium},
		{"fr", "Conditions générales d'utilisation", "Le site est édité par Acme SAS, société par actions simplifiée au capital de 52 000 €, immatriculée au RCS de Lyon sous le numéro 812 345 671.",
			"Le site est édité par Acme SAS, société par actions simplifiée au capital de 75 500 €, immatriculée au RCS de Lyon sous le numéro 812 345 671.",
			"Vous devez avoir 18 ans pour utiliser le service.", Low, Low},
		{"fr", "Conditions générales d'utilisation", "Le site est édité par Acme SAS, immatriculée au RCS de Lyon sous le numéro 812 345 671.",
			"Le site est édité par Acme SAS, immatriculée au RCS de Lyon sous le numéro 921 004 338.",
			"Vous devez avoir 18 ans pour utiliser le service.", Medium, Medium},
		{"fr", "Conditions générales d'utilisation", "Le site est édité par Acme SAS, immatriculée au RCS de Lyon sous le numéro 812 345 671.",
			"Le site est édité par Acme SAS, immatriculée au RCS de Lyon sous le numéro 812345671.",
			"Vous devez avoir 18 ans pour utiliser le service.", None, None},
		{"de", "Nutzungsbedingungen", "Anbieter ist die Acme GmbH, Stammkapital 25.000,00 EUR, Amtsgericht München HRB 1234567.",
			"Anbieter ist die Acme GmbH, Stammkapital 50.000,00 EUR, Amtsgericht München HRB 1234567.",
			"Sie müssen 18 Jahre alt sein.", Low, Low},
		{"es", "Condiciones de uso", "Acme, S.L., con un capital social de 3.000,00 €, inscrita en el Registro Mercantil de Madrid.",
			"Acme, S.L., con un capital social de 60.000,00 €, inscrita en el Registro Mercantil de Madrid.",
			"Debe tener 18 años para usar el servicio.", Low, Low},
		{"it", "Condizioni d'uso", "Acme S.r.l., capitale sociale euro 10.000,00 i.v., Partita IVA 01234567890.",
			"Acme S.r.l., capitale sociale euro 20.000,00 i.v., Partita IVA 09876543210.",
			"Deve avere 18 anni per usare il servizio.", Medium, Medium},
		{"fr", "Conditions générales d'utilisation", "Le site est la propriété de Acme SA, dont le siège est à Bruxelles, TVA BE 0512 345 678.",
			"Le site est la propriété de Globex SA, dont le siège est à Bruxelles, TVA BE 0512 345 678.",
			"Vous devez avoir 18 ans pour utiliser le service.", Low, Low},
		{"fr", "Conditions générales d'utilisation", "Le site est la propriété de Acme SA, dont le siège est à Bruxelles, TVA BE 0512 345 678.",
			"Le site est la propriété de Globex SA, dont le siège est à Bruxelles, TVA BE 0798 111 204.",
			"Vous devez avoir 18 ans pour utiliser le service.", Medium, Medium},
	})
}

// A name written in another regional spelling ("Centre" → "Center") is
// the same company; another name is not. Written for this test.
func TestNameSpellingVariant(t *testing.T) {
	body := "We keep your data for two years."
	runDocs(t, "en", []docCase{
		{name: "regional spelling", old: page("Privacy Policy", "If you add an account to the Accounts Centre, we share your profile with the other accounts.", body, body),
			new: page("Privacy Policy", "If you add an account to the Accounts Center, we share your profile with the other accounts.", body, body), min: None, max: Low},
		{name: "another company", old: page("Privacy Policy", "We share your profile with our service providers, such as Acmecorp Analytics.", body, body),
			new: page("Privacy Policy", "We share your profile with our service providers, such as Globexcorp Analytics.", body, body), min: Medium, max: High},
	})
}
