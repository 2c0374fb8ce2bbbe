package classify

// eligibilityWords make an age stated in a sentence a condition the user
// must meet to use the service or hold an account ("you must be at least
// 16", "vous devez avoir au moins 16 ans", "Sie müssen mindestens 16 Jahre
// alt sein"): an age limit added there shuts people out of the service and
// tells the reader the vendor now screens its users' age. The words are the
// language's ways to say "must", "required" and "at least".
var eligibilityWords = map[string][]string{
	"en": {"must", "need|needs to", "have to", "has to", "required", "requires", "eligible", "eligibility", "at least", "or older", "and older", "and over"},
	"fr": {"devez", "doit", "doivent", "devrez", "devra", "requis", "requise", "il faut", "au moins", "minimum", "ou plus", "et plus", "réservé", "réservée", "réservés"},
	"de": {"müssen", "muss", "mindestens", "voraussetzung", "erforderlich", "vorbehalten", "oder älter"},
	"es": {"debe", "debes", "deben", "deberá", "deberás", "requisito", "requiere", "necesario", "al menos", "como mínimo", "o más", "reservado", "reservada"},
	"it": {"deve", "devi", "devono", "dovrà", "requisito", "richiede", "necessario", "almeno", "o più", "riservato", "riservata"},
	"nl": {"moet", "moeten", "vereist", "vereiste", "minimaal", "minstens", "ten minste", "of ouder", "voorbehouden"},
	"pt": {"deve", "deves", "devem", "deverá", "requisito", "requer", "necessário", "pelo menos", "no mínimo", "ou mais", "reservado", "reservada"},
}

// eligibilityAgeLeads are the verbs that state an age as what the user has
// to be or have, right before the number ("avoir au moins 16 ans", "tener
// 18 años"): they make the number an age as the language's own age words
// do (langSpec.ageStrong).
var eligibilityAgeLeads = map[string][]string{
	"fr": {"avoir", "avoir au moins", "avoir plus de", "avoir moins de"},
	"es": {"tener", "tener al menos", "tener como mínimo", "tener más de", "tener menos de"},
	"it": {"avere", "avere almeno", "avere più di", "avere meno di"},
	"pt": {"ter", "ter pelo menos", "ter no mínimo", "ter mais de", "ter menos de"},
	"nl": {"minimaal", "minstens", "ten minste"},
}

// ageRequired returns the first age of c stated in a sentence that makes it
// a condition on the user.
func (c *clause) ageRequired() (bound, bool) {
	if len(c.ages) == 0 || c.v.eligibility == nil {
		return bound{}, false
	}
	hits := c.v.eligibility.find(c.st)
	for _, a := range c.ages {
		if !plausibleAge(a) || c.negatedSegment(c.seg[a.from]) || c.pool.carriedIn(ageKey(a)) {
			continue // "mindestens eine Option", a denial, an age moved
		}
		for _, h := range hits {
			if c.sent[h.from] == c.sent[a.from] {
				return a, true
			}
		}
	}
	return bound{}, false
}

// eligibilityAdded rates an age limit a clause now puts on who may use the
// service where it stated none: medium. An age that is only mentioned
// ("children under 13 are not our audience" rewritten) stays to the other
// rules.
func eligibilityAdded(old, new *clause) []signal {
	if len(old.ages) > 0 {
		return nil
	}
	a, ok := new.ageRequired()
	if !ok {
		return nil
	}
	s := sig(Medium, Children, "minimum age required: %q", a.text)
	s.cats = append(s.cats, Account)
	return []signal{s}
}
