package classify

import (
	"strconv"
	"strings"
)

const year = 365.0

// sameTerm is how far apart two durations may be and still be one term:
// a month counts 30 days, so "24 months" and "two years", "12 months"
// and "one year" differ by little more than 1%.
const sameTerm = 1.02

// compareBounds rates changed time limits and age thresholds.
func compareBounds(old, new *clause) []signal {
	var out []signal
	out = append(out, compareAges(old, new)...)
	switch {
	case len(old.toks) == 0:
		// A new clause: only open-ended retention is worth raising here;
		// the practice itself is rated by comparePractices.
		if b, ok := firstOf(new.bounds, boundIndefinite); ok && hasAny(new.toks, new.v.retentionWords) {
			out = append(out, sig(High, Retention, "retention: %q", b.text))
		}
		return out
	case len(new.toks) == 0 || len(old.bounds)+len(new.bounds) == 0:
		return out
	}
	if len(old.bounds) == 0 {
		// A fixed period where the clause had none ("changes take
		// effect 1 month after we tell you"), and none like it left
		// another changed clause.
		for _, b := range fixedOnly(new.bounds) {
			if !new.pool.carriedIn(boundKey(b)) {
				cat := first(new.topics(), Other)
				if hasAny(new.toks, new.v.retentionWords) {
					cat = Retention
				}
				return append(out, sig(Medium, cat, "period stated: %q", b.text))
			}
		}
	}
	v := new.v
	retention := hasAny(old.toks, v.retentionWords) || hasAny(new.toks, v.retentionWords)
	deadline := hasAny(old.toks, v.deadlineWords) || hasAny(new.toks, v.deadlineWords)
	strong := hasAny(old.toks, v.strongDeadlineWords) || hasAny(new.toks, v.strongDeadlineWords)
	// "Changes take effect 30 days after we notify you": on a clause about
	// policy changes, a period is the warning users get.
	policy := old.hasTopic(PolicyChange) || new.hasTopic(PolicyChange)
	switch {
	case policy && !retention:
		return append(out, compareNotice(old, new)...)
	case deadline && (!retention || strong):
		return append(out, compareDeadlines(old, new)...)
	case retention:
		return append(out, compareRetention(old, new)...)
	}
	of, okO := longest(old.bounds)
	nf, okN := longest(new.bounds)
	if okO && okN && !approxEqual(of.days, nf.days) {
		// A period that governs something (a trial, a notice, an
		// inactivity delay) changed: the terms changed.
		out = append(out, sig(Medium, first(new.topics(), Other), "period changed: %q → %q", of.text, nf.text))
	}
	return out
}

func compareRetention(old, new *clause) []signal {
	of, nf, okO, okN := pairBounds(old.bounds, new.bounds)
	openOld := hasKind(old.bounds, boundNecessary) || hasKind(old.bounds, boundAccount)
	openNew := hasKind(new.bounds, boundNecessary) || hasKind(new.bounds, boundAccount)
	if b, ok := firstOf(new.bounds, boundIndefinite); ok && !hasKind(old.bounds, boundIndefinite) {
		return []signal{sig(High, Retention, "retention extended: %s → %q", describe(old.bounds), b.text)}
	}
	if b, ok := firstOf(old.bounds, boundIndefinite); ok && !hasKind(new.bounds, boundIndefinite) {
		return []signal{sig(Low, Retention, "retention limited: %q → %s", b.text, describe(new.bounds))}
	}
	// The vendor's own judgement, or the user having to ask, replaces a
	// limit the vendor was held to.
	for _, k := range []boundKind{boundDiscretion, boundOnRequest} {
		b, ok := firstOf(new.bounds, k)
		if !ok || hasKind(old.bounds, k) || hasKind(old.bounds, boundDiscretion) {
			continue
		}
		what := "left to the vendor's judgement"
		if k == boundOnRequest {
			what = "kept until you ask for deletion"
		}
		return []signal{sig(Medium, Retention, "retention %s: %s → %q", what, describe(old.bounds), b.text)}
	}
	vagueOld := !okO && hasKind(old.bounds, boundVague)
	switch {
	case okO && okN && nf.days > of.days*sameTerm:
		sev := Medium
		if nf.days >= 3*year || nf.days >= 4*of.days && nf.days >= 30 {
			sev = High
		}
		return []signal{sig(sev, Retention, "retention extended: %q → %q", of.text, nf.text)}
	case okO && okN && nf.days < of.days/sameTerm:
		return []signal{sig(Low, Retention, "retention shortened: %q → %q", of.text, nf.text)}
	case !okO && okN && (openOld || vagueOld):
		b, _ := firstOf(old.bounds, boundNecessary, boundAccount, boundVague)
		// "A reasonable period" commonly means a year or two (cookie and
		// marketing records); only a longer fixed term widens it.
		medium := year
		if !openOld {
			medium = 2*year + 1
		}
		switch {
		case nf.days >= 3*year:
			return []signal{sig(High, Retention, "retention extended: %q → %q", b.text, nf.text)}
		case nf.days >= medium:
			return []signal{sig(Medium, Retention, "retention extended: %q → %q", b.text, nf.text)}
		}
		return []signal{sig(Low, Retention, "retention limit made precise: %q → %q", b.text, nf.text)}
	case okO && !okN && (openNew || hasKind(new.bounds, boundVague)):
		b, _ := firstOf(new.bounds, boundNecessary, boundAccount, boundVague)
		return []signal{sig(Medium, Retention, "precise retention limit replaced by an open-ended one: %q → %q", of.text, b.text)}
	}
	return nil
}

