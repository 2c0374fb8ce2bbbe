package classify

import (
	"testing"

	"github.com/tracker-dev/tracker/diff"
)

// A company named where recipients are listed is a new recipient even
// though no vocabulary word says so; the same capitals elsewhere (titles,
// addresses, the vendor's own name) are not.
func TestNamedRecipients(t *testing.T) {
	const subs = "Our Subprocessors"
	runClassify(t, []classifyCase{
		{name: "list item naming a company", kind: diff.Added, section: subs,
			new: "Mailjet: sends password reset and billing e-mails.",
			min: Medium, max: Medium, category: Sharing, reason: `sub-processor added: "Mailjet"`},
		{name: "list item naming a domain", kind: diff.Added, section: "Third parties we work with",
			new: "Crisp.chat.io: in-app chat with our support staff.",
			min: Medium, max: Medium, category: Sharing, reason: "recipient added"},
		{name: "bare name on its own line", kind: diff.Added, section: subs,
			new: "Cloudflare",
			min: Medium, max: Medium, category: Sharing, reason: `"Cloudflare"`},
		{name: "one company replaced by another", section: subs,
			old: "Papertrail: stores application logs.", new: "Datadog: stores application logs.",
			min: Medium, max: Medium, category: Sharing, reason: `sub-processor added: "Datadog" (replaces "Papertrail")`},
		{name: "domain replaced", section: "Service Providers",
			old: "Helpscout.net handles support tickets.", new: "Freshdesk.com handles support tickets.",
			min: Medium, max: Medium, category: Sharing, reason: `"Freshdesk.com"`},
		{name: "companies inserted into a clause naming recipients", section: "Security",
			old: "We host backups with trusted vendors in the EU.", new: "We host backups with trusted vendors such as Hetzner and OVHcloud in the EU.",
			min: Medium, max: Medium, category: Sharing, reason: `"Hetzner", "OVHcloud"`},
		{name: "company dropped from the list", section: subs,
			old: "Papertrail and Bugsnag: store application logs.", new: "Papertrail: stores application logs.",
			min: Low, max: Low, reason: `sub-processor removed: "Bugsnag"`},
		{name: "list item removed", kind: diff.Removed, section: subs,
			old: "Bugsnag: crash reports.",
			min: Low, max: Low},
		{name: "typo in a list item", section: subs,
			old: "Bugsnag: collects crash reprots.", new: "Bugsnag: collects crash reports.",
			max: Low},
		{name: "name only changes case", section: subs,
			old: "Google analytics: visit statistics.", new: "Google Analytics: visit statistics.",
			max: Low},
		{name: "company suffix added", section: subs,
			old: "Bugsnag: crash reports.", new: "Bugsnag Inc.: crash reports.",
			max: Low},
		{name: "the vendor as subject is not a recipient", section: subs,
			old: "We review each provider every year.", new: "Northwind reviews each provider every year.",
			max: Low},
		{name: "the vendor's possessive is not a recipient", kind: diff.Added, section: "Who receives your data",
			new: "Details of each provider are listed on Northwind's trust page.",
			max: Low},
		{name: "document title is not a recipient", kind: diff.Added, section: subs,
			new: "Each provider signs our Vendor Security Addendum before it gets access.",
			max: Low},
		{name: "postal address is not a recipient", section: "Third parties",
			old: "Write to our processor office at 12 Elm Road, Leeds.", new: "Write to our processor office at 480 Harbour Street, Leeds.",
			max: Low},
		{name: "e-mail domain is not a recipient", section: "Third parties",
			old: "Ask which vendors we use at privacy@example.org.", new: "Ask which vendors we use at dpo@Northwind.io.",
			max: Low},
		{name: "names outside a recipient context stay quiet", section: "Changes to this policy",
			old: "We announce changes on our blog.", new: "We announce changes on our blog and on Mastodon.",
			max: Low},
		{name: "a named company we do not use", kind: diff.Added, section: subs,
			new: "We do not use Mixpanel or any similar analytics tool.",
			max: Low},
	})
}

// A gerund that qualifies a document or activity ("data processing terms")
// states no practice; the verb itself still does.
func TestGerundModifiers(t *testing.T) {
	runClassify(t, []classifyCase{
		{name: "processing addendum offered", kind: diff.Added, section: "Your rights",
			new: "Enterprise customers can sign our standard data processing addendum, which then governs their account.",
			max: Low},
		{name: "sharing agreement mentioned", kind: diff.Added, section: "Legal",
			new: "Where the law asks for it, a data sharing agreement sets out each party's duties.",
			max: Low},
		{name: "processing records kept", kind: diff.Added, section: "Accountability",
			new: "We keep written processing records as the law requires of us.",
			max: Medium},
		{name: "the verb still counts", kind: diff.Added, section: "How we use data",
			new: "We may process your location data to suggest nearby stores.",
			min: Medium, max: High},
		{name: "a gerund with its object still counts", kind: diff.Added, section: "How we use data",
			new: "We start processing your voice recordings on the day you sign up.",
			min: Medium, max: High},
	})
}

// A name that left one changed clause and arrived in another moved; it is
// not a new recipient.
func TestNamedRecipientMovedBetweenClauses(t *testing.T) {
	const subs = "Sub-processors"
	r := &diff.Result{Changes: []diff.Change{
		{Kind: diff.Removed, Section: subs, OldText: "Postmark: transactional e-mail and receipts."},
		{Kind: diff.Added, Section: subs, NewText: "Postmark: transactional e-mail, receipts and reminders."},
	}}
	rep := Build(r)
	for _, c := range rep.Changes {
		if c.Severity > Low {
			t.Errorf("%s %q: severity %s, want at most low; reasons %q", c.Kind, c.NewText+c.OldText, c.Severity, c.Reasons)
		}
	}
}
