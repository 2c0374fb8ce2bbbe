package classify

import (
	"strconv"
	"strings"
)

// carryOver counts, over every changed clause of one report, the terms,
// practices and conditions on the old side and on the new side. When a
// paragraph is split, merged or reflowed, the diff may report part of a
// clause as added and part as modified; a recipient that left one changed
// clause and arrived in another was not newly permitted. Unchanged clauses
// hold the same on both sides, so changed clauses are enough.
type carryOver struct {
	old, new map[string]int
}

func newCarryOver() *carryOver {
	return &carryOver{old: map[string]int{}, new: map[string]int{}}
}

func termKey(h termHit) string {
	return "t" + strconv.Itoa(h.term) + "/" + strconv.FormatBool(h.negated)
}

func practiceKey(o occurrence) string {
	return "p" + o.name + "/" + strconv.FormatBool(o.negated)
}

// strongKey marks a commitment made without "may" or a hedge: a promise
// restated elsewhere only as "may notify" was weakened, not moved.
func strongKey(o occurrence) string { return practiceKey(o) + "/strong" }

func wordKey(t token) string { return "w/" + t.raw }

const (
	addressKey = "c/address"
	consentKey = "c/consent"
	withoutKey = "c/without"
)

// count adds what a clause says to one side.
func (p *carryOver) count(c *clause, side map[string]int) {
	for _, h := range c.terms {
		side[termKey(h)]++
	}
	for _, o := range c.actions {
		side[practiceKey(o)]++
		if o.strong && !c.v.actionDefs[o.action].power {
			side[strongKey(o)]++
		}
	}
	for _, n := range c.names(true) {
		side[nameKey(n)]++
	}
	for _, e := range c.entities() {
		side["e/"+e.key]++
	}
	for _, a := range c.amounts() {
		side["a/"+a]++
	}
	for _, n := range c.registrations() {
		side["r/"+n]++
	}
	for _, b := range c.ages {
		side[ageKey(b)]++
	}
	for _, b := range fixedOnly(c.bounds) {
		side[boundKey(b)]++
	}
	for _, t := range c.toks {
		side[wordKey(t)]++
	}
	if c.isAddress() {
		side[addressKey]++
	}
	side[consentKey] += len(c.consent)
	side[withoutKey] += len(c.without)
}

// carriedIn reports whether something a clause gained is found as often
// on the old side of the report: it came from another changed clause.
func (p *carryOver) carriedIn(key string) bool {
	return p != nil && p.new[key] <= p.old[key]
}

// practiceCarriedIn reports whether a practice a clause now states was
// stated on the old side of some changed clause. Splitting a sentence
// repeats its verb, so presence, not count, is what matters.
func (p *carryOver) practiceCarriedIn(key string) bool {
	return p != nil && p.old[key] > 0
}

// practiceCarriedOut reports whether a practice a clause no longer states
// is still stated on the new side of some changed clause.
func (p *carryOver) practiceCarriedOut(key string) bool {
	return p != nil && p.new[key] > 0
}

// carriedOut reports whether something a clause lost is found as often on
// the new side of the report: it went to another changed clause.
func (p *carryOver) carriedOut(key string) bool {
	return p != nil && p.old[key] <= p.new[key]
}

// lostAny reports whether something of a kind (a key prefix) is found
// less often on the new side of the report than on the old.
func (p *carryOver) lostAny(prefix string) bool {
	if p == nil {
		return false
	}
	for k, n := range p.old {
		if strings.HasPrefix(k, prefix) && p.new[k] < n {
			return true
		}
	}
	return false
}
