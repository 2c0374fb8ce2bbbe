package classify

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// A language plugs its words into the one reader of clauses (analyze.go):
// the grammar words that negate, weaken or limit a practice, the verbs of
// each practice family, the terms of each term group, how it writes
// numbers, durations, ages and dates. Everything here is data; the rules
// that read it are the same for every language. Each language lives in
// its own file (lang_en.go, lang_fr.go, …) and is listed in languages.
type langSpec struct {
	code, name string
	stem       func(string) string
	// elisions are the short words written against the next one with an
	// apostrophe ("l'", "n'", "qu'"): "n'utilisons" is read "n utilisons".
	elisions []string
	// contractions open "don't" into "do not"; trailing "'s" is dropped.
	contractions map[string][]string
	// negAnywhere: a negator negates every verb of its segment, also one
	// before it ("wir verkaufen Ihre Daten nicht").
	negAnywhere bool
	// nounsCapitalised: common nouns are capitalised, so a capital does not
	// make a proper name.
	nounsCapitalised bool
	// restrictive negation: a negator of neOnly followed in its segment
	// by a word of neQue and by no word of neFull limits rather than
	// denies ("nous ne partageons qu'avec" = "we share only with").
	neOnly, neQue, neFull []string

	negators, strongModals, weakModals, qualifiers []string
	boundaryWords, carveOutWords                   []string
	functionWords, meaningfulShort                 []string
	monthWords, stampWords                         []string
	weekdays, dateJoiners                          []string          // "Monday"; "of", "de": between the parts of a date
	cutoffWords                                    []string          // "before", "until": a date after one is a cutoff
	languageNames                                  map[string]string // names of languages in this language → ISO code
	selectorWords                                  []string          // "language", "choose": the words of a language selector
	roleWords, contactContext                      []string
	subjectGap, userSubjects, imperatives          []string
	objectPronouns, subjectPronouns                []string // "nous vous envoyons": "vous" is no subject
	politeYou                                      []string // the user only when capitalised mid-sentence ("Sie")
	// dataWords ("data", "information") make a sentence about personal
	// data. They are matched as written, not by stem: "informer" (to
	// notify), "informe" (a report) and "informativa" (the notice itself)
	// share the stem of "information" and say nothing of data.
	dataWords []string
	// dataPronouns stand for data only as the object of a practice verb:
	// after it ("share it"), or right before it where object pronouns go
	// before the verb (cliticsBefore: "los compartimos", "nous les
	// partageons"). Anywhere else they are articles or refer to anything.
	dataPronouns                             []string
	cliticsBefore                            bool
	articles                                 []string // "the", "les": a capital after one is a defined term, no company
	keepWhole                                []string // words the stemmer must not shorten ("securities" is no "security")
	versionWords                             []string // "version", "rev": a number after one is a version stamp
	companyNouns                             []string // "company", "empresa": a name after one is a company
	exampleWords                             []string // "such as", "par exemple": what follows illustrates
	auxWords                                 []string
	deadlineWords, strongDeadlineWords       []string
	retentionWords, requestWords, rightVerbs []string
	modifiedNouns, gerundSuffixes            []string
	recipientHeadingWords, processorWords    []string
	nameTails, documentWords, notNames       []string
	fromWords, towardWords                   []string // "from"; "with", "to"
	crossRefWords                            []string // "section", "article": a number after them is a reference
	lawWords                                 []string // "act", "regulation": a document word that names a law
	chromeWords                              []string // page chrome: "opens in a new tab", "download"

	hedges, neutralNegations, nounPhrases []string
	// howWords open a clause that describes a practice rather than
	// states it ("learn how we use your data", "comment nous traitons").
	howWords []string
	// controllerWords name the party responsible for the data ("data
	// controller", "Verantwortlicher"): a name beside them is that party.
	controllerWords                []string
	consent, without, consentWords []string
	cloak                          []string
	chrome                         []string // phrases of page chrome, matched whole
	banners                        []string // "we've updated our terms": a clause about the update, not a term

	actions map[string][]string // patterns by practice family key
	inbound []string            // collection patterns whose subject is the user ("you provide us")
	terms   map[string][]string // patterns by term group key

	bounds        map[boundKind][]string
	numbers       map[string]float64
	hundred       []string
	thousand      []string
	numberAnd     []string
	units         map[string]float64
	dayQualifiers map[string]float64
	ones          []string // "a", "an": one, after a word of oneAfter
	oneAfter      []string
	leadBefore    []string
	leadAfter     []string
	ageStrong     []string // phrases right before a number that make it an age ("age of")
	ageWeak       []string // "under", "over": an age unless a unit follows with no age context
	ageTail       []string // after "N years": "old", "of age"
	ageContext    []string // words that make "N years" near them an age ("child", "âgé")
	yearUnits     []string // the unit words of years
}

