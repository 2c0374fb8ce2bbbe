package classify

import "testing"

// A practice on data needs a sentence about personal data. An article
// that looks like an object pronoun ("para los informes") is no data,
// nor is a word that only shares the stem of "information" (to inform, a
// report, the notice itself); the pronoun that stands for data named
// before it ("we also sell them", "los vendemos") is. Every sentence here
// was written for this test.
func TestDataAnchors(t *testing.T) {
	type pair struct {
		lang, title, old, new string
		min, max              Severity
	}
	cases := []pair{
		{"en", "Privacy Policy", "We publish audience reports.",
			"We publish audience reports. The tool uses statistical models to estimate the reach of each shop.", None, Low},
		{"en", "Privacy Policy", "We receive your name and your address when you sign up.",
			"We receive your name and your address when you sign up. We also sell them.", High, High},
		{"es", "Condiciones", "Ofrecemos informes de audiencia.",
			"Ofrecemos informes de audiencia.\n\nLa aplicación utiliza modelos matemáticos para los informes mensuales de cada tienda.", None, Low},
		{"es", "Condiciones", "Ofrecemos informes de audiencia.",
			"Ofrecemos informes de audiencia.\n\nLa tienda utiliza este panel para informar a los vendedores de las novedades del catálogo.", None, Low},
		{"es", "Política de privacidad", "Recibimos su nombre y su dirección al registrarse.",
			"Recibimos su nombre y su dirección al registrarse. También los vendemos.", High, High},
		{"fr", "Conditions", "Nous publions des rapports d'audience.",
			"Nous publions des rapports d'audience.\n\nL'outil utilise les modèles mathématiques pour les rapports mensuels de chaque boutique.", None, Low},
		{"fr", "Conditions", "Nous publions des rapports d'audience.",
			"Nous publions des rapports d'audience.\n\nLa boutique utilise ce tableau pour informer les vendeurs des nouveautés du catalogue.", None, Low},
		{"fr", "Politique de confidentialité", "Nous publions des rapports d'audience.",
			"Nous publions des rapports d'audience.\n\nLa boutique utilise vos informations pour vous adresser des offres.", Medium, High},
		{"fr", "Politique de confidentialité", "Nous recevons votre nom et votre adresse lors de l'inscription.",
			"Nous recevons votre nom et votre adresse lors de l'inscription. Nous les vendons également.", High, High},
		{"it", "Condizioni", "Pubblichiamo rapporti di audience.",
			"Pubblichiamo rapporti di audience.\n\nIl negozio utilizza la presente informativa anche per le vendite in negozio.", None, Low},
		{"it", "Informativa sulla privacy", "Riceviamo il suo nome e il suo indirizzo al momento della registrazione.",
			"Riceviamo il suo nome e il suo indirizzo al momento della registrazione. Li vendiamo anche.", High, High},
		{"pt", "Condições", "Publicamos relatórios de audiência.",
			"Publicamos relatórios de audiência.\n\nA ferramenta utiliza os modelos matemáticos para os relatórios mensais de cada loja.", None, Low},
		{"pt", "Política de privacidade", "Recebemos o seu nome e o seu endereço no registo.",
			"Recebemos o seu nome e o seu endereço no registo. Também os vendemos.", High, High},
		{"nl", "Voorwaarden", "Wij publiceren bereikrapporten.",
			"Wij publiceren bereikrapporten.\n\nHet programma gebruikt statistische modellen voor de maandelijkse rapporten van elke winkel.", None, Low},
		{"nl", "Privacyverklaring", "Wij ontvangen uw naam en uw adres bij de registratie.",
			"Wij ontvangen uw naam en uw adres bij de registratie. Wij verkopen deze ook.", High, High},
	}
	byLang := map[string][]docCase{}
	for _, p := range cases {
		byLang[p.lang] = append(byLang[p.lang], docCase{name: clip(p.new, 60),
			old: page(p.title, p.old, "", ""), new: page(p.title, p.new, "", ""), min: p.min, max: p.max})
	}
	for lang, cs := range byLang {
		runDocs(t, lang, cs)
	}
}

