package classify

import "unicode"

// namedRecipientAfter reports whether a verb that hands data over
// ("send", "provide", "envoyer") is followed, in its sentence, by a word
// toward someone and a capitalised name: "the browser sends your location
// to Zorbit". Such a name is a recipient even when no word of the
// language's recipient list names it. Languages that capitalise every noun
// cannot tell a name this way, and a postal address names no recipient.
func (c *clause) namedRecipientAfter(to int) bool {
	if c.v.spec.nounsCapitalised {
		return false
	}
	sent := c.sent[to-1]
	if c.sentContact[sent] {
		// "Notices should be sent by mail to Acme, 1 Main St": an
		// address, not data handed over.
		return false
	}
	for j := to; j+1 < len(c.toks) && j < to+12 && c.sent[j+1] == sent; j++ {
		if !c.v.towardWords[c.st[j]] || c.toks[j+1].brk != 0 || c.toks[j+1].addr {
			continue
		}
		next := c.toks[j+1]
		if c.v.functionWords[next.stem] || c.v.objectPronouns[next.stem] || c.v.subjectPronouns[next.stem] {
			continue
		}
		r := []rune(c.text[next.start:next.end])
		if len(r) > 1 && unicode.IsUpper(r[0]) {
			return true
		}
	}
	return false
}
