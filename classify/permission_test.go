package classify

import "testing"

// A rule of use flipped between "you may not" and "you may" is medium in
// every language, whatever the verb; a "not" dropped elsewhere in a
// clause addressed to the user is not such a rule. Every sentence was
// written for this test.
func TestUserPermissionFlipped(t *testing.T) {
	runClausePairs(t, []clausePair{
		{"en", "Terms of Service", "You may not simulcast your streams on other live services.", "You may simulcast your streams on other live services.",
			"You must be 16 to stream.", Medium, High},
		{"en", "Terms of Service", "You may resell your tickets to other fans.", "You may not resell your tickets to other fans.",
			"You must be 16 to stream.", Medium, High},
		{"en", "Terms of Service", "If you do not agree with a change, you may close your account.", "If you agree with a change, you may close your account.",
			"You must be 16 to stream.", None, Low},
		{"fr", "Conditions d'utilisation", "Vous ne pouvez pas diffuser en simultané sur d'autres services de streaming.", "Vous pouvez diffuser en simultané sur d'autres services de streaming.",
			"Vous devez avoir 16 ans pour diffuser.", Medium, High},
		{"de", "Nutzungsbedingungen", "Sie dürfen Ihre Streams nicht gleichzeitig auf anderen Diensten senden.", "Sie dürfen Ihre Streams gleichzeitig auf anderen Diensten senden.",
			"Sie müssen 16 Jahre alt sein.", Medium, High},
		{"es", "Condiciones de uso", "Usted no puede revender sus entradas a otros aficionados.", "Usted puede revender sus entradas a otros aficionados.",
			"Debe tener 16 años.", Medium, High},
		{"nl", "Gebruiksvoorwaarden", "U mag uw tickets niet doorverkopen aan andere fans.", "U mag uw tickets doorverkopen aan andere fans.",
			"U moet 16 jaar zijn.", Medium, High},
	})
}

// A country named as where the user lives is the audience of a clause,
// not a place data goes; a country data goes to still is. Written for
// this test.
func TestCountryOfResidence(t *testing.T) {
	runClausePairs(t, []clausePair{
		{"en", "Privacy Policy", "You have the right to complain to your local supervisory authority about how we process your data.",
			"You have the right to complain to your local supervisory authority about how we process your data. If you live in the European Union, you may also complain to the Irish authority.",
			"We keep your data for two years.", None, Low},
		{"en", "Privacy Policy", "If you live in the United Kingdom, we store your data on servers in Ireland.",
			"If you live in the United Kingdom, we store your data on servers in Ireland and in the United States.",
			"We keep your data for two years.", Medium, High},
		{"fr", "Politique de confidentialité", "Vous pouvez lire les informations précontractuelles avant de vous inscrire à notre service de messagerie et conserver votre copie.",
			"Si vous résidez au sein de l'EEE, vous pouvez lire les informations précontractuelles avant de vous inscrire à notre service de messagerie et conserver votre copie.",
			"Nous conservons vos données pendant deux ans.", None, Low},
		{"de", "Datenschutzerklärung", "Sie können sich bei Ihrer Aufsichtsbehörde über die Verarbeitung Ihrer Daten beschweren.",
			"Wenn Sie in der Schweiz wohnhaft sind, können Sie sich bei Ihrer Aufsichtsbehörde über die Verarbeitung Ihrer Daten beschweren.",
			"Wir speichern Ihre Daten zwei Jahre.", None, Low},
	})
}

// A clause added that sets a minimum age is a new condition on who may
// use the service; a number that only looks like one is not. Written for
// this test.
func TestAgeThresholdAdded(t *testing.T) {
	body := "We keep your data for two years."
	base := func(title, extra string) string { return page(title, extra, body, body) }
	runDocs(t, "en", []docCase{
		{name: "minimum age", old: base("Terms of Service", ""), new: base("Terms of Service", "You must be at least 13 years old to create an account."), min: Medium, max: High, category: Children},
	})
	runDocs(t, "de", []docCase{
		{name: "Mindestalter", old: page("Nutzungsbedingungen", "", "Wir speichern Ihre Daten zwei Jahre.", "Wir speichern Ihre Daten zwei Jahre."),
			new: page("Nutzungsbedingungen", "Sie müssen mindestens 13 Jahre alt sein, um ein Konto erstellen zu können.", "Wir speichern Ihre Daten zwei Jahre.", "Wir speichern Ihre Daten zwei Jahre."), min: Medium, max: High, category: Children},
		{name: "keine Altersangabe", old: page("Nutzungsbedingungen", "", "Wir speichern Ihre Daten zwei Jahre.", "Wir speichern Ihre Daten zwei Jahre."),
			new: page("Nutzungsbedingungen", "Je mehr Optionen der Käufer wählt, desto besser: wählen Sie mindestens eine Option aus.", "Wir speichern Ihre Daten zwei Jahre.", "Wir speichern Ihre Daten zwei Jahre."), min: None, max: Low},
	})
}
