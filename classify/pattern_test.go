package classify

import "testing"

func TestPatternMatching(t *testing.T) {
	tests := []struct {
		pattern, text string
		want          int // tokens matched from the first word, -1 for none
	}{
		{"data broker", "Data brokers and others", 2},
		{"third party", "third-party services", 2},
		{"as long as * necessary", "as long as is reasonably necessary", 6},
		{"as long as * necessary", "as long as necessary", 4},
		{"as long as * necessary", "as long as we like", -1},
		{"with your|the? prior? consent", "with prior consent", 3},
		{"with your|the? prior? consent", "with your consent", 3},
		{"with your|the? prior? consent", "with the written consent", -1},
		{"right to access|delete", "right to delete", 3},
		{"do not track", "Do Not Track signals", 3},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+"/"+tt.text, func(t *testing.T) {
			p, err := en.compilePattern(tt.pattern)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.matchAt(stems(en.tokenize(tt.text)), 0); got != tt.want {
				t.Errorf("match = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestPatternErrors(t *testing.T) {
	for _, bad := range []string{"", "* data", "prior? consent", "a|third-party"} {
		if _, err := en.compilePattern(bad); err == nil {
			t.Errorf("compilePattern(%q) = nil error, want one", bad)
		}
	}
}

func TestPhraseSetPrefersLongest(t *testing.T) {
	ps, _ := en.newPhraseSet([]string{"location", "precise location", "partner", "marketing partner"})
	hits := ps.find(stems(en.tokenize("precise location shared with marketing partners")))
	if len(hits) != 2 {
		t.Fatalf("hits = %v, want 2", hits)
	}
	if got := ps.patterns[hits[0].id].src; got != "precise location" {
		t.Errorf("first hit %q, want precise location", got)
	}
	if got := ps.patterns[hits[1].id].src; got != "marketing partner" {
		t.Errorf("second hit %q, want marketing partner", got)
	}
}

// TestVocabulary checks that every table compiles (the package would not
// start otherwise) and that terms are found in their inflected forms.
func TestVocabulary(t *testing.T) {
	tests := []struct {
		text string
		kind termKind
		cat  string
	}{
		{"data brokers", kindRecipient, Sharing},
		{"ad networks", kindRecipient, Sharing},
		{"law enforcement agencies", kindRecipient, Sharing},
		{"People's Republic of China", kindCountry, Transfer},
		{"the Netherlands", kindCountry, Transfer},
		{"voiceprints", kindData, ""},
		{"precise geolocation", kindData, ""},
		{"call recordings", kindData, ""},
		{"government-issued IDs", kindData, ""},
		{"web beacons", kindTech, Tracking},
		{"device fingerprinting", kindTech, Tracking},
		{"cross-device", kindTech, Tracking},
		{"machine-learning", kindAI, AI},
		{"standard contractual clauses", kindSafeguard, Transfer},
		{"Global Privacy Control", kindSafeguard, Tracking},
		{"encrypted", kindSafeguard, Security},
		{"right to erasure", kindRight, Rights},
		{"opt-out", kindRight, Rights},
		{"insurance companies", kindRecipient, Sharing},
		{"our corporate family", kindRecipient, Sharing},
		{"third-party service providers", kindRecipient, Sharing},
		{"a processing fee", kindHurdle, Rights},
		{"notarised", kindHurdle, Rights},
		{"portability", kindRight, Rights},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			hits := en.termSet.find(stems(en.tokenize(tt.text)))
			if len(hits) == 0 {
				t.Fatalf("no term found in %q", tt.text)
			}
			ti := en.termIndex[hits[len(hits)-1].id]
			if ti.kind != tt.kind || ti.category != tt.cat {
				t.Errorf("%q read as %s/%q, want %s/%q", tt.text, kindLabels[ti.kind], ti.category, kindLabels[tt.kind], tt.cat)
			}
		})
	}
	for _, tt := range []struct{ text, action string }{
		{"we disclosed", "share"}, {"rented", "sell"}, {"gathering", "collect"},
		{"kept", "retain"}, {"notified", "notify"}, {"anonymised", "delete"},
		{"provide us", "collect"}, {"disclose to you", "notify"},
		{"for valuable consideration", "sell"}, {"transmitted from", "collect"},
		{"took steps", "protect"}, {"e-mail you", "notify"},
	} {
		hits := en.actionSet.find(stems(en.tokenize(tt.text)))
		if len(hits) == 0 || en.actionDefs[en.actionIndex[hits[len(hits)-1].id]].name != tt.action {
			t.Errorf("%q: want action %s, got hits %v", tt.text, tt.action, hits)
		}
	}
}
