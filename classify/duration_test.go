package classify

import (
	"math"
	"testing"
)

func TestDurations(t *testing.T) {
	tests := []struct {
		text string
		kind boundKind
		days float64 // for fixed bounds
		says string  // the wording quoted in reasons
	}{
		{"kept for 30 days", boundFixed, 30, "30 days"},
		{"kept for thirty days", boundFixed, 30, "thirty days"},
		{"kept for ten (10) years", boundFixed, 3650, "ten (10) years"},
		{"within seventy-two hours", boundFixed, 3, "seventy-two hours"},
		{"within 72 hours", boundFixed, 3, "72 hours"},
		{"up to sixty business days", boundFixed, 84, "sixty business days"},
		{"for one hundred and twenty days", boundFixed, 120, "one hundred and twenty days"},
		{"for a year after closure", boundFixed, 365, "a year"},
		{"stored for 18 months", boundFixed, 540, "18 months"},
		{"we keep it indefinitely", boundIndefinite, 0, "indefinitely"},
		{"retained permanently", boundIndefinite, 0, "permanently"},
		{"for as long as necessary", boundNecessary, 0, "as long as necessary"},
		{"no longer than is reasonably necessary", boundNecessary, 0, "no longer than is reasonably necessary"},
		{"for as long as your account is active", boundAccount, 0, "as long as your account is active"},
		{"within a reasonable time", boundVague, 0, "reasonable time"},
		{"without undue delay", boundVague, 0, "undue delay"},
		{"we will act immediately", boundImmediate, 0, "immediately"},
		{"for as long as we deem necessary", boundDiscretion, 0, "as long as we deem necessary"},
		{"until you ask us to delete it", boundOnRequest, 0, "until you ask us to delete"},
		{"until you delete the message", boundAccount, 0, "until you delete the message"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			toks := en.tokenize(tt.text)
			got := en.durations(tt.text, toks, stems(toks), en.ages(tt.text, toks, stems(toks), sentencesOf(toks)))
			if len(got) != 1 {
				t.Fatalf("durations(%q) = %v, want one", tt.text, got)
			}
			b := got[0]
			if b.kind != tt.kind || b.text != tt.says {
				t.Errorf("got kind %d %q, want kind %d %q", b.kind, b.text, tt.kind, tt.says)
			}
			if tt.kind == boundFixed && math.Abs(b.days-tt.days) > 0.01 {
				t.Errorf("days = %v, want %v", b.days, tt.days)
			}
		})
	}
}

func TestNoDuration(t *testing.T) {
	for _, text := range []string{
		"we send a newsletter once a year", // a frequency
		"children under 13 years of age",   // an age
		"see section 4 of this policy",
		"over 2 million users",
	} {
		toks := en.tokenize(text)
		if got := en.durations(text, toks, stems(toks), en.ages(text, toks, stems(toks), sentencesOf(toks))); len(got) != 0 {
			t.Errorf("durations(%q) = %v, want none", text, got)
		}
	}
}

func TestAges(t *testing.T) {
	tests := []struct {
		text string
		age  float64
	}{
		{"children under the age of 13", 13},
		{"users under 16", 16},
		{"persons aged 18 or older", 18},
		{"if you are 13 years of age", 13},
		{"teens sixteen years old", 16},
		{"younger than 14", 14},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := agesOf(tt.text)
			if len(got) != 1 || got[0].days != tt.age {
				t.Errorf("ages(%q) = %v, want %v", tt.text, got, tt.age)
			}
		})
	}
	if got := agesOf("kept for over 2 years"); len(got) != 0 {
		t.Errorf("a period read as an age: %v", got)
	}
}
