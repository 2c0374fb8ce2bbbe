package classify

// This file holds the grammar words of data practices: the verbs, what
// negates or weakens them, and the conditions that limit them.

// actionDef is a family of verbs read as one practice. A power practice
// widens what the vendor may do when affirmed (share, sell, collect); a
// commitment benefits the user when affirmed (notify, encrypt, delete).
type actionDef struct {
	name     string
	category string // empty: the category follows the terms of the clause
	power    bool
	weight   Severity // what removing its negation (power) or it (commitment) weighs
	needs    termKind // the verb only counts with a term of this kind in its sentence
	patterns []string
}

var actionDefs = []actionDef{
	{"sell", Sharing, true, High, 0, []string{
		"sell", "rent", "lease", "trade", "monetize", "monetise", "sale",
		// Selling by another name: "exchange data for valuable consideration".
		"valuable consideration", "monetary consideration", "in exchange for money|payment|compensation",
	}},
	{"share", Sharing, true, High, 0, []string{
		"share", "disclose", "release", "transmit", "pass on", "divulge",
	}},
	{"share", Sharing, true, High, kindRecipient, []string{
		"provide", "give", "send", "make available", "furnish", "allow * access",
	}},
	{"transfer", Transfer, true, High, 0, []string{"transfer", "export"}},
	{"collect", Collection, true, High, 0, append([]string{
		"collect", "gather", "capture", "receive", "harvest", "scrape", "obtain",
		"transmit from", "send from",
	}, inboundCollect...)},
	{"retain", Retention, true, High, 0, []string{
		"retain", "keep", "store", "preserve", "hold", "archive",
	}},
	// Placing a cookie or pixel is tracking; the verbs alone are not.
	{"track", Tracking, true, Medium, kindTech, []string{"place", "set", "deploy", "embed", "install", "drop"}},
	{"track", Tracking, true, Medium, 0, []string{"track", "monitor", "combine", "link * to", "identify you",
		"re identify", "reidentify", "de anonymize", "de anonymise"}},
	{"train", AI, true, High, kindAI, []string{"train", "fine tune", "improve"}},
	{"use", "", true, Medium, 0, []string{"use", "process", "analyze", "analyse"}},

	{"notify", "", false, Medium, 0, []string{
		"notify", "inform", "tell", "alert", "let you know", "disclose to you",
		"provide you with notice", "give you notice", "email you", "e mail you",
	}},
	{"protect", Security, false, Medium, 0, []string{
		"protect", "safeguard", "secure", "encrypt", "back up", "backup",
		"take|taken|taking|took * steps|measures|precautions", "reduce the? risk",
	}},
	{"delete", Retention, false, Medium, 0, []string{
		"delete", "erase", "destroy", "purge", "anonymize", "anonymise", "de identify",
	}},
	{"respond", Rights, false, Medium, 0, []string{
		"respond", "honor", "honour", "process your request", "fulfil|fulfill your request",
		"comply with your request",
	}},
}

// inboundCollect are collection verbs whose subject is the user ("you
// provide us"): unlike "you may receive a copy", the user acting is still
// the vendor collecting.
var inboundCollect = []string{"provide us", "provide to us", "give us", "send us",
	"submit", "upload", "share with us", "disclose to us"}

// actionIndex maps a pattern of actionSet to its actionDefs entry.
var actionIndex, actionSet = compileActions()

func compileActions() ([]int, *phraseSet) {
	var index []int
	var srcs []string
	for i, a := range actionDefs {
		for _, p := range a.patterns {
			index = append(index, i)
			srcs = append(srcs, p)
		}
	}
	return index, mustPhraseSet(srcs)
}

// Noun phrases built on a practice verb ("legal process", "your use of
// the site"): they state no practice.
var nounPhrases = mustPhraseSet([]string{
	"legal process", "due process", "judicial process",
	"the|your|our|their|its|any|such|this|that|whose use of",
})

// Words that negate the verb they precede in a clause.
var negators = stemSet("not", "never", "no", "nor", "neither", "none")

// Modal strength. A commitment under a weak modal ("may notify") promises
// less than under a strong one ("will notify").
var (
	strongModals = stemSet("will", "shall", "must", "always", "commit", "undertake", "ensure", "guarantee")
	weakModals   = stemSet("may", "might", "can", "could", "would", "should", "try",
		"endeavor", "endeavour", "attempt", "strive", "aim", "seek", "reserve")
)

// Hedges that weaken any commitment in their clause.
var hedgeSet = mustPhraseSet([]string{
	"reasonable efforts", "commercially reasonable", "where possible", "if possible",
	"where feasible", "where practicable", "as appropriate", "at our discretion",
	"sole discretion", "to the extent possible", "best efforts",
})

