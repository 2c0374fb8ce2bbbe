package diff

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// rebuild returns the old and new texts that a list of ops describes.
func rebuild(ops []Op) (old, new string) {
	var o, n strings.Builder
	for _, op := range ops {
		switch op.Type {
		case Equal:
			o.WriteString(op.Text)
			n.WriteString(op.Text)
		case Delete:
			o.WriteString(op.Text)
		case Insert:
			n.WriteString(op.Text)
		}
	}
	return o.String(), n.String()
}

func TestWordDiff(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []Op
	}{
		{"identical", "We keep data.", "We keep data.", []Op{{Equal, "We keep data."}}},
		{"both empty", "", "", nil},
		{"negation dropped",
			"We do not rent, sell, or share information about you.",
			"We may rent, sell, or share information about you.",
			[]Op{{Equal, "We "}, {Delete, "do not "}, {Insert, "may "}, {Equal, "rent, sell, or share information about you."}}},
		{"number change is a whole word",
			"We keep call recordings for 30 days.",
			"We keep call recordings for 3 years.",
			[]Op{{Equal, "We keep call recordings for "}, {Delete, "30 days"}, {Insert, "3 years"}, {Equal, "."}}},
		{"word changed inside, not letters",
			"contact our Privacy Team at",
			"contact our Privacy Teams at",
			[]Op{{Equal, "contact our Privacy "}, {Delete, "Team "}, {Insert, "Teams "}, {Equal, "at"}}},
		{"short kept words fold into the edit",
			"name, email address, country, and password.",
			"name, email address, country, password, and a voiceprint used to verify you.",
			[]Op{{Equal, "name, email address, country, "}, {Delete, "and password"},
				{Insert, "password, and a voiceprint used to verify you"}, {Equal, "."}}},
		{"hyphenated and e-mail words stay whole",
			"Write to privacy@acme.com about third-party sharing.",
			"Write to dpo@acme.com about first-party sharing.",
			[]Op{{Equal, "Write to "}, {Delete, "privacy@acme.com "}, {Insert, "dpo@acme.com "}, {Equal, "about "},
				{Delete, "third-party "}, {Insert, "first-party "}, {Equal, "sharing."}}},
		{"all new", "", "Brand new clause.", []Op{{Insert, "Brand new clause."}}},
		{"all gone", "Old clause.", "", []Op{{Delete, "Old clause."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := WordDiff(tt.old, tt.new)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("WordDiff(%q, %q)\n got %v\nwant %v", tt.old, tt.new, got, tt.want)
			}
			if o, n := rebuild(got); o != tt.old || n != tt.new {
				t.Errorf("ops rebuild %q / %q, want %q / %q", o, n, tt.old, tt.new)
			}
		})
	}
}

func TestWordDiffShape(t *testing.T) {
	pairs := [][2]string{
		{"a b c d e f", "a x c y e z"},
		{"  leading space", "leading space  "},
		{"Ünïcödé wörds, ✓ and émoji 🎉.", "Unicode words ✓ and emoji 🎉!"},
		{"x.y.z", "x,y,z"},
		{"We do not sell your data to partners, and we keep it a year.", "We may sell your data to our partners, and we keep it five years."},
		{"one two three four five six seven", "one 2 three 4 five 6 seven"},
		{strings.Repeat("word ", 300), strings.Repeat("other ", 300)},
	}
	for _, p := range pairs {
		ops := WordDiff(p[0], p[1])
		if o, n := rebuild(ops); o != p[0] || n != p[1] {
			t.Errorf("WordDiff(%q, %q) rebuilds %q / %q", p[0], p[1], o, n)
		}
		for k, op := range ops {
			if op.Text == "" {
				t.Errorf("WordDiff(%q, %q): empty op %d", p[0], p[1], k)
			}
			// A text cut from old or new, never a copy: a page rewritten
			// would otherwise hold its texts twice over.
			if !within(op.Text, p[0]) && !within(op.Text, p[1]) {
				t.Errorf("WordDiff(%q, %q): op %d %q is a copy, not cut from either text", p[0], p[1], k, op.Text)
			}
			if k > 0 && ops[k-1].Type == op.Type {
				t.Errorf("WordDiff(%q, %q): ops %d and %d both %s", p[0], p[1], k-1, k, op.Type)
			}
			if k > 0 && ops[k-1].Type == Insert && op.Type == Delete {
				t.Errorf("WordDiff(%q, %q): insertion before deletion at %d", p[0], p[1], k)
			}
		}
	}
}

// within reports whether s lies in the memory of text.
func within(s, text string) bool {
	if len(s) == 0 || len(text) == 0 {
		return false
	}
	p, lo := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(text)))
	return p >= lo && p+uintptr(len(s)) <= lo+uintptr(len(text))
}
