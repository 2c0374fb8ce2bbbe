package classify

import (
	"slices"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/diff"
)

// The rules below were added while reading real histories; every case is
// a sentence written for the test, with a quiet neighbour where a rule
// could over-reach.

func TestPageNoiseIsNoChange(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "opens in a new tab", old: "See our cookie notice.", new: "See our cookie notice (opens in a new tab).",
			min: None, max: None},
		{name: "relative timestamp", old: "Updated 3 days ago. We keep logs for 30 days.", new: "Updated 22 days ago. We keep logs for 30 days.",
			min: None, max: None},
		{name: "download label added", kind: diff.Added, new: "Download PDF", min: None, max: None},
		{name: "promotional banner added", kind: diff.Added, new: "Try our new app today", min: None, max: None},
		{name: "banner with an obligation is still read", kind: diff.Added, new: "You must pay a fee of $5 to try the app",
			min: Medium, max: High},
		{name: "version banner", old: "Version 3.2 of these terms.", new: "Version 3.3 of these terms.", min: None, max: None},
		{name: "cross-reference renumbered", old: "Refunds are handled as Section 14 explains.", new: "Refunds are handled as Section 15 explains.",
			min: None, max: None, reason: "renumbered"},
		{name: "clause number shifted", old: "7.2 We keep invoices for ten years.", new: "8.2 We keep invoices for ten years.",
			min: None, max: None},
		{name: "a number that is not a reference", old: "We keep invoices for 7 years.", new: "We keep invoices for 8 years.",
			min: Medium, max: High},
		{name: "date written another way", old: "Effective June 3, 2024.", new: "Effective from 3 June 2024.", min: None, max: None},
		{name: "version number stamped", old: "Terms of sale, 2023 edition.", new: "Terms of sale, 2023 edition 2024.1.0-EU.", min: None, max: None},
		{name: "spacing only", old: "Article 2the seller pays shipping.", new: "Article 2 the seller pays shipping.", min: None, max: None},
		{name: "markup tag left by extraction", old: "Apps may not read the SMS_LOG permission.", new: "Apps may not read the SMS_LOG code> permission.",
			min: None, max: None},
		{name: "machine identifier changed", old: "The cookie mp_3fa8c91e02bd77a4_mixpanel measures visits.", new: "The cookie mp_9be0d14c7a3355ef_mixpanel measures visits.",
			min: None, max: None},
		{name: "table row reordered", old: "Cookies: alpha, beta, gamma", new: "Cookies: gamma, alpha, beta", min: None, max: None},
		{name: "reordered around a negation is read", old: "We share reports with Acme but not with Globex.", new: "We share reports with Globex but not with Acme.",
			min: Low, max: High},
		{name: "link target changed", old: "Read the [policy](https://acme.example/p?v=1).", new: "Read the [policy](https://acme.example/p?v=2).",
			min: None, max: None},
		{name: "garbled characters", old: "Les frais s’élèvent à 5 € par envoi.", new: "Les frais s??l?vent ? 5 ? par envoi.", min: None, max: None},
	})
}

func TestTyposByDirection(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "typo fixed", old: "Write to our emial address for help.", new: "Write to our email address for help.",
			min: None, max: None, reason: "typo fixed"},
		{name: "typo introduced is not a fix", old: "Write to our email address for help.", new: "Write to our emial address for help.",
			min: Low, max: Low, reason: "misspelling introduced"},
	})
}

func TestWordsOutOfContext(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "an .ai domain is no AI", old: "Contact support at our help centre.", new: "Contact support at help.acme.ai.",
			min: None, max: Low},
		{name: "securities are no security", old: "We do not trade in bonds.", new: "We do not trade in bonds or securities.",
			min: None, max: Low},
		{name: "transfer your subscription is no data transfer", kind: diff.Added,
			new: "You may transfer your subscription to another household member.", min: None, max: Low},
		{name: "a data transfer still is", kind: diff.Added,
			new: "We may transfer your personal data to our offices in India.", min: Medium, max: High, category: Transfer},
		{name: "a country where the service is sold is no transfer",
			old: "The service is available in France.", new: "The service is available in France and Canada.", min: None, max: Low},
		{name: "a country in a law's name is no transfer", kind: diff.Added,
			new: "This notice follows Regulation (EU) 2016/679 on the processing of personal data.", min: None, max: Medium},
		{name: "defined term is no company", section: "Service providers",
			old: "We send the Content to our hosting vendors.", new: "We send the Content and the Devices to our hosting vendors.",
			min: None, max: Low},
		{name: "a company named beside them is", section: "Service providers",
			old: "We send logs to our hosting vendors.", new: "We send logs to our hosting vendors and to Loggly.",
			min: Medium, max: Medium, category: Sharing},
		{name: "capitalised heading-like label is no recipient", section: "Data processing terms",
			kind: diff.Added, new: "SCOPE OF APPLICATION", min: None, max: None},
	})
}

