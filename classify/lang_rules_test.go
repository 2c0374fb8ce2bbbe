package classify

import (
	"slices"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/diff"
)

// langCase is one change in a language, read in that language.
type langCase struct {
	name, old, new string
	kind           diff.Kind
	min, max       Severity
	category       string
}

// Sentences written for these tests, the same findings in every language
// the classifier reads: a negation dropped, a recipient added, a retention
// extended, a date changed, an arbitration clause added, a rewording.
var langCases = map[string][]langCase{
	"fr": {
		{name: "negation dropped", old: "Nous ne vendons pas vos données personnelles.", new: "Nous vendons vos données personnelles.", min: High, max: High, category: Sharing},
		{name: "recipient added", old: "Nous partageons vos données avec nos prestataires.", new: "Nous partageons vos données avec nos prestataires et des annonceurs.", min: High, max: High, category: Sharing},
		{name: "ne … que is a limit", old: "Nous ne partageons vos données qu'avec nos prestataires.", new: "Nous partageons vos données avec nos prestataires.", min: Medium, max: High, category: Sharing},
		{name: "retention extended", old: "Nous conservons vos données pendant 3 ans.", new: "Nous conservons vos données pendant 10 ans.", min: High, max: High, category: Retention},
		{name: "date changed", old: "Dernière mise à jour : 3 mars 2024.", new: "Dernière mise à jour : 12 juin 2025.", min: None, max: None},
		{name: "arbitration added", kind: diff.Added, new: "Tout litige sera soumis à un arbitrage et vous renoncez à toute action collective.", min: High, max: High, category: Disputes},
		{name: "rewording", old: "Vous pouvez nous contacter par courrier.", new: "Vous pouvez aussi nous contacter par courrier.", min: None, max: Low},
		{name: "age lowered", old: "Le service est réservé aux personnes âgées de 16 ans ou plus.", new: "Le service est réservé aux personnes âgées de 13 ans ou plus.", min: Medium, max: High, category: Children},
	},
	"de": {
		{name: "negation after the verb dropped", old: "Wir verkaufen Ihre Daten nicht an Dritte.", new: "Wir verkaufen Ihre Daten an Dritte.", min: High, max: High, category: Sharing},
		{name: "recipient added", old: "Wir übermitteln Ihre Daten an unsere Dienstleister.", new: "Wir übermitteln Ihre Daten an unsere Dienstleister und Werbepartner.", min: High, max: High, category: Sharing},
		{name: "retention extended", old: "Wir speichern Ihre Daten für 6 Monate.", new: "Wir speichern Ihre Daten für 5 Jahre.", min: High, max: High, category: Retention},
		{name: "date changed", old: "Stand: 1. März 2024", new: "Stand: 15. Juli 2025", min: None, max: None},
		{name: "arbitration added", kind: diff.Added, new: "Alle Streitigkeiten werden vor einem Schiedsgericht entschieden; eine Sammelklage ist ausgeschlossen.", min: High, max: High, category: Disputes},
		{name: "rewording", old: "Sie können uns per Post kontaktieren.", new: "Sie können uns auch per Post kontaktieren.", min: None, max: Low},
		{name: "a noun is no company", old: "Die Zahlung erfolgt an unsere Dienstleister.", new: "Die Zahlung und Lieferung erfolgt an unsere Dienstleister.", min: None, max: Low},
	},
	"es": {
		{name: "negation dropped", old: "No vendemos sus datos personales.", new: "Vendemos sus datos personales.", min: High, max: High, category: Sharing},
		{name: "recipient added", old: "Compartimos sus datos con nuestros proveedores.", new: "Compartimos sus datos con nuestros proveedores y con anunciantes.", min: High, max: High, category: Sharing},
		{name: "retention extended", old: "Conservamos sus datos durante 2 años.", new: "Conservamos sus datos durante 6 años.", min: High, max: High, category: Retention},
		{name: "date changed", old: "Última actualización: 3 de marzo de 2024", new: "Última actualización: 9 de mayo de 2025", min: None, max: None},
		{name: "arbitration added", kind: diff.Added, new: "Cualquier disputa se resolverá mediante arbitraje y usted renuncia a cualquier acción colectiva.", min: High, max: High, category: Disputes},
		{name: "rewording", old: "Puede contactarnos por correo postal.", new: "También puede contactarnos por correo postal.", min: None, max: Low},
	},
	"it": {
		{name: "negation dropped", old: "Non vendiamo i tuoi dati personali.", new: "Vendiamo i tuoi dati personali.", min: High, max: High, category: Sharing},
		{name: "recipient added", old: "Condividiamo i tuoi dati con i nostri fornitori.", new: "Condividiamo i tuoi dati con i nostri fornitori e con inserzionisti.", min: High, max: High, category: Sharing},
		{name: "retention extended", old: "Conserviamo i tuoi dati per 12 mesi.", new: "Conserviamo i tuoi dati per 5 anni.", min: High, max: High, category: Retention},
		{name: "date changed", old: "Ultimo aggiornamento: 3 marzo 2024", new: "Ultimo aggiornamento: 9 luglio 2025", min: None, max: None},
		{name: "arbitration added", kind: diff.Added, new: "Ogni controversia sarà risolta tramite arbitrato e rinunci a qualsiasi azione collettiva.", min: High, max: High, category: Disputes},
		{name: "rewording", old: "Puoi contattarci per posta.", new: "Puoi anche contattarci per posta.", min: None, max: Low},
	},
	"nl": {
		{name: "negation after the verb dropped", old: "Wij verkopen uw gegevens niet aan derden.", new: "Wij verkopen uw gegevens aan derden.", min: High, max: High, category: Sharing},
		{name: "recipient added", old: "Wij delen uw gegevens met onze dienstverleners.", new: "Wij delen uw gegevens met onze dienstverleners en adverteerders.", min: High, max: High, category: Sharing},
		{name: "retention extended", old: "Wij bewaren uw gegevens 1 jaar.", new: "Wij bewaren uw gegevens 7 jaar.", min: High, max: High, category: Retention},
		{name: "date changed", old: "Laatst bijgewerkt: 3 maart 2024", new: "Laatst bijgewerkt: 9 juli 2025", min: None, max: None},
		{name: "arbitration added", kind: diff.Added, new: "Elk geschil wordt beslecht door arbitrage en u ziet af van een collectieve actie.", min: High, max: High, category: Disputes},
		{name: "rewording", old: "U kunt ons per post bereiken.", new: "U kunt ons ook per post bereiken.", min: None, max: Low},
	},
	"pt": {
		{name: "negation dropped", old: "Não vendemos os seus dados pessoais.", new: "Vendemos os seus dados pessoais.", min: High, max: High, category: Sharing},
		{name: "recipient added", old: "Partilhamos os seus dados com os nossos prestadores de serviços.", new: "Partilhamos os seus dados com os nossos prestadores de serviços e anunciantes.", min: High, max: High, category: Sharing},
		{name: "retention extended", old: "Conservamos os seus dados durante 1 ano.", new: "Conservamos os seus dados durante 6 anos.", min: High, max: High, category: Retention},
		{name: "date changed", old: "Última atualização: 3 de março de 2024", new: "Última atualização: 9 de julho de 2025", min: None, max: None},
		{name: "arbitration added", kind: diff.Added, new: "Qualquer litígio será resolvido por arbitragem e renuncia a qualquer ação coletiva.", min: High, max: High, category: Disputes},
		{name: "rewording", old: "Pode contactar-nos por correio.", new: "Também pode contactar-nos por correio.", min: None, max: Low},
	},
}

func TestLanguages(t *testing.T) {
	for code, cases := range langCases {
		for _, tt := range cases {
			t.Run(code+"/"+tt.name, func(t *testing.T) {
				kind := tt.kind
				if kind == "" {
					kind = diff.Modified
				}
				r := newReader(languageOf(code), nil)
				got := r.classify(diff.Change{Kind: kind, OldText: tt.old, NewText: tt.new})
				if got.Severity < tt.min || got.Severity > tt.max {
					t.Errorf("severity %s, want %s..%s; reasons %q", got.Severity, tt.min, tt.max, got.Reasons)
				}
				if tt.category != "" && !slices.Contains(got.Categories, tt.category) {
					t.Errorf("categories %v lack %s; reasons %q", got.Categories, tt.category, got.Reasons)
				}
			})
		}
	}
}

// TestDetectLanguages checks that a paragraph of each language is read in
// that language, from grammar words alone.
func TestDetectLanguages(t *testing.T) {
	for code, cases := range langCases {
		var b strings.Builder
		for _, c := range cases {
			b.WriteString(c.old + " " + c.new + " ")
		}
		if got := Detect(b.String()); got.Code != code {
			t.Errorf("Detect(%s sample) = %s", code, got.Code)
		}
	}
}
