package classify

import "testing"

// A processing widened to new purposes or to new groups of people is
// material in every language; the same people named as those who act,
// or a purpose swapped for one of its kind, is not. Every sentence here
// was written for this test.
func TestScopeWidened(t *testing.T) {
	type pair struct {
		lang, title, old, new, body string
		min, max                    Severity
		category                    string
	}
	cases := []pair{
		{"en", "Privacy Policy", "We use your contact details to provide customer support and to send you service announcements.",
			"We use your contact details to provide customer support, to send you service announcements and to measure our marketing campaigns.",
			"We keep your data for two years.", Medium, High, ""},
		{"en", "Privacy Policy", "This policy describes how we process the personal data of our customers.",
			"This policy describes how we process the personal data of our customers, their employees and job applicants.",
			"We keep your data for two years.", Medium, High, Collection},
		{"en", "Privacy Policy", "Only authorised personnel may access your personal data.",
			"Only authorised employees may access your personal data.",
			"We keep your data for two years.", None, Low, ""},
		{"en", "Privacy Policy", "We use your email address to send you promotional messages, if you agreed.",
			"We use your email address to send you marketing messages, if you agreed.",
			"We keep your data for two years.", None, Low, ""},
		{"en", "Privacy Policy", "We use your contact details to answer your questions.",
			"We use your contact information to answer your questions.",
			"We keep your data for two years.", None, Low, ""},
		{"fr", "Politique de confidentialité", "La présente politique s'applique aux données de nos clients.",
			"La présente politique s'applique aux données de nos clients, de leurs salariés et des candidats.",
			"Nous conservons vos données pendant deux ans.", Medium, High, Collection},
		{"fr", "Politique de confidentialité", "Nous utilisons vos données de contact pour gérer votre compte.",
			"Nous utilisons vos données de contact pour gérer votre compte et réaliser des études statistiques.",
			"Nous conservons vos données pendant deux ans.", Medium, High, ""},
		{"fr", "Politique de confidentialité", "Seules les personnes habilitées peuvent accéder à vos données.",
			"Seuls nos collaborateurs habilités peuvent accéder à vos données.",
			"Nous conservons vos données pendant deux ans.", None, Low, ""},
		{"de", "Datenschutzerklärung", "Diese Erklärung gilt für die Verarbeitung personenbezogener Daten unserer Kunden.",
			"Diese Erklärung gilt für die Verarbeitung personenbezogener Daten unserer Kunden, Bewerber und Websitebesucher.",
			"Wir speichern Ihre Daten zwei Jahre.", Medium, High, Collection},
		{"de", "Datenschutzerklärung", "Wir verarbeiten Ihre Daten zur Abwicklung Ihrer Bestellung.",
			"Wir verarbeiten Ihre Daten zur Abwicklung Ihrer Bestellung und zur Marktforschung.",
			"Wir speichern Ihre Daten zwei Jahre.", Medium, High, ""},
		{"de", "Datenschutzerklärung", "Nur befugte Personen haben Zugriff auf Ihre Daten.",
			"Nur befugte Mitarbeiter haben Zugriff auf Ihre Daten.",
			"Wir speichern Ihre Daten zwei Jahre.", None, Low, ""},
		{"es", "Política de privacidad", "Esta política se aplica a los datos de los usuarios registrados.",
			"Esta política se aplica a los datos de los usuarios registrados y de los visitantes de nuestra web.",
			"Conservamos sus datos durante dos años.", Medium, High, Collection},
		{"es", "Política de privacidad", "Solo el personal autorizado puede acceder a sus datos.",
			"Solo los empleados autorizados pueden acceder a sus datos.",
			"Conservamos sus datos durante dos años.", None, Low, ""},
		{"es", "Política de privacidad", "Tratamos los datos de los usuarios.",
			"Tratamos los datos de los usuarios y de las visitas a la web.",
			"Conservamos sus datos durante dos años.", None, Low, ""},
		{"de", "Datenschutzerklärung", "Wir verarbeiten die Daten der Nutzer.",
			"Wir verarbeiten die Daten der Nutzer und der Besuche auf der Website.",
			"Wir speichern Ihre Daten zwei Jahre.", None, Low, ""},
		{"it", "Informativa sulla privacy", "Trattiamo i dati dei nostri clienti.",
			"Trattiamo i dati dei nostri clienti, dei loro dipendenti e dei candidati.",
			"Conserviamo i dati per due anni.", Medium, High, Collection},
		{"nl", "Privacyverklaring", "Wij verwerken gegevens van onze klanten.",
			"Wij verwerken gegevens van onze klanten, sollicitanten en websitebezoekers.",
			"Wij bewaren uw gegevens twee jaar.", Medium, High, Collection},
		{"pt", "Política de privacidade", "Tratamos os dados dos nossos clientes.",
			"Tratamos os dados dos nossos clientes, dos seus colaboradores e dos candidatos a emprego.",
			"Conservamos os dados durante dois anos.", Medium, High, Collection},
	}
	byLang := map[string][]docCase{}
	for _, p := range cases {
		byLang[p.lang] = append(byLang[p.lang], docCase{name: clip(p.new, 50),
			old: page(p.title, p.old, p.body, p.body), new: page(p.title, p.new, p.body, p.body), min: p.min, max: p.max, category: p.category})
	}
	for lang, cs := range byLang {
		runDocs(t, lang, cs)
	}
}

