package diff

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/doc"
)

// renumber adds one to every leading "N." of a line, as when a policy
// inserts a section near the top.
func renumber(text string) string {
	re := regexp.MustCompile(`(?m)^(\s*)(\d+)\.`)
	return re.ReplaceAllStringFunc(text, func(m string) string {
		sub := re.FindStringSubmatch(m)
		n, _ := strconv.Atoi(sub[2])
		return fmt.Sprintf("%s%d.", sub[1], n+1)
	})
}

func TestCompareNoChange(t *testing.T) {
	c3 := readFixture(t, "connect3.txt")
	vc := readFixture(t, "voiceconnect.txt")
	gs := readFixture(t, "grandstream.md")
	tests := []struct {
		name     string
		old, new string
	}{
		{"identical", c3, c3},
		{"identical markdown", gs, gs},
		{"typography", vc, strings.NewReplacer("’", "'", "\u00a0", " ", "“", `"`, "”", `"`).Replace(vc)},
		{"whitespace", c3, strings.NewReplacer(". ", ".   ", ", ", " , ").Replace(c3)},
		{"paragraphs merged", c3, edit(t, c3,
			"ALL RIGHTS RESERVED. You may use the content ONLY to know, evaluate and/or purchase our Services.\n\nWe make",
			"ALL RIGHTS RESERVED. You may use the content ONLY to know, evaluate and/or purchase our Services. We make")},
		{"paragraph split", vc, edit(t, vc,
			"Those measures are heightened for sensitive data such as Social Security numbers and payment account numbers. However,",
			"Those measures are heightened for sensitive data such as Social Security numbers and payment account numbers.\n\nHowever,")},
		{"list markers", vc, strings.ReplaceAll(vc, "  • ", "  - ")},
		{"bullets become numbered paragraphs", gs, numberBullets(gs)},
		{"renumbered sections", c3, renumber(c3)},
		{"heading level", gs, strings.ReplaceAll(gs, "## ", "### ")},
		{"headings numbered", gs, strings.Replace(strings.Replace(gs, "## How We May Use", "## 1. How We May Use", 1),
			"## How We May Share", "## 2. How We May Share", 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name != "identical" && tt.name != "identical markdown" && tt.old == tt.new {
				t.Fatal("the edit changed nothing")
			}
			res := Compare(plainDoc(tt.old), plainDoc(tt.new))
			for _, c := range res.Changes {
				t.Errorf("unexpected %s: %q -> %q", c.Kind, c.OldText, c.NewText)
			}
		})
	}
}

// numberBullets turns "  * item" lines into "N. item" paragraphs.
func numberBullets(text string) string {
	n := 0
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if s := strings.TrimSpace(l); strings.HasPrefix(s, "* ") {
			n++
			lines[i] = fmt.Sprintf("%d. %s", n, s[2:])
		}
	}
	return strings.Join(lines, "\n")
}

// want describes one expected change: its kind and words its texts hold.
type want struct {
	kind       Kind
	oldHas     string
	newHas     string
	section    string // when set, the change's Section must equal it
	oldSection string // when set, OldSection must equal it
}

