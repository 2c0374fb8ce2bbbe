package classify

import (
	"regexp"
	"slices"
	"strings"
)

// A company's identification lines ("Acme SA, au capital de 289 942,45
// euros, RCS Paris 511 716 573") say who the user deals with. Its share
// capital moves with every issue of shares and changes nothing for the
// user; its registration number is the company itself: another number is
// another legal entity, even under the same name.

// capitalBefore matches the words that announce a share capital right
// before an amount, in every language read: "share capital of", "au
// capital de", "capital social :", "capitale sociale di", "Stammkapital
// von", "maatschappelijk kapitaal van", "Cap. Soc.".
var capitalBefore = regexp.MustCompile(`(?i)(?:capital|kapital|cap\.\s?soc\.?)[^\d;.]{0,30}$`)

// shareCapital reports whether the amount at text[at:] is a share capital.
// The digits grouped before it ("289 942,45": the match may start at
// "942") belong to the same amount.
func shareCapital(text string, at int) bool {
	before := strings.TrimRight(text[max(0, at-60):at], "0123456789 .\u00a0\u202f")
	return capitalBefore.MatchString(before)
}

// registryWords announce a company's registration or tax number.
var registryWords = regexp.MustCompile(`(?i)(?:\brcs\b|r\.c\.s|\bsiren\b|\bsiret\b|registre du commerce|immatricul|registered (?:under|with|in)|registration number|company number|(?:trade|companies|commercial) regist|handelsregister|\bhr[ab]\b|amtsgericht|\bkvk\b|kamer van koophandel|registro (?:mercantil|delle imprese|comercial)|\bcif\b|\bnif\b|\bnipc\b|p\.\s?iva|partita iva|\bvat\b|\btva\b|ust-?id|umsatzsteuer)`)

// registryNumber is a long number, its digits maybe grouped by spaces or
// dots ("511 716 573", "0503.832.450"), not followed by a decimal part.
var registryNumber = regexp.MustCompile(`\d[\d \x{a0}\x{202f}.]{5,}\d`)

// registrations lists the registration numbers a clause gives, digits
// only: a number of 7 to 14 digits that a registry word announces in the
// 60 bytes before it.
func (c *clause) registrations() []string {
	if c.regs != nil {
		return *c.regs
	}
	var out []string
	c.regs = &out
	// Most clauses hold no long number: count digits before any regexp.
	if digitCount(c.text) < 7 || !registryWords.MatchString(c.text) {
		return nil
	}
	for _, m := range registryNumber.FindAllStringIndex(c.text, -1) {
		from, to := m[0], m[1]
		if to < len(c.text) && (c.text[to] == ',' || c.text[to] == '.') && to+1 < len(c.text) && isDigit(c.text[to+1]) {
			continue // an amount with a decimal part
		}
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, c.text[from:to])
		if len(digits) < 7 || len(digits) > 14 || !registryWords.MatchString(c.text[max(0, from-60):from]) {
			continue
		}
		out = append(out, digits)
	}
	return out
}

func digitCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

// compareIdentity rates a clause whose company identification changed:
// another registration number is another legal entity (medium); another
// share capital is at most low.
func compareIdentity(old, new *clause) []signal {
	if len(old.toks) == 0 || len(new.toks) == 0 {
		return nil
	}
	var out []signal
	or, nr := old.registrations(), new.registrations()
	if len(or) > 0 && len(nr) > 0 {
		gone, came := difference(or, nr), difference(nr, or)
		came = slices.DeleteFunc(came, func(n string) bool { return new.pool.carriedIn("r/" + n) })
		if len(gone) > 0 && len(came) > 0 {
			out = append(out, sig(Medium, Contact, "registration number changed: %q → %q: another legal entity", gone[0], came[0]))
		}
	}
	oc, nc := old.capitals(), new.capitals()
	if gone, came := difference(oc, nc), difference(nc, oc); len(gone) > 0 || len(came) > 0 {
		out = append(out, sig(Low, Contact, "share capital changed: %s → %s", orNone(gone), orNone(came)))
	}
	return out
}

// capitals lists the share capitals a clause states, digits only.
func (c *clause) capitals() []string {
	if !strings.Contains(c.text, "apital") && !strings.Contains(c.text, "APITAL") && !strings.Contains(c.text, "Cap.") {
		return nil // "capital", "Capital", "Stammkapital", "CAPITAL"
	}
	var out []string
	for _, m := range capitalAmount.FindAllStringIndex(c.text, -1) {
		if shareCapital(c.text, m[0]) {
			out = append(out, strings.Join(strings.Fields(c.text[m[0]:m[1]]), ""))
		}
	}
	return out
}

// capitalAmount is a number as a share capital is written, digits grouped
// by spaces, dots or commas ("1 223 689,41", "5.300.000,00").
var capitalAmount = regexp.MustCompile(`\d[\d \x{a0}\x{202f}.,]*\d|\d`)
