package classify

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/diff"
	"github.com/tracker-dev/tracker/doc"
)

// docCase compares two versions of a short document, as `tracker
// compare` does, and bounds the report's highest severity.
type docCase struct {
	name, old, new string
	min, max       Severity
	category       string // among the report's categories, when set
}

func runDocs(t *testing.T, lang string, cases []docCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(lang+"/"+tc.name, func(t *testing.T) {
			rep := BuildDocuments(diff.Compare(doc.Parse(tc.old), doc.Parse(tc.new)), tc.old, tc.new)
			if rep.Summary.Language != lang {
				t.Errorf("language %q, want %q", rep.Summary.Language, lang)
			}
			var reasons []string
			for _, c := range rep.Changes {
				reasons = append(reasons, c.Severity.String()+": "+strings.Join(c.Reasons, "; "))
			}
			if s := rep.Summary.MaxSeverity; s < tc.min || s > tc.max {
				t.Errorf("severity %s, want %s..%s; changes %q", s, tc.min, tc.max, reasons)
			}
			if tc.category != "" && !slices.Contains(rep.Summary.Categories, tc.category) {
				t.Errorf("categories %v lack %s; changes %q", rep.Summary.Categories, tc.category, reasons)
			}
		})
	}
}

// clausePair is one clause rewritten in a small document: a title, the
// clause (old and new) and a body clause that stays put.
type clausePair struct {
	lang, title, old, new, body string
	min, max                    Severity
}

// runClausePairs runs the pairs of several languages, each language's
// under its own name, as runDocs does.
func runClausePairs(t *testing.T, pairs []clausePair) {
	t.Helper()
	byLang := map[string][]docCase{}
	var langs []string
	for _, p := range pairs {
		if byLang[p.lang] == nil {
			langs = append(langs, p.lang)
		}
		byLang[p.lang] = append(byLang[p.lang], docCase{name: clip(p.new, 60),
			old: page(p.title, p.old, p.body, p.body), new: page(p.title, p.new, p.body, p.body), min: p.min, max: p.max})
	}
	for _, lang := range langs {
		runDocs(t, lang, byLang[lang])
	}
}

// page builds a small document: a title, the clause under test (when not
// empty) and two clauses of body that stay put.
func page(title, clause, body1, body2 string) string {
	parts := []string{"# " + title}
	if clause != "" {
		parts = append(parts, clause)
	}
	return strings.Join(append(parts, body1, body2), "\n\n") + "\n"
}

