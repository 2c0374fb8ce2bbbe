package classify

import (
	"strings"
	"testing"
)

// A page holding the terms of two products drops the second one whole: its
// clauses no longer govern what the page governs, so the report stays low.
// The same clauses dropped as one section of the page's own document, or a
// short titled section, are still rated. Every sentence was written for
// this test.
func TestRemovedDocument(t *testing.T) {
	type set struct {
		lang, kept, title string
		sections          [][]string // heading, then clauses
		own               string     // a heading that names no document
	}
	sets := []set{
		{lang: "en", kept: "# Terms of Use\n\n## Terms of Use of the Acme Music Service\n\n### 1. General\n\nThese terms govern your use of the music service. You must be at least 16 to use it.\n\n### 2. Price\n\nThe service costs 9.99 euros a month and renews every month until you cancel it.\n",
			title: "Terms of Use of the Acme Radio Service",
			sections: [][]string{
				{"1. Access", "To use the radio service you must accept these terms without reserve.", "You may not use the radio service for any commercial purpose or in public places.", "We may share information about you with the police or the courts if you break the law."},
				{"2. Liability", "We disclaim all liability for interruptions of the radio service.", "You are solely liable for your use of the radio service and may not hold us liable.", "We may suspend your access to the radio service without notice."},
				{"3. Disputes", "These terms are governed by the law of your country of residence.", "You may not submit a dispute to any court before contacting our customer service."},
			},
			own: "Sharing with third parties"},
		{lang: "fr", kept: "# Conditions générales\n\n## Conditions d'utilisation du service Acme Musique\n\n### 1. Généralités\n\nLes présentes conditions régissent votre utilisation du service de musique. Vous devez avoir au moins 16 ans.\n\n### 2. Prix\n\nLe service coûte 9,99 euros par mois et se renouvelle chaque mois jusqu'à sa résiliation.\n",
			title: "Politique de protection des données du service Acme Radio",
			sections: [][]string{
				{"1. Données collectées", "Nous collectons votre adresse e-mail et votre adresse IP lorsque vous utilisez la radio.", "Nous ne vendons jamais vos données personnelles à des tiers.", "Nous pouvons partager vos données avec nos sous-traitants situés hors de l'Union européenne."},
				{"2. Vos droits", "Vous pouvez à tout moment exercer votre droit d'accès et de rectification.", "Vous avez le droit de vous opposer au traitement de vos données à des fins de prospection.", "Vous pouvez introduire une réclamation auprès de la CNIL."},
				{"3. Conservation", "Nous conservons vos données pendant trois ans après votre dernière connexion."},
			},
			own: "Partage avec des tiers"},
	}
	render := func(title string, sections [][]string) string {
		var b strings.Builder
		b.WriteString("## " + title + "\n\n")
		for _, s := range sections {
			b.WriteString("### " + s[0] + "\n\n")
			for _, c := range s[1:] {
				b.WriteString(c + "\n\n")
			}
		}
		return b.String()
	}
	cookies := "# Privacy and cookies\n\n## Privacy Policy\n\nWe collect your name and email address to run your account. Our cookie policy explains which trackers we use.\n\nYou may ask us to delete your data at any time.\n"
	cookiePolicy := render("Cookie Policy", [][]string{
		{"What cookies are", "Cookies are small files placed on your device when you visit the site.", "Some cookies are set by advertising partners to show you relevant ads."},
		{"Cookies we use", "We use analytics cookies from third parties to measure the audience.", "We use advertising cookies that follow you across other websites.", "Cookies last up to thirteen months.", "You can refuse cookies in your browser settings."},
	})
	runDocs(t, "en", []docCase{{name: "cookie policy moved to its own page", old: cookies + "\n" + cookiePolicy, new: cookies, min: Low, max: Low}})
	for _, s := range sets {
		whole := s.kept + "\n" + render(s.title, s.sections)
		short := s.kept + "\n" + render(s.title, s.sections[:1])
		ownSection := s.kept + "\n" + render(s.own, s.sections)
		// The same terms under another name beside the page's own: a
		// superseded or announced copy, whose loss the user may feel.
		copyTitle := strings.TrimPrefix(strings.SplitN(s.kept, "\n", 2)[0], "# ")
		superseded := s.kept + "\n" + render("Acme "+copyTitle, s.sections)
		runDocs(t, s.lang, []docCase{
			{name: "document removed whole", old: whole, new: s.kept, min: Low, max: Low},
			{name: "copy of the page's own document removed", old: superseded, new: s.kept, min: Medium, max: High},
			{name: "short titled section removed", old: short, new: s.kept, min: Medium, max: High},
			{name: "section of the same document removed", old: ownSection, new: s.kept, min: Medium, max: High},
		})
	}
}

