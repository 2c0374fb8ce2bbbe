package classify

import (
	"fmt"
	"strconv"
	"strings"
)

// boundKind is what sort of time limit a phrase sets.
type boundKind int

const (
	boundFixed      boundKind = iota // "30 days", "ten (10) years"
	boundIndefinite                  // "indefinitely", "permanently"
	boundNecessary                   // "as long as necessary": bounded by purpose, not by a date
	boundAccount                     // "as long as your account is active"
	boundVague                       // "a reasonable time", "promptly"
	boundImmediate                   // "immediately", "without delay"
	boundDiscretion                  // "as long as we deem necessary": bounded by the vendor's say
	boundOnRequest                   // "until you ask us to delete it": kept unless the user acts
)

// bound is one time limit found in a clause.
type bound struct {
	kind     boundKind
	days     float64 // for boundFixed
	text     string  // the wording, for reasons
	from, to int     // token range [from, to)
	// lead marks advance notice ("at least 30 days before"): there a
	// longer period protects the user.
	lead bool
}

func (b bound) String() string { return b.text }

// boundOrder is the order time-limit phrases are tried in: a phrase listed
// earlier wins a tie ("as long as we deem necessary" is discretion before
// it is "as long as * necessary").
var boundOrder = []boundKind{boundIndefinite, boundDiscretion, boundOnRequest,
	boundNecessary, boundAccount, boundVague, boundImmediate}

// readNumber reads a number at toks[i]: digits, words ("twenty four",
// "one hundred") or both ("ten (10)"). It returns the value and how many
// tokens it used.
func (v *vocab) readNumber(toks []token, i int) (float64, int) {
	if i >= len(toks) {
		return 0, 0
	}
	if d, ok := digits(toks[i].raw); ok {
		return d, 1
	}
	total, cur, n := 0.0, 0.0, 0
	for i+n < len(toks) {
		t := toks[i+n]
		if d, ok := v.numbers[t.raw]; ok {
			cur += d
		} else if v.hundred[t.stem] && n > 0 {
			cur *= 100
		} else if v.thousand[t.stem] && n > 0 {
			total += cur * 1000
			cur = 0
		} else if v.numberAnd[t.stem] && n > 0 && i+n+1 < len(toks) && v.numbers[toks[i+n+1].raw] > 0 {
			// "one hundred and twenty"
		} else {
			break
		}
		n++
	}
	if n == 0 {
		return 0, 0
	}
	total += cur
	// "ten (10) years": the digits repeat the words.
	if i+n < len(toks) {
		if d, ok := digits(toks[i+n].raw); ok && d == total {
			n++
		}
	}
	return total, n
}

