package classify

import (
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"contractions open up", "We don't sell; we won't rent and can't trade.", "we do not sell we will not rent and can not trade"},
		{"hyphens split", "third-party cross-device opt-in", "third party cross device opt in"},
		{"possessives dropped", "the People's Republic, our users' data", "the people republic our users data"},
		{"curly apostrophe", "We don’t share", "we do not share"},
		{"numbers keep separators", "1,000 users for 30 days", "1000 users for 30 days"},
		{"an address is one word", "write to privacy@acme.io or https://acme.io/privacy.", "write to privacy@acme.io or https://acme.io/privacy"},
		{"elided words stay English", "the users' data", "the users data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tok := range en.tokenize(tt.text) {
				got = append(got, tok.raw)
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("tokenize(%q) = %q, want %q", tt.text, g, tt.want)
			}
		})
	}
}

func TestTokenizeBreaks(t *testing.T) {
	toks := en.tokenize("We share data; e.g. with partners. You may opt out, anytime")
	want := map[string]byte{"e": ';', "you": '.', "anytime": ','}
	for _, tok := range toks {
		if b, ok := want[tok.raw]; ok && tok.brk != b {
			t.Errorf("break before %q = %q, want %q", tok.raw, tok.brk, b)
		}
		if tok.raw == "with" && tok.brk == '.' {
			t.Errorf(`"e.g." must not end the sentence`)
		}
	}
}

func TestStemJoinsInflections(t *testing.T) {
	groups := [][]string{
		{"share", "shares", "shared", "sharing"},
		{"sell", "sells", "selling", "sold"},
		{"transfer", "transfers", "transferred", "transferring"},
		{"country", "countries"},
		{"cookie", "cookies"},
		{"notify", "notifies", "notified"},
		{"party", "parties"},
		{"recording", "recordings", "record", "recorded"},
		{"process", "processes", "processed", "processing"},
		{"child", "children", "childrens"},
		{"day", "days"},
		{"store", "stored", "storing", "stores"},
		{"use", "uses", "used", "using"},
	}
	for _, g := range groups {
		t.Run(g[0], func(t *testing.T) {
			want := en.stem(g[0])
			for _, w := range g[1:] {
				if got := en.stem(w); got != want {
					t.Errorf("stem(%q) = %q, want %q like stem(%q)", w, got, want, g[0])
				}
			}
		})
	}
	for _, pair := range [][2]string{{"share", "shore"}, {"sell", "self"}, {"not", "now"}} {
		if en.stem(pair[0]) == en.stem(pair[1]) {
			t.Errorf("stem(%q) == stem(%q): different words must not meet", pair[0], pair[1])
		}
	}
}

func TestFoldForCompare(t *testing.T) {
	a := "We “never” sell  your data — ever.\n"
	b := `we "never" sell your data - ever.`
	if foldForCompare(a) != foldForCompare(b) {
		t.Errorf("fold(%q) = %q, fold(%q) = %q: typography must not count", a, foldForCompare(a), b, foldForCompare(b))
	}
	if foldForCompare("we sell") == foldForCompare("we sell.") {
		t.Error("punctuation is not typography")
	}
}