func TestDocumentTitle(t *testing.T) {
	for _, tc := range []struct {
		lang, heading string
		want          bool
	}{
		{"en", "Terms of Use of the Acme Radio Service", true},
		{"en", "3. Privacy Policy", true},
		{"en", "Article 10 – Amendments of the Terms", false},
		{"en", "Sharing with third parties", false},
		{"en", "Cookie Policy", true},
		{"en", "Changes to this Policy", false},
		{"en", "Changes to Terms", false},
		{"fr", "2. Règlement relatif aux cookies", true},
		{"fr", "3. MENTIONS LÉGALES", true},
		{"fr", "1. Protection de la vie privée", true},
		{"fr", "Protection de vos équipements", false},
		{"de", "Datenschutzerklärung für Händler", true},
		{"de", "Ihre Rechte", false},
		{"es", "Aviso legal", true},
		{"it", "Informativa sulla privacy", true},
		{"nl", "Cookiebeleid", true},
		{"pt", "Política de privacidade", true},
	} {
		if got := documentTitle(tc.lang, tc.heading); got != tc.want {
			t.Errorf("documentTitle(%s, %q) = %v, want %v", tc.lang, tc.heading, got, tc.want)
		}
	}
}

// A short line of a tracker list naming a company the document never
// named is one more company tracking the user; a line naming a company
// already listed, or none, is not. Every line was written for this test.
func TestNewTrackerInList(t *testing.T) {
	base := "# Cookie Policy\n\nWe use cookies and similar trackers on our site.\n\n## Advertising trackers\n\nAcme Ads pixel (https://ads.acme.example/privacy)\n\nPurpose: measure the conversions of our advertising campaigns.\n\nWe keep cookies for up to thirteen months.\n"
	add := func(line string) string {
		return strings.Replace(base, "Purpose:", line+"\n\nPurpose:", 1)
	}
	runDocs(t, "en", []docCase{
		{name: "new company's tag", old: base, new: add("Globex pixel (https://privacy.globex.example/statement)"), min: Medium, max: High, category: Tracking},
		{name: "same company's second tag", old: base, new: add("Acme Ads cookie (https://ads.acme.example/privacy)"), min: None, max: Low},
	})
	baseFr := "# Politique relative aux traceurs\n\nNous utilisons des cookies et des traceurs sur notre site.\n\n## Traceurs publicitaires\n\nPixel Acme (https://ads.acme.example/privacy)\n\nObjectif : mesurer les conversions de nos campagnes publicitaires.\n\nNous conservons les cookies pendant treize mois au plus.\n"
	runDocs(t, "fr", []docCase{
		{name: "balise d'une nouvelle société", old: baseFr, new: strings.Replace(baseFr, "Objectif", "Balise Globex (https://privacy.globex.example/statement)\n\nObjectif", 1), min: Medium, max: High, category: Tracking},
	})
}

// The document's own name, capitalised in the text ("le présent Avis de
// confidentialité"), is no recipient. Written for this test.
func TestOwnNoticeIsNoRecipient(t *testing.T) {
	body := "Nous conservons vos données pendant deux ans."
	runDocs(t, "fr", []docCase{
		{name: "avis", old: page("Avis de confidentialité", "Nous partageons vos données avec nos prestataires de paiement.", body, body),
			new: page("Avis de confidentialité", "Nous partageons vos données avec nos prestataires de paiement décrits dans le présent Avis.", body, body), min: None, max: Low},
	})
}
