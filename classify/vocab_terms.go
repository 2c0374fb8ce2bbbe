package classify

// This file holds the vocabulary of data practices: who data goes to, where,
// which kinds of data, tracking and AI techniques, safeguards and rights.
// Patterns use the syntax described in pattern.go. Weights say how much it
// matters when a clause newly permits the practice; see docs/classifier.md.

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
)

var kindLabels = map[termKind]string{
	kindRecipient: "recipient", kindCountry: "country", kindData: "data type",
	kindPurpose: "purpose", kindTech: "tracking technique", kindAI: "AI use",
	kindSafeguard: "safeguard", kindRight: "user right", kindHurdle: "condition on requests",
	kindTopic: "topic",
}

// termGroup is a set of patterns read the same way. An empty category means
// the category follows the clause's action: a data type named next to
// "collect" is collection, next to "share" sharing, next to "retain"
// retention.
type termGroup struct {
	kind     termKind
	category string
	weight   Severity
	patterns []string
}

var termGroups = []termGroup{
	// Recipients. Those that use data for their own ends weigh high; those
	// that act for the vendor or belong to its group weigh medium.
	{kindRecipient, Sharing, High, []string{
		"data broker", "information broker", "data reseller", "list broker",
		"ad network", "advertising network", "advertiser", "advertising partner",
		"marketing partner", "marketer", "data partner", "third party advertiser",
		"lead generation", "data aggregator", "data exchange",
		"third party", "unaffiliated|nonaffiliated|non affiliated", "business partner", "partner",
		"insurer", "insurance company|companies|carrier|carriers|provider|providers",
		"social network", "social media platform", "sponsor", "researcher", "publicly",
		"employer", "other companies|organizations|organisations|businesses",
	}},
	{kindRecipient, Sharing, Medium, []string{
		"affiliate", "subsidiary", "parent company", "sister company", "corporate family",
		"group company", "service provider", "vendor",
		"contractor", "processor", "sub processor", "subprocessor", "supplier",
		"third party * provider|providers|vendor|vendors|processor|processors|contractor|contractors|agent|agents|supplier|suppliers",
		"law enforcement", "government", "governmental", "public authority",
		"regulator", "police", "court", "analytics provider",
		"acquirer", "successor", "purchaser", "buyer",
		"technology partner", "carrier", "reseller", "distributor",
	}},
	// Places.
	{kindCountry, Transfer, Medium, []string{
		"united states", "usa", "united kingdom", "uk", "great britain", "china",
		"people republic of china", "prc", "hong kong", "taiwan", "india", "russia",
		"russian federation", "brazil", "canada", "mexico", "japan", "south korea",
		"korea", "singapore", "australia", "new zealand", "switzerland",
		"netherlands", "germany", "france", "ireland", "israel", "philippines",
		"vietnam", "viet nam", "indonesia", "malaysia", "thailand", "pakistan",
		"bangladesh", "ukraine", "poland", "romania", "bulgaria", "spain",
		"portugal", "italy", "belgium", "sweden", "norway", "denmark", "finland",
		"austria", "czech republic", "czechia", "hungary", "greece", "turkey",
		"egypt", "south africa", "nigeria", "kenya", "argentina", "chile",
		"colombia", "peru", "united arab emirates", "uae", "saudi arabia", "qatar",
		"luxembourg", "estonia", "latvia", "lithuania", "serbia", "belarus", "iran",
		"north korea", "cuba", "costa rica", "uruguay", "sri lanka", "nepal",
		"cyprus", "malta", "iceland", "croatia", "slovakia", "slovenia",
		"european economic area", "eea", "european union", "eu", "asia", "africa",
		"latin america", "south america", "middle east", "worldwide", "globally",
		"any country", "third country", "outside the eea|eu|uk", "overseas", "abroad",
	}},
	// Data types: sensitive ones first.
	{kindData, "", High, []string{
		"biometric", "voiceprint", "voice print", "faceprint", "face print",
		"face geometry", "facial", "retina", "iris scan", "palm print", "dna",
		"genetic", "health", "medical", "precise location", "precise geolocation",
		"geolocation", "gps", "real time location", "contact list", "address book",
		"phone contacts", "call recording", "recording of * call|calls|conversations",
		"recorded call", "call content", "content of * call|calls|communications|messages",
		"communications content", "communication content", "message content",
		"voicemail", "transcript", "voice recording", "audio recording", "voice data",
		"financial information", "financial data", "bank account", "credit card",
		"debit card", "payment card", "social security number", "ssn", "passport",
		"driver license", "driving licence", "government issued", "government id",
		"national id|identification|identity", "tax id|identification", "racial",
		"ethnic", "religious", "religion", "sexual orientation", "sex life",
		"political", "trade union", "criminal", "immigration status", "citizenship",
		"sensitive personal", "special category", "special categories",
	}},
	{kindData, "", Medium, []string{
		"phone number", "telephone number", "mobile number", "email address",
		"postal address", "home address", "ip address", "device identifier",
		"device id", "advertising identifier", "advertising id", "idfa", "imei",
		"mac address", "location", "call detail record", "call log", "call history",
		"call metadata", "browsing history", "search history", "purchase history",
		"transaction history", "usage data", "photo", "photograph", "video", "audio",
		"voice", "camera", "microphone", "gender", "date of birth", "birth date",
		"employment", "education", "income", "credit score", "credit history",
		"inference", "social media profile", "metadata", "text message", "sms",
		"keystroke", "screen recording", "contact information", "name",
		"user content", "content you upload|provide|create|submit",
	}},
	// Purposes.
	{kindPurpose, "", High, []string{
		"their own purposes|use|marketing|benefit|business|products|services|advertising|offers",
		"market|advertise|promote their|its own", "any purpose",
		"any lawful purpose",
	}},
	{kindPurpose, "", Medium, []string{
		"marketing purposes", "promotional purposes", "advertising purposes",
		"commercial purposes", "their marketing",
	}},
	// Tracking.
	{kindTech, Tracking, High, []string{
		"device fingerprinting", "browser fingerprinting", "fingerprint",
		"cross device", "cross context behavioral|behavioural advertising",
		"session replay", "session recording", "keystroke logging",
		"track you across", "recognize|recognise you across", "across websites|sites|apps|devices",
		"precise tracking",
	}},
	{kindTech, Tracking, Medium, []string{
		"cookie", "pixel", "web beacon", "beacon", "tracking pixel", "clear gif",
		"pixel tag", "sdk", "software development kit", "local storage",
		"tracking technology", "tracking technologies", "tracker",
		"targeted advertising|ads|adverts|advertisements",
		"personalized|personalised advertising|ads|adverts|advertisements",
		"interest based advertising|ads", "behavioral|behavioural advertising",
		"relevant adverts|ads|advertising|advertisements", "retargeting",
		"remarketing", "build a profile", "profile of your interests",
		"ad targeting", "advertising targeting", "audience targeting", "targeting",
	}},
	// AI and automated decisions.
	{kindAI, AI, High, []string{
		"artificial intelligence", "ai", "machine learning", "ml model",
		"train * model|models|algorithm|algorithms", "training data", "language model",
		"large language model", "llm", "generative", "neural network",
		"foundation model", "ai model", "automated decision", "automated decisions",
		"automated decision making", "automated processing", "algorithm",
	}},
	// Safeguards: taking one away is material.
	{kindSafeguard, Security, Medium, []string{
		"encrypt", "encryption", "ssl", "tls", "https", "firewall", "access control",
		"multi factor", "two factor", "authentication", "backup", "back up",
		"pseudonymization", "pseudonymisation", "security measure", "safeguard",
		"secure server", "penetration test", "penetration testing", "security audit",
		"iso 27001", "soc 2", "need to know", "confidentiality obligation",
		"confidentiality agreement", "intrusion detection", "secure facility",
		"physical security", "security training",
	}},
	{kindSafeguard, Transfer, Medium, []string{
		"standard contractual clauses", "scc", "sccs", "adequacy decision",
		"privacy shield", "data privacy framework", "binding corporate rules",
		"transfer impact assessment",
	}},
	{kindSafeguard, Tracking, Medium, []string{
		"do not track", "global privacy control", "gpc", "opt out preference signal",
		"browser signal",
	}},
	{kindSafeguard, Sharing, Medium, []string{
		"confidential", "contractually bound|obligated|required", "on our behalf",
		"data processing agreement",
	}},
	// User rights.
	{kindRight, Rights, Medium, []string{
		"right of access", "right to access|know|delete|deletion|erasure|correct|correction|rectify|rectification|object|restrict|restriction|portability|withdraw|opt|lodge|complain|appeal|non",
		"opt out", "unsubscribe", "request * access|deletion|correction|copy|erasure",
		"delete|erase your * account|data|information", "data portability", "portability",
		"object to * processing", "restrict * processing",
		"correct|rectify|amend your * data|information",
		"withdraw * consent", "lodge a complaint", "supervisory authority",
		"access to your personal? data|information", "request|ask * correct|correction|rectification",
		"right to be forgotten",
	}},
	// Burdens on exercising a right: adding one is material.
	{kindHurdle, Rights, Medium, []string{
		"fee", "processing fee", "administrative fee", "notarized|notarised",
		"affidavit", "sworn statement", "in person",
	}},
	// Topics: what a clause is about.
	{kindTopic, Children, Low, []string{
		"child", "minor", "parent", "parental", "guardian", "under the age",
		"coppa", "teen", "teenager", "kid", "years of age",
	}},
	{kindTopic, PolicyChange, Low, []string{
		"change|changes|update|updates|modification|modifications|amendment|amendments|revision|revisions to this|our * policy|notice|statement",
		"update|modify|amend|revise|change this|our * policy|notice|statement",
		"material change", "material changes", "revised policy", "continued use",
		"post * on this page", "effective date", "continuing|continue to use",
		"effective when|upon|once posted|posting|publication|published", "deemed to? accept|acceptance|agree",
	}},
	{kindTopic, Contact, Low, []string{
		"contact us", "data protection officer", "dpo", "privacy officer",
		"privacy team", "controller", "data controller", "eu representative",
		"uk representative", "mailing address", "registered office", "headquarters",
		"write to us", "reach us",
	}},
	{kindTopic, Retention, Low, []string{
		"retention", "retention period", "storage period", "deletion",
		"data retention",
	}},
	{kindTopic, Security, Low, []string{
		"breach", "data breach", "security incident", "unauthorized|unauthorised access",
		"security", "secure",
	}},
	{kindTopic, Transfer, Low, []string{
		"international transfer", "cross border", "transferred outside",
	}},
	{kindTopic, Sharing, Low, []string{"disclosure", "sale of"}},
	{kindTopic, Collection, Low, []string{
		"collection", "information we collect", "data we collect",
	}},
	{kindTopic, Tracking, Low, []string{"analytics", "online tracking"}},
}

// termInfo is one compiled pattern of termGroups.
type termInfo struct {
	key string // the pattern as written: the identity of the term
	termGroup
}

var termIndex, termSet = compileTerms()

func compileTerms() ([]termInfo, *phraseSet) {
	var index []termInfo
	var srcs []string
	for _, g := range termGroups {
		for _, p := range g.patterns {
			index = append(index, termInfo{key: p, termGroup: g})
			srcs = append(srcs, p)
		}
	}
	return index, mustPhraseSet(srcs)
}
