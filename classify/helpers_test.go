package classify

// en is the English vocabulary, the one most tests read.
var en = vocabs()["en"]

// sentencesOf numbers the sentences of tokens, as analyze does.
func sentencesOf(toks []token) []int {
	out := make([]int, len(toks))
	n := 0
	for i, t := range toks {
		if i > 0 && t.brk == '.' {
			n++
		}
		out[i] = n
	}
	return out
}

func agesOf(text string) []bound {
	toks := en.tokenize(text)
	return en.ages(text, toks, stems(toks), sentencesOf(toks))
}
