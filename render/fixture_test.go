package render

import (
	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/diff"
)

// sampleReport holds one change of each kind, worded after the Grandstream
// privacy policy in the shared corpus.
func sampleReport() classify.Report {
	return classify.Report{
		Summary: classify.Summary{
			Material: true, MaxSeverity: classify.High,
			Added: 1, Removed: 1, Modified: 2, Moved: 1,
			Categories: []string{classify.Sharing, classify.Retention, classify.Security},
		},
		Changes: []classify.Change{
			{
				Kind:    diff.Modified,
				Section: "How we use your information",
				OldText: "We do not rent, sell, or share information about you with other people or nonaffiliated companies for their direct marketing purposes.",
				NewText: "We may rent, sell, or share information about you with other people or nonaffiliated companies for their direct marketing purposes.",
				Words: []diff.Op{
					{Type: diff.Equal, Text: "We "},
					{Type: diff.Delete, Text: "do not "},
					{Type: diff.Insert, Text: "may "},
					{Type: diff.Equal, Text: "rent, sell, or share information about you with other people or nonaffiliated companies for their direct marketing purposes."},
				},
				Severity:   classify.High,
				Categories: []string{classify.Sharing},
				Reasons:    []string{"negation removed: 'do not … sell' became 'may … sell'"},
			},
			{
				Kind:    diff.Modified,
				Section: "Data retention",
				OldText: "We keep call recordings for 30 days.",
				NewText: "We keep call recordings for 3 years.",
				Words: []diff.Op{
					{Type: diff.Equal, Text: "We keep call recordings for "},
					{Type: diff.Delete, Text: "30 days"},
					{Type: diff.Insert, Text: "3 years"},
					{Type: diff.Equal, Text: "."},
				},
				Severity:   classify.Medium,
				Categories: []string{classify.Retention},
				Reasons:    []string{"retention period longer: 30 days became 3 years"},
			},
			{
				Kind:       diff.Added,
				Section:    "Vendors and Service Providers",
				NewText:    "We may share any information, including personal information, that we receive with advertising partners.",
				Severity:   classify.Medium,
				Categories: []string{classify.Sharing},
				Reasons:    []string{"new disclosure to advertising partners"},
			},
			{
				Kind:       diff.Removed,
				Section:    "Security",
				OldText:    "Data access will be protected with strong complex passwords by authorized personnel only and will never be shared.",
				Severity:   classify.Medium,
				Categories: []string{classify.Security},
				Reasons:    []string{"safeguard removed"},
			},
			{
				Kind:       diff.Moved,
				Section:    "Your choices",
				OldSection: "How we use your information",
				OldText:    "You may opt out of marketing emails at any time by using the opt-out link in an email.",
				NewText:    "You may opt out of marketing emails at any time by using the opt-out link in an email.",
				Severity:   classify.None,
				Reasons:    []string{"clause moved, wording unchanged"},
			},
		},
	}
}

func sampleMeta() Meta {
	return Meta{
		Title:    "grandstream/privacy",
		OldLabel: "v12 · 2024-03-01 (live)",
		NewLabel: "v13 · 2024-04-02 (live)",
		OldURL:   "https://www.grandstream.com/legal/privacy-policy",
		NewURL:   "https://www.grandstream.com/legal/privacy-policy",
	}
}

// hostileText is page text that tries to reach the reader's terminal or
// browser as markup or control sequences.
const (
	hostileScript = "<script>alert(1)</script>"
	hostileANSI   = "\x1b[31mred\x1b[0m"
	hostileLink   = "\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07"
)

func hostileReport() classify.Report {
	text := "We " + hostileScript + " share " + hostileANSI + " " + hostileLink + " <img src=x onerror=alert(1)> *bold* [x](javascript:alert(1)) \u009b2J\r\n# not a heading"
	return classify.Report{
		Summary: classify.Summary{Added: 1, Removed: 1, Modified: 1, Moved: 1, MaxSeverity: classify.High, Material: true,
			Categories: []string{"sharing" + hostileANSI}},
		Changes: []classify.Change{
			{Kind: diff.Modified, Section: hostileScript, OldText: text, NewText: text + "!",
				Words:    []diff.Op{{Type: diff.Equal, Text: text}, {Type: diff.Delete, Text: hostileANSI}, {Type: diff.Insert, Text: hostileScript}},
				Severity: classify.High, Categories: []string{hostileScript}, Reasons: []string{hostileANSI + hostileScript}},
			{Kind: diff.Added, Section: hostileANSI, NewText: text, Severity: classify.Low, Reasons: []string{"- " + hostileLink}},
			{Kind: diff.Removed, Section: hostileLink, OldText: text, Severity: classify.Low},
			{Kind: diff.Moved, Section: "a", OldSection: hostileScript + hostileANSI, OldText: text, NewText: text},
		},
	}
}
