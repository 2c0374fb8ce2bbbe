package classify

import (
	"slices"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/diff"
)

// classifyCase is one clause change and what a privacy reviewer expects of
// it: a severity band, a category, and a phrase the reason must quote.
type classifyCase struct {
	name     string
	kind     diff.Kind
	old, new string
	section  string
	min, max Severity
	category string // must be among the categories, when set
	reason   string // must appear in some reason, when set
}

func runClassify(t *testing.T, tests []classifyCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind := tt.kind
			if kind == "" {
				kind = diff.Modified
			}
			got := ClassifyChange(diff.Change{Kind: kind, Section: tt.section, OldText: tt.old, NewText: tt.new})
			if got.Severity < tt.min || got.Severity > tt.max {
				t.Errorf("severity %s, want %s..%s; reasons %q", got.Severity, tt.min, tt.max, got.Reasons)
			}
			if tt.category != "" && !slices.Contains(got.Categories, tt.category) {
				t.Errorf("categories %v lack %s; reasons %q", got.Categories, tt.category, got.Reasons)
			}
			if tt.reason != "" && !strings.Contains(strings.Join(got.Reasons, " | "), tt.reason) {
				t.Errorf("reasons %q lack %q", got.Reasons, tt.reason)
			}
			if got.Categories == nil || got.Reasons == nil {
				t.Error("categories and reasons must never be nil")
			}
			if got.Severity >= Low && len(got.Categories) == 0 {
				t.Error("a change that matters must name a category")
			}
		})
	}
}

func TestNegation(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "do not share becomes share",
			old: "We do not share your location with advertisers.", new: "We share your location with advertisers.",
			min: High, max: High, category: Sharing, reason: `negation removed: "do not share" → "share"`},
		{name: "never sell becomes may sell",
			old: "Acme will never sell customer lists to anyone.", new: "Acme may sell customer lists to partners.",
			min: High, max: High, category: Sharing, reason: `"will never sell" → "may sell"`},
		{name: "no data is shared becomes data is shared",
			old: "No usage data is disclosed to analytics vendors.", new: "Usage data is disclosed to analytics vendors.",
			min: High, max: High, category: Sharing},
		{name: "negated training becomes permitted",
			old: "We won't use your recordings to train our AI models.", new: "We will use your recordings to train our AI models.",
			min: High, max: High, category: AI},
		{name: "prohibition added is protective",
			old: "We may share device identifiers with ad partners.", new: "We do not share device identifiers with ad partners.",
			min: Low, max: Low, category: Sharing, reason: "prohibition added"},
		{name: "same prohibition reworded",
			old: "We do not sell your personal data.", new: "We never sell your personal data.",
			min: None, max: Low},
		{name: "including but not limited to is no negation",
			old: "We share data with processors, including but not limited to hosting firms.",
			new: "We share data with processors, including but not limited to hosting firms and payment firms.",
			min: None, max: Low},
		{name: "exception carved out of a prohibition",
			old: "We will not share your contacts with third parties.", new: "We will not share your contacts with third parties, except data brokers.",
			min: High, max: High, category: Sharing, reason: "data brokers"},
		{name: "title case heading", kind: diff.Added,
			new: "We May Sell Your Personal Information", min: High, max: High, category: Sharing},
		{name: "a company name is no practice",
			old: "Acme Holdings Ltd. is the controller of your personal data.", new: "Acme Holdings Ltd. is the controller of the personal data described below.",
			min: None, max: Low},
		{name: "another controller is a change of contact, not a practice",
			old: "Acme Inc. is the controller of your personal data.", new: "Acme Holdings Ltd. is the controller of your personal data.",
			min: Medium, max: Medium, category: Contact, reason: "company named changed"},
		{name: "you may share is the user's choice",
			old: "You may share your profile with friends.", new: "You may share your profile and posts with friends.",
			min: None, max: Low},
	})
}

func TestModalityAndConditions(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "will notify weakened to may notify",
			old: "We will notify affected users of any security breach.", new: "We may notify affected users of a security breach.",
			min: Medium, max: High, category: Security, reason: "commitment weakened"},
		{name: "hedged commitment",
			old: "We will delete your files when you close your account.", new: "We will use reasonable efforts to delete your files when you close your account.",
			min: Medium, max: High, category: Retention},
		{name: "consent requirement dropped",
			old: "We share health data with insurers only with your explicit consent.", new: "We share health data with insurers.",
			min: High, max: High, category: Sharing, reason: "consent requirement removed"},
		{name: "without notice added",
			old: "We may disclose records to affiliates after telling you.", new: "We may disclose records to affiliates without prior notice.",
			min: High, max: High, category: Sharing, reason: "without prior notice"},
		{name: "only removed",
			old: "We only transfer data to our own subsidiaries.", new: "We transfer data to our own subsidiaries.",
			min: Medium, max: High, reason: "limit removed"},
		{name: "commitment strengthened is protective",
			old: "We may encrypt backups.", new: "We will encrypt backups.",
			min: None, max: Low},
		// It favours the user, and it still changes what the vendor may
		// do: a reader must see it.
		{name: "consent requirement added to a practice",
			old: "We may use your photos in ads.", new: "We may use your photos in ads with your prior consent.",
			min: Medium, max: Medium, category: Rights, reason: "consent requirement added"},
		{name: "consent named without a practice stays low",
			old: "Please read this notice.", new: "Please read this notice before you give your consent.",
			min: None, max: Low},
	})
}

