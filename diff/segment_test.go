package diff

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/doc"
)

func TestStripMarker(t *testing.T) {
	tests := []struct {
		in       string
		rest     string
		numbered bool
		depth    int
		bare     bool
	}{
		{"4. Sharing", "Sharing", true, 1, false},
		{"4.2 Retention", "Retention", true, 2, true},
		{"4.2 Retention", "4.2 Retention", false, 0, false},
		{"4.2. Retention", "Retention", true, 2, false},
		{"IV. Sharing", "Sharing", true, 0, false},
		{"B) Cookies", "Cookies", true, 0, false},
		{"a) name and email", "name and email", false, 0, false},
		{"(ii) your address", "your address", false, 0, false},
		{"(3) your address", "your address", true, 1, false},
		{"• Credit control.", "Credit control.", false, 0, false},
		{"•Credit control.", "Credit control.", false, 0, false},
		{"* Data is backed up.", "Data is backed up.", false, 0, false},
		{"- 1. Both markers", "Both markers", true, 1, false},
		{"2019. A year, not a marker", "2019. A year, not a marker", false, 0, false},
		{"30 days apply", "30 days apply", false, 0, false},
		{"2.5 GB of storage", "2.5 GB of storage", false, 0, false},
		{"Did. something", "Did. something", false, 0, false},
		{"-20% off", "-20% off", false, 0, false},
		{"We collect data.", "We collect data.", false, 0, false},
		{"4.", "4.", false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			rest, numbered, depth := stripMarker(tt.in, tt.bare)
			if rest != tt.rest || numbered != tt.numbered || depth != tt.depth {
				t.Errorf("stripMarker(%q) = %q, %v, %d; want %q, %v, %d",
					tt.in, rest, numbered, depth, tt.rest, tt.numbered, tt.depth)
			}
		})
	}
}

