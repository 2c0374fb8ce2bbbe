package diff

import (
	"fmt"
	"strings"
	"testing"
)

// bigPolicy builds a policy of about size bytes from the fixtures. Each copy
// of a fixture gets a marker word every few words so that clauses stay
// distinct, as in a real long policy.
func bigPolicy(tb testing.TB, size int) string {
	var src []string
	for _, f := range []string{"connect3.txt", "voiceconnect.txt", "grandstream.md"} {
		src = append(src, strings.Split(readFixture(tb, f), "\n")...)
	}
	var b strings.Builder
	for copyNo := 0; b.Len() < size; copyNo++ {
		for _, line := range src {
			words := strings.Fields(line)
			for k := 6; k < len(words); k += 7 {
				words[k] += fmt.Sprintf("%c%d", 'q', copyNo)
			}
			if len(words) > 0 && strings.HasPrefix(words[0], "#") {
				b.WriteString(strings.Repeat("#", len(words[0])) + " ")
				words = words[1:]
			} else if len(words) > 0 && (words[0] == "*" || words[0] == "•") {
				b.WriteString("  * ")
				words = words[1:]
			}
			b.WriteString(strings.Join(words, " "))
			b.WriteString("\n")
		}
	}
	return b.String()
}

// revise edits a policy the way vendors do: some sentences reworded, some
// paragraphs dropped, new ones added, a block moved further down.
func revise(text string) string {
	lines := strings.Split(text, "\n")
	var out, moved []string
	for i, line := range lines {
		switch {
		case i%97 == 10 && len(line) > 40:
			out = append(out, strings.Replace(line, " ", " not ", 1))
		case i%151 == 20:
			// dropped
		case i%173 == 30:
			out = append(out, line, "", "We may now share usage data with advertising partners for their own purposes.")
		case i >= 200 && i < 210:
			moved = append(moved, line)
		default:
			out = append(out, line)
		}
		if i == len(lines)/2 {
			out = append(out, moved...)
		}
	}
	return strings.Join(out, "\n")
}

func BenchmarkSegment(b *testing.B) {
	d := plainDoc(bigPolicy(b, 120_000))
	b.SetBytes(int64(len(d.Text())))
	b.ResetTimer()
	for b.Loop() {
		Segment(d)
	}
}

func BenchmarkCompare(b *testing.B) {
	text := bigPolicy(b, 120_000)
	old, new := plainDoc(text), plainDoc(revise(text))
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		Compare(old, new)
	}
}

func BenchmarkCompareIdentical(b *testing.B) {
	d := plainDoc(bigPolicy(b, 120_000))
	for b.Loop() {
		Compare(d, d)
	}
}

func BenchmarkCompareRewritten(b *testing.B) {
	// Worst case: nearly every clause of a long policy reworded, so every
	// one is paired by similarity and word-diffed.
	old := plainDoc(bigPolicy(b, 120_000))
	new := plainDoc(strings.ReplaceAll(bigPolicy(b, 120_000), "q", "z"))
	for b.Loop() {
		Compare(old, new)
	}
}

func TestBigPolicyRevision(t *testing.T) {
	text := bigPolicy(t, 120_000)
	if len(text) < 120_000 {
		t.Fatalf("policy is %d bytes", len(text))
	}
	old, new := plainDoc(text), plainDoc(revise(text))
	res := Compare(old, new)
	counts := map[Kind]int{}
	for _, c := range res.Changes {
		counts[c.Kind]++
	}
	// The moved block must come out as moves, the rest as edits; nothing
	// here is large enough to need more than a few dozen changes.
	if counts[Moved] == 0 || counts[Modified] == 0 || counts[Added] == 0 || counts[Removed] == 0 {
		t.Errorf("change counts %v: want every kind", counts)
	}
	if len(res.Changes) > 120 {
		t.Errorf("%d changes for a light revision", len(res.Changes))
	}
	if n := len(Compare(old, old).Changes); n != 0 {
		t.Errorf("self-compare gave %d changes", n)
	}
}
