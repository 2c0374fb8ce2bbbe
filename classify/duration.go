package classify

import (
	"fmt"
	"math"
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

var vagueBounds = []struct {
	kind     boundKind
	patterns []string
}{
	{boundIndefinite, []string{
		"indefinitely", "permanently", "forever", "in perpetuity", "perpetual",
		"perpetually", "without time limit", "no time limit", "unlimited period",
		"as long as we see|deem fit", "as long as we wish|choose|like",
	}},
	// Before boundNecessary: "as long as we deem necessary" would match
	// "as long as * necessary" too, and the first pattern wins a tie.
	{boundDiscretion, []string{
		"as long as we deem|consider|believe|determine|judge|think * necessary|appropriate|useful|needed|reasonable",
		"as long as we have a? * business need|purpose|reason|interest",
		"period we deem|consider * necessary|appropriate",
	}},
	{boundOnRequest, []string{
		"until you ask|request|instruct us? to? delete|erase|remove|deletion|erasure",
		"until you submit|make * deletion request|requests",
		"until we receive * deletion request",
	}},
	{boundNecessary, []string{
		"as long as * necessary|needed|required", "no longer than * necessary|needed|required",
		"period * necessary|needed", "until * no longer necessary|needed|required",
		"duration necessary",
	}},
	{boundAccount, []string{
		"as long as your account * active|open|exists|maintained", "while your account * active|open",
		"life of your account", "until you delete|close|terminate your account",
		"until your account * closed|deleted|terminated",
		"until you delete|remove * message|messages|content|it|them|post|posts",
	}},
	{boundVague, []string{
		"reasonable time|period|timeframe", "reasonable period of time", "promptly",
		"undue delay", "as soon as * possible|practicable|feasible", "timely",
		"in due course", "reasonable amount of time",
	}},
	{boundImmediate, []string{"immediately", "without delay", "forthwith", "instantly"}},
}

var vagueKinds, vagueSet = compileBounds()

func compileBounds() ([]boundKind, *phraseSet) {
	var kinds []boundKind
	var srcs []string
	for _, v := range vagueBounds {
		for _, p := range v.patterns {
			kinds = append(kinds, v.kind)
			srcs = append(srcs, p)
		}
	}
	return kinds, mustPhraseSet(srcs)
}

var numberWords = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

// unitDays converts a unit stem to days. Business days count as 7/5 of a
// calendar day so that "ten business days" compares with "two weeks".
var unitDays = stemKeys(map[string]float64{
	"second": 1.0 / 86400, "minute": 1.0 / 1440, "hour": 1.0 / 24, "day": 1,
	"week": 7, "month": 30, "year": 365, "decade": 3650,
})

func stemKeys(m map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[stem(k)] = v
	}
	return out
}

var dayQualifiers = map[string]float64{"business": 7.0 / 5, "working": 7.0 / 5, "calendar": 1, "consecutive": 1}

// Words before "a"/"an" that make it mean one ("for a year", "within a
// month"); elsewhere "a year" is a frequency ("once a year").
var oneAfter = stemSet("for", "within", "after", "than", "up", "to", "least", "about", "approximately", "over", "past")