// languages lists the languages the classifier reads.
var languages = []*langSpec{&english, &french, &german, &spanish, &italian, &dutch, &portuguese}

// vocab is a language compiled for matching: stem sets and phrase sets.
type vocab struct {
	spec  *langSpec
	dates *dateLex // dates and language names, read in every language

	elisions, unstemmed map[string]bool

	negators, strongModals, weakModals, qualifiers  map[string]bool
	boundaryWords, carveOutWords                    map[string]bool
	functionWords, meaningfulShort                  map[string]bool
	monthWords, stampWords, roleWords               map[string]bool
	contactContext, subjectGap                      map[string]bool
	userSubjects, imperatives, auxWords             map[string]bool
	deadlineWords, strongDeadlineWords              map[string]bool
	retentionWords, requestWords, rightVerbs        map[string]bool
	modifiedNouns, recipientHeadingWords            map[string]bool
	processorWords, nameTails, documentWords        map[string]bool
	notNames, fromWords, towardWords, crossRefWords map[string]bool
	lawWords                                        map[string]bool
	neOnly, neQue, neFull, chromeWords              map[string]bool
	ageContext, yearUnits, oneAfter, ones           map[string]bool
	leadBefore, leadAfter, hundred, thousand        map[string]bool
	numberAnd                                       map[string]bool
	objectPronouns, subjectPronouns, politeYou      map[string]bool
	dataWords, dataPronouns                         map[string]bool
	stopWords                                       map[string]bool // grammar words as written, for detection
	articles, versionWords, companyNouns            map[string]bool
	exampleWords                                    map[string]bool

	hedgeSet, neutralNegations, nounPhrases *phraseSet
	howSet, controllerSet                   *phraseSet
	consentRequired, withoutCondition       *phraseSet
	consentWords, cloakSet, chromeSet       *phraseSet
	bannerSet                               *phraseSet
	ageStrong, ageWeak, ageTail             *phraseSet
	eligibility                             *phraseSet // eligibilityWords
	defaultOn                               *phraseSet // defaultOnWords
	actionDefs                              []actionDef
	actionIndex                             []int // actionSet pattern → actionDefs index
	actionSet                               *phraseSet
	inbound                                 map[int]bool // actionSet patterns of inbound collection
	termIndex                               []termInfo
	termSet                                 *phraseSet
	vagueKinds                              []boundKind
	vagueSet                                *phraseSet
	numbers                                 map[string]float64
	units                                   map[string]float64
	dayQualifiers                           map[string]float64
	signalStems                             map[string]bool
	actionNames                             []string
	gerund                                  []string
}

// vocabs holds every language, compiled on first use: compiling is part of
// the program, so an error in a table stops the package tests, but a
// command that rates nothing (tracker vendors, history) does not pay for it
// at start-up (tens of milliseconds of tables).
var vocabs = sync.OnceValue(compileAll)

func compileAll() map[string]*vocab {
	m := map[string]*vocab{}
	dates := compileDates(languages)
	for _, spec := range languages {
		v, err := compileVocab(spec)
		if err != nil {
			panic(fmt.Sprintf("classify: language %s: %v", spec.code, err))
		}
		v.dates = dates // one lexicon for all
		m[spec.code] = v
	}
	return m
}

// vocabFor returns the vocabulary of a language code, or nil when the
// classifier does not read that language.
func vocabFor(code string) *vocab { return vocabs()[code] }

