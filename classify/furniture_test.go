package classify

import (
	"strings"
	"testing"
)

// furnitureLang is a short policy in one language, the site furniture a
// crawl may catch with it, and the policy changes that must still be read
// when they sit beside the furniture. Every line was written for this test.
type furnitureLang struct {
	code  string
	body  []string // the policy: long sentences about data
	popup []string // a sign-up pop-up caught at the end of the page
	// footer and footer2 are the site footer before and after a link
	// label was reworded.
	footer, footer2 []string
	material        string   // a policy sentence that matters
	recipients      []string // a recipients heading, its lead-in and two names
	newRecipient    string
}

var furnitureLangs = []furnitureLang{
	{code: "en",
		body: []string{"# Privacy Policy", "We collect your name, your e-mail address and your order history when you create an account on our website.",
			"We use your personal data to deliver your orders, to answer your questions and to keep our services secure for every customer.",
			"You can ask us at any time to access, correct or delete the personal data we hold about you by writing to our privacy team."},
		popup:  []string{"Sign up for our newsletter", "Get 10% off your first order and free shipping on every order.", "Password", "Show password", "No thanks", "By creating an account, I agree to the Terms of Use."},
		footer: []string{"## Help", "- Contact", "- Returns", "- Site map", "- Legal notices", "- Cookie settings", "- Follow us"}, footer2: []string{"## Help", "- Contact", "- Returns", "- Site map", "- Legal notice", "- Cookie settings", "- Follow us"},
		material:     "We sell your personal data to data brokers and advertising networks for their own marketing.",
		recipients:   []string{"## Sub-processors", "- Stripe", "- Zendesk"},
		newRecipient: "- Criteo"},
	{code: "fr",
		body: []string{"# Politique de confidentialité", "Nous collectons votre nom, votre adresse e-mail et l'historique de vos commandes lorsque vous créez un compte sur notre site.",
			"Nous utilisons vos données personnelles pour livrer vos commandes, répondre à vos questions et assurer la sécurité de nos services.",
			"Vous pouvez nous demander à tout moment d'accéder à vos données personnelles, de les rectifier ou de les supprimer en écrivant à notre équipe."},
		popup:  []string{"Inscrivez-vous à notre newsletter", "10 % de remise sur votre première commande et livraison gratuite sur toutes vos commandes.", "Mot de passe", "Je m'abonne !", "Non merci"},
		footer: []string{"## Aide", "- Contact", "- Retours", "- Plan du site", "- Mentions légales", "- Paramètres des cookies", "- Suivez-nous"}, footer2: []string{"## Aide", "- Contact", "- Retours", "- Plan du site", "- Informations légales", "- Paramètres des cookies", "- Suivez-nous"},
		material:     "Nous vendons vos données personnelles à des courtiers en données et à des régies publicitaires.",
		recipients:   []string{"## Sous-traitants", "- Stripe", "- Zendesk"},
		newRecipient: "- Criteo"},
	{code: "de",
		body: []string{"# Datenschutzerklärung", "Wir erheben Ihren Namen, Ihre E-Mail-Adresse und Ihre Bestellhistorie, wenn Sie auf unserer Website ein Konto anlegen.",
			"Wir verwenden Ihre personenbezogenen Daten, um Ihre Bestellungen zu liefern, Ihre Fragen zu beantworten und unsere Dienste zu schützen.",
			"Sie können jederzeit Auskunft über Ihre Daten verlangen und deren Berichtigung oder Löschung beantragen, indem Sie unserem Team schreiben."},
		popup:  []string{"Newsletter abonnieren", "Jetzt anmelden und 10 % Rabatt auf Ihre erste Bestellung sichern, dazu kostenloser Versand.", "Passwort", "Nein danke"},
		footer: []string{"## Hilfe", "- Kontakt", "- Rücksendungen", "- Impressum", "- Cookie-Einstellungen", "- Alle Rechte vorbehalten", "- Folgen Sie uns"}, footer2: []string{"## Hilfe", "- Kontakt", "- Rückgabe", "- Impressum", "- Cookie-Einstellungen", "- Alle Rechte vorbehalten", "- Folgen Sie uns"},
		material:     "Wir verkaufen Ihre personenbezogenen Daten an Datenhändler und Werbenetzwerke für deren eigene Werbung.",
		recipients:   []string{"## Auftragsverarbeiter", "- Stripe", "- Zendesk"},
		newRecipient: "- Criteo"},
	{code: "es",
		body: []string{"# Política de privacidad", "Recogemos su nombre, su dirección de correo electrónico y su historial de pedidos cuando crea una cuenta en nuestro sitio web.",
			"Utilizamos sus datos personales para entregar sus pedidos, responder a sus preguntas y mantener la seguridad de nuestros servicios.",
			"Puede pedirnos en cualquier momento acceder a sus datos personales, rectificarlos o suprimirlos escribiendo a nuestro equipo de privacidad."},
		popup:  []string{"Suscríbete a nuestra newsletter", "Un 10 % de descuento en tu primer pedido y envío gratis en todos tus pedidos.", "Contraseña", "No gracias"},
		footer: []string{"## Ayuda", "- Contacto", "- Devoluciones", "- Mapa del sitio", "- Aviso legal", "- Configuración de cookies", "- Síguenos"}, footer2: []string{"## Ayuda", "- Contacto", "- Devoluciones", "- Mapa del sitio", "- Aviso legal y condiciones", "- Configuración de cookies", "- Síguenos"},
		material:     "Vendemos sus datos personales a intermediarios de datos y a redes publicitarias para su propia publicidad.",
		recipients:   []string{"## Encargados del tratamiento", "- Stripe", "- Zendesk"},
		newRecipient: "- Criteo"},
	{code: "it",
		body: []string{"# Informativa sulla privacy", "Raccogliamo il tuo nome, il tuo indirizzo e-mail e la cronologia dei tuoi ordini quando crei un account sul nostro sito.",
			"Utilizziamo i tuoi dati personali per consegnare i tuoi ordini, rispondere alle tue domande e garantire la sicurezza dei nostri servizi.",
			"Puoi chiederci in qualsiasi momento di accedere ai tuoi dati personali, di rettificarli o di cancellarli scrivendo al nostro team."},
		popup:  []string{"Iscriviti alla newsletter", "Uno sconto del 10 % sul tuo primo ordine e spedizione gratuita su tutti gli ordini.", "Password", "No grazie"},
		footer: []string{"## Aiuto", "- Contatti", "- Resi", "- Mappa del sito", "- Note legali", "- Impostazioni dei cookie", "- Seguici"}, footer2: []string{"## Aiuto", "- Contatti", "- Resi e rimborsi", "- Mappa del sito", "- Note legali", "- Impostazioni dei cookie", "- Seguici"},
		material:     "Vendiamo i tuoi dati personali a intermediari di dati e a reti pubblicitarie per la loro pubblicità.",
		recipients:   []string{"## Responsabili del trattamento", "- Stripe", "- Zendesk"},
		newRecipient: "- Criteo"},
	{code: "nl",
		body: []string{"# Privacyverklaring", "Wij verzamelen uw naam, uw e-mailadres en uw bestelgeschiedenis wanneer u een account aanmaakt op onze website.",
			"Wij gebruiken uw persoonsgegevens om uw bestellingen te leveren, uw vragen te beantwoorden en onze diensten veilig te houden.",
			"U kunt ons op elk moment vragen om inzage in uw persoonsgegevens, om correctie of om verwijdering door onze privacyafdeling te schrijven."},
		popup:  []string{"Nu abonneren op de nieuwsbrief", "10 % korting op je eerste bestelling en gratis verzending op alle bestellingen.", "Wachtwoord", "Nee bedankt"},
		footer: []string{"## Hulp", "- Contact", "- Retourneren", "- Sitemap", "- Cookie-instellingen", "- Alle rechten voorbehouden", "- Volg ons"}, footer2: []string{"## Hulp", "- Contact", "- Retouren", "- Sitemap", "- Cookie-instellingen", "- Alle rechten voorbehouden", "- Volg ons"},
		material:     "Wij verkopen uw persoonsgegevens aan datahandelaren en advertentienetwerken voor hun eigen reclame.",
		recipients:   []string{"## Verwerkers", "- Stripe", "- Zendesk"},
		newRecipient: "- Criteo"},
	{code: "pt",
		body: []string{"# Política de privacidade", "Recolhemos o seu nome, o seu endereço de e-mail e o histórico das suas encomendas quando cria uma conta no nosso site.",
			"Utilizamos os seus dados pessoais para entregar as suas encomendas, responder às suas perguntas e manter os nossos serviços seguros.",
			"Pode pedir-nos a qualquer momento o acesso aos seus dados pessoais, a sua retificação ou o seu apagamento escrevendo à nossa equipa."},
		popup:  []string{"Subscrever a newsletter", "10 % de desconto na primeira encomenda e envio grátis em todas as encomendas.", "Palavra-passe", "Não, obrigado"},
		footer: []string{"## Ajuda", "- Contacto", "- Devoluções", "- Mapa do site", "- Aviso legal", "- Definições de cookies", "- Siga-nos"}, footer2: []string{"## Ajuda", "- Contacto", "- Devoluções e reembolsos", "- Mapa do site", "- Aviso legal", "- Definições de cookies", "- Siga-nos"},
		material:     "Vendemos os seus dados pessoais a corretores de dados e a redes de publicidade para a sua própria publicidade.",
		recipients:   []string{"## Subcontratantes", "- Stripe", "- Zendesk"},
		newRecipient: "- Criteo"},
}

