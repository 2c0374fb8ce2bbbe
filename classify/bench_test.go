package classify

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/diff"
)

// syntheticResult builds a diff of n changes mixing every kind and the
// sorts of wording real policies use.
func syntheticResult(n int) *diff.Result {
	templates := []diff.Change{
		{Kind: diff.Modified, Section: "How we share information",
			OldText: "We do not rent, sell, or share information about you with other people or nonaffiliated companies except to provide products or services you've requested, when we have your permission, or under the following circumstances.",
			NewText: "We may rent, sell, or share information about you with other people or nonaffiliated companies, including advertisers and data brokers, to provide products or services you've requested or under the following circumstances."},
		{Kind: diff.Modified, Section: "Retention",
			OldText: "We will retain your personal information for no longer than is necessary to fulfil the purposes for which it was collected, unless a longer retention period is required by law.",
			NewText: "We will retain your personal information for seven (7) years after your account is closed, and call recordings indefinitely, unless a shorter period is required by law."},
		{Kind: diff.Modified, Section: "About this policy",
			OldText: "Last updated: January 1, 2024", NewText: "Last updated: March 17, 2025"},
		{Kind: diff.Modified, Section: "Security",
			OldText: "In the event of a breach, we will notify you within 72 hours of its discovery and take steps to contain it.",
			NewText: "In the event of a breach, we may notify you within a reasonable time after its discovery and take steps to contain it."},
		{Kind: diff.Added, Section: "Information we collect",
			NewText: "We may collect voiceprints, precise geolocation and the contents of your calls to verify your identity and improve our machine learning models."},
		{Kind: diff.Removed, Section: "Security",
			OldText: "All data is encrypted in transit using TLS and at rest using AES-256, and access is limited to staff on a need to know basis."},
		{Kind: diff.Moved, Section: "Cookies", OldSection: "Tracking",
			OldText: "We use cookies and web beacons to measure traffic.", NewText: "We use cookies and web beacons to measure traffic."},
		{Kind: diff.Modified, Section: "International transfers",
			OldText: "Your data may be transferred to and stored in the United States, Switzerland and the Netherlands, relying on standard contractual clauses.",
			NewText: "Your data may be transferred to and stored in the United States, Switzerland, the Netherlands, India and Brazil."},
	}
	r := &diff.Result{}
	for i := 0; i < n; i++ {
		c := templates[i%len(templates)]
		// Vary the text a little so nothing can be cached by accident.
		if c.NewText != "" {
			c.NewText = fmt.Sprintf("%s (%d)", c.NewText, i)
		}
		r.Changes = append(r.Changes, c)
	}
	return r
}

func BenchmarkBuild(b *testing.B) {
	r := syntheticResult(300)
	b.ReportAllocs()
	for b.Loop() {
		rep := Build(r)
		if len(rep.Changes) != 300 {
			b.Fatalf("got %d changes", len(rep.Changes))
		}
	}
}

func BenchmarkClassifyChange(b *testing.B) {
	c := syntheticResult(1).Changes[0]
	b.ReportAllocs()
	for b.Loop() {
		ClassifyChange(c)
	}
}

// longClause is about n bytes of policy prose with no sentence break: the
// worst case for anything that looks back or ahead within a sentence.
func longClause(n int, seed string) string {
	words := []string{"we", "may", "share", "your", "email", "address", "with", "service", "providers",
		"and", "we", "do", "not", "sell", "it", "to", "advertisers", "or", "keep", "it", "longer", "than",
		"30", "days", "unless", "you", "consent", "and", "only", "with", "partners", "in", "France", seed}
	var sb strings.Builder
	for i := 0; sb.Len() < n; i++ {
		sb.WriteString(words[i%len(words)])
		sb.WriteByte(' ')
	}
	return sb.String()
}

// BenchmarkLongClause classifies a changed 1 MB clause without a single
// sentence break: the cost must grow with the length, not its square.
func BenchmarkLongClause(b *testing.B) {
	old := longClause(1<<20, "indeed")
	neu := strings.Replace(old, "we do not sell", "we sell", 1) + " call recordings indefinitely"
	c := diff.Change{Kind: diff.Modified, Section: "Sharing", OldText: old, NewText: neu}
	b.SetBytes(int64(len(old) + len(neu)))
	for b.Loop() {
		ClassifyChange(c)
	}
}

// BenchmarkDetect tells the language of a 120 KB policy.
func BenchmarkDetect(b *testing.B) {
	text := longClause(120<<10, "policy.")
	for b.Loop() {
		Detect(text)
	}
}
