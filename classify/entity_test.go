package classify

import "testing"

// The controller or the party to the terms named anew is a change in
// every language; the same company under another form or spelling is not
// material. Every sentence here was written for this test.
func TestCompanyEntityChanged(t *testing.T) {
	type pair struct {
		lang, title, old, new, body string
		min, max                    Severity
	}
	cases := []pair{
		{"en", "Privacy Policy", "The controller of your personal data is Acme Services Ltd, 10 High Street, London.",
			"The controller of your personal data is Globex Holdings Inc., 500 Market Street, San Francisco.",
			"We keep your data for two years.", Medium, Medium},
		{"en", "Terms of Service", "These Terms are an agreement between you and Acme Services Ltd.",
			"These Terms are an agreement between you and Initech Europe B.V.",
			"You must be 18 to use the service.", Medium, Medium},
		{"en", "Privacy Policy", "The controller of your personal data is Acme Services Ltd, 10 High Street, London.",
			"The controller of your personal data is Acme Services Limited, 10 High Street, London.",
			"We keep your data for two years.", None, Low},
		{"en", "Privacy Policy", "The controller of your personal data is ACME Services Ltd.",
			"The controller of your personal data is Acme Services Ltd.",
			"We keep your data for two years.", None, None},
		{"en", "Terms of Service", "The service is operated by Acme Inc., a Delaware corporation.",
			"The service is operated by Acme LLC, a Delaware limited liability company.",
			"You must be 18 to use the service.", None, Low},
		{"en", "Terms of Service", "THE SERVICE IS PROVIDED AS IS AND AS AVAILABLE, WITHOUT WARRANTIES OF ANY KIND, TO THE EXTENT PERMITTED BY LAW.",
			"THE PLATFORM AND ITS CONTENT ARE PROVIDED AS IS AND AS AVAILABLE, WITHOUT WARRANTIES OF ANY KIND, TO THE EXTENT PERMITTED BY LAW.",
			"You must be 18 to use the service.", None, Low},
		{"fr", "Politique de confidentialité", "Le responsable du traitement de vos données est la société Acme SAS, 12 rue de la Paix, Paris.",
			"Le responsable du traitement de vos données est la société Globex Europe SA, 3 avenue Louise, Bruxelles.",
			"Nous conservons vos données pendant deux ans.", Medium, Medium},
		{"fr", "Politique de confidentialité", "Le responsable du traitement est Acme SA.",
			"Le responsable du traitement est Acme SAS.",
			"Nous conservons vos données pendant deux ans.", None, Low},
		{"de", "Datenschutzerklärung", "Verantwortlicher im Sinne der DSGVO ist die Acme GmbH, Hauptstraße 1, Berlin.",
			"Verantwortlicher im Sinne der DSGVO ist die Globex Europe B.V., Herengracht 5, Amsterdam.",
			"Wir speichern Ihre Daten zwei Jahre.", Medium, Medium},
		{"es", "Política de privacidad", "El responsable del tratamiento es Acme Servicios S.L., con domicilio en Calle Mayor 1, Madrid.",
			"El responsable del tratamiento es Globex Holdings Ltd., con domicilio en 10 Baker Street, Londres.",
			"Conservamos sus datos durante dos años.", Medium, Medium},
		{"it", "Informativa sulla privacy", "Titolare del trattamento è Acme S.r.l., con sede in Via Roma 1, Milano.",
			"Titolare del trattamento è Globex Holdings Ltd., con sede in 10 Baker Street, Londra.",
			"Conserviamo i dati per due anni.", Medium, Medium},
		{"nl", "Privacyverklaring", "Verwerkingsverantwoordelijke is Acme B.V., Keizersgracht 1, Amsterdam.",
			"Verwerkingsverantwoordelijke is Globex Holdings Inc., 500 Market Street, San Francisco.",
			"Wij bewaren uw gegevens twee jaar.", Medium, Medium},
		{"pt", "Política de privacidade", "O responsável pelo tratamento é a Acme Lda., Rua Augusta 1, Lisboa.",
			"O responsável pelo tratamento é a Globex Holdings Inc., 500 Market Street, São Francisco.",
			"Conservamos os dados durante dois anos.", Medium, Medium},
	}
	byLang := map[string][]docCase{}
	for _, p := range cases {
		byLang[p.lang] = append(byLang[p.lang], docCase{name: clip(p.new, 50),
			old: page(p.title, p.old, p.body, p.body), new: page(p.title, p.new, p.body, p.body), min: p.min, max: p.max, category: categoryIf(p.min >= Medium, Contact)})
	}
	for lang, cs := range byLang {
		runDocs(t, lang, cs)
	}
}

func categoryIf(ok bool, cat string) string {
	if ok {
		return cat
	}
	return ""
}