func compileVocab(s *langSpec) (*vocab, error) {
	v := &vocab{spec: s, elisions: map[string]bool{}, unstemmed: map[string]bool{"none": true}}
	for _, w := range s.keepWhole {
		v.unstemmed[w] = true
	}
	for _, e := range s.elisions {
		v.elisions[e] = true
	}
	set := func(words []string) map[string]bool { return v.stemSet(words...) }
	v.negators, v.strongModals, v.weakModals = set(s.negators), set(s.strongModals), set(s.weakModals)
	v.qualifiers, v.boundaryWords, v.carveOutWords = set(s.qualifiers), set(s.boundaryWords), set(s.carveOutWords)
	v.functionWords, v.meaningfulShort = set(s.functionWords), set(s.meaningfulShort)
	v.monthWords, v.stampWords, v.roleWords = set(s.monthWords), set(s.stampWords), set(s.roleWords)
	v.contactContext, v.subjectGap = set(s.contactContext), set(s.subjectGap)
	v.userSubjects, v.imperatives, v.auxWords = set(s.userSubjects), set(s.imperatives), set(s.auxWords)
	v.deadlineWords, v.strongDeadlineWords = set(s.deadlineWords), set(s.strongDeadlineWords)
	v.retentionWords, v.requestWords, v.rightVerbs = set(s.retentionWords), set(s.requestWords), set(s.rightVerbs)
	v.modifiedNouns, v.recipientHeadingWords = set(s.modifiedNouns), set(s.recipientHeadingWords)
	v.processorWords, v.nameTails, v.documentWords = set(s.processorWords), set(s.nameTails), set(s.documentWords)
	v.fromWords, v.towardWords, v.crossRefWords = set(s.fromWords), set(s.towardWords), set(s.crossRefWords)
	v.lawWords = set(s.lawWords)
	v.neOnly, v.neQue, v.neFull, v.chromeWords = set(s.neOnly), set(s.neQue), set(s.neFull), set(s.chromeWords)
	v.ageContext, v.yearUnits, v.oneAfter, v.ones = set(s.ageContext), set(s.yearUnits), set(s.oneAfter), set(s.ones)
	v.leadBefore, v.leadAfter, v.hundred, v.thousand = set(s.leadBefore), set(s.leadAfter), set(s.hundred), set(s.thousand)
	v.numberAnd = set(s.numberAnd)
	v.objectPronouns, v.subjectPronouns, v.politeYou = set(s.objectPronouns), set(s.subjectPronouns), set(s.politeYou)
	v.dataWords, v.dataPronouns = map[string]bool{}, set(s.dataPronouns)
	for _, w := range s.dataWords {
		v.dataWords[foldAccents(strings.ToLower(w))] = true
	}
	v.articles = set(s.articles)
	v.versionWords = set(s.versionWords)
	v.companyNouns = set(s.companyNouns)
	v.exampleWords = set(s.exampleWords)
	v.stopWords = map[string]bool{}
	for _, list := range [][]string{s.functionWords, s.negators, s.strongModals, s.weakModals, s.auxWords} {
		for _, w := range list {
			if !strings.ContainsAny(w, " '") && len(w) > 1 {
				v.stopWords[strings.ToLower(w)] = true
			}
		}
	}
	v.gerund = s.gerundSuffixes

	var err error
	phrases := func(dst **phraseSet, srcs []string) {
		if err == nil {
			*dst, err = v.newPhraseSet(srcs)
		}
	}
	phrases(&v.hedgeSet, s.hedges)
	phrases(&v.howSet, s.howWords)
	phrases(&v.controllerSet, s.controllerWords)
	phrases(&v.neutralNegations, s.neutralNegations)
	phrases(&v.nounPhrases, s.nounPhrases)
	phrases(&v.consentRequired, s.consent)
	phrases(&v.withoutCondition, s.without)
	phrases(&v.consentWords, s.consentWords)
	// Pages in every language carry widgets written in English ("[email
	// protected]", "opens in a new tab").
	phrases(&v.cloakSet, mergeEnglish(s, s.cloak, english.cloak))
	phrases(&v.chromeSet, mergeEnglish(s, s.chrome, english.chrome))
	phrases(&v.bannerSet, s.banners)
	phrases(&v.ageStrong, append(slices.Clone(s.ageStrong), eligibilityAgeLeads[s.code]...))
	phrases(&v.ageWeak, s.ageWeak)
	phrases(&v.ageTail, s.ageTail)
	phrases(&v.eligibility, eligibilityWords[s.code])
	phrases(&v.defaultOn, defaultOnWords[s.code])
	if err != nil {
		return nil, err
	}

	// Practices: the families are shared, the words are the language's.
	var srcs []string
	inbound := map[string]bool{}
	for _, p := range s.inbound {
		inbound[p] = true
	}
	v.inbound = map[int]bool{}
	for _, f := range practiceFamilies {
		pats := s.actions[f.key]
		if f.key == "collect" {
			pats = append(append([]string(nil), pats...), s.inbound...)
		}
		d := f.actionDef
		d.patterns = pats
		i := len(v.actionDefs)
		v.actionDefs = append(v.actionDefs, d)
		for _, p := range pats {
			if inbound[p] && f.key == "collect" {
				v.inbound[len(srcs)] = true
			}
			v.actionIndex = append(v.actionIndex, i)
			srcs = append(srcs, p)
		}
	}
	for k := range s.actions {
		if !familyKnown(k) {
			return nil, fmt.Errorf("unknown practice family %q", k)
		}
	}
	if v.actionSet, err = v.newPhraseSet(srcs); err != nil {
		return nil, err
	}
	for _, d := range v.actionDefs {
		if !contains(v.actionNames, d.name) {
			v.actionNames = append(v.actionNames, d.name)
		}
	}

	// Terms.
	srcs = nil
	for _, g := range termGroups {
		for _, p := range s.terms[g.key] {
			v.termIndex = append(v.termIndex, termInfo{key: p, termGroup: g})
			srcs = append(srcs, p)
		}
	}
	for k := range s.terms {
		if !groupKnown(k) {
			return nil, fmt.Errorf("unknown term group %q", k)
		}
	}
	if v.termSet, err = v.newPhraseSet(srcs); err != nil {
		return nil, err
	}

	// Time limits.
	srcs = nil
	for _, k := range boundOrder {
		for _, p := range s.bounds[k] {
			v.vagueKinds = append(v.vagueKinds, k)
			srcs = append(srcs, p)
		}
	}
	if v.vagueSet, err = v.newPhraseSet(srcs); err != nil {
		return nil, err
	}
	v.numbers = s.numbers
	v.units = map[string]float64{}
	for w, d := range s.units {
		v.units[v.stem(strings.ToLower(w))] = d
	}
	v.dayQualifiers = map[string]float64{}
	for w, f := range s.dayQualifiers {
		v.dayQualifiers[strings.ToLower(w)] = f
	}
	v.signalStems = vocabularyStems(v.termSet, v.actionSet, v.consentRequired, v.withoutCondition, v.vagueSet)
	v.notNames = set(s.notNames)
	for st := range v.monthWords {
		v.notNames[st] = true
	}
	for st := range v.negators {
		v.notNames[st] = true
	}
	return v, nil
}