// Words that limit a permission to a narrow case.
var qualifiers = stemSet("only", "solely", "exclusively", "strictly")

// Words where a new clause starts within a sentence: negation and modality
// do not reach across them.
var boundaryWords = stemSet("but", "however", "although", "though", "whereas",
	"while", "unless", "except", "who", "which", "whom", "whose", "otherwise")

// Words that open a carve-out: what follows is the exception to what came
// before ("we do not share … except with processors").
var carveOutWords = stemSet("unless", "except", "excluding", "save")

// Conditions on a practice, matched anywhere in a clause.
var (
	consentRequired = mustPhraseSet([]string{
		"with|upon|after your|the? prior|express|explicit|affirmative|written|opt? in? consent|permission|authorization|authorisation|approval",
		"obtain|seek|request|get|require|ask * * consent|permission|authorization|authorisation|approval",
		"unless|until|if you consent|agree|opt|authorize|authorise",
		"opt in", "parental consent", "consent of your|a|the? parent|guardian",
	})
	withoutCondition = mustPhraseSet([]string{
		"without * * consent|permission|notice|notification|notify|notifying|inform|informing|authorization|authorisation|approval|agreement",
		"without * * ask|asking|tell|telling|consult|consulting|check|checking you|your",
	})
	// Words of a condition that make it about consent rather than notice.
	consentWords = mustPhraseSet([]string{"consent", "permission", "authorization",
		"authorisation", "approval", "agreement", "ask", "asking", "consult", "consulting"})
)

// Function words: inserting or dropping one of them alone does not change
// what a clause allows.
var functionWords = stemSet("a", "an", "the", "and", "or", "of", "in", "on", "at",
	"by", "for", "as", "any", "also", "such", "this", "that", "these", "those",
	"its", "their", "our", "your", "is", "are", "be", "been", "being", "was",
	"were", "it", "etc", "e", "g", "i", "eg", "ie", "so", "then", "there",
	"here", "both", "each", "certain", "following", "above", "below", "herein",
	"hereby", "thereof", "please", "which", "who", "whom", "we", "us",
	"you", "including", "include", "like", "well", "further", "additionally",
	"furthermore", "moreover", "particular", "particularly", "specifically",
	"generally", "applicable", "relevant", "respective", "respectively")

// Words that may name a date stamp of the policy itself.
var (
	monthWords = stemSet("january", "february", "march", "april", "may", "june",
		"july", "august", "september", "october", "november", "december", "jan",
		"feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
	stampWords = stemSet("updated", "update", "effective", "revised", "revision",
		"rev", "modified", "version", "dated", "date", "last", "as", "of", "on",
		"since", "posted", "published", "amended", "v", "st", "nd", "rd", "th")
)

// Contact roles: renaming who answers requests is not material.
var (
	roleWords = stemSet("team", "officer", "department", "dept", "office", "group",
		"privacy", "data", "protection", "dpo", "legal", "compliance", "support",
		"customer", "service", "services", "manager", "representative", "chief",
		"grievance", "designated", "head", "counsel", "general", "our", "the", "a",
		"desk", "center", "centre", "unit", "administrator", "coordinator", "lead",
		"member", "staff", "information", "security", "director", "of", "and")
	contactContext = stemSet("contact", "email", "write", "reach", "call",
		"address", "question", "questions", "inquiry", "inquiries", "enquiry",
		"concern", "complaint", "mail", "phone", "telephone")
)

// The text some sites put in place of an e-mail address until a script
// reveals it; matched as a phrase.
var cloakPhrases = []string{
	"this email address is being protected from spambots",
	"you need javascript enabled to view it",
	"email protected",
}

func stemSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		for _, t := range tokenize(w) {
			m[t.stem] = true
		}
	}
	return m
}

// Phrases whose negator negates no practice ("including but not limited
// to", "no later than 30 days").
var neutralNegations = mustPhraseSet([]string{
	"no later than", "no longer than", "no longer", "not only", "whether or not",
	"no matter", "no less than", "no more than", "not limited to", "if not",
	"not to exceed", "no event",
})

// Words that may stand between a subject and its verb ("you may also
// choose to share"): used to tell the user's own actions from the vendor's.
var subjectGap = stemSet("may", "might", "can", "could", "will", "shall", "should",
	"must", "also", "not", "do", "does", "choose", "decide", "to", "wish", "want",
	"be", "able", "elect", "opt", "always", "never", "still", "freely", "have", "has",
	"the", "right", "a", "option", "ability", "entitled", "are", "is")

// Subjects whose actions are the user's, not the vendor's.
var userSubjects = stemSet("you", "user", "users", "customer", "customers", "member", "members")

// Words that make the verb after them an instruction to the user.
var imperatives = stemSet("please")
