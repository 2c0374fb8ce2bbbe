package classify

import (
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/diff"
)

func TestDetect(t *testing.T) {
	tests := []struct{ text, want string }{
		{strings.Repeat("We do not sell your personal information to advertisers or data brokers. ", 8), "en"},
		{"We share it.", "en"}, // too short to tell: the default
		{strings.Repeat("Vi säljer aldrig dina personuppgifter till annonsörer eller andra tredje parter utan ditt samtycke. ", 8), "sv"},
	}
	for _, tt := range tests {
		if got := Detect(tt.text); got.Code != tt.want {
			t.Errorf("Detect(%.40q…) = %q, want %q", tt.text, got.Code, tt.want)
		}
	}
}

// A document in a language the classifier does not read is still shown,
// every change at low with a note saying it was not rated.
func TestUnreadLanguageIsShownUnrated(t *testing.T) {
	old := strings.Repeat("Vi säljer aldrig dina personuppgifter till annonsörer eller andra tredje parter utan ditt samtycke. "+
		"Vi delar inte dina uppgifter med annonsörer. Uppgifterna sparas så länge ditt konto är aktivt och raderas därefter. "+
		"Du har rätt att begära tillgång till, rättelse av och radering av dina personuppgifter. ", 3)
	neu := strings.Replace(old, "Vi delar inte dina uppgifter med annonsörer.", "Vi delar dina uppgifter med annonsörer och dataförmedlare.", 1)
	r := &diff.Result{Changes: []diff.Change{{Kind: diff.Modified, Section: "Delning",
		OldText: "Vi delar inte dina uppgifter med annonsörer.", NewText: "Vi delar dina uppgifter med annonsörer och dataförmedlare."}}}
	rep := BuildDocuments(r, old, neu)
	if rep.Summary.Language != "sv" || rep.Summary.Note == "" || rep.Summary.Material {
		t.Fatalf("summary %+v, want Swedish, a note and nothing material", rep.Summary)
	}
	c := rep.Changes[0]
	if c.Severity != Low || !strings.Contains(strings.Join(c.Reasons, " "), "not rated") {
		t.Errorf("change rated %s %q, want low and not rated", c.Severity, c.Reasons)
	}
}

// A heading names a section; renaming it is at most low, whatever its words.
func TestHeadingIsNotAClause(t *testing.T) {
	c := ClassifyChange(diff.Change{Kind: diff.Modified, Heading: true,
		OldText: "How we use cookies", NewText: "How we sell your data to advertisers"})
	if c.Severity > Low {
		t.Errorf("renamed heading rated %s: %q", c.Severity, c.Reasons)
	}
	c = ClassifyChange(diff.Change{Kind: diff.Modified,
		OldText: "We use cookies.", NewText: "We sell your data to advertisers."})
	if c.Severity < High {
		t.Errorf("the same words as a clause rated %s, want high", c.Severity)
	}
}

// Words inside a link are not the clause's words: "https" is no safeguard.
func TestLinkIsNoSafeguard(t *testing.T) {
	c := ClassifyChange(diff.Change{Kind: diff.Modified,
		OldText: "Read our cookie notice.", NewText: "Read our cookie notice at https://example.org/cookies."})
	if c.Severity > Low || strings.Contains(strings.Join(c.Reasons, " "), "safeguard") {
		t.Errorf("a link rated %s %q", c.Severity, c.Reasons)
	}
}

// TestVocabularyKeepsClearOfGrammar checks, for every language, that no
// one-word term or practice stems like a grammar word or a data word of
// its language ("commissions" must not meet "comme", "informar" not
// "información"): such a collision would find a practice or a term in
// nearly every sentence.
func TestVocabularyKeepsClearOfGrammar(t *testing.T) {
	for _, spec := range languages {
		v := vocabs()[spec.code]
		grammar := map[string]string{}
		for _, list := range [][]string{spec.functionWords, spec.negators, spec.strongModals, spec.weakModals,
			spec.qualifiers, spec.boundaryWords, spec.auxWords, spec.subjectGap} {
			for _, w := range list {
				for _, tok := range v.tokenize(w) {
					grammar[tok.stem] = w
				}
			}
		}
		data := map[string]string{}
		for _, w := range spec.dataWords {
			for _, tok := range v.tokenize(w) {
				data[tok.stem] = w
			}
		}
		for _, p := range v.actionSet.patterns {
			for _, a := range p.slots[0].alts {
				if w, ok := data[a]; ok && len(p.slots) == 1 {
					t.Errorf("%s: practice %q stems to %q like the data word %q", spec.code, p.src, a, w)
				}
			}
		}
		for _, ps := range []*phraseSet{v.termSet, v.actionSet} {
			for _, p := range ps.patterns {
				if len(p.slots) != 1 {
					continue
				}
				for _, a := range p.slots[0].alts {
					if w, ok := grammar[a]; ok {
						t.Errorf("%s: pattern %q stems to %q like the grammar word %q", spec.code, p.src, a, w)
					}
				}
			}
		}
	}
}