// Rewordings that name the same practice with other words stay low; a
// material neighbour stands next to each. Every sentence here was written
// for this test.
func TestRewordingsStayLow(t *testing.T) {
	body := "We keep your data for two years."
	cases := []docCase{
		{name: "examples of recipients already named",
			old: "We share your information with service providers who help us operate the service, such as hosting and payment processing.",
			new: "We disclose personal information to vendors that support our operations, for example hosting providers and payment processors.",
			min: None, max: Low},
		{name: "an example that weighs more is a new recipient",
			old: "We share your information with service providers who help us operate the service.",
			new: "We share your information with service providers, for example advertising networks, who help us operate the service.",
			min: High, max: High, category: Sharing},
		{name: "settings are no cookies set",
			old: "We use cookies to remember your preferences and to understand how you use our website.",
			new: "Cookies help us remember your settings and see how the website is used.",
			min: None, max: Low},
		{name: "rights asked for with nouns in place of verbs",
			old: "You can ask us to access, correct or delete your data by emailing privacy@example.com.",
			new: "To request access to, correction of, or deletion of your personal data, send an email to privacy@example.com.",
			min: None, max: Low},
		{name: "a right no longer offered",
			old: "You can ask us to access, correct or delete your data by emailing privacy@example.com.",
			new: "You can ask us to access your data by emailing privacy@example.com.",
			min: Medium, max: High},
		{name: "one term in months or in years",
			old: "We delete inactive accounts after 24 months.", new: "Accounts that have been inactive for two years are deleted.",
			min: None, max: Low},
		{name: "a term made longer",
			old: "We delete inactive accounts after 24 months.", new: "We delete inactive accounts after three years.",
			min: Medium, max: High, category: Retention},
		{name: "a licence given in other words",
			old: "You grant us a non-exclusive license to host and display your content in order to provide the service.",
			new: "To provide the service, you give us a non-exclusive licence to host and display the content you post.",
			min: None, max: Low},
		{name: "a denial made wider",
			old: "We do not sell your personal data to third parties.", new: "We never sell your personal information to anyone.",
			min: None, max: Low},
		{name: "a denial that still names others",
			old: "We do not sell your personal data to advertisers or data brokers.", new: "We do not sell your personal data to advertisers.",
			min: Medium, max: High, category: Sharing},
	}
	for i := range cases {
		cases[i].old = page("Privacy Policy", cases[i].old, body, "You can delete your account at any time.")
		cases[i].new = page("Privacy Policy", cases[i].new, body, "You can delete your account at any time.")
	}
	runDocs(t, "en", cases)

	fr := []docCase{
		{name: "exemples de destinataires déjà nommés",
			old: "Nous partageons vos données avec nos prestataires techniques.",
			new: "Nous partageons vos données avec nos prestataires techniques, par exemple nos sous-traitants informatiques.",
			min: None, max: Low},
	}
	for i := range fr {
		fr[i].old = page("Politique de confidentialité", fr[i].old, "Nous conservons vos données pendant deux ans.", "Vous pouvez supprimer votre compte.")
		fr[i].new = page("Politique de confidentialité", fr[i].new, "Nous conservons vos données pendant deux ans.", "Vous pouvez supprimer votre compte.")
	}
	runDocs(t, "fr", fr)
}