// digits reads a token made of digits only.
func digits(s string) (float64, bool) {
	if s == "" || !allDigits(s) {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// ages finds age thresholds ("under the age of 13", "16 years of age",
// "enfants de moins de 15 ans") and returns them with the token ranges
// they cover. A number is an age after a phrase that says so ("age of"),
// or after "under"/"over" unless a unit follows in a sentence that speaks
// of no child ("over 2 years" is a period), or when "years" and "old" or
// "of age" follow it.
func (v *vocab) ages(text string, toks []token, st []string, sent []int) []bound {
	lead := make([]int8, len(toks)+1) // 2: strong lead ends here, 1: weak
	leadAt := make([]int, len(toks)+1)
	for _, h := range v.ageWeak.find(st) {
		lead[h.to], leadAt[h.to] = 1, h.from
	}
	for _, h := range v.ageStrong.find(st) {
		lead[h.to], leadAt[h.to] = 2, h.from
	}
	var tails []bool
	if len(v.ageTail.patterns) > 0 {
		tails = make([]bool, len(toks)+1)
		for _, h := range v.ageTail.find(st) {
			tails[h.from] = true
		}
	}
	tailAt := func(k int) int { // tokens an age tail covers at k
		if tails == nil || k >= len(toks) || !tails[k] {
			return 0
		}
		for _, h := range v.ageTail.find(st[k:min(len(st), k+4)]) {
			if h.from == 0 {
				return h.to
			}
		}
		return 0
	}
	var childish map[int]bool
	context := func(k int) bool {
		if childish == nil {
			childish = map[int]bool{}
			for i, t := range toks {
				if v.ageContext[t.stem] {
					childish[sent[i]] = true
				}
			}
		}
		return childish[sent[k]]
	}
	var out []bound
	for i := 0; i < len(toks); i++ {
		d, n := v.readNumber(toks, i)
		if n == 0 {
			continue
		}
		end := i + n
		isYear := end < len(toks) && v.yearUnits[toks[end].stem]
		tail := 0
		if isYear {
			tail = tailAt(end + 1)
		}
		start := i
		switch {
		case lead[i] > 0 && d >= 1 && d <= 25:
			start = leadAt[i]
			if end < len(toks) && v.units[toks[end].stem] > 0 {
				if !isYear || tail == 0 && lead[i] == 1 && !context(i) {
					continue // "over 2 years" is a period, not an age
				}
				end++
			}
		case isYear && tail > 0:
			end++
		default:
			continue
		}
		end += tail
		out = append(out, bound{kind: boundFixed, days: d, text: quote(text, toks, start, end-1), from: start, to: end})
		i = end - 1
	}
	return out
}

// durations finds time limits in toks, skipping the ranges in skip (ages).
func (v *vocab) durations(text string, toks []token, st []string, skip []bound) []bound {
	covered := make([]bool, len(toks))
	for _, b := range skip {
		for k := b.from; k < b.to && k < len(toks); k++ {
			covered[k] = true
		}
	}
	var out []bound
	for _, h := range v.vagueSet.find(st) {
		if covered[h.from] {
			continue
		}
		out = append(out, bound{kind: v.vagueKinds[h.id], text: quote(text, toks, h.from, h.to-1), from: h.from, to: h.to})
		for k := h.from; k < h.to; k++ {
			covered[k] = true
		}
	}
	for i := 0; i < len(toks); i++ {
		if covered[i] {
			continue
		}
		num, n := v.readNumber(toks, i)
		if n == 0 && v.ones[toks[i].stem] && i > 0 && v.oneAfter[toks[i-1].stem] {
			num, n = 1, 1
		}
		if n == 0 {
			continue
		}
		j := i + n
		factor := 1.0
		if j < len(toks) {
			if f, ok := v.dayQualifiers[toks[j].raw]; ok {
				factor = f
				j++
			}
		}
		if j >= len(toks) || covered[j] {
			continue
		}
		unit, ok := v.units[toks[j].stem]
		if !ok {
			continue
		}
		if unit != 1 {
			factor = 1
		}
		out = append(out, bound{kind: boundFixed, days: num * unit * factor, text: quote(text, toks, i, j), from: i, to: j + 1,
			lead: v.leadTime(toks, i, j+1)})
		i = j
	}
	return out
}

// leadTime reports whether the period at [from, to) is advance notice.
func (v *vocab) leadTime(toks []token, from, to int) bool {
	if from >= 2 && v.leadBefore[toks[from-1].stem] || from >= 3 && v.functionWords[toks[from-1].stem] && v.leadBefore[toks[from-2].stem] {
		return true
	}
	for k := to; k < len(toks) && k < to+3; k++ {
		if v.leadAfter[toks[k].stem] {
			return true
		}
	}
	return false
}

// longest returns the longest fixed bound, or ok=false when there is none.
func longest(bs []bound) (bound, bool) {
	var best bound
	ok := false
	for _, b := range bs {
		if b.kind == boundFixed && (!ok || b.days > best.days) {
			best, ok = b, true
		}
	}
	return best, ok
}

func firstOf(bs []bound, kinds ...boundKind) (bound, bool) {
	for _, b := range bs {
		for _, k := range kinds {
			if b.kind == k {
				return b, true
			}
		}
	}
	return bound{}, false
}

func hasKind(bs []bound, k boundKind) bool {
	_, ok := firstOf(bs, k)
	return ok
}

func describe(bs []bound) string {
	var parts []string
	for _, b := range bs {
		parts = append(parts, fmt.Sprintf("%q", b.text))
	}
	if len(parts) == 0 {
		return "no time limit stated"
	}
	return strings.Join(parts, ", ")
}

// approxEqual reports whether two durations are one term written two
// ways ("12 months", "one year"; see sameTerm).
func approxEqual(a, b float64) bool { return a <= b*sameTerm && b <= a*sameTerm }