func TestHeadingsAndBanners(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "update banner is at most low", kind: diff.Added,
			new: "We have updated our terms to clarify that we may sell your data to brokers.", min: Low, max: Low},
	})
	c := ClassifyChange(diff.Change{Kind: diff.Added, Heading: true, NewText: "Information we share"})
	if c.Severity != None {
		t.Errorf("added heading rated %s: %q", c.Severity, c.Reasons)
	}
}

func TestRepeatsAreNoChange(t *testing.T) {
	c := ClassifyChange(diff.Change{Kind: diff.Added, Repeat: true, NewText: "We may sell your data to brokers."})
	if c.Severity != None || !strings.Contains(strings.Join(c.Reasons, " "), "repeats") {
		t.Errorf("repeated clause rated %s %q", c.Severity, c.Reasons)
	}
}

func TestEncodingGarbledPairIsNetted(t *testing.T) {
	rep := Build(&diff.Result{Changes: []diff.Change{
		{Kind: diff.Removed, OldText: "Één keer per jaar sturen wij u een overzicht van de kosten."},
		{Kind: diff.Added, NewText: "??n keer per jaar sturen wij u een overzicht van de kosten."},
	}})
	if rep.Summary.MaxSeverity != None {
		t.Errorf("garbled pair rated %s: %+v", rep.Summary.MaxSeverity, rep.Changes)
	}
}

func TestObfuscatedAddressFragments(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "fragment after the cloaked address", old: "E-mail: [email protected]", new: "E-mail: [email protected]shop.de",
			min: None, max: None},
		{name: "fragment before it", old: "E-mail: [email protected]", new: "E-mail: help[email protected]",
			min: None, max: None},
	})
}

func TestTermsOfService(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "arbitration added", kind: diff.Added,
			new: "Any dispute between you and us will be resolved by binding arbitration, and you waive any class action.",
			min: High, max: High, category: Disputes, reason: "arbitration"},
		{name: "arbitration dropped", kind: diff.Removed,
			old: "Any dispute between you and us will be resolved by binding arbitration.",
			min: Medium, max: Medium, category: Disputes},
		{name: "arbitration ruled out", kind: diff.Added,
			new: "No dispute between you and us will go to arbitration; you may always go to court.",
			min: None, max: Low},
		{name: "suspension without notice", kind: diff.Added,
			new: "We may suspend your account without notice if we suspect fraud.",
			min: Medium, max: High, category: Account},
		{name: "perpetual licence over content", old: "You grant us a license to display your photos on the service.",
			new: "You grant us a perpetual, irrevocable license to display your photos on the service.",
			min: High, max: High, category: License},
		{name: "price raised", old: "The plan costs $9 per month.", new: "The plan costs $12 per month.",
			min: Medium, max: Medium, category: Payment, reason: "amount changed"},
		{name: "same price in another currency", old: "Returns above 40 EUR are free.", new: "Returns above 40 EUR/1000 CZK are free.",
			min: Low, max: Low},
		{name: "liability cap lowered", old: "Our total liability will not exceed €1,000.", new: "Our total liability will not exceed €100.",
			min: Medium, max: High, category: Liability},
		{name: "fee added", old: "Sellers list items on the marketplace.", new: "Sellers list items on the marketplace for a fee of 2% per sale.",
			min: Medium, max: High, category: Payment},
		{name: "governing law changed", old: "These terms are governed by the laws of Malta.", new: "These terms are governed by the laws of Slovakia.",
			min: Medium, max: High},
	})
}

func TestFavourableChangesAreRead(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "new right to delete the account", old: "You can change your password in the settings.",
			new: "You can change your password in the settings and delete your account and data at any time.",
			min: Medium, max: Medium, category: Rights},
		{name: "notice of changes promised", old: "We may change this policy.", new: "We may change this policy and will notify you by e-mail before changes take effect.",
			min: Medium, max: Medium, category: PolicyChange},
		{name: "inactivity period changed", old: "Accounts become inactive after 3 years without a login.", new: "Accounts become inactive after 10 years without a login.",
			min: Medium, max: High, reason: "period changed"},
	})
}