func TestCompareChanges(t *testing.T) {
	c3 := readFixture(t, "connect3.txt")
	vc := readFixture(t, "voiceconnect.txt")
	gs := readFixture(t, "grandstream.md")
	mobile := "Mobile Information\n\n  • No mobile information will be shared with third parties/affiliates for marketing/promotional purposes. However, VoiceConnect will exclude text messaging originator opt-in data and consent; this information will not be shared with any third parties.\n\n"
	cookieSentence := " Cookies do not damage your system."
	tests := []struct {
		name     string
		old, new string
		want     []want
	}{
		{
			name: "section moved",
			old:  vc,
			new:  edit(t, vc, mobile, "", "How we protect your information\n\n", mobile+"How we protect your information\n\n"),
			want: []want{
				{kind: Moved, oldHas: "Mobile Information", newHas: "Mobile Information"},
				{kind: Moved, oldHas: "No mobile information", newHas: "No mobile information"},
				{kind: Moved, oldHas: "However, VoiceConnect will exclude", newHas: "However, VoiceConnect will exclude"},
			},
		},
		{
			name: "clause moved to another section",
			old:  c3,
			new:  edit(t, c3, cookieSentence, "", "Connect3 may also use web beacons", "Cookies do not damage your system. Connect3 may also use web beacons"),
			want: []want{{kind: Moved, oldHas: "Cookies do not damage", newHas: "Cookies do not damage",
				section: "8. Web beacons.", oldSection: "7. Use of cookies."}},
		},
		{
			name: "clause moved and changed",
			old:  c3,
			new:  edit(t, c3, cookieSentence, "", "Connect3 may also use web beacons", "Cookies never damage your computer system. Connect3 may also use web beacons"),
			want: []want{{kind: Modified, oldHas: "Cookies do not damage your system.", newHas: "Cookies never damage your computer system.",
				section: "8. Web beacons.", oldSection: "7. Use of cookies."}},
		},
		{
			name: "modified sentence",
			old:  vc,
			new: edit(t, vc, "we will retain this information for as long as your account is active.",
				"we will retain this information for five years after your account is closed."),
			want: []want{{kind: Modified, oldHas: "as long as your account is active", newHas: "five years after your account is closed"}},
		},
		{
			name: "date stamp",
			old:  vc,
			new:  edit(t, vc, "Last updated Jan 01, \u00a02025", "Last updated Mar 17, 2026"),
			want: []want{{kind: Modified, oldHas: "Jan 01, 2025", newHas: "Mar 17, 2026"}},
		},
		{
			name: "list item added",
			old:  vc,
			new: edit(t, vc, "  • Credit control.",
				"  • Data partners. We may share your Personal Data with data brokers who may combine it with other information.\n\n  • Credit control."),
			want: []want{{kind: Added, newHas: "Data partners. We may share your Personal Data with data brokers"}},
		},
		{
			name: "list item removed",
			old:  gs,
			new:  edit(t, gs, "  * Data is backed up frequently following standard backup procedures.\n", ""),
			want: []want{{kind: Removed, oldHas: "Data is backed up frequently", section: "Security Of Your Information"}},
		},
		{
			name: "clause appended to a list sentence",
			old:  c3,
			new: edit(t, c3, "name, email address, country, and password.",
				"name, email address, country, password, and a voiceprint (a biometric identifier) used to verify your identity on calls."),
			want: []want{{kind: Modified, oldHas: "country, and password.", newHas: "voiceprint", section: "3. Registry.", oldSection: "3. Registry."}},
		},
		{
			name: "sentence appended to a paragraph",
			old:  c3,
			new: edit(t, c3, "Cookies do not damage your system.",
				"Cookies do not damage your system. We also use device fingerprinting to recognise you."),
			want: []want{{kind: Added, newHas: "device fingerprinting"}},
		},
		{
			name: "two sentences joined",
			old:  c3,
			new: edit(t, c3, "Cookies, by themselves, do not provide Connect3 with any customer information about you. Connect3 uses cookies",
				"Cookies, by themselves, do not provide Connect3 with any customer information about you and Connect3 uses cookies"),
			want: []want{{kind: Modified, oldHas: "about you. Connect3 uses cookies", newHas: "about you and Connect3 uses cookies"}},
		},
		{
			name: "sentence split in two",
			old:  c3,
			new: edit(t, c3, "Without this minimum amount of information, you cannot create a Connect3 account.",
				"Without this minimum amount of information, you cannot create an account. This applies to every Connect3 account."),
			want: []want{{kind: Modified, oldHas: "cannot create a Connect3 account.", newHas: "cannot create an account. This applies to every Connect3 account."}},
		},
		{
			name: "case change",
			old:  c3,
			new:  edit(t, c3, "ALL RIGHTS RESERVED.", "All rights reserved."),
			want: []want{{kind: Modified, oldHas: "ALL RIGHTS RESERVED.", newHas: "All rights reserved."}},
		},
		{
			name: "heading typo",
			old:  c3,
			new:  edit(t, c3, "4. Aditional Information.", "4. Additional Information."),
			want: []want{{kind: Modified, oldHas: "Aditional", newHas: "Additional", section: "4. Additional Information."}},
		},
		{
			name: "renumbered with one real change",
			old:  c3,
			new:  renumber(edit(t, c3, "We do not retain such information.", "We retain such information for ten years.")),
			want: []want{{kind: Modified, oldHas: "We do not retain such information.", newHas: "ten years", section: "11. Anonymous settings in Grandstream Wave."}},
		},
		{
			name: "results in new order, removals where they stood",
			old:  c3,
			new: edit(t, "First new clause about data sales.\n\n"+c3,
				" Cookies do not damage your system.", "",
				"The link between your IP address", "We added a sentence about brokers. The link between your IP address"),
			want: []want{
				{kind: Added, newHas: "First new clause"},
				{kind: Removed, oldHas: "Cookies do not damage"},
				{kind: Added, newHas: "brokers"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Compare(plainDoc(tt.old), plainDoc(tt.new))
			if len(res.Changes) != len(tt.want) {
				for _, c := range res.Changes {
					t.Logf("got %s [%s <- %s]: %q -> %q", c.Kind, c.Section, c.OldSection, c.OldText, c.NewText)
				}
				t.Fatalf("got %d changes, want %d", len(res.Changes), len(tt.want))
			}
			for k, w := range tt.want {
				checkChange(t, res.Changes[k], w)
			}
		})
	}
}

func checkChange(t *testing.T, c Change, w want) {
	t.Helper()
	if c.Kind != w.kind {
		t.Errorf("kind %s, want %s (%q -> %q)", c.Kind, w.kind, c.OldText, c.NewText)
	}
	if !strings.Contains(c.OldText, w.oldHas) || (w.oldHas == "") != (c.OldText == "") {
		t.Errorf("old text %q, want it to hold %q", c.OldText, w.oldHas)
	}
	if !strings.Contains(c.NewText, w.newHas) || (w.newHas == "") != (c.NewText == "") {
		t.Errorf("new text %q, want it to hold %q", c.NewText, w.newHas)
	}
	if w.section != "" && c.Section != w.section {
		t.Errorf("section %q, want %q", c.Section, w.section)
	}
	if w.oldSection != "" && c.OldSection != w.oldSection {
		t.Errorf("old section %q, want %q", c.OldSection, w.oldSection)
	}
	if c.Kind == Modified {
		if o, n := rebuild(c.Words); o != c.OldText || n != c.NewText {
			t.Errorf("words rebuild %q -> %q, want %q -> %q", o, n, c.OldText, c.NewText)
		}
	} else if c.Words != nil {
		t.Errorf("%s change carries words %v", c.Kind, c.Words)
	}
}

func TestCompareEdges(t *testing.T) {
	some := plainDoc("# Title\n\nWe collect data. We share it.")
	tests := []struct {
		name     string
		old, new *doc.Document
		kinds    []Kind
	}{
		{"both nil", nil, nil, nil},
		{"both empty", &doc.Document{}, &doc.Document{}, nil},
		{"from nothing", nil, some, []Kind{Added, Added}},
		{"to nothing", some, &doc.Document{}, []Kind{Removed, Removed}},
		{"duplicated clause", plainDoc("We share data."), plainDoc("We share data.\n\nWe share data."), []Kind{Added}},
		{"paragraph cut mid-sentence", plainDoc("Intro.\n\nWe collect your name and your email address for billing.\n\nOutro."),
			plainDoc("Intro.\n\nWe collect your name\n\nand your email address for billing.\n\nOutro."), nil},
		{"list item becomes paragraph", plainDoc("- We share data.\n- We sell data."), plainDoc("We share data. We sell data."), nil},
		{"heading gains a full stop", plainDoc("Mobile Information\n\nWe share no data."),
			plainDoc("Mobile Information.\n\nWe share no data."), []Kind{Modified}},
		{"swapped clauses", plainDoc("Alpha clause here. Beta clause there."), plainDoc("Beta clause there. Alpha clause here."), []Kind{Moved}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Compare(tt.old, tt.new)
			if res == nil {
				t.Fatal("nil result")
			}
			var kinds []Kind
			for _, c := range res.Changes {
				kinds = append(kinds, c.Kind)
			}
			if fmt.Sprint(kinds) != fmt.Sprint(tt.kinds) {
				t.Errorf("kinds %v, want %v", kinds, tt.kinds)
			}
		})
	}
}