// Every date stamp, link form and language selector below was written for
// this test; each language has its quiet cases and, beside them, the
// material change that looks like them (a cutoff date moved, a number in
// a dated clause changed).
func TestDocumentNoiseByLanguage(t *testing.T) {
	type set struct {
		title, body1, body2 string
		quiet               [][2]string // old clause, new clause
		loud                []docCase   // old and new are clauses here
	}
	sets := map[string]set{
		"en": {
			title: "Privacy Policy",
			body1: "We collect your email address and your name to run the service and to answer your questions.",
			body2: "You can ask us to delete your account at any time by writing to our support team.",
			quiet: [][2]string{
				{"Last updated: March 3, 2023", "Last updated: April 5, 2024"},
				{"Effective date: 2023-01-01", "Effective date: January 1st, 2024"},
				{"This policy was last updated on March 3, 2023.", "This policy was last updated on 5 April 2024."},
				{"Updated Monday, April 3, 2023", "Updated Tuesday, March 5, 2024"},
				{"Last modified: 2023-03-03 10:00 UTC", "Last modified: 2024-04-05 14:30 UTC"},
				{"Version 3.1 (March 2023)", "Version 3.2 (September 2024)"},
				{"", "Last updated: April 5, 2024"},
				{"Read our cookie notice at http://www.example.com/cookies for details.", "Read our cookie notice at https://example.com/cookies/ for details."},
				{"Questions? Write to us through http://www.example.com/contact.", "Questions? Write to us through https://www.example.com/contact."},
				{"Our help centre is at https://www. example.com/help and lists every form.", "Our help centre is at https://www.example.com/help and lists every form."},
				{"Language: English | Français | Deutsch | Español", "Language: English | French | German | Spanish"},
				{"English Deutsch Français", "English Deutsch Français Italiano Polski 日本語"},
				{"Revised: June 2022", "Revised: June 2022 Dec 2023"},
				{"This notice was last revised on 3 March 2023.", "This notice was last revised on 11 Sept. 2024 and 2 October 2024."},
				{"Last updated Q1 2023", "Last updated Q3 2024 (v2.1)"},
				{"Version 3 – last updated Jan 5th, 2023", "Version 4 – last updated Feb 6th, 2024 at 10:00 a.m. CET"},
				{"See the list of processors at https://example.com/processors?utm_source=footer&utm_medium=web.", "See the list of processors at https://www.example.com/processors/."},
				{"The terms of our payment provider are at https://pay.example.net/terms#fees.", "The terms of our payment provider are at https://pay.example.net/terms?hl=en&gclid=abc123."},
			},
			loud: []docCase{
				{name: "cutoff moved", old: "If you created your account before March 1, 2023, the arbitration agreement does not apply to you.",
					new: "If you created your account before March 1, 2021, the arbitration agreement does not apply to you.", min: Medium, max: High, category: Disputes},
				{name: "retention in a dated clause", old: "Since 1 January 2024, we keep server logs for 30 days.",
					new: "Since 1 January 2024, we keep server logs for 90 days.", min: Medium, max: High, category: Retention},
				{name: "price in a dated clause", old: "From 1 March 2024 the monthly fee is 10 EUR.",
					new: "From 1 March 2024 the monthly fee is 12 EUR.", min: Medium, max: High, category: Payment},
			},
		},
		"fr": {
			title: "Politique de confidentialité",
			body1: "Nous collectons votre adresse électronique et votre nom pour fournir le service et répondre à vos questions.",
			body2: "Vous pouvez demander la suppression de votre compte à tout moment en écrivant à notre service client.",
			quiet: [][2]string{
				{"Dernière mise à jour : 12 mars 2023", "Dernière mise à jour : 4 avril 2024"},
				{"Cette politique a été mise à jour le 12 mars 2023.", "Cette politique a été mise à jour pour la dernière fois le 4 avril 2024."},
				{"Mise à jour le lundi 3 avril 2023", "Mise à jour le mardi 5 mars 2024"},
				{"Date de dernière mise à jour : 1er janvier 2023", "Date de dernière mise à jour : 15 mars 2024 / Last updated: March 15, 2024"},
				{"Version en vigueur au 01/02/2023", "Version en vigueur au 3 févr. 2024"},
				{"", "Mise à jour : septembre 2024"},
				{"Pour en savoir plus, consultez la page https://www. exemple.fr/cookies ou écrivez-nous.", "Pour en savoir plus, consultez la page https://www.exemple.fr/cookies ou écrivez-nous."},
				{"Pour toute question, contactez-nous via http://exemple.fr/contact.", "Pour toute question, contactez-nous via https://www.exemple.fr/contact."},
				{"Langue : english, français, deutsch, español", "Langue : English, Français, Allemand, Espagnol"},
				{"Mise à jour : 3 mars 2023", "Mise à jour : 3 March 2023 - 14 janv. 2024"},
				{"Nos sous-traitants sont listés sur [cette page](https://exemple.fr/sous-traitants?ref=nav&fbclid=AbC123).", "Nos sous-traitants sont listés sur [cette page](http://exemple.fr/sous-traitants/?gclid=XyZ987)."},
			},
			loud: []docCase{
				{name: "cutoff moved", old: "Si vous avez créé votre compte avant le 1er mars 2023, la clause d'arbitrage ne s'applique pas à vous.",
					new: "Si vous avez créé votre compte avant le 1er mars 2021, la clause d'arbitrage ne s'applique pas à vous.", min: Medium, max: High, category: Disputes},
				{name: "retention in a dated clause", old: "Depuis le 1er janvier 2024, nous conservons les journaux pendant 30 jours.",
					new: "Depuis le 1er janvier 2024, nous conservons les journaux pendant 2 ans.", min: Medium, max: High, category: Retention},
			},
		},
		"de": {
			title: "Datenschutzerklärung",
			body1: "Wir verarbeiten Ihre E-Mail-Adresse und Ihren Namen, um den Dienst bereitzustellen und Ihre Fragen zu beantworten.",
			body2: "Sie können die Löschung Ihres Kontos jederzeit verlangen, indem Sie unserem Kundenservice schreiben.",
			quiet: [][2]string{
				{"Stand: 01.03.2023", "Stand: März 2024"},
				{"Zuletzt aktualisiert am 1. März 2023", "Zuletzt aktualisiert am 14. Februar 2024"},
				{"Stand: 1. März 2023", "Stand: 14. Februar 2024 (Last updated: February 14, 2024)"},
				{"Diese Datenschutzerklärung gilt in der Fassung vom 01.01.2023.", "Diese Datenschutzerklärung gilt in der Fassung vom 15.03.2024."},
				{"Gültig ab 1. Januar 2023", ""},
				{"Bei Fragen erreichen Sie uns unter http://www.beispiel.de/kontakt oder per Post.", "Bei Fragen erreichen Sie uns unter https://www.beispiel.de/kontakt oder per Post."},
				{"Sprache: Deutsch English Français", "Sprache: Deutsch Englisch Französisch Italienisch"},
				{"Zuletzt aktualisiert: 1. März 2023", "Zuletzt aktualisiert: 14 December 2024 bzw. 2. Januar 2025"},
			},
			loud: []docCase{
				{name: "cutoff moved", old: "Für Verträge, die vor dem 1. März 2023 geschlossen wurden, gilt keine Kündigungsfrist.",
					new: "Für Verträge, die vor dem 1. März 2021 geschlossen wurden, gilt keine Kündigungsfrist.", min: Medium, max: High},
				{name: "retention in a dated clause", old: "Seit dem 1. Januar 2024 speichern wir Protokolle für 30 Tage.",
					new: "Seit dem 1. Januar 2024 speichern wir Protokolle für 3 Jahre.", min: Medium, max: High, category: Retention},
			},
		},
		"es": {
			title: "Política de privacidad",
			body1: "Tratamos su dirección de correo electrónico y su nombre para prestar el servicio y responder a sus preguntas.",
			body2: "Puede solicitar la supresión de su cuenta en cualquier momento escribiendo a nuestro servicio de atención al cliente.",
			quiet: [][2]string{
				{"Última actualización: 3 de marzo de 2023", "Última actualización: 5 de abril de 2024 (April 5, 2024)"},
				{"Fecha de la última modificación: 3 de marzo de 2023", "Fecha de la última modificación: 3 de marzo de 2024 - Last modified: March 3, 2024"},
				{"Última actualización: marzo de 2023", "Última actualización: abril de 2024 / April 2024"},
				{"Última actualización: 3 de marzo de 2023", "Última actualización: 5 April 2024"},
				{"Versión vigente desde el 1 de enero de 2023.", "Versión vigente desde el 15 de marzo de 2024."},
				{"Actualizado: 01/01/2023", "Actualizado: 15 ene. 2024"},
				{"", "Actualizado el 15 de marzo de 2024"},
				{"Puede consultar la política de cookies en http://www.ejemplo.es/cookies en cualquier momento.", "Puede consultar la política de cookies en https://ejemplo.es/cookies en cualquier momento."},
				{"Idioma: Español | English | Català", "Idioma: Español | Inglés | Catalán"},
			},
			loud: []docCase{
				{name: "cutoff moved", old: "Si creó su cuenta antes del 1 de marzo de 2023, no se aplicará la cláusula de arbitraje.",
					new: "Si creó su cuenta antes del 1 de marzo de 2021, no se aplicará la cláusula de arbitraje.", min: Medium, max: High, category: Disputes},
				{name: "retention in a dated clause", old: "Desde el 1 de enero de 2024 conservamos los registros durante 30 días.",
					new: "Desde el 1 de enero de 2024 conservamos los registros durante 5 años.", min: Medium, max: High, category: Retention},
			},
		},
		"it": {
			title: "Informativa sulla privacy",
			body1: "Trattiamo il tuo indirizzo email e il tuo nome per fornire il servizio e rispondere alle tue domande.",
			body2: "Puoi chiedere la cancellazione del tuo account in qualsiasi momento scrivendo al nostro servizio clienti.",
			quiet: [][2]string{
				{"Ultimo aggiornamento: 10 gennaio 2023", "Ultimo aggiornamento: 22 febbraio 2024 (Last update: February 22, 2024)"},
				{"Data dell'ultima modifica: 10/01/2023", "Data dell'ultima modifica: 22 febbraio 2024"},
				{"La presente informativa è stata aggiornata il 10 gennaio 2023.", "La presente informativa è stata aggiornata per l'ultima volta il 22 febbraio 2024."},
				{"Versione 2.1 - 3 gen 2023", "Versione 2.2 - 5 mag 2024"},
				{"Per maggiori informazioni visita http://www.esempio.it/privacy e contattaci.", "Per maggiori informazioni visita https://esempio.it/privacy/ e contattaci."},
				{"Lingua: Italiano English Deutsch", "Lingua: Italiano Inglese Tedesco"},
				{"In vigore dal 1 gennaio 2023", "In vigore dal 1 gennaio 2023 e aggiornata il 2 Jan 2025"},
			},
			loud: []docCase{
				{name: "cutoff moved", old: "Se hai creato il tuo account prima del 1 marzo 2023, la clausola di arbitrato non si applica.",
					new: "Se hai creato il tuo account prima del 1 marzo 2021, la clausola di arbitrato non si applica.", min: Medium, max: High, category: Disputes},
				{name: "retention in a dated clause", old: "Dal 1 gennaio 2024 conserviamo i log per 30 giorni.",
					new: "Dal 1 gennaio 2024 conserviamo i log per 5 anni.", min: Medium, max: High, category: Retention},
			},
		},
		"nl": {
			title: "Privacyverklaring",
			body1: "Wij verwerken uw e-mailadres en uw naam om de dienst te leveren en uw vragen te beantwoorden.",
			body2: "U kunt op elk moment vragen om uw account te verwijderen door onze klantenservice te schrijven.",
			quiet: [][2]string{
				{"Laatst bijgewerkt op 3 maart 2023", "Laatst bijgewerkt op 11 juni 2024"},
				{"Deze privacyverklaring is voor het laatst gewijzigd op 3 maart 2023.", "Laatste wijziging: 11 juni 2024"},
				{"Bijgewerkt: 3 mrt 2023", "Bijgewerkt: 11 okt 2024"},
				{"Versie 3.1 - geldig vanaf 1 januari 2023", "Versie 3.2 - geldig vanaf 1 juli 2024"},
				{"Meer informatie vindt u op http://www.voorbeeld.nl/cookies en in onze cookieverklaring.", "Meer informatie vindt u op https://www.voorbeeld.nl/cookies en in onze cookieverklaring."},
				{"Taal: Nederlands English Français", "Taal: Nederlands Engels Frans Duits"},
				{"Laatst gewijzigd: januari 2023", "Laatst gewijzigd: januari 2023, juni 2024"},
			},
			loud: []docCase{
				{name: "retention in a dated clause", old: "Sinds 1 januari 2024 bewaren wij logbestanden gedurende 30 dagen.",
					new: "Sinds 1 januari 2024 bewaren wij logbestanden gedurende 5 jaar.", min: Medium, max: High, category: Retention},
			},
		},
		"pt": {
			title: "Política de privacidade",
			body1: "Tratamos o seu endereço de e-mail e o seu nome para prestar o serviço e responder às suas perguntas.",
			body2: "Pode pedir a eliminação da sua conta a qualquer momento escrevendo ao nosso serviço de apoio ao cliente.",
			quiet: [][2]string{
				{"Última atualização: 2 de fevereiro de 2023", "Última atualização: 9 de maio de 2024"},
				{"Atualizado em 2 fev. 2023", "Atualizado em 9 mai. 2024"},
				{"Data de vigência: 02/02/2023", "Data de vigência: 9 de maio de 2024 (May 9, 2024)"},
				{"Esta política foi atualizada em 2 de fevereiro de 2023.", "Esta política foi atualizada pela última vez em 9 de maio de 2024."},
				{"Para mais informações consulte http://www.exemplo.pt/cookies ou contacte-nos.", "Para mais informações consulte https://exemplo.pt/cookies ou contacte-nos."},
				{"Idioma: Português | English | Español", "Idioma: Português | Inglês | Espanhol"},
				{"Última atualização: 2 de fevereiro de 2023", "Última atualização: 9 de mayo de 2024 (versión 3.2)"},
			},
			loud: []docCase{
				{name: "cutoff moved", old: "Se criou a sua conta antes de 1 de março de 2023, a cláusula de arbitragem não se aplica.",
					new: "Se criou a sua conta antes de 1 de março de 2021, a cláusula de arbitragem não se aplica.", min: Medium, max: High, category: Disputes},
				{name: "retention in a dated clause", old: "Desde 1 de janeiro de 2024 conservamos os registos durante 30 dias.",
					new: "Desde 1 de janeiro de 2024 conservamos os registos durante 5 anos.", min: Medium, max: High, category: Retention},
			},
		},
	}
	for lang, s := range sets {
		var cases []docCase
		for i, q := range s.quiet {
			cases = append(cases, docCase{name: fmt.Sprintf("quiet %d %s", i, clip(q[0]+" → "+q[1], 50)),
				old: page(s.title, q[0], s.body1, s.body2), new: page(s.title, q[1], s.body1, s.body2), min: None, max: None})
		}
		for _, l := range s.loud {
			l.old, l.new = page(s.title, l.old, s.body1, s.body2), page(s.title, l.new, s.body1, s.body2)
			cases = append(cases, l)
		}
		runDocs(t, lang, cases)
	}
}