// readNumber reads a number at toks[i]: digits, words ("twenty four",
// "one hundred") or both ("ten (10)"). It returns the value and how many
// tokens it used.
func readNumber(toks []token, i int) (float64, int) {
	if i >= len(toks) {
		return 0, 0
	}
	if v, ok := digits(toks[i].raw); ok {
		return v, 1
	}
	total, cur, n := 0.0, 0.0, 0
	for i+n < len(toks) {
		w := toks[i+n].raw
		if v, ok := numberWords[w]; ok {
			cur += v
		} else if w == "hundred" && n > 0 {
			cur *= 100
		} else if w == "thousand" && n > 0 {
			total += cur * 1000
			cur = 0
		} else if w == "and" && n > 0 && i+n+1 < len(toks) && numberWords[toks[i+n+1].raw] > 0 {
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
		if v, ok := digits(toks[i+n].raw); ok && v == total {
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

// ages finds age thresholds ("under the age of 13", "16 years of age") and
// returns them with the token ranges they cover.
func ages(text string, toks []token) []bound {
	var out []bound
	for i := 0; i < len(toks); i++ {
		s := toks[i].stem
		start := i
		j := -1
		switch {
		case s == "age" && i+1 < len(toks) && toks[i+1].raw == "of":
			j = i + 2
		case s == "age" && i+1 < len(toks):
			j = i + 1 // "aged 13"
		case (s == "under" || s == "below" || s == "over") && i+1 < len(toks):
			j = i + 1
		case s == "than" && i > 0 && (toks[i-1].stem == "younger" || toks[i-1].stem == "older"):
			j = i + 1
		}
		if j < 0 {
			// "13 years of age", "16 years old"
			v, n := readNumber(toks, i)
			if n > 0 && i+n+1 < len(toks) && toks[i+n].stem == "year" &&
				(toks[i+n+1].raw == "old" || toks[i+n+1].raw == "of" && i+n+2 < len(toks) && toks[i+n+2].stem == "age") {
				end := i + n + 2
				if toks[i+n+1].raw == "of" {
					end++
				}
				out = append(out, bound{kind: boundFixed, days: v, text: quote(text, toks, i, end-1), from: i, to: end})
				i = end - 1
			}
			continue
		}
		v, n := readNumber(toks, j)
		if n == 0 || v < 1 || v > 25 {
			continue
		}
		end := j + n
		if end < len(toks) && unitDays[toks[end].stem] > 0 && !(end+1 < len(toks) && (toks[end+1].raw == "old" || toks[end+1].raw == "of")) {
			continue // "over 2 years" is a period, not an age
		}
		if end+1 < len(toks) && toks[end].stem == "year" && (toks[end+1].raw == "old" || toks[end+1].raw == "of") {
			end += 2
			if end < len(toks) && toks[end].stem == "age" {
				end++
			}
		}
		out = append(out, bound{kind: boundFixed, days: v, text: quote(text, toks, start, end-1), from: start, to: end})
		i = end - 1
	}
	return out
}

// durations finds time limits in toks, skipping the ranges in skip (ages).
func durations(text string, toks []token, skip []bound) []bound {
	covered := make([]bool, len(toks))
	for _, b := range skip {
		for k := b.from; k < b.to && k < len(toks); k++ {
			covered[k] = true
		}
	}
	var out []bound
	for _, h := range vagueSet.find(stems(toks)) {
		if covered[h.from] {
			continue
		}
		out = append(out, bound{kind: vagueKinds[h.id], text: quote(text, toks, h.from, h.to-1), from: h.from, to: h.to})
		for k := h.from; k < h.to; k++ {
			covered[k] = true
		}
	}
	for i := 0; i < len(toks); i++ {
		if covered[i] {
			continue
		}
		v, n := readNumber(toks, i)
		if n == 0 && (toks[i].raw == "a" || toks[i].raw == "an") && i > 0 && oneAfter[toks[i-1].stem] {
			v, n = 1, 1
		}
		if n == 0 {
			continue
		}
		j := i + n
		factor := 1.0
		if j < len(toks) {
			if f, ok := dayQualifiers[toks[j].raw]; ok {
				factor = f
				j++
			}
		}
		if j >= len(toks) || covered[j] {
			continue
		}
		unit, ok := unitDays[toks[j].stem]
		if !ok {
			continue
		}
		if unit != 1 {
			factor = 1
		}
		out = append(out, bound{kind: boundFixed, days: v * unit * factor, text: quote(text, toks, i, j), from: i, to: j + 1,
			lead: leadTime(toks, i, j+1)})
		i = j
	}
	return out
}

var (
	leadBefore = stemSet("least", "minimum")
	leadAfter  = stemSet("before", "prior", "advance", "ahead", "beforehand")
)

// leadTime reports whether the period at [from, to) is advance notice.
func leadTime(toks []token, from, to int) bool {
	if from >= 2 && leadBefore[toks[from-1].stem] || from >= 3 && toks[from-1].raw == "of" && leadBefore[toks[from-2].stem] {
		return true
	}
	for k := to; k < len(toks) && k < to+3; k++ {
		if leadAfter[toks[k].stem] {
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

func approxEqual(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
