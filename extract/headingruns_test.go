package extract

import "testing"

// TestHTMLEmptyHeadingRuns: short headings in a row with nothing under
// them (a changelog's dates, which pages render in the visitor's time
// zone) are a list, not sections; headings with text, sentence headings
// and a short run stay.
func TestHTMLEmptyHeadingRuns(t *testing.T) {
	dates := func(days ...string) string {
		s := `<h3>Changelog</h3><h6>Today</h6><p>Current version</p>`
		for _, d := range days {
			s += `<div><h6>` + d + ` Jul 2022</h6></div>`
		}
		return s + `<a href="/older">See older</a><h4>Policy rationale</h4><p>We remove hate speech because it creates an environment of intimidation.</p>`
	}
	want := "### Changelog\n###### Today\nCurrent version\nSee older\n#### Policy rationale\nWe remove hate speech because it creates an environment of intimidation."
	tests := []struct{ name, html, want string }{
		{"a changelog's dates, the last with its control", dates("29", "1", "25"), want},
		{"the same dates a day earlier: the same text", dates("28", "30", "24"), want},
		{"two empty headings stay",
			`<h2>Part A</h2><h2>Part B</h2><h2>Part C</h2><p>We collect your name.</p>`,
			"## Part A\n## Part B\n## Part C\nWe collect your name."},
		{"sentences set as headings stay",
			`<h6>This section describes how you set up your wallet.</h6><h6>You own the funds in your wallet.</h6><h6>We outline how you move funds.</h6><h2>1. Wallets</h2><p>Text.</p>`,
			"###### This section describes how you set up your wallet.\n###### You own the funds in your wallet.\n###### We outline how you move funds.\n## 1. Wallets\nText."},
		{"nested sections: an empty heading over its subsections stays",
			`<h2>Rights</h2><h3>Access</h3><p>You may see your data.</p><h3>Erasure</h3><p>You may delete it.</p>`,
			"## Rights\n### Access\nYou may see your data.\n### Erasure\nYou may delete it."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extractBody(t, "<main>"+tt.html+"</main>").Text(); got != tt.want {
				t.Errorf("Text():\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
