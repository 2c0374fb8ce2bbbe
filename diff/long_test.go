package diff

import (
	"github.com/tracker-dev/tracker/internal/fuzztime"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/doc"
)

func longSentence(seed uint64, words int) string {
	vocab := []string{"we", "share", "your", "data", "with", "partners", "for", "advertising", "and", "analytics"}
	r := rand.New(rand.NewPCG(seed, 1))
	w := make([]string, words)
	for i := range w {
		w[i] = vocab[r.IntN(len(vocab))]
	}
	return strings.Join(w, " ")
}

func TestSplitLong(t *testing.T) {
	short := longSentence(1, 100)
	if got := splitLong(short); len(got) != 1 || got[0] != short {
		t.Fatalf("a clause under the bound was split: %d pieces", len(got))
	}
	long := longSentence(1, 40000) // ~250 KB, one sentence
	pieces := splitLong(long)
	if strings.Join(pieces, " ") != long {
		t.Fatal("pieces do not rebuild the clause")
	}
	for i, p := range pieces {
		if len(p) > pieceMax {
			t.Errorf("piece %d is %d bytes, over %d", i, len(p), pieceMax)
		}
	}
	// Cuts depend on content, not offsets: after an insertion near the
	// start, all but the first few pieces are the same.
	edited := splitLong("we now sell " + long)
	same := map[string]bool{}
	for _, p := range pieces {
		same[p] = true
	}
	kept := 0
	for _, p := range edited {
		if same[p] {
			kept++
		}
	}
	if kept < len(pieces)-3 {
		t.Errorf("an insertion at the start changed %d of %d pieces", len(pieces)-kept, len(pieces))
	}
	noSpaces := strings.Repeat("é", longClause)
	for _, p := range splitLong(noSpaces) {
		if !strings.HasPrefix(p, "é") || len(p) > pieceMax {
			t.Fatalf("a clause without spaces was cut inside a character or too long (%d bytes)", len(p))
		}
	}
}

// One word changed in a single-line page of a quarter megabyte is one
// small modification, not the whole page.
func TestCompareLongClause(t *testing.T) {
	long := longSentence(3, 40000)
	edited := strings.Replace(long, "share your data", "sell your data", 1)
	res := Compare(doc.Parse(long), doc.Parse(edited))
	if len(res.Changes) != 1 {
		t.Fatalf("%d changes, want 1", len(res.Changes))
	}
	c := res.Changes[0]
	if c.Kind != Modified || len(c.NewText) > 2*pieceMax {
		t.Errorf("change %s of %d bytes, want a modification of one piece", c.Kind, len(c.NewText))
	}
}

// FuzzCompareLong: any two texts compare in bounded time; long single-line
// clauses are what made the differ quadratic.
func FuzzCompareLong(f *testing.F) {
	f.Add("We share data.", "We sell data.", 1)
	f.Add(longSentence(5, 3000), longSentence(6, 3000), 1)
	f.Fuzz(func(t *testing.T, a, b string, repeat int) {
		repeat = min(max(repeat, 1), 64)
		a, b = strings.Repeat(a+" ", repeat), strings.Repeat(b+" ", repeat)
		fuzztime.Within(t, func() {
			Compare(doc.Parse(a), doc.Parse(b))
		})
	})
}

// Thousands of long reworded clauses: word diffs stop at the budget, the
// rest are shown whole, and the comparison stays cheap.
func TestWordDiffBudget(t *testing.T) {
	budget := 100
	ops := wordDiff("we share your data with partners", "we sell your data to brokers", &budget)
	if len(ops) < 3 || budget >= 100 {
		t.Fatalf("within the budget: %d ops, budget left %d; want a word diff", len(ops), budget)
	}
	budget = 10
	ops = wordDiff("we share your data with partners", "we sell your data to brokers", &budget)
	if len(ops) != 2 || ops[0].Type != Delete || ops[1].Type != Insert || budget != 10 {
		t.Fatalf("past the budget: %+v (budget %d); want the clause deleted and inserted whole", ops, budget)
	}
}
