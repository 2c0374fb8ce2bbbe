package classify

import (
	"strings"
	"sync"

	"github.com/blevesearch/snowballstem"
	sbdutch "github.com/blevesearch/snowballstem/dutch"
	sbfrench "github.com/blevesearch/snowballstem/french"
	sbgerman "github.com/blevesearch/snowballstem/german"
	sbitalian "github.com/blevesearch/snowballstem/italian"
	sbportuguese "github.com/blevesearch/snowballstem/portuguese"
	sbspanish "github.com/blevesearch/snowballstem/spanish"
)

// Stemmers of the languages other than English come from the Snowball
// project (github.com/blevesearch/snowballstem). The same stemmer runs
// over the vocabulary and over the text, so all that matters is that the
// inflections of one word meet; accents are folded after stemming so that
// a text written without them ("donnees") reads like one with them.

// envs recycles Snowball environments: a stemmer call mutates its
// environment, and clauses may be read on several goroutines at once.
var envs = sync.Pool{New: func() any { return snowballstem.NewEnv("") }}

func snowball(fn func(*snowballstem.Env) bool) func(string) string {
	return func(w string) string {
		env := envs.Get().(*snowballstem.Env)
		env.SetCurrent(w)
		fn(env)
		s := env.Current()
		envs.Put(env)
		return foldAccents(s)
	}
}

var (
	stemFrenchSnowball = snowball(sbfrench.Stem)
	stemGerman         = snowball(sbgerman.Stem)
	stemSpanish        = snowball(sbspanish.Stem)
	stemItalian        = snowball(sbitalian.Stem)
	stemDutch          = snowball(sbdutch.Stem)
	stemPortuguese     = snowball(sbportuguese.Stem)
)

// stemFrench also meets the first person plural, which the Snowball
// algorithm leaves whole: "partageons" reads as "partager", "vendons" as
// "vendre" ("partag", "vend").
func stemFrench(w string) string {
	s := stemFrenchSnowball(w)
	if len(w) > 5 && strings.HasSuffix(w, "ons") && strings.HasSuffix(s, "on") {
		return stemFrenchSnowball(w[:len(w)-3])
	}
	return s
}

var accentFolder = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ã", "a", "ä", "a",
	"ç", "c", "è", "e", "é", "e", "ê", "e", "ë", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i", "ñ", "n",
	"ò", "o", "ó", "o", "ô", "o", "õ", "o", "ö", "o",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ß", "ss", "œ", "oe",
)

func foldAccents(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return accentFolder.Replace(s)
		}
	}
	return s
}