func compareDeadlines(old, new *clause) []signal {
	cat := deadlineCategory(new)
	of, nf, okO, okN := pairBounds(old.bounds, new.bounds)
	if okO && okN && of.lead && nf.lead {
		return compareLeadTimes(cat, of, nf)
	}
	immO, immN := hasKind(old.bounds, boundImmediate), hasKind(new.bounds, boundImmediate)
	vagueO, vagueN := hasKind(old.bounds, boundVague), hasKind(new.bounds, boundVague)
	switch {
	case okO && okN && nf.days > of.days*sameTerm:
		sev := Medium
		if nf.days >= 4*of.days && nf.days >= 30 {
			sev = High
		}
		return []signal{sig(sev, cat, "deadline extended: %q → %q", of.text, nf.text)}
	case okO && okN && nf.days < of.days/sameTerm:
		return []signal{sig(Low, cat, "deadline shortened: %q → %q", of.text, nf.text)}
	case (okO || immO) && !okN && !immN && vagueN:
		b, _ := firstOf(new.bounds, boundVague)
		return []signal{sig(Medium, cat, "precise deadline replaced by a vague one: %s → %q", describe(old.bounds), b.text)}
	case (okO || immO) && !okN && !immN && !vagueN:
		return []signal{sig(Medium, cat, "deadline removed: %s", describe(old.bounds))}
	case immO && !immN && okN:
		return []signal{sig(Medium, cat, "deadline extended: %s → %q", describe(old.bounds), nf.text)}
	case !okO && vagueO && okN:
		return []signal{sig(Low, cat, "deadline made precise: %s → %q", describe(old.bounds), nf.text)}
	}
	return nil
}

func deadlineCategory(c *clause) string {
	if !c.hasTopic(Security) && hasAny(c.toks, c.v.requestWords) {
		return Rights
	}
	return c.commitmentTopic()
}

// compareNotice rates the periods of a clause about policy changes as
// advance notice: the fixed ones, paired in order.
func compareNotice(old, new *clause) []signal {
	of, nf, okO, okN := pairBounds(old.bounds, new.bounds)
	if okO && okN {
		return compareLeadTimes(PolicyChange, of, nf)
	}
	return nil
}

// compareLeadTimes rates a changed advance notice: less warning before a
// change takes effect is the weakening direction.
func compareLeadTimes(cat string, o, n bound) []signal {
	switch {
	case n.days < o.days/sameTerm:
		return []signal{sig(Medium, cat, "advance notice shortened: %q → %q", o.text, n.text)}
	case n.days > o.days*sameTerm:
		return []signal{sig(Low, cat, "advance notice lengthened: %q → %q", o.text, n.text)}
	}
	return nil
}

// pairBounds picks the fixed limits to compare. When both sides state as
// many fixed limits, they are paired in order and the first pair that
// differs is returned ("logs 30 days, backups 90 days" → "logs 60 days,
// backups 90 days"); otherwise the longest of each side.
func pairBounds(old, nw []bound) (o, n bound, okO, okN bool) {
	of, nf := fixedOnly(old), fixedOnly(nw)
	if len(of) == len(nf) && len(of) > 1 {
		for i := range of {
			if !approxEqual(of[i].days, nf[i].days) {
				return of[i], nf[i], true, true
			}
		}
	}
	o, okO = longest(old)
	n, okN = longest(nw)
	return o, n, okO, okN
}

// plausibleAge reports whether an age read from a clause is written in
// digits and is one a service sets (8 to 21 years): "mindestens eine
// Option" or "plus de deux ans" are no ages.
func plausibleAge(b bound) bool {
	return strings.ContainsAny(b.text, "0123456789") && b.days >= 8 && b.days <= 21 // ages are kept in years
}

func ageKey(b bound) string { return "g/" + strconv.FormatFloat(b.days, 'f', 0, 64) }

func fixedOnly(bs []bound) []bound {
	var out []bound
	for _, b := range bs {
		if b.kind == boundFixed {
			out = append(out, b)
		}
	}
	return out
}

// compareAges rates a changed minimum age: a lower one lets the vendor
// handle younger children's data.
func compareAges(old, new *clause) []signal {
	if len(old.ages) == 0 || len(new.ages) == 0 {
		if s := eligibilityAdded(old, new); s != nil {
			return s
		}
		if len(new.ages) > 0 && len(old.toks) > 0 {
			return []signal{sig(Low, Children, "age threshold stated: %q", new.ages[0].text)}
		}
		if len(new.ages) > 0 && len(old.toks) == 0 && plausibleAge(new.ages[0]) && !new.pool.carriedIn(ageKey(new.ages[0])) && !new.negatedSegment(new.seg[new.ages[0].from]) {
			// A clause added that sets an age ("you must be at least
			// 13 to create an account"): who may use the service, or
			// whose data is handled, is now bounded by age.
			return []signal{sig(Medium, Children, "age threshold added: %q", new.ages[0].text)}
		}
		return nil
	}
	// As many thresholds on both sides: the first pair that differs
	// ("under 18 … under 18" → "under 18 … under 13"); otherwise the
	// lowest of each side.
	o, n := lowestAge(old.ages), lowestAge(new.ages)
	if len(old.ages) == len(new.ages) {
		for i := range old.ages {
			if old.ages[i].days != new.ages[i].days {
				o, n = old.ages[i], new.ages[i]
				break
			}
		}
	}
	switch {
	case n.days < o.days:
		return []signal{sig(Medium, Children, "age threshold lowered: %q → %q", o.text, n.text)}
	case n.days > o.days:
		return []signal{sig(Low, Children, "age threshold raised: %q → %q", o.text, n.text)}
	}
	return nil
}

func lowestAge(bs []bound) bound {
	low := bs[0]
	for _, b := range bs[1:] {
		if b.days < low.days {
			low = b
		}
	}
	return low
}

func boundKey(b bound) string { return "b/" + strconv.FormatFloat(b.days, 'f', 3, 64) }