// A reworded copy of an existing clause is added with its twin, so that it
// can be rated against it rather than as new.
func TestAddedCopyHasTwin(t *testing.T) {
	old := plainDoc("Terms\n\nWe may suspend accounts that break these rules after a warning.\n\nOther text here.")
	neu := plainDoc("Terms\n\nWe may suspend accounts that break these rules after a warning.\n\nOther text here.\n\nAcme may suspend accounts that break these rules after a warning.")
	r := Compare(old, neu)
	var twin string
	for _, c := range r.Changes {
		if c.Kind == Added {
			twin = c.Twin
		}
	}
	if !strings.Contains(twin, "We may suspend accounts") {
		t.Errorf("added copy has twin %q, want the old clause; changes %+v", twin, r.Changes)
	}
}

// Items of a templated list are all alike: one deleted has no twin.
func TestTemplatedItemsHaveNoTwin(t *testing.T) {
	var items []string
	for i := range 5 {
		items = append(items, fmt.Sprintf("Right %d: you may ask us to delete the data partner number %d holds about you.", i, i))
	}
	old := plainDoc("Rights\n\n" + strings.Join(items, "\n\n"))
	neu := plainDoc("Rights\n\n" + strings.Join(items[:2], "\n\n"))
	for _, c := range Compare(old, neu).Changes {
		if c.Twin != "" {
			t.Errorf("deleted list item given a twin: %+v", c)
		}
	}
}
