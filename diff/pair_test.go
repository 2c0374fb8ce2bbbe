package diff

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// Candidates keep their score as a fraction; they must sort exactly as the
// float scores did.
func TestCandidateScoreOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	bag := func() []int32 {
		b := make([]int32, r.IntN(400))
		for i := range b {
			b[i] = int32(r.IntN(60))
		}
		slices.Sort(b)
		return b
	}
	bags := make([][]int32, 300)
	for i := range bags {
		bags[i] = bag()
	}
	for range 20000 {
		a, b, c, d := bags[r.IntN(len(bags))], bags[r.IntN(len(bags))], bags[r.IntN(len(bags))], bags[r.IntN(len(bags))]
		s1, x := likeness(0, 0, a, b, 0)
		s2, y := likeness(0, 0, c, d, 0)
		if s1 != dice(a, b) || s2 != dice(c, d) {
			t.Fatalf("likeness %v, %v; dice %v, %v", s1, s2, dice(a, b), dice(c, d))
		}
		if got, want := byScore(x, y), cmp.Compare(s1, s2); got != want {
			t.Fatalf("byScore(%d/%d, %d/%d) = %d, want %d (%v vs %v)", x.num, x.den, y.num, y.den, got, want, s1, s2)
		}
	}
}
