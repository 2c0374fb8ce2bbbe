package diff

import (
	"slices"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "We collect data. We share it! Do we sell it? No.",
			[]string{"We collect data.", "We share it!", "Do we sell it?", "No."}},
		{"e.g. and i.e.", "We use tools (e.g. Google Analytics) and vendors, e.g. Stripe. We keep logs, i.e. Records of access.",
			[]string{"We use tools (e.g. Google Analytics) and vendors, e.g. Stripe.", "We keep logs, i.e. Records of access."}},
		{"German day before its month", "Verträge, die vor dem 1. März 2023 geschlossen wurden, gelten fort. Stand: 3. Okt. 2024.",
			[]string{"Verträge, die vor dem 1. März 2023 geschlossen wurden, gelten fort.", "Stand: 3. Okt. 2024."}},
		{"etc. mid sentence", "Browsers (Chrome, Firefox, etc.) store cookies. They expire.",
			[]string{"Browsers (Chrome, Firefox, etc.) store cookies.", "They expire."}},
		{"etc. ends sentence", "We collect name, email, etc. We never sell them.",
			[]string{"We collect name, email, etc.", "We never sell them."}},
		{"company suffixes", "Acme Inc. Privacy Team and Widgets Ltd. Board agree. ConnectSolutions, Inc. (\"ConnectSolutions\") runs it.",
			[]string{"Acme Inc. Privacy Team and Widgets Ltd. Board agree.", "ConnectSolutions, Inc. (\"ConnectSolutions\") runs it."}},
		{"LLC before a sentence", "Data is held by Connect3, LLC. We are its processor.",
			[]string{"Data is held by Connect3, LLC.", "We are its processor."}},
		{"U.S. continuing", "Data stays in the U.S. Department of Commerce framework. It is audited.",
			[]string{"Data stays in the U.S. Department of Commerce framework.", "It is audited."}},
		{"U.S. ending", "Data is stored in the U.S. We may move it to the U.K. Data centres there are safe.",
			[]string{"Data is stored in the U.S.", "We may move it to the U.K. Data centres there are safe."}},
		{"titles and initials", "Write to Mr. Smith or Dr. Jones at 5 Main St. Springfield, or J. R. Doe. They reply.",
			[]string{"Write to Mr. Smith or Dr. Jones at 5 Main St. Springfield, or J. R. Doe.", "They reply."}},
		{"No. and vs.", "See Regulation No. 2016 and Smith vs. Jones. Done.",
			[]string{"See Regulation No. 2016 and Smith vs. Jones.", "Done."}},
		{"approx", "It takes approx. 30 days. Then it ends.",
			[]string{"It takes approx. 30 days.", "Then it ends."}},
		{"decimals", "Version 2.5 applies from 1.1.2024 on. The fee is 3.50 USD.",
			[]string{"Version 2.5 applies from 1.1.2024 on.", "The fee is 3.50 USD."}},
		{"section refs", "As described above in Section 2.D. Connect3 receives data. Fine.",
			[]string{"As described above in Section 2.D. Connect3 receives data.", "Fine."}},
		{"urls and e-mail", "Visit www.example.com/privacy.html or write to privacy@example.co.uk. We answer.",
			[]string{"Visit www.example.com/privacy.html or write to privacy@example.co.uk.", "We answer."}},
		{"ellipsis", "We collect names... Addresses too. And more.",
			[]string{"We collect names... Addresses too.", "And more."}},
		{"parentheses", "We share data (see Section 4. Retention. It is short) with vendors. Done.",
			[]string{"We share data (see Section 4. Retention. It is short) with vendors.", "Done."}},
		{"sentence in parentheses", "We share data. (This is rare.) Vendors comply.",
			[]string{"We share data.", "(This is rare.)", "Vendors comply."}},
		{"quotes continuing", `The label "Do not sell. Ever." appears on the page. Click it.`,
			[]string{`The label "Do not sell. Ever." appears on the page.`, "Click it."}},
		{"quote closes sentence", `We call this the "Service." We run it.`,
			[]string{`We call this the "Service."`, "We run it."}},
		{"lower case continues", "Data is kept for 30 days. after that it is deleted.",
			[]string{"Data is kept for 30 days. after that it is deleted."}},
		{"Rev. date", "Rev. 2/4/19", []string{"Rev. 2/4/19"}},
		{"unclosed parenthesis", "We share data (with vendors. They comply. Done.",
			[]string{"We share data (with vendors.", "They comply.", "Done."}},
		{"closed parenthesis inside an unclosed one", "We share data (with vendors (see No. 4. Annex) and others. They comply.",
			[]string{"We share data (with vendors (see No. 4. Annex) and others.", "They comply."}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitSentences(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("splitSentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
