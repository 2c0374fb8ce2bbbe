package classify

// Words that make a time limit a deadline the vendor must meet (answer a
// request, notify a breach) rather than a retention period.
var (
	deadlineWords = stemSet("respond", "response", "reply", "notify", "notification",
		"request", "acknowledge", "take", "inform", "honor", "honour")
	// Deadline words strong enough to win over retention words in one
	// clause ("we will delete it and notify you within 30 days").
	strongDeadlineWords = stemSet("respond", "response", "reply", "notify", "notification", "acknowledge")
	retentionWords = stemSet("retain", "retention", "keep", "kept", "store", "storage",
		"delete", "deletion", "preserve", "hold", "archive", "erase", "purge", "destroy",
		"expire", "expiry", "persist", "remain", "retained", "stored")
)

const year = 365.0

// compareBounds rates changed time limits and age thresholds.
func compareBounds(old, new *clause) []signal {
	var out []signal
	out = append(out, compareAges(old, new)...)
	switch {
	case len(old.toks) == 0:
		// A new clause: only open-ended retention is worth raising here;
		// the practice itself is rated by comparePractices.
		if b, ok := firstOf(new.bounds, boundIndefinite); ok && hasAny(new.toks, retentionWords) {
			out = append(out, sig(High, Retention, "retention: %q", b.text))
		}
		return out
	case len(new.toks) == 0 || len(old.bounds)+len(new.bounds) == 0:
		return out
	}
	retention := hasAny(old.toks, retentionWords) || hasAny(new.toks, retentionWords)
	deadline := hasAny(old.toks, deadlineWords) || hasAny(new.toks, deadlineWords)
	strong := hasAny(old.toks, strongDeadlineWords) || hasAny(new.toks, strongDeadlineWords)
	switch {
	case deadline && (!retention || strong):
		return append(out, compareDeadlines(old, new)...)
	case retention:
		return append(out, compareRetention(old, new)...)
	}
	of, okO := longest(old.bounds)
	nf, okN := longest(new.bounds)
	if okO && okN && !approxEqual(of.days, nf.days) {
		out = append(out, sig(Low, first(new.topics(), Other), "period changed: %q → %q", of.text, nf.text))
	}
	return out
}

func compareRetention(old, new *clause) []signal {
	of, okO := longest(old.bounds)
	nf, okN := longest(new.bounds)
	openOld := hasKind(old.bounds, boundNecessary) || hasKind(old.bounds, boundAccount)
	openNew := hasKind(new.bounds, boundNecessary) || hasKind(new.bounds, boundAccount)
	if b, ok := firstOf(new.bounds, boundIndefinite); ok && !hasKind(old.bounds, boundIndefinite) {
		return []signal{sig(High, Retention, "retention extended: %s → %q", describe(old.bounds), b.text)}
	}
	if b, ok := firstOf(old.bounds, boundIndefinite); ok && !hasKind(new.bounds, boundIndefinite) {
		return []signal{sig(Low, Retention, "retention limited: %q → %s", b.text, describe(new.bounds))}
	}
	switch {
	case okO && okN && nf.days > of.days*1.001:
		sev := Medium
		if nf.days >= 3*year || nf.days >= 4*of.days && nf.days >= 30 {
			sev = High
		}
		return []signal{sig(sev, Retention, "retention extended: %q → %q", of.text, nf.text)}
	case okO && okN && nf.days < of.days*0.999:
		return []signal{sig(Low, Retention, "retention shortened: %q → %q", of.text, nf.text)}
	case !okO && okN && openOld:
		b, _ := firstOf(old.bounds, boundNecessary, boundAccount)
		switch {
		case nf.days >= 3*year:
			return []signal{sig(High, Retention, "retention extended: %q → %q", b.text, nf.text)}
		case nf.days >= year:
			return []signal{sig(Medium, Retention, "retention extended: %q → %q", b.text, nf.text)}
		}
		return []signal{sig(Low, Retention, "retention limit made precise: %q → %q", b.text, nf.text)}
	case okO && !okN && openNew:
		b, _ := firstOf(new.bounds, boundNecessary, boundAccount)
		return []signal{sig(Medium, Retention, "precise retention limit replaced by an open-ended one: %q → %q", of.text, b.text)}
	}
	return nil
}

func compareDeadlines(old, new *clause) []signal {
	cat := deadlineCategory(new)
	of, okO := longest(old.bounds)
	nf, okN := longest(new.bounds)
	immO, immN := hasKind(old.bounds, boundImmediate), hasKind(new.bounds, boundImmediate)
	vagueO, vagueN := hasKind(old.bounds, boundVague), hasKind(new.bounds, boundVague)
	switch {
	case okO && okN && nf.days > of.days*1.001:
		sev := Medium
		if nf.days >= 4*of.days && nf.days >= 30 {
			sev = High
		}
		return []signal{sig(sev, cat, "deadline extended: %q → %q", of.text, nf.text)}
	case okO && okN && nf.days < of.days*0.999:
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

var requestWords = stemSet("request", "requests")

func deadlineCategory(c *clause) string {
	if !c.hasTopic(Security) && hasAny(c.toks, requestWords) {
		return Rights
	}
	return c.commitmentTopic()
}

// compareAges rates a changed minimum age: a lower one lets the vendor
// handle younger children's data.
func compareAges(old, new *clause) []signal {
	if len(old.ages) == 0 || len(new.ages) == 0 {
		if len(new.ages) > 0 && len(old.toks) > 0 {
			return []signal{sig(Low, Children, "age threshold stated: %q", new.ages[0].text)}
		}
		return nil
	}
	o, n := old.ages[0], new.ages[0]
	switch {
	case n.days < o.days:
		return []signal{sig(Medium, Children, "age threshold lowered: %q → %q", o.text, n.text)}
	case n.days > o.days:
		return []signal{sig(Low, Children, "age threshold raised: %q → %q", o.text, n.text)}
	}
	return nil
}
