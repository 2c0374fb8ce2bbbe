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
