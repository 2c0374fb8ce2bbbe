package classify

// This file holds what the families of practices and the groups of terms
// mean, whatever the language: their category, whether they widen what
// the vendor may do, and how much they weigh. Each language supplies the
// words of every family and group under its key (lang_en.go, …).

// actionDef is a family of verbs read as one practice. A power practice
// widens what the vendor may do when affirmed (share, sell, collect); a
// commitment benefits the user when affirmed (notify, encrypt, delete).
type actionDef struct {
	name     string
	category string // empty: the category follows the terms of the clause
	power    bool
	weight   Severity // what removing its negation (power) or it (commitment) weighs
	needs    termKind // the verb only counts with a term of this kind in its sentence
	// onData: the verb only counts in a sentence about personal data (a
	// data word, a data type, a recipient, a place or a technique):
	// "transfer your subscription" and "collect your order" are not
	// practices on data.
	onData   bool
	patterns []string
}

type family struct {
	key string
	actionDef
}

// practiceFamilies in the order findings are reported.
var practiceFamilies = []family{
	{"sell", actionDef{name: "sell", category: Sharing, power: true, weight: High, onData: true}},
	{"share", actionDef{name: "share", category: Sharing, power: true, weight: High}},
	// "provide", "give", "send" share only when a recipient is named.
	{"share-to", actionDef{name: "share", category: Sharing, power: true, weight: High, needs: kindRecipient}},
	{"transfer", actionDef{name: "transfer", category: Transfer, power: true, weight: High, onData: true}},
	{"collect", actionDef{name: "collect", category: Collection, power: true, weight: High, onData: true}},
	{"retain", actionDef{name: "retain", category: Retention, power: true, weight: High, onData: true}},
	// Placing a cookie or pixel is tracking; the verbs alone are not.
	{"track-tech", actionDef{name: "track", category: Tracking, power: true, weight: Medium, needs: kindTech}},
	{"track", actionDef{name: "track", category: Tracking, power: true, weight: Medium}},
	{"train", actionDef{name: "train", category: AI, power: true, weight: High, needs: kindAI}},
	{"use", actionDef{name: "use", power: true, weight: Medium, onData: true}},
	// The vendor's power over the user's account and money (terms of
	// service): suspending, terminating, charging, changing prices.
	{"suspend", actionDef{name: "suspend", category: Account, power: true, weight: High}},
	{"charge", actionDef{name: "charge", category: Payment, power: true, weight: Medium}},

	{"notify", actionDef{name: "notify", weight: Medium}},
	{"protect", actionDef{name: "protect", category: Security, weight: Medium}},
	{"delete", actionDef{name: "delete", category: Retention, weight: Medium}},
	{"respond", actionDef{name: "respond", category: Rights, weight: Medium}},
	{"refund", actionDef{name: "refund", category: Payment, weight: Medium}},
}

func familyKnown(key string) bool {
	for _, f := range practiceFamilies {
		if f.key == key {
			return true
		}
	}
	return false
}

// termKind says how a term is read when it appears in or disappears from
// a clause.
type termKind int

const (
	kindRecipient termKind = iota + 1 // someone data is shared with
	kindCountry                       // a place data is sent or stored
	kindData                          // a type of personal data
	kindPurpose                       // what data is used for
	kindTech                          // a tracking technique
	kindAI                            // AI or automated decision making
	kindSafeguard                     // a protection that benefits the user
	kindRight                         // a user right
	kindHurdle                        // a burden on exercising a right (a fee, a notarised request)
	kindTopic                         // marks what a clause is about, nothing more
	kindBurden                        // a term of service that shifts risk or power to the vendor
	kindPeople                        // whose data is processed: employees, applicants, visitors
)

var kindLabels = map[termKind]string{
	kindRecipient: "recipient", kindCountry: "country", kindData: "data type",
	kindPurpose: "purpose", kindTech: "tracking technique", kindAI: "AI use",
	kindSafeguard: "safeguard", kindRight: "user right", kindHurdle: "condition on requests",
	kindTopic: "topic", kindBurden: "term", kindPeople: "people concerned",
}

// termGroup is a set of patterns read the same way. An empty category means
// the category follows the clause's action: a data type named next to
// "collect" is collection, next to "share" sharing, next to "retain"
// retention.
type termGroup struct {
	key      string
	kind     termKind
	category string
	weight   Severity
}

// termInfo is one compiled pattern of a language's term groups.
type termInfo struct {
	key string // the pattern as written: the identity of the term
	termGroup
}

var termGroups = []termGroup{
	// Recipients. Those that use data for their own ends weigh high; those
	// that act for the vendor or belong to its group weigh medium.
	{"recipient-own", kindRecipient, Sharing, High},
	{"recipient-agent", kindRecipient, Sharing, Medium},
	{"country", kindCountry, Transfer, Medium},
	{"data-sensitive", kindData, "", High},
	{"data", kindData, "", Medium},
	// Whose data a processing reaches: a new group of people widens it.
	{"people", kindPeople, Collection, Medium},
	{"purpose-own", kindPurpose, "", High},
	{"purpose", kindPurpose, "", Medium},
	{"tech-invasive", kindTech, Tracking, High},
	{"tech", kindTech, Tracking, Medium},
	{"ai", kindAI, AI, High},
	{"safeguard", kindSafeguard, Security, Medium},
	{"safeguard-transfer", kindSafeguard, Transfer, Medium},
	{"safeguard-tracking", kindSafeguard, Tracking, Medium},
	{"safeguard-sharing", kindSafeguard, Sharing, Medium},
	{"right", kindRight, Rights, Medium},
	{"hurdle", kindHurdle, Rights, Medium},
	// A practice resting on the vendor's legitimate interest needs no
	// consent: moving to or from it changes what the user may refuse.
	{"legal-basis", kindBurden, Rights, Medium},
	// Terms of service. Burdens shift risk or power to the vendor when
	// added; protections benefit the user and are material when removed.
	{"disputes-waiver", kindBurden, Disputes, High},
	{"disputes", kindBurden, Disputes, Medium},
	{"liability-excluded", kindBurden, Liability, Medium},
	{"liability-user", kindBurden, Liability, Medium},
	{"license-broad", kindBurden, License, High},
	{"license", kindBurden, License, Medium},
	{"account-power", kindBurden, Account, Medium},
	{"account-requirement", kindBurden, Account, Medium},
	{"payment-burden", kindBurden, Payment, Medium},
	{"payment-protection", kindSafeguard, Payment, Medium},
	{"liability-protection", kindSafeguard, Liability, Medium},
	{"account-protection", kindSafeguard, Account, Medium},
	// Topics: what a clause is about.
	{"topic-children", kindTopic, Children, Low},
	{"topic-policy", kindTopic, PolicyChange, Low},
	{"topic-contact", kindTopic, Contact, Low},
	{"topic-retention", kindTopic, Retention, Low},
	{"topic-security", kindTopic, Security, Low},
	{"topic-transfer", kindTopic, Transfer, Low},
	{"topic-sharing", kindTopic, Sharing, Low},
	{"topic-collection", kindTopic, Collection, Low},
	{"topic-tracking", kindTopic, Tracking, Low},
	{"topic-disputes", kindTopic, Disputes, Low},
	{"topic-liability", kindTopic, Liability, Low},
	{"topic-license", kindTopic, License, Low},
	{"topic-account", kindTopic, Account, Low},
	{"topic-payment", kindTopic, Payment, Low},
}

func groupKnown(key string) bool {
	for _, g := range termGroups {
		if g.key == key {
			return true
		}
	}
	return false
}