// A sentence that points to another document ("learn how we use your
// data", "the United States Regional Privacy Notice") states no practice
// and moves no data abroad; a right named in a renamed document's title
// is no right removed. A law named after a country brings that law in,
// and the practice stated outright is material. Every sentence here was
// written for this test.
func TestPointersAndTitles(t *testing.T) {
	type pair struct {
		lang, title, body, old, new string
		min, max                    Severity
	}
	cases := []pair{
		{"en", "Privacy Policy", "We collect your email address to run the service.", "",
			"Read the United States Regional Privacy Notice for more details about how we handle personal information.", None, Low},
		{"en", "Privacy Policy", "We collect your email address to run the service.", "",
			"We transfer your personal information to the United States for processing.", Medium, High},
		{"en", "Data Processing Addendum", "The processor acts on the controller's instructions.",
			"\"Data Protection Laws\" means the GDPR and the UK GDPR.",
			"\"Data Protection Laws\" means the GDPR, the UK GDPR and the Kenya Data Protection Act 2019.", Medium, High},
		{"en", "Terms of Service", "You must be 18 to use the service.",
			"The provisions of the Content Reporting and Appeal Procedure are incorporated by reference herein.",
			"The provisions of the Reporting and Internal Complaint Handling System are incorporated by reference herein.", None, Low},
		{"en", "Terms of Service", "You must be 18 to use the service.",
			"You can appeal any decision to remove your content.", "", Medium, High},
		{"en", "Privacy Policy", "We collect your email address to run the service.", "",
			"Our notice for job applicants explains how we collect, use and share their personal data.", None, Low},
		{"en", "Privacy Policy", "We collect your email address to run the service.", "",
			"We collect, use and share the personal data of job applicants with recruiters.", Medium, High},
		{"fr", "Politique de confidentialité", "Nous collectons votre adresse e-mail pour fournir le service.", "",
			"Consultez la Notice Complémentaire Canada pour en savoir plus sur la manière dont nous traitons vos données.", None, Low},
		{"fr", "Politique de confidentialité", "Nous collectons votre adresse e-mail pour fournir le service.", "",
			"Nous transférons vos données personnelles au Canada.", Medium, High},
		{"es", "Política de privacidad", "Recogemos su dirección de correo electrónico para prestar el servicio.", "",
			"Consulte el Aviso Regional de Privacidad de Estados Unidos para saber cómo tratamos sus datos.", None, Low},
		{"es", "Política de privacidad", "Tratamos su dirección de correo electrónico para prestar el servicio.", "",
			"El aviso para candidatos explica la forma en que vendemos sus datos.", None, Low},
		{"es", "Política de privacidad", "Tratamos su dirección de correo electrónico para prestar el servicio.", "",
			"Vendemos sus datos a empresas de publicidad.", High, High},
		{"de", "Datenschutzerklärung", "Wir verarbeiten Ihre E-Mail-Adresse, um den Dienst zu erbringen.", "",
			"In unseren Hinweisen für Bewerber erfahren Sie, wie wir deren Daten verkaufen.", None, Low},
		{"de", "Datenschutzerklärung", "Wir verarbeiten Ihre E-Mail-Adresse, um den Dienst zu erbringen.", "",
			"Wir verkaufen Ihre Daten an Werbepartner.", High, High},
		{"nl", "Privacyverklaring", "Wij verwerken uw e-mailadres om de dienst te leveren.", "",
			"In onze verklaring voor sollicitanten leest u hoe wij hun gegevens verkopen.", None, Low},
		{"nl", "Privacyverklaring", "Wij verwerken uw e-mailadres om de dienst te leveren.", "",
			"Wij verkopen uw gegevens aan adverteerders.", High, High},
		{"it", "Informativa sulla privacy", "Trattiamo il suo indirizzo e-mail per fornire il servizio.", "",
			"L'informativa per i candidati spiega in che modo vendiamo i loro dati.", None, Low},
		{"pt", "Política de privacidade", "Tratamos o seu endereço de e-mail para prestar o serviço.", "",
			"O aviso para candidatos explica de que forma vendemos os seus dados.", None, Low},
	}
	byLang := map[string][]docCase{}
	for _, p := range cases {
		byLang[p.lang] = append(byLang[p.lang], docCase{name: clip(p.old+" → "+p.new, 60),
			old: page(p.title, p.old, p.body, ""), new: page(p.title, p.new, p.body, ""), min: p.min, max: p.max})
	}
	for lang, cs := range byLang {
		runDocs(t, lang, cs)
	}
}

