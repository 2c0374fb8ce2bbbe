package classify

import "testing"

// Entries of a table of contents, and link labels reordered or
// inflected, are no change; a clause under such a heading that states
// something, or a label whose words change, still is. Every line was
// written for this test.
func TestTableOfContentsIsNoChange(t *testing.T) {
	type tocLang struct {
		code, heading, body    string
		entriesOld, entriesNew string
		labelOld, labelNew     string
		sentence               string // a policy sentence under the heading
	}
	langs := []tocLang{
		{"en", "Table of Contents", "We collect your name and e-mail address when you register, and we use them to run your account.",
			"OverviewHow we use dataYour choices", "OverviewHow we use dataSharing with partnersYour choices",
			"Archived Versions", "Versions Archived", "We sell your personal data to data brokers."},
		{"fr", "Sommaire", "Nous collectons votre nom et votre adresse e-mail lors de votre inscription, et nous les utilisons pour gérer votre compte.",
			"IntroductionDonnées collectéesVos droits", "IntroductionDonnées collectéesConservation des donnéesVos droits",
			"Archived Versions", "Versions archivées", "Nous vendons vos données personnelles à des courtiers en données."},
		{"de", "Inhaltsverzeichnis", "Wir erheben Ihren Namen und Ihre E-Mail-Adresse bei der Registrierung und verwenden sie für Ihr Konto.",
			"EinleitungErhobene DatenIhre Rechte", "EinleitungErhobene DatenSpeicherdauerIhre Rechte",
			"Archivierte Versionen", "Versionen archiviert", "Wir verkaufen Ihre personenbezogenen Daten an Datenhändler."},
		{"es", "Índice", "Recogemos su nombre y su dirección de correo electrónico cuando se registra, y los usamos para gestionar su cuenta.",
			"IntroducciónDatos recogidosSus derechos", "IntroducciónDatos recogidosConservación de los datosSus derechos",
			"Versiones archivadas", "Archivadas versiones", "Vendemos sus datos personales a intermediarios de datos."},
		{"it", "Sommario", "Raccogliamo il tuo nome e il tuo indirizzo e-mail quando ti registri e li usiamo per gestire il tuo account.",
			"IntroduzioneDati raccoltiI tuoi diritti", "IntroduzioneDati raccoltiConservazione dei datiI tuoi diritti",
			"Versioni archiviate", "Archiviate versioni", "Vendiamo i tuoi dati personali a intermediari di dati."},
		{"nl", "Inhoudsopgave", "Wij verzamelen uw naam en e-mailadres wanneer u zich registreert en gebruiken ze voor uw account.",
			"InleidingVerzamelde gegevensUw rechten", "InleidingVerzamelde gegevensBewaartermijnUw rechten",
			"Gearchiveerde versies", "Versies gearchiveerd", "Wij verkopen uw persoonsgegevens aan datahandelaren."},
		{"pt", "Índice", "Recolhemos o seu nome e o seu endereço de e-mail quando se regista e usamo-los para gerir a sua conta.",
			"IntroduçãoDados recolhidosOs seus direitos", "IntroduçãoDados recolhidosConservação dos dadosOs seus direitos",
			"Versões arquivadas", "Arquivadas versões", "Vendemos os seus dados pessoais a corretores de dados."},
	}
	for _, l := range langs {
		doc := func(label, entries string) string {
			return "# Policy\n\n" + label + "\n\n## " + l.heading + "\n\n" + entries + "\n\n## 1\n\n" + l.body + "\n"
		}
		runDocs(t, l.code, []docCase{
			{name: "entry added", old: doc(l.labelOld, l.entriesOld), new: doc(l.labelOld, l.entriesNew), max: None},
			{name: "label reordered", old: doc(l.labelOld, l.entriesOld), new: doc(l.labelNew, l.entriesOld), max: None},
			{name: "label changed", old: doc(l.labelOld, l.entriesOld), new: doc(l.labelOld+" 2024", l.entriesOld), min: None, max: Low},
			{name: "sentence under the heading", old: doc(l.labelOld, l.entriesOld), new: doc(l.labelOld, l.entriesOld+"\n\n"+l.sentence), min: Medium, max: High},
		})
	}
}

// A summary under a heading a table of contents could have ("Sommaire",
// "Contents") is read: it holds sentences.
func TestSummaryIsNoTableOfContents(t *testing.T) {
	cases := []struct{ code, heading, lead, item, added string }{
		{"fr", "Sommaire", "Voici certains des services que nous proposons et les données qu'ils utilisent :",
			"- Des applications qui utilisent votre adresse e-mail", "- Nos produits publicitaires : nous partageons votre localisation précise avec des annonceurs"},
		{"en", "Contents", "Here are some of the services we offer and the data they use:",
			"- Apps that use your e-mail address", "- Advertising products that share your precise location with advertisers"},
	}
	for _, c := range cases {
		old := "# Policy\n\n## " + c.heading + "\n\n" + c.lead + "\n\n" + c.item + "\n\n## More\n\nWe keep your data for one year.\n"
		neu := "# Policy\n\n## " + c.heading + "\n\n" + c.lead + "\n\n" + c.item + "\n\n" + c.added + "\n\n## More\n\nWe keep your data for one year.\n"
		runDocs(t, c.code, []docCase{{name: "item added to a summary", old: old, new: neu, min: Medium, max: High}})
	}
}

// A short label whose words change is a change, however alike it looks.
func TestSameLabelNeedsTheSameWords(t *testing.T) {
	cases := []struct{ code, old, new string }{
		{"en", "Data Processor", "Data Controller"},
		{"en", "Transfer Safeguards", "Transparency Safeguards"},
		{"fr", "Durée de conservation", "Durée de suppression"},
		{"de", "Übermittlung der Daten", "Verkauf der Daten"},
		{"es", "Encargado del tratamiento", "Responsable del tratamiento"},
	}
	body := map[string]string{
		"en": "We keep your data for one year and then delete it from our systems.",
		"fr": "Nous conservons vos données pendant un an puis nous les supprimons de nos systèmes.",
		"de": "Wir speichern Ihre Daten ein Jahr lang und löschen sie danach aus unseren Systemen.",
		"es": "Conservamos sus datos durante un año y después los suprimimos de nuestros sistemas.",
	}
	for _, c := range cases {
		runDocs(t, c.code, []docCase{{name: c.old + " → " + c.new,
			old: "# Policy\n\n" + c.old + "\n\n" + body[c.code] + "\n", new: "# Policy\n\n" + c.new + "\n\n" + body[c.code] + "\n",
			min: Low, max: High}})
	}
}
