package classify

import (
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/diff"
)

// The tables below pin down rules added so that the classifier reads
// wordings it was not tuned on: each material case has a protective or
// editorial neighbour that must stay quiet.

func TestRecipientsAndSources(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "independent recipient class receiving data", kind: diff.Added,
			new: "We may disclose your purchase history to insurance companies.",
			min: High, max: High, category: Sharing, reason: "insurance companies"},
		{name: "generic third parties added to a permission",
			old: "We share usage data with our hosting vendors.", new: "We share usage data with our hosting vendors and other third parties.",
			min: High, max: High, category: Sharing},
		{name: "corporate group added is medium",
			old: "We share usage data with our hosting vendors.", new: "We share usage data with our hosting vendors and our corporate family.",
			min: Medium, max: Medium, category: Sharing, reason: "corporate family"},
		{name: "third-party service providers are processors",
			old: "We share usage data with vendors.", new: "We share usage data with vendors and third-party service providers.",
			min: Low, max: Medium, category: Sharing},
		{name: "verbless list item naming a recipient", kind: diff.Added,
			new: "Advertisers and marketing agencies that target you.",
			min: High, max: High, category: Sharing},
		{name: "verbless fragment naming tracking", kind: diff.Added,
			new: "Scroll depth and session replay recordings",
			min: Medium, max: High, category: Tracking},
		{name: "new source is collection, not sharing",
			old: "We receive contact details from resellers and event organisers.", new: "We receive contact details from resellers, data brokers and event organisers.",
			min: Medium, max: Medium, category: Collection, reason: "source added"},
		{name: "receive then share with is sharing",
			old: "We may share the data we receive with vendors.", new: "We may share the data we receive with vendors and ad networks.",
			min: High, max: High, category: Sharing},
		{name: "sale by another name", kind: diff.Added,
			new: "We may exchange customer lists with other businesses for valuable consideration.",
			min: High, max: High, category: Sharing},
		{name: "their own marketing purpose",
			old: "We share contact data with affiliates to run the service.", new: "We share contact data with affiliates to run the service and so they can market their own offers to you.",
			min: High, max: High, category: Sharing},
		{name: "data sent from the device is collected",
			old: "the data sent from your handset; or", new: "the data sent from your handset, including your address book; or",
			min: High, max: High, category: Collection},
	})
}

func TestConditionsCounted(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "binding consent dropped while a descriptive one stays",
			old: "Where the law requires consent for a use, we will obtain your consent beforehand.",
			new: "Where the law requires consent for a use, we may go ahead without checking with you.",
			min: Medium, max: High, category: Rights, reason: "consent requirement removed"},
		{name: "consent asked in other words",
			old: "Where the law requires consent for a use, we will obtain your consent beforehand.",
			new: "Where the law requires consent for a use, we will seek your consent beforehand.",
			min: None, max: Low},
		{name: "imperative to the user gains a consent condition",
			old: "If you are a minor, please do not upload photos.", new: "If you are a minor, please do not upload photos without the consent of a parent.",
			min: None, max: Low},
		{name: "user receiving a copy is no collection", kind: diff.Added,
			new: "You also have the right to receive your records in a machine-readable format.",
			min: None, max: Low},
	})
}

func TestRetentionBounds(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "purpose limit replaced by the vendor's judgement",
			old: "We keep call logs until they are no longer needed for billing.", new: "We keep call logs for as long as we consider necessary.",
			min: Medium, max: Medium, category: Retention, reason: "vendor's judgement"},
		{name: "account life replaced by deletion on request",
			old: "We keep your files for as long as your account is active.", new: "We keep your files until you ask us to delete them.",
			min: Medium, max: Medium, category: Retention, reason: "until you ask"},
		{name: "user-deleted content now kept for years",
			old: "Shared photos are stored until you delete them.", new: "Shared photos are stored for four years.",
			min: High, max: High, category: Retention},
		{name: "reasonable period made a long fixed term",
			old: "We keep survey answers for a reasonable period.", new: "We keep survey answers for eight years.",
			min: High, max: High, category: Retention},
		{name: "reasonable period made a customary fixed term",
			old: "We keep survey answers for a reasonable period.", new: "We keep survey answers for no more than 18 months.",
			min: Low, max: Low, category: Retention},
	})
}