func joinBlocks(parts ...[]string) string {
	var all []string
	for _, p := range parts {
		all = append(all, p...)
	}
	return strings.Join(all, "\n\n") + "\n"
}

// TestSiteFurnitureIsNoChange: a pop-up caught at the end of a page, or
// gone, and a footer link reworded are no change; a policy sentence or a
// new recipient beside them is.
func TestSiteFurnitureIsNoChange(t *testing.T) {
	for _, l := range furnitureLangs {
		body, withRecipients := l.body, append(append([]string(nil), l.body...), l.recipients...)
		runDocs(t, l.code, []docCase{
			{name: "pop-up caught", old: joinBlocks(body), new: joinBlocks(body, l.popup), max: None},
			{name: "pop-up gone", old: joinBlocks(body, l.popup), new: joinBlocks(body), max: None},
			{name: "footer caught", old: joinBlocks(body), new: joinBlocks(body, l.footer), max: None},
			{name: "footer link reworded", old: joinBlocks(body, l.footer), new: joinBlocks(body, l.footer2), max: None},
			{name: "pop-up and footer, both kept, footer reworded", old: joinBlocks(body, l.popup, l.footer), new: joinBlocks(body, l.popup, l.footer2), max: None},
			// What must still be read.
			{name: "sentence added above the footer", old: joinBlocks(body, l.footer), new: joinBlocks(body, []string{l.material}, l.footer), min: Medium, max: High},
			{name: "sentence added below the footer", old: joinBlocks(body, l.footer), new: joinBlocks(body, l.footer, []string{l.material}), min: Medium, max: High},
			{name: "sentence added with a pop-up", old: joinBlocks(body), new: joinBlocks(body, []string{l.material}, l.popup), min: Medium, max: High},
			{name: "recipient added above the footer", old: joinBlocks(withRecipients, l.footer),
				new: joinBlocks(withRecipients, []string{l.newRecipient}, l.footer), min: Medium, max: High},
		})
	}
}