func TestDurationsChange(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "retention in digits extended",
			old: "Server logs are retained for 90 days.", new: "Server logs are retained for 400 days.",
			min: High, max: High, category: Retention, reason: `"90 days" → "400 days"`},
		{name: "retention in words with digits extended",
			old: "We keep invoices for two (2) years.", new: "We keep invoices for seven (7) years.",
			min: High, max: High, category: Retention, reason: `"seven (7) years"`},
		{name: "small extension is medium",
			old: "Chat transcripts are stored for 30 days.", new: "Chat transcripts are stored for 45 days.",
			min: Medium, max: Medium, category: Retention},
		{name: "necessary replaced by a long fixed term",
			old: "We retain billing data for as long as necessary to provide the service.", new: "We retain billing data for six years.",
			min: High, max: High, category: Retention, reason: `"as long as necessary" → "six years"`},
		{name: "indefinitely",
			old: "Voicemails are kept for 60 days.", new: "Voicemails are kept indefinitely.",
			min: High, max: High, category: Retention, reason: "indefinitely"},
		{name: "account life replaced by a fixed term after closure",
			old: "We store your uploads for as long as your account is active.", new: "We store your uploads for two years after your account is closed.",
			min: Medium, max: High, category: Retention},
		{name: "shorter retention is protective",
			old: "We keep support tickets for 24 months.", new: "We keep support tickets for 6 months.",
			min: Low, max: Low, category: Retention, reason: "retention shortened"},
		{name: "response deadline extended",
			old: "We will respond to access requests within 15 days.", new: "We will respond to access requests within forty-five days.",
			min: Medium, max: High, category: Rights, reason: "deadline extended"},
		{name: "precise notice deadline made vague",
			old: "If a breach occurs we will notify you within 48 hours.", new: "If a breach occurs we will notify you without undue delay.",
			min: Medium, max: High, category: Security, reason: "vague"},
		{name: "advance notice shortened",
			old: "We will e-mail you at least 30 days before changes to this policy take effect.", new: "We will e-mail you at least 7 days before changes to this policy take effect.",
			min: Medium, max: High, category: PolicyChange, reason: "advance notice shortened"},
		{name: "faster response is protective",
			old: "We will respond to deletion requests within 45 days.", new: "We will respond to deletion requests within 30 days.",
			min: Low, max: Low, category: Rights},
		{name: "age threshold lowered",
			old: "The app is not meant for children under 16.", new: "The app is not meant for children under 13.",
			min: Medium, max: High, category: Children, reason: "lowered"},
		{name: "age threshold raised",
			old: "We do not knowingly admit users under the age of 13.", new: "We do not knowingly admit users under the age of 18.",
			min: Low, max: Low, category: Children},
		{name: "one of two periods extended",
			old: "We keep access logs for 30 days and backups for 90 days.", new: "We keep access logs for 60 days and backups for 90 days.",
			min: Medium, max: High, category: Retention, reason: `"30 days" → "60 days"`},
		{name: "same duration written differently",
			old: "Logs are kept for 2 weeks.", new: "Logs are kept for fourteen (14) days.",
			min: None, max: Low},
	})
}

func TestListAdditions(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "recipient added",
			old: "We disclose order details to couriers and payment processors.", new: "We disclose order details to couriers, payment processors and advertisers.",
			min: High, max: High, category: Sharing, reason: "advertisers"},
		{name: "ordinary recipient added",
			old: "We may share your data with our service providers.", new: "We may share your data with our service providers and affiliates.",
			min: Medium, max: Medium, category: Sharing, reason: "affiliates"},
		{name: "countries added",
			old: "Data is hosted in Ireland and Germany.", new: "Data is hosted in Ireland, Germany, Brazil and Singapore.",
			min: Medium, max: High, category: Transfer, reason: "Brazil"},
		{name: "sensitive data type added",
			old: "When you sign up we collect your name and phone number.", new: "When you sign up we collect your name, phone number and a scan of your passport.",
			min: High, max: High, category: Collection, reason: "passport"},
		{name: "ordinary data type added",
			old: "We collect your email address.", new: "We collect your email address and IP address.",
			min: Medium, max: Medium, category: Collection},
		{name: "tracking technique added",
			old: "Our site uses cookies.", new: "Our site uses cookies and session replay scripts.",
			min: High, max: High, category: Tracking},
		{name: "recipient dropped from a prohibition",
			old: "We never sell data to advertisers or data brokers.", new: "We never sell data to advertisers.",
			min: Medium, max: High, category: Sharing, reason: "no longer excluded"},
		{name: "recipient dropped from a permission",
			old: "We share records with insurers and researchers.", new: "We share records with insurers.",
			min: Low, max: Low, category: Sharing},
		{name: "transfer safeguard removed",
			old: "Transfers outside the EEA rely on standard contractual clauses and encryption.", new: "Transfers outside the EEA rely on encryption.",
			min: Medium, max: High, category: Transfer},
		{name: "recipient swapped for a heavier one",
			old: "We share purchase history with our vendors.", new: "We share purchase history with data brokers.",
			min: High, max: High, category: Sharing},
		{name: "bare list item under a collection heading",
			kind: diff.Added, section: "Information We Collect", new: "Fingerprints and face geometry.",
			min: High, max: High, category: Collection},
	})
}

