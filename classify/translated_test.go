package classify

import (
	"strings"
	"testing"
)

// A paragraph now shown in the page's language instead of English (or the
// other way) is one clause, not a clause removed and another added; a
// new clause in another language that nothing ties to a removed one is
// still rated. Every sentence was written for this test.
func TestTranslatedClause(t *testing.T) {
	head := "# Politique de confidentialité\n\nNous collectons votre nom et votre adresse e-mail pour gérer votre compte.\n\nVous pouvez demander la suppression de vos données à tout moment.\n\n"
	tail := "\n\nNous conservons vos données pendant deux ans après la fermeture de votre compte.\n"
	en := "Please contact Acme with any questions about this notice at 12 Harbour Street, Dublin D02 XY45, or write to our Data Protection Officer at privacy@acme.example, and we will respond within 30 days."
	fr := "Veuillez contacter Acme pour toute question sur cet avis au 12 Harbour Street, Dublin D02 XY45, ou écrire à notre délégué à la protection des données à privacy@acme.example ; nous vous répondrons dans un délai de 30 jours."
	frNew := "Nous partageons désormais votre adresse e-mail et votre historique d'achats avec nos partenaires publicitaires pour vous montrer des publicités ciblées."
	enOld := "Our offices are closed on public holidays and the support team answers on working days from nine to five."
	runDocs(t, "fr", []docCase{
		{name: "English paragraph translated", old: head + en + tail, new: head + fr + tail, min: Low, max: Low},
		{name: "French paragraph now in English", old: head + fr + tail, new: head + en + tail, min: Low, max: Low},
		{name: "new practice beside an English paragraph removed far away",
			old: head + enOld + tail + strings.Repeat("\nNous utilisons des serveurs situés en France pour héberger le service.\n", 1) + "\nLe service est fourni tel quel.\n",
			new: head + tail + "\nNous utilisons des serveurs situés en France pour héberger le service.\n\nLe service est fourni tel quel.\n\n" + frNew + "\n",
			min: Medium, max: High},
	})
}