func TestSegment(t *testing.T) {
	para := func(s string) doc.Block { return doc.Block{Kind: doc.Paragraph, Text: s} }
	item := func(s string) doc.Block { return doc.Block{Kind: doc.ListItem, Text: s} }
	head := func(lvl int, s string) doc.Block { return doc.Block{Kind: doc.Heading, Level: lvl, Text: s} }
	tests := []struct {
		name   string
		blocks []doc.Block
		want   []Section
	}{
		{
			name:   "preamble then heading",
			blocks: []doc.Block{para("Intro text. More intro."), head(2, "Sharing"), para("We share data.")},
			want: []Section{
				{Heading: "", Level: 0, Clauses: []Clause{{Text: "Intro text."}, {Text: "More intro."}}},
				{Heading: "Sharing", Level: 2, Clauses: []Clause{{Text: "We share data.", Section: "Sharing"}}},
			},
		},
		{
			name: "numbered paragraphs as headings",
			blocks: []doc.Block{para("4. Sharing"), para("We share data."), para("IV. Retention"),
				para("4.2 Deletion"), para("We delete data.")},
			want: []Section{
				{Heading: "4. Sharing", Level: 2, Clauses: []Clause{{Text: "We share data.", Section: "4. Sharing"}}},
				{Heading: "IV. Retention", Level: 2},
				{Heading: "4.2 Deletion", Level: 3, Clauses: []Clause{{Text: "We delete data.", Section: "4.2 Deletion"}}},
			},
		},
		{
			name:   "run-in numbered heading",
			blocks: []doc.Block{para("4. Aditional Information. Once you become a Customer, you may provide more. We keep it.")},
			want: []Section{{Heading: "4. Aditional Information.", Level: 2, Clauses: []Clause{
				{Text: "Once you become a Customer, you may provide more.", Section: "4. Aditional Information."},
				{Text: "We keep it.", Section: "4. Aditional Information."},
			}}},
		},
		{
			name:   "numbered sentence stays prose",
			blocks: []doc.Block{para("24. This Privacy Policy is an integral part of the Terms. In a conflict the Terms win.")},
			want: []Section{{Clauses: []Clause{
				{Text: "This Privacy Policy is an integral part of the Terms."},
				{Text: "In a conflict the Terms win."},
			}}},
		},
		{
			name:   "lettered items are not headings",
			blocks: []doc.Block{head(1, "Collection"), para("e. Information purchased from third parties.")},
			want: []Section{{Heading: "Collection", Level: 1, Clauses: []Clause{
				{Text: "Information purchased from third parties.", Section: "Collection", List: true},
			}}},
		},
		{
			name:   "list items split in sentences keep their identity",
			blocks: []doc.Block{item("• Data partners. We may share data with brokers."), item("Credit control.")},
			want: []Section{{Clauses: []Clause{
				{Text: "Data partners.", List: true},
				{Text: "We may share data with brokers.", List: true},
				{Text: "Credit control.", List: true},
			}}},
		},
		{
			name:   "table rows are one clause",
			blocks: []doc.Block{{Kind: doc.TableRow, Text: "Cookie | Purpose. Lasts 2 years. | Analytics"}},
			want:   []Section{{Clauses: []Clause{{Text: "Cookie | Purpose. Lasts 2 years. | Analytics"}}}},
		},
		{
			name: "short unpunctuated lines are headings",
			blocks: []doc.Block{para("Who we are"), para("We are Acme."), para("Last updated Jan 01, 2025"),
				para("Write to privacy@acme.com"), para("Contact us at:")},
			want: []Section{{Heading: "Who we are", Level: 2, Clauses: []Clause{
				{Text: "We are Acme.", Section: "Who we are"},
				{Text: "Last updated Jan 01, 2025", Section: "Who we are"},
				{Text: "Write to privacy@acme.com", Section: "Who we are"},
				{Text: "Contact us at:", Section: "Who we are"},
			}}},
		},
		{
			name:   "empty blocks are skipped",
			blocks: []doc.Block{para(""), para("   "), item("•")},
			want:   nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Segment(&doc.Document{Blocks: tt.blocks})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Segment:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestSegmentFixture(t *testing.T) {
	sections := Segment(plainDoc(readFixture(t, "connect3.txt")))
	byHeading := map[string]int{}
	for _, s := range sections {
		byHeading[s.Heading] = len(s.Clauses)
	}
	for _, h := range []string{"1. Definitions.", "3. Registry.", "4. Aditional Information.",
		"9. Log files, IP addresses and information about your computer and mobile device."} {
		if byHeading[h] == 0 {
			t.Errorf("section %q missing or empty; sections: %v", h, byHeading)
		}
	}
}

func TestKeyOf(t *testing.T) {
	same := [][2]string{
		{"name, email , and password.", "name,  email, and password ."},
		{"(a) b", "( a ) b"},
	}
	for _, p := range same {
		if keyOf(p[0]) != keyOf(p[1]) {
			t.Errorf("keyOf(%q) = %q, keyOf(%q) = %q; want equal", p[0], keyOf(p[0]), p[1], keyOf(p[1]))
		}
	}
	differ := [][2]string{
		{"We sell data.", "We do not sell data."},
		{"We Sell data.", "We sell data."},
		{"every one", "everyone"},
	}
	for _, p := range differ {
		if keyOf(p[0]) == keyOf(p[1]) {
			t.Errorf("keyOf(%q) == keyOf(%q); want different", p[0], p[1])
		}
	}
}

// isKey, keyOf's shortcut, says yes exactly when the key built is the text
// itself.
func TestIsKey(t *testing.T) {
	texts := []string{"", "a", "we share data", "we  share", " we", "we ", "a, b", "a , b", "a ,b", ", a", "a ,",
		"(a)", "( a )", "e-mail", "e - mail", "l'été à Paris", "l' été", "a\tb", "a\nb", "100 %", "100%", "… a", "a …",
		"x\u00a0y", "日本 語", "a.", "a ."}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "b", " ", " ", ",", ".", "é", "\t", "-", "(", "\u00a0"}
	for range 2000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		if got, want := isKey(s), buildKey(s) == s; got != want {
			t.Errorf("isKey(%q) = %v, want %v (key %q)", s, got, want, buildKey(s))
		}
	}
}
