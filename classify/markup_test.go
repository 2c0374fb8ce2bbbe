package classify

import "testing"

// Markup that reached the text: entities written out, clause numbers in
// bold or glued to the first word, a template's link notes filled in, the
// counters of a table of contents. Each quiet case has a neighbour that
// changes what the clause says and must still be read. Every sentence was
// written for this test.
func TestMarkupIsNoChange(t *testing.T) {
	type lang struct {
		code, title, body1, body2 string
		cases                     []markupCase
	}
	langs := []lang{
		{"fr", "Conditions", "Nous conservons vos données pendant la durée de votre compte.", "Vous pouvez nous contacter à tout moment par courrier.", []markupCase{
			{"entities", "Bienvenue dans les services (« nous ») : voici nos règles.", "Bienvenue dans les services (&laquo;&nbsp;nous&nbsp;&raquo;)&nbsp;: voici nos règles.", None, None},
			{"number in bold", "15.1 Aucune stipulation des présentes Conditions ne limite votre droit de rétractation.", "**15.1.** Aucune stipulation des présentes Conditions ne limite votre droit de rétractation.", None, None},
			{"number glued", "8.3.2Les frais sont payables à la commande.", "Les frais sont payables à la commande.", None, None},
			{"placeholder", "Cliquez ici [Lien vers la page des cookies] pour en savoir plus.", "Cliquez [ici](https://exemple.fr/cookies) pour en savoir plus.", None, None},
			{"placeholder and link", "Consultez notre [Liste des sociétés - insérer un lien vers la liste] pour connaître l'entité responsable.", "Consultez notre https://exemple.fr/societes pour connaître l'entité responsable.", None, None},
			{"number that is a quantity", "Nous partageons vos données avec 3 partenaires.", "Nous partageons vos données avec 30 partenaires.", Low, High},
			{"bracket that is no placeholder", "Cliquez ici [page des cookies] pour en savoir plus.", "Cliquez ici [page des annonceurs] pour en savoir plus.", Low, High},
			{"entities and a new recipient", "Nous partageons vos données avec nos prestataires.", "Nous partageons vos données avec nos prestataires et&nbsp;des annonceurs.", Medium, High},
		}},
		{"de", "Bedingungen", "Wir speichern Ihre Daten für die Dauer Ihres Kontos.", "Sie können uns jederzeit per Post kontaktieren.", []markupCase{
			{"entities", "Willkommen bei den Diensten (&bdquo;wir&ldquo;).", "Willkommen bei den Diensten („wir“).", None, None},
			{"number in bold", "4.2 Wir verkaufen Ihre Daten nicht an Dritte.", "**4.2.** Wir verkaufen Ihre Daten nicht an Dritte.", None, None},
			{"placeholder", "Weitere Informationen finden Sie [Link zur Cookie-Seite einfügen].", "Weitere Informationen finden Sie [hier](https://beispiel.de/cookies).", None, None},
			{"negation dropped beside a number", "4.2 Wir verkaufen Ihre Daten nicht an Dritte.", "**4.2.** Wir verkaufen Ihre Daten an Dritte.", Medium, High},
		}},
		{"es", "Condiciones", "Conservamos sus datos mientras su cuenta esté activa.", "Puede contactarnos en cualquier momento por correo.", []markupCase{
			{"number in bold", "3.1 Usted puede cancelar su suscripción en cualquier momento.", "**3.1.** Usted puede cancelar su suscripción en cualquier momento.", None, None},
			{"placeholder", "Consulte [insertar enlace a la política de cookies] para más información.", "Consulte [aquí](https://ejemplo.es/cookies) para más información.", None, None},
		}},
		{"it", "Condizioni", "Conserviamo i tuoi dati per la durata del tuo account.", "Puoi contattarci in qualsiasi momento per posta.", []markupCase{
			{"number in bold", "2.3 Non vendiamo i tuoi dati personali.", "**2.3.** Non vendiamo i tuoi dati personali.", None, None},
			{"placeholder", "Per saperne di più clicca [inserire collegamento alla pagina].", "Per saperne di più clicca [qui](https://esempio.it/pagina).", None, None},
		}},
		{"nl", "Voorwaarden", "Wij bewaren uw gegevens zolang uw account bestaat.", "U kunt op elk moment per post contact met ons opnemen.", []markupCase{
			{"number in bold", "5.1 Wij verkopen uw gegevens niet.", "**5.1.** Wij verkopen uw gegevens niet.", None, None},
		}},
		{"pt", "Termos", "Conservamos os seus dados enquanto a sua conta existir.", "Pode contactar-nos a qualquer momento por correio.", []markupCase{
			{"number in bold", "6.1 Não vendemos os seus dados pessoais.", "**6.1.** Não vendemos os seus dados pessoais.", None, None},
			{"placeholder", "Saiba mais [inserir ligação para a página de cookies].", "Saiba mais [aqui](https://exemplo.pt/cookies).", None, None},
		}},
		{"en", "Terms", "We keep your data for as long as your account is open.", "You can contact us at any time by post.", []markupCase{
			{"entities", "Welcome to the services (&ldquo;we&rdquo;) of Acme&#39;s group.", "Welcome to the services (“we”) of Acme's group.", None, None},
			{"number in bold", "12.4 We may suspend your account if you break these terms.", "**12.4.** We may suspend your account if you break these terms.", None, None},
			{"placeholder", "Learn more [insert link to cookie page].", "Learn more [here](https://example.com/cookies).", None, None},
			{"table of contents counter", "Contact us](#14)16.", "Contact us](#14)16.17.", None, None},
			{"counter in prose", "We keep logs for 16 days.", "We keep logs for 16 days and 17 hours.", Low, High},
		}},
	}
	for _, l := range langs {
		var cases []docCase
		for _, c := range l.cases {
			cases = append(cases, docCase{name: c.name,
				old: page(l.title, c.old, l.body1, l.body2), new: page(l.title, c.new, l.body1, l.body2),
				min: c.min, max: c.max})
		}
		runDocs(t, l.code, cases)
	}
}

type markupCase struct {
	name, old, new string
	min, max       Severity
}