func TestLegalBasisContactAndCookies(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "practice moved to legitimate interest", old: "We send newsletters with your consent.",
			new: "We send newsletters on the basis of our legitimate interest.", min: Medium, max: High},
		{name: "legitimate interest dropped", kind: diff.Removed,
			old: "Reminder e-mails rest on our legitimate interest in selling to you.", min: Medium, max: Medium, category: Rights},
		{name: "contact point removed", kind: diff.Removed,
			old: "EU representative: Attn: Privacy Desk, Hauptstrasse 12, 10115 Berlin, Germany", min: Medium, max: Medium, category: Contact},
		{name: "tracker company added beside cookies", old: "Advertising cookies are set by Criteo.",
			new: "Advertising cookies are set by Criteo and Outbrain Inc.", min: Medium, max: Medium, category: Sharing},
		{name: "ads chosen from a household signal dropped", kind: diff.Removed,
			old: "We may use information about your household to choose which ads to show you.", min: Medium, max: Medium},
	})
	// A lone cookie name added to a cookie table.
	rep := Build(&diff.Result{Changes: []diff.Change{
		{Kind: diff.Added, Section: "Cookies we use", NewText: "_xyz_session"},
		{Kind: diff.Added, Section: "Cookies we use", NewText: "This cookie keeps you signed in. Cookies help; cookies expire; cookies are small; cookies everywhere."},
	}})
	if rep.Changes[0].Severity != Medium || !slices.Contains(rep.Changes[0].Categories, Tracking) {
		t.Errorf("new cookie rated %s %v %q", rep.Changes[0].Severity, rep.Changes[0].Categories, rep.Changes[0].Reasons)
	}
	// The same kind of word in a document that is not about cookies.
	rep = Build(&diff.Result{Changes: []diff.Change{{Kind: diff.Added, Section: "Glossary", NewText: "order_id"}}})
	if rep.Changes[0].Severity > Low {
		t.Errorf("an identifier outside a cookie table rated %s", rep.Changes[0].Severity)
	}
}

func TestAccountingIsNoAccount(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "accounting is no account", old: "We keep invoices for our accounting.", new: "We keep invoices for our own accounting.",
			min: None, max: Low},
	})
	c := ClassifyChange(diff.Change{Kind: diff.Modified, OldText: "We keep invoices for our accounting.", NewText: "We keep invoices for our own accounting."})
	if slices.Contains(c.Categories, Account) {
		t.Errorf("accounting read as an account: %v", c.Categories)
	}
}

func TestQuantitiesInPaidOffers(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "package enlarged for the same price", old: "Pro pack: up to 20 listings at once, renewed automatically every year.",
			new: "Pro pack: up to 25 listings at once, renewed automatically every year.", min: Medium, max: Medium, category: Payment},
		{name: "a number outside anything paid", old: "Our help centre answers 20 questions.", new: "Our help centre answers 25 questions.",
			min: None, max: Low},
		{name: "a street number beside a fee", old: "Fees are paid to Acme, 12 Main Street, Springfield.", new: "Fees are paid to Acme, 14 Main Street, Springfield.",
			min: None, max: Low},
	})
}

func TestMoreRealPatterns(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "a use newly resting on consent", kind: diff.Added,
			new: "Reminder e-mails about your basket are sent on the basis of your consent, which you can withdraw.", min: Medium, max: Medium, category: Rights},
		{name: "a company introduced by name", kind: diff.Added,
			new: "Vehicle history reports come from the company Autocheck.", min: Medium, max: Medium, category: Sharing},
		{name: "a teaser linking to another page", kind: diff.Removed,
			old: "Hosts who cancel may pay penalties and lose their badge...](https://help.example/cancel)", min: None, max: None},
		{name: "letters glued to a version number", section: "Service providers",
			old: "Version 2024.1.0 of the terms, shared with our vendors.", new: "Version 2024.1.0-IT of the terms, shared with our vendors.", min: None, max: Low},
		{name: "a mediator's office in an address", old: "Write to the mediation service, 60 rue de la Paix, 75002 Paris, to settle a dispute.",
			new: "Write to the Consumer Mediation Service, PO Box 20015, 75362 Paris, to settle a dispute.", min: None, max: Low},
	})
	// Names shuffled between two rows of a regenerated table.
	rep := Build(&diff.Result{Changes: []diff.Change{
		{Kind: diff.Modified, OldText: "Cookies: alphacookie, betacookie", NewText: "Cookies: alphacookie"},
		{Kind: diff.Modified, OldText: "Cookies: gammacookie", NewText: "Cookies: gammacookie, betacookie"},
	}})
	if rep.Summary.MaxSeverity != None {
		t.Errorf("names moved between rows rated %s: %+v", rep.Summary.MaxSeverity, rep.Changes)
	}
}