func mergeEnglish(s *langSpec, own, en []string) []string {
	if s == &english {
		return own
	}
	return append(append([]string(nil), own...), en...)
}

// stem reduces a lower-case word with the language's stemmer.
func (v *vocab) stem(w string) string {
	if v.unstemmed[w] {
		return w
	}
	return v.spec.stem(w)
}

// stemSet turns words into the set of their stems, read as the text is.
func (v *vocab) stemSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		for _, t := range v.tokenize(w) {
			m[t.stem] = true
		}
	}
	return m
}

// dataWord reports whether a token is a data word, as written.
func (v *vocab) dataWord(t token) bool {
	return v.dataWords[foldAccents(t.raw)]
}

// grammatical words change meaning when swapped for a look-alike ("not" →
// "now", "may" → "way").
func (v *vocab) grammatical(s string) bool {
	return v.negators[s] || v.strongModals[s] || v.weakModals[s] || v.qualifiers[s] ||
		v.carveOutWords[s] || v.boundaryWords[s]
}

func vocabularyStems(sets ...*phraseSet) map[string]bool {
	m := map[string]bool{}
	for _, ps := range sets {
		for _, p := range ps.patterns {
			for _, s := range p.slots {
				for _, a := range s.alts {
					m[a] = true
				}
			}
		}
	}
	return m
}