// A word or two alone (an entry of a table of contents) names a practice
// and grants nothing; a company in a list of sub-processors, or a data
// type under "Information we collect", is still a change. Every text here
// was written for this test.
func TestShortLabels(t *testing.T) {
	runDocs(t, "en", []docCase{
		{name: "data type in a list", min: High, max: High,
			old: "# Privacy Policy\n\n## Information we collect\n\n- Your name\n\n- Your email address\n",
			new: "# Privacy Policy\n\n## Information we collect\n\n- Your name\n\n- Voiceprints\n\n- Your email address\n"},
		{name: "company label", min: Medium, max: High,
			old: "# Sub-processors\n\nStripe: payments.\n",
			new: "# Sub-processors\n\nStripe: payments.\n\nSentry: error logging.\n"},
		{name: "contents entry", min: None, max: Low,
			old: "# Terms of Service\n\n1.  [Your account](#account)\n2.  [Payments](#payments)\n\nWe may suspend your account in case of fraud.\n",
			new: "# Terms of Service\n\n1.  [Your account](#account)\n2.  [Payments](#payments)\n3.  [Termination](#termination)\n\nWe may suspend your account in case of fraud.\n"},
	})
	runDocs(t, "fr", []docCase{
		{name: "entrée du sommaire", min: None, max: Low,
			old: "# Conditions d'utilisation\n\n1.  [Votre compte](#compte)\n2.  [Paiements](#paiements)\n\nNous pouvons suspendre votre compte en cas de fraude.\n",
			new: "# Conditions d'utilisation\n\n1.  [Votre compte](#compte)\n2.  [Paiements](#paiements)\n3.  [Résiliation](#resiliation)\n\nNous pouvons suspendre votre compte en cas de fraude.\n"},
	})
}

// A company named where another stood, outside a list of recipients and
// not where data is given, is the party the user deals with: the
// operator of the service or the controller, with or without a company
// form. A processor swapped where data is shared is a recipient; a brand
// renamed in sentences that name no party is wording. Every name here was
// made up for this test.
func TestPartyRenamed(t *testing.T) {
	type pair struct {
		lang, title, body, old, new string
		min, max                    Severity
		category                    string
	}
	cases := []pair{
		{"en", "Terms of Service", "You must be 18 to use the Service.",
			"The Service is provided by the company Brightwave or by any company Brightwave controls.",
			"The Service is provided by the company Lumora or by any company Lumora controls.", Medium, High, Contact},
		{"en", "Privacy Policy", "We keep your data for two years.",
			"The controller of your personal data is Brightwave.", "The controller of your personal data is Lumora.", Medium, High, Contact},
		{"en", "Privacy Policy", "We keep your data for two years.",
			"We share your data with Brightwave, who acts as our processor.",
			"We share your data with Lumora, who acts as our processor.", Medium, High, Sharing},
		{"en", "Privacy Policy", "We keep your data for two years.",
			"Brightwave answers your questions by email. Brightwave sends a newsletter once a month.",
			"Lumora answers your questions by email. Lumora sends a newsletter once a month.", None, Low, ""},
		{"fr", "Conditions générales", "Vous devez avoir 18 ans.",
			"Le Service est proposé par la société Brightwave ou par toute société contrôlée par Brightwave.",
			"Le Service est proposé par la société Lumora ou par toute société contrôlée par Lumora.", Medium, High, Contact},
		{"fr", "Politique de confidentialité", "Nous conservons vos données deux ans.",
			"Le responsable du traitement de vos données est Brightwave.", "Le responsable du traitement de vos données est Lumora.", Medium, High, Contact},
		{"es", "Política de privacidad", "Conservamos sus datos durante dos años.",
			"El responsable del tratamiento de sus datos es Brightwave.", "El responsable del tratamiento de sus datos es Lumora.", Medium, High, Contact},
		{"de", "Datenschutzerklärung", "Wir speichern Ihre Daten zwei Jahre.",
			"Verantwortlich für die Verarbeitung Ihrer Daten ist BrightWave.", "Verantwortlich für die Verarbeitung Ihrer Daten ist LumoraNet.", Medium, High, Contact},
		{"de", "Nutzungsbedingungen", "Sie müssen 18 Jahre alt sein.",
			"Der Dienst wird von der Firma BrightWave oder einem von BrightWave kontrollierten Unternehmen angeboten.",
			"Der Dienst wird von der Firma LumoraNet oder einem von LumoraNet kontrollierten Unternehmen angeboten.", Medium, High, Contact},
	}
	byLang := map[string][]docCase{}
	for _, p := range cases {
		byLang[p.lang] = append(byLang[p.lang], docCase{name: clip(p.new, 60),
			old: page(p.title, p.old, p.body, ""), new: page(p.title, p.new, p.body, ""), min: p.min, max: p.max, category: p.category})
	}
	for lang, cs := range byLang {
		runDocs(t, lang, cs)
	}
}