func TestWholeClauses(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "added permission to sell", kind: diff.Added,
			new: "We may sell de-identified listening data to our partners.", min: High, max: High, category: Sharing},
		{name: "added AI training", kind: diff.Added,
			new: "Customer chats may be used to improve our machine learning models.", min: High, max: High, category: AI},
		{name: "added prohibition", kind: diff.Added,
			new: "We will never rent your e-mail address to anyone.", min: Low, max: Low},
		{name: "added restriction under consent", kind: diff.Added,
			new: "With your permission, we may share your location with emergency services.", min: Low, max: Medium},
		{name: "removed security measure", kind: diff.Removed,
			old: "Access to production systems requires two-factor authentication.", min: Medium, max: High, category: Security},
		{name: "removed breach notice promise", kind: diff.Removed,
			old: "We will inform you within 5 days of discovering a data breach.", min: Medium, max: High, category: Security},
		{name: "removed prohibition", kind: diff.Removed,
			old: "We do not disclose your browsing history to anyone.", min: High, max: High, category: Sharing},
		// A practice dropped favours the user; a reader still needs to
		// know the vendor no longer says it does it.
		{name: "removed permission", kind: diff.Removed,
			old: "We may share usage statistics with partners.", min: Medium, max: Medium, reason: "practice dropped"},
		{name: "removed vague permission", kind: diff.Removed,
			old: "We may share it.", min: Low, max: Low},
		{name: "removed right", kind: diff.Removed,
			old: "You may ask us to delete your account at any time.", min: Medium, max: High, category: Rights},
		{name: "added heading", kind: diff.Added, new: "Advertising partners", min: None, max: Low},
		{name: "added date stamp", kind: diff.Added, new: "Effective: 12 March 2024", min: None, max: None},
	})
}

func TestNotMaterial(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "policy date",
			old: "This notice was last revised on July 4, 2022.", new: "This notice was last revised on 9 February 2025.",
			min: None, max: None, reason: "date changed"},
		{name: "numeric revision date", old: "Version 3, rev. 11/2/20", new: "Version 3, rev. 1/15/23", min: None, max: None},
		{name: "typo fixed",
			old: "We use cookies to remeber your langauge.", new: "We use cookies to remember your language.",
			min: None, max: None, reason: "typo fixed"},
		{name: "stray letter removed",
			old: "We do not disclose x your contacts.", new: "We do not disclose your contacts.",
			min: None, max: None},
		{name: "conjunction instead of comma",
			old: "We use data for billing, support, security.", new: "We use data for billing, support and security.",
			min: None, max: None},
		{name: "rewording with the same meaning",
			old: "We may share your information with vendors who help us run the service.",
			new: "We may share your information with vendors that help us operate the service.",
			min: None, max: Low},
		{name: "contact role renamed",
			old: "Questions? Email our Privacy Office at the address below.", new: "Questions? Email our Data Protection Team at the address below.",
			min: None, max: Low},
		{name: "address revealed in place of the spam-protection text",
			old: "Write to our team at This email address is being protected from spambots.", new: "Write to our team at dpo@example.org.",
			min: None, max: None, category: Contact},
		{name: "contact address changed",
			old: "Reach us at privacy@example.org.", new: "Reach us at legal@example.org.",
			min: Low, max: Low, category: Contact},
		{name: "typography only", old: "We don’t sell “personal data”.", new: `We don't sell "personal data".`, min: None, max: None},
		{name: "a mention of third parties is not a delta",
			old: "Third parties that receive data are bound by contracts.", new: "Third parties that receive data are bound by written contracts.",
			min: None, max: Low},
		{name: "recipient renamed",
			old: "We share order data with our vendors.", new: "We share order data with our service providers.",
			min: None, max: Low, reason: "replaced"},
		{name: "transfer mechanism updated",
			old: "Transfers to the US rely on the Privacy Shield.", new: "Transfers to the US rely on the Data Privacy Framework.",
			min: None, max: Low},
		{name: "moved verbatim", kind: diff.Moved,
			old: "We share data with affiliates.", new: "We share data with affiliates.", min: None, max: None},
	})
}

func TestMovedIsAtMostLow(t *testing.T) {
	got := ClassifyChange(diff.Change{Kind: diff.Moved, Section: "Sharing", OldSection: "Use",
		OldText: "We do not sell your data.", NewText: "We may sell your data."})
	if got.Severity > Low {
		t.Errorf("moved change rated %s, want at most low", got.Severity)
	}
	if !slices.ContainsFunc(got.Reasons, func(r string) bool { return strings.Contains(r, "moved from") }) {
		t.Errorf("reasons %q should say where it moved", got.Reasons)
	}
}
