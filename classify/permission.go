package classify

// A rule of use that forbids or allows something to the user ("you may
// not simulcast" → "you may simulcast", "vous pouvez" → "vous ne pouvez
// pas") changes what the user may do under the terms, whatever the verb:
// the vocabulary need not know it. A negation added or removed next to a
// second-person modal of permission is medium (account).

// secondPerson and permission hold, per language, the words as written
// (lower case) of the user addressed and of being allowed.
var (
	secondPerson = map[string]map[string]bool{
		"en": {"you": true},
		"fr": {"vous": true, "tu": true},
		"de": {"sie": true, "du": true},
		"es": {"usted": true, "ustedes": true, "tú": true, "tu": true},
		"it": {"lei": true, "voi": true, "tu": true},
		"nl": {"u": true, "je": true, "jij": true},
		"pt": {"você": true, "vocês": true, "tu": true},
	}
	permission = map[string]map[string]bool{
		"en": {"may": true, "can": true, "allowed": true, "permitted": true},
		"fr": {"pouvez": true, "peux": true, "autorisé": true, "autorisée": true, "autorisés": true, "autorisées": true, "permis": true},
		"de": {"dürfen": true, "darfst": true, "können": true, "kannst": true, "erlaubt": true},
		"es": {"puede": true, "puedes": true, "pueden": true, "permitido": true},
		"it": {"può": true, "puoi": true, "potete": true, "consentito": true},
		"nl": {"mag": true, "mogen": true, "kunt": true, "kan": true, "toegestaan": true},
		"pt": {"pode": true, "podes": true, "podem": true, "permitido": true},
	}
)

// userPermission reports whether the negator at token at stands in a
// second-person permission: the user addressed a few words before it and
// a word of being allowed before it or right after it.
func (c *clause) userPermission(at int) bool {
	you, may := secondPerson[c.v.spec.code], permission[c.v.spec.code]
	if you == nil || at < 0 || at >= len(c.toks) {
		return false
	}
	seenYou, seenMay := false, false
	// "you may not", "Sie dürfen … nicht", "vous ne pouvez pas",
	// "usted no puede": the modal stands before the negator or right
	// after it; "if you do not agree, you may …" is another thing.
	for k := max(0, at-5); k <= min(len(c.toks)-1, at+1); k++ {
		if c.seg[k] != c.seg[at] {
			continue
		}
		if k < at && you[c.toks[k].raw] {
			seenYou = true
		}
		if may[c.toks[k].raw] {
			seenMay = true
		}
	}
	return seenYou && seenMay
}

// residenceWords say where the user lives, per language, as written:
// "if you live in", "résidents de", "wohnhaft in". Where servers are
// ("located", "situé", "gevestigd") is no residence.
var residenceWords = map[string]map[string]bool{
	"en": {"live": true, "lives": true, "living": true, "reside": true, "resides": true, "resident": true, "residents": true, "residing": true},
	"fr": {"résidez": true, "résident": true, "résidents": true, "résidant": true, "résidente": true, "résidentes": true, "vivez": true, "habitez": true},
	"de": {"wohnen": true, "wohnst": true, "wohnt": true, "wohnhaft": true, "ansässig": true, "leben": true, "lebst": true, "einwohner": true},
	"es": {"reside": true, "resides": true, "residen": true, "residente": true, "residentes": true, "vive": true, "vives": true, "viven": true},
	"it": {"risiedi": true, "risiede": true, "risiedono": true, "residente": true, "residenti": true, "vivi": true, "vive": true},
	"nl": {"woont": true, "woon": true, "wonen": true, "inwoners": true, "ingezetenen": true, "ingezetene": true},
	"pt": {"reside": true, "resides": true, "residem": true, "residente": true, "residentes": true, "vive": true, "vives": true},
}

// residence reports whether the place at token i is where the user lives:
// a word of residence stands in the five words before it or the three
// after it ("in der Schweiz wohnhaft"), in the same sentence.
func (c *clause) residence(i int) bool {
	words := residenceWords[c.v.spec.code]
	for k := max(0, i-5); k < len(c.toks) && k <= i+3; k++ {
		if k != i && c.sent[k] == c.sent[i] && (words[c.toks[k].raw] || residenceWords["en"][c.toks[k].raw]) {
			return true
		}
	}
	return false
}