// An example of a kind already named is a rewording, unless the example
// weighs high: "our partners, including data brokers" says who receives
// the data. Every sentence here was written for this test.
func TestHighWeightExamples(t *testing.T) {
	type pair struct {
		lang, title, body, old, new string
		min, max                    Severity
	}
	cases := []pair{
		{"en", "Privacy Policy", "We keep your data for two years.",
			"We share your data with our partners.", "We share your data with our partners, including advertisers and data brokers.", High, High},
		{"en", "Privacy Policy", "We keep your data for two years.",
			"We share your data with service providers, such as hosting companies.",
			"We share your data with service providers, such as hosting companies and payment processors.", None, Low},
		{"fr", "Politique de confidentialité", "Nous conservons vos données deux ans.",
			"Nous partageons vos données avec nos partenaires.", "Nous partageons vos données avec nos partenaires, notamment des annonceurs.", High, High},
		{"de", "Datenschutzerklärung", "Wir speichern Ihre Daten zwei Jahre.",
			"Wir geben Ihre Daten an unsere Partner weiter.", "Wir geben Ihre Daten an unsere Partner weiter, zum Beispiel an Werbetreibende.", High, High},
	}
	byLang := map[string][]docCase{}
	for _, p := range cases {
		byLang[p.lang] = append(byLang[p.lang], docCase{name: clip(p.new, 60),
			old: page(p.title, p.old, p.body, ""), new: page(p.title, p.new, p.body, ""), min: p.min, max: p.max})
	}
	for lang, cs := range byLang {
		runDocs(t, lang, cs)
	}
}

// Markup and extraction leftovers are no change: a Markdown reference link
// ("[text][label]" and its "[label]: /path" line), a digit glued to the
// front of a word by a table cell. Names given in a clause that speaks of
// recipients ("we added two sub-processors: …") are new recipients.
// Every text here was written for this test.
func TestLeftoversAndNamedRecipients(t *testing.T) {
	runDocs(t, "en", []docCase{
		{name: "reference link", min: None, max: None,
			old: "# Privacy\n\nTo publish a package, our terms require you to [license us to share it][your-content].\n\n[your-content]: /policies/open-terms#your-content\n\nWe keep your data for two years.\n",
			new: "# Privacy\n\nTo publish a package, our terms require you to license us to share it.\n\nWe keep your data for two years.\n"},
		{name: "stray digit", min: None, max: None,
			old: "# Cookies\n\nConsent identifier: 0Date of consent:\n\nWe keep your data for two years.\n",
			new: "# Cookies\n\nConsent identifier: Date of consent:\n\nWe keep your data for two years.\n"},
		{name: "number kept apart", min: Low, max: High,
			old: "# Terms\n\nWe answer within 10 days.\n\nWe keep your data for two years.\n",
			new: "# Terms\n\nWe answer within days.\n\nWe keep your data for two years.\n"},
		{name: "sub-processors named", min: Medium, max: High,
			old: "# Privacy\n\nWe keep your data for two years.\n",
			new: "# Privacy\n\nWe keep your data for two years.\n\nOn 3 March 2025 we added two sub-processors: Paywallio and Refundly\n"},
	})
	runDocs(t, "fr", []docCase{
		{name: "sous-traitants nommés", min: Medium, max: High,
			old: "# Confidentialité\n\nNous conservons vos données deux ans.\n",
			new: "# Confidentialité\n\nNous conservons vos données deux ans.\n\nLe 3 mars 2025, nous avons ajouté deux sous-traitants : Paywallio et Refundly\n"},
		{name: "chiffre collé", min: None, max: None,
			old: "# Cookies\n\nIdentifiant de votre consentement : 0Date de consentement :\n\nNous conservons vos données deux ans.\n",
			new: "# Cookies\n\nIdentifiant de votre consentement : Date de consentement :\n\nNous conservons vos données deux ans.\n"},
	})
}