func TestNoticeAndCommitments(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "policy-change grace period shortened",
			old: "Revisions to this policy become binding fourteen (14) days following our e-mail.",
			new: "Revisions to this policy become binding two (2) days following our e-mail.",
			min: Medium, max: Medium, category: PolicyChange, reason: "advance notice shortened"},
		{name: "policy-change grace period lengthened",
			old: "Revisions to this policy become binding fourteen (14) days following our e-mail.",
			new: "Revisions to this policy become binding forty (40) days following our e-mail.",
			min: Low, max: Low},
		{name: "hedged breach notice removed", kind: diff.Removed,
			old: "After a security incident we will try to inform affected customers by e-mail.",
			min: Medium, max: Medium, category: Security},
		{name: "commitment on a heading about changes", kind: diff.Removed, section: "Updates to this statement",
			old: "We will e-mail you before anything in how we handle data takes effect.",
			min: Medium, max: High, category: PolicyChange},
		{name: "steps withdrawn",
			old: "We take reasonable steps to protect stored records.", new: "We do not promise any steps to protect stored records.",
			min: Medium, max: High, category: Security},
		{name: "opt-out signal stated as ignored",
			old: "Our apps do not respond to Do Not Track requests.", new: "Our apps do not respond to Do Not Track requests or Global Privacy Control.",
			min: Medium, max: Medium, category: Tracking, reason: "not applied"},
		// In the user's favour, and a new promise all the same.
		{name: "opt-out signal now honoured",
			old: "Our apps do not respond to Do Not Track requests.", new: "Our apps honour Do Not Track requests and Global Privacy Control.",
			min: Medium, max: Medium, reason: "commitment added"},
		{name: "a hedged promise added stays low",
			old: "Our apps do not respond to Do Not Track requests.", new: "Our apps do not respond to Do Not Track requests, though we may tell you when this changes.",
			min: None, max: Low},
		{name: "second of two ages lowered",
			old: "We do not sell to anyone under 16, nor collect data from anyone under 16.", new: "We do not sell to anyone under 16, nor collect data from anyone under 14.",
			min: Medium, max: Medium, category: Children, reason: "lowered"},
		{name: "pixels placed", kind: diff.Added,
			new: "We may place conversion pixels from ad platforms on our checkout page.",
			min: Medium, max: High, category: Tracking},
	})
}

func TestRightsAndHurdles(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "one right dropped from a coordinated list",
			old: "You can view, export, or erase your personal data from the dashboard.", new: "You can view or export your personal data from the dashboard.",
			min: Medium, max: Medium, category: Rights, reason: "erase your personal data"},
		{name: "rights reordered",
			old: "You may have rights to access and erase your data, and to correct your data.", new: "You may have rights to access, correct and erase your data.",
			min: None, max: Low},
		{name: "fee added to requests",
			old: "Send access requests to our privacy desk.", new: "Send access requests to our privacy desk; an administrative fee applies.",
			min: Medium, max: Medium, category: Rights, reason: "administrative fee"},
		{name: "fee ruled out",
			old: "Send access requests to our privacy desk.", new: "Send access requests to our privacy desk; we will not charge a fee.",
			min: None, max: Low},
		{name: "portability right removed",
			old: "EU residents may request erasure or portability of their data.", new: "EU residents may request erasure of their data.",
			min: Medium, max: Medium, category: Rights},
	})
}

func TestNotMaterialWordings(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "non-personal is no negation",
			old: "We use pixels and cookies to collect non-personal statistics.", new: "We use pixels, device fingerprinting and cookies to collect non-personal statistics.",
			min: High, max: High, category: Tracking},
		{name: "list reordered",
			old: "We share it with carriers, affiliates and payment processors.", new: "We share it with affiliates, carriers and payment processors.",
			min: None, max: Low, reason: "moved within the clause"},
		{name: "noun use of a verb is no practice",
			old: "We comply with legal process.", new: "We comply with valid legal process.",
			min: None, max: Low},
	})
}

// TestLimitRemovedOnce checks that one dropped "only" is one reason, and
// that hosting a service is no retention.
func TestLimitRemovedOnce(t *testing.T) {
	got := ClassifyChange(diff.Change{Kind: diff.Modified,
		OldText: "We disclose it only to the processors that host our platform.",
		NewText: "We disclose it to the processors that host our platform."})
	n := 0
	for _, r := range got.Reasons {
		if strings.HasPrefix(r, limitRemoved) {
			n++
		}
	}
	if n != 1 || got.Severity != Medium {
		t.Errorf("severity %s, reasons %q: want medium with one limit reason", got.Severity, got.Reasons)
	}
	if len(got.Categories) != 1 || got.Categories[0] != Sharing {
		t.Errorf("categories %v, want [sharing]", got.Categories)
	}
}

// TestWeakenedCommitmentAcrossClauses checks that a promise restated in
// another changed clause only under "may" is weakened, not moved.
func TestWeakenedCommitmentAcrossClauses(t *testing.T) {
	rep := Build(&diff.Result{Changes: []diff.Change{
		{Kind: diff.Removed, Section: "Security", OldText: "Acme has put controls in place that protect stored recordings."},
		{Kind: diff.Added, Section: "Security", NewText: "Acme may protect stored recordings where feasible."},
	}})
	if !rep.Summary.Material {
		t.Fatalf("not material: %+v", rep.Changes)
	}
	if !strings.Contains(rep.Changes[0].Reasons[0], "commitment weakened") {
		t.Errorf("reasons %q lack a weakened commitment", rep.Changes[0].Reasons)
	}
}
