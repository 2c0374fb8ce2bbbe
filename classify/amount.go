package classify

import (
	"regexp"
	"slices"
	"strings"
)

// Amounts of money are read from the text: "$20", "€ 2.500,00", "99,99 €",
// "40,00 EUR", "USD 500". A price, a fee, a cap on liability or an
// insurance limit that changed is a change of terms whatever words carry
// it.
var amountRe = regexp.MustCompile(`(?i)(?:[$€£¥]|\b(?:usd|eur|gbp|chf|czk|pln|sek|dkk|cad|aud|brl)\b)\s?\d[\d.,]*(?:\s?(?:million|billion|mio|mrd))?|\d[\d.,]*\s?(?:[$€£¥]|\b(?:usd|eur|gbp|chf|czk|pln|sek|dkk|cad|aud|brl|euros?|dollars?|pounds?)\b)`)

// amounts lists the amounts of money a clause states, as written with
// spaces folded. The cheap check keeps clauses without a currency free.
func (c *clause) amounts() []string {
	if c.money != nil {
		return c.money
	}
	c.money = []string{}
	if !strings.ContainsAny(c.text, "$€£¥") && !hasCurrencyCode(c.text) {
		return c.money
	}
	for _, at := range amountRe.FindAllStringIndex(c.text, -1) {
		if shareCapital(c.text, at[0]) {
			continue // no price: the company's share capital (identity.go)
		}
		m := c.text[at[0]:at[1]]
		c.money = append(c.money, strings.ToLower(strings.Join(strings.Fields(strings.TrimRight(m, ".,")), "")))
	}
	return c.money
}

var currencyCodes = []string{"USD", "EUR", "GBP", "CHF", "CZK", "PLN", "SEK", "DKK", "CAD", "AUD", "BRL",
	"euro", "dollar", "pound", "Euro", "EURO"}

func hasCurrencyCode(s string) bool {
	for _, code := range currencyCodes {
		if strings.Contains(s, code) {
			return true
		}
	}
	return false
}

// compareAmounts rates amounts of money a clause gained or lost: a price,
// a fee or a limit changed. An amount that only moved to another changed
// clause is no change.
func compareAmounts(old, new *clause) []signal {
	oa, na := old.amounts(), new.amounts()
	if len(oa)+len(na) == 0 {
		return nil
	}
	gone, added := difference(oa, na), difference(na, oa)
	gone = slices.DeleteFunc(gone, func(a string) bool { return old.pool.carriedOut("a/" + a) })
	added = slices.DeleteFunc(added, func(a string) bool { return new.pool.carriedIn("a/" + a) })
	cat := Payment
	if new.hasTopic(Liability) || old.hasTopic(Liability) {
		cat = Liability
	}
	if len(gone) == 0 && len(oa) > 0 && len(added) > 0 && !slices.ContainsFunc(added, func(a string) bool {
		return slices.Contains(currencies(oa), currencyOf(a))
	}) {
		// "40 EUR" → "40 EUR/990 CZK": the same amount in one more
		// currency, for a new market.
		return []signal{sig(Low, cat, "amount also given in another currency: %q", added[0])}
	}
	switch {
	case len(gone) > 0 && len(added) > 0:
		return []signal{sig(Medium, cat, "amount changed: %q → %q", gone[0], added[0])}
	case len(added) > 0 && len(new.toks) >= 3:
		return []signal{sig(Medium, cat, "amount stated: %q", added[0])}
	case len(gone) > 0 && len(old.toks) >= 3:
		return []signal{sig(Medium, cat, "amount no longer stated: %q", gone[0])}
	}
	return nil
}

// difference lists the items of a not in b, counting repeats.
func difference(a, b []string) []string {
	left := slices.Clone(b)
	var out []string
	for _, x := range a {
		if k := slices.Index(left, x); k >= 0 {
			left = slices.Delete(left, k, k+1)
			continue
		}
		out = append(out, x)
	}
	return out
}

// currencyOf is the currency part of an amount ("€", "czk", "usd").
func currencyOf(a string) string {
	return strings.TrimFunc(a, func(r rune) bool { return r >= '0' && r <= '9' || r == '.' || r == ',' })
}

func currencies(list []string) []string {
	out := make([]string, 0, len(list))
	for _, a := range list {
		out = append(out, currencyOf(a))
	}
	return out
}

// compareQuantities rates numbers that changed in a clause about payment
// or an account's limits ("up to 20 ads" → "up to 25 ads" in a package
// sold for a price): what the user gets or pays changed. Dates, periods,
// ages, amounts and reference numbers are read elsewhere.
func compareQuantities(old, new *clause) []signal {
	// In a long paragraph a stray number is often a page or footnote
	// number that reflowed; in an address, a street number.
	if len(old.toks) == 0 || len(new.toks) == 0 || len(new.toks) > 50 || !(old.aboutPayment() || new.aboutPayment()) {
		return nil
	}
	on, nn := old.quantities(), new.quantities()
	gone, added := difference(on, nn), difference(nn, on)
	if len(gone) == 0 || len(added) == 0 {
		return nil
	}
	return []signal{sig(Medium, Payment, "quantity changed: %q → %q", gone[0], added[0])}
}

// aboutPayment reports whether a clause names a price, a fee, a renewal or
// a charge.
func (c *clause) aboutPayment() bool {
	for _, h := range c.terms {
		if c.v.termIndex[h.term].category == Payment {
			return true
		}
	}
	for _, o := range c.actions {
		if c.v.actionDefs[o.action].category == Payment {
			return true
		}
	}
	return len(c.amounts()) > 0
}

// quantities lists the plain numbers of a clause that are not part of a
// date, a period, an age or a year.
func (c *clause) quantities() []string {
	skip := make([]bool, len(c.toks))
	for _, list := range [][]bound{c.bounds, c.ages} {
		for _, b := range list {
			for k := b.from; k < b.to && k < len(skip); k++ {
				skip[k] = true
			}
		}
	}
	var out []string
	for i, t := range c.toks {
		if skip[i] || !allDigits(t.raw) || t.raw == "" || len(t.raw) > 7 || t.glued || c.sentContact[c.sent[i]] {
			continue
		}
		if len(t.raw) == 4 && (t.raw[:2] == "19" || t.raw[:2] == "20") {
			continue // a year
		}
		if c.dates().mask[i] || i+1 < len(c.toks) && c.toks[i+1].glued {
			continue // part of a date, or a number with a fraction
		}
		out = append(out, t.raw)
	}
	return out
}
