package realset

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
)

// Tally counts the outcomes of one group of pairs (all, a language, a kind
// of document).
type Tally struct {
	Material, Flagged, CategoryHit int // material pairs; flagged; in the right category too
	Wording, Raised                int // wording pairs; raised to medium or high
	Quiet, Loud                    int // date and format pairs; reported above none
}

func (t *Tally) add(o Outcome) {
	switch o.Pair.Label {
	case "material":
		t.Material++
		if o.Flagged {
			t.Flagged++
		}
		if o.CategoryHit {
			t.CategoryHit++
		}
	case "wording":
		t.Wording++
		if o.Flagged {
			t.Raised++
		}
	default:
		t.Quiet++
		if o.AboveNone {
			t.Loud++
		}
	}
}

// Figures are the scores of a run: all pairs, then by language and by kind
// of document.
type Figures struct {
	All    Tally
	ByLang map[string]*Tally
	ByKind map[string]*Tally
}

// Score tallies outcomes.
func Score(outs []Outcome) Figures {
	f := Figures{ByLang: map[string]*Tally{}, ByKind: map[string]*Tally{}}
	for _, o := range outs {
		f.All.add(o)
		group(f.ByLang, o.Pair.Lang).add(o)
		group(f.ByKind, o.Pair.Kind).add(o)
	}
	return f
}

func group(m map[string]*Tally, k string) *Tally {
	if m[k] == nil {
		m[k] = &Tally{}
	}
	return m[k]
}

// Rates of a tally. A rate of a group with no pair of its label is -1.
func (t Tally) Recall() float64         { return rate(t.Flagged, t.Material) }
func (t Tally) CategoryRecall() float64 { return rate(t.CategoryHit, t.Material) }
func (t Tally) WordingRaised() float64  { return rate(t.Raised, t.Wording) }
func (t Tally) QuietLoud() float64      { return rate(t.Loud, t.Quiet) }

func rate(n, of int) float64 {
	if of == 0 {
		return -1
	}
	return float64(n) / float64(of)
}

// Table prints the figures as a Markdown table.
func (f Figures) Table() string {
	var b strings.Builder
	b.WriteString("| group | pairs | material flagged | in its category | wording raised to medium+ | date/format above none |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|\n")
	row := func(name string, t Tally) {
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s |\n", name, t.Material+t.Wording+t.Quiet,
			frac(t.Flagged, t.Material), frac(t.CategoryHit, t.Material), frac(t.Raised, t.Wording), frac(t.Loud, t.Quiet))
	}
	row("all", f.All)
	for _, k := range sortedKeys(f.ByLang) {
		row("lang "+k, *f.ByLang[k])
	}
	for _, k := range sortedKeys(f.ByKind) {
		row("kind "+k, *f.ByKind[k])
	}
	return b.String()
}

func frac(n, of int) string {
	if of == 0 {
		return "–"
	}
	return fmt.Sprintf("%d/%d (%.0f%%)", n, of, 100*float64(n)/float64(of))
}

func sortedKeys(m map[string]*Tally) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Floors are the least figures the classifier must reach: recall and
// category recall at least the floor, wording raised and date/format
// reported above none at most the ceiling. They may only be tightened:
// raise a floor (lower a ceiling) when the classifier does better, never
// the other way.
type Floors struct {
	Recall         map[string]float64 `json:"recall"`          // group → least material recall
	CategoryRecall map[string]float64 `json:"category_recall"` // group → least recall in the right category
	WordingRaised  map[string]float64 `json:"wording_raised"`  // group → most wording raised to medium or high
	QuietLoud      map[string]float64 `json:"quiet_loud"`      // group → most date/format edits above none
}

// ReadFloors reads a floors file.
func ReadFloors(path string) (Floors, error) {
	var f Floors
	b, err := os.ReadFile(path)
	if err != nil {
		return f, fmt.Errorf("realset: read floors: %w", err)
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return f, fmt.Errorf("realset: %s: %w", path, err)
	}
	return f, nil
}

// Check lists the figures that fall below their floor or above their
// ceiling. Groups are "all", "lang xx" and "kind yy".
func (f Figures) Check(fl Floors) []string {
	var out []string
	tallies := map[string]Tally{"all": f.All}
	for k, t := range f.ByLang {
		tallies["lang "+k] = *t
	}
	for k, t := range f.ByKind {
		tallies["kind "+k] = *t
	}
	const eps = 1e-9
	check := func(what string, bounds map[string]float64, get func(Tally) float64, atLeast bool) {
		for _, g := range sortedFloats(bounds) {
			t, ok := tallies[g]
			if !ok {
				out = append(out, fmt.Sprintf("%s of %s: no such group in the set", what, g))
				continue
			}
			v := get(t)
			if v < 0 {
				continue
			}
			if atLeast && v < bounds[g]-eps || !atLeast && v > bounds[g]+eps {
				out = append(out, fmt.Sprintf("%s of %s is %.3f, beyond the bound %.3f", what, g, v, bounds[g]))
			}
		}
	}
	check("material recall", fl.Recall, Tally.Recall, true)
	check("category recall", fl.CategoryRecall, Tally.CategoryRecall, true)
	check("wording raised", fl.WordingRaised, Tally.WordingRaised, false)
	check("date/format above none", fl.QuietLoud, Tally.QuietLoud, false)
	return out
}

func sortedFloats(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Tighten returns floors no looser than fl and as tight as the figures f:
// each floor is raised to the figure reached, each ceiling lowered to it.
func (f Figures) Tighten(fl Floors) Floors {
	out := Floors{Recall: map[string]float64{}, CategoryRecall: map[string]float64{},
		WordingRaised: map[string]float64{}, QuietLoud: map[string]float64{}}
	tallies := map[string]Tally{"all": f.All}
	for k, t := range f.ByLang {
		tallies["lang "+k] = *t
	}
	for k, t := range f.ByKind {
		tallies["kind "+k] = *t
	}
	up := func(dst, old map[string]float64, g string, v float64) {
		if prev, ok := old[g]; ok && prev > v {
			v = prev
		}
		dst[g] = round3down(v)
	}
	down := func(dst, old map[string]float64, g string, v float64) {
		if prev, ok := old[g]; ok && prev < v {
			v = prev
		}
		dst[g] = round3up(v)
	}
	for g, t := range tallies {
		if v := t.Recall(); v >= 0 {
			up(out.Recall, fl.Recall, g, v)
		}
		if v := t.CategoryRecall(); v >= 0 {
			up(out.CategoryRecall, fl.CategoryRecall, g, v)
		}
		if v := t.WordingRaised(); v >= 0 {
			down(out.WordingRaised, fl.WordingRaised, g, v)
		}
		if v := t.QuietLoud(); v >= 0 {
			down(out.QuietLoud, fl.QuietLoud, g, v)
		}
	}
	return out
}

// Floors are written with three decimals, rounded so that the figure
// that set them still meets them.
func round3down(v float64) float64 { return math.Floor(v*1000) / 1000 }
func round3up(v float64) float64   { return math.Ceil(v*1000) / 1000 }

// WriteFloors stores floors as indented JSON.
func WriteFloors(path string, fl Floors) error {
	b, err := json.MarshalIndent(fl, "", "  ")
	if err != nil {
		return fmt.Errorf("realset: floors: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("realset: write floors: %w", err)
	}
	return nil
}
