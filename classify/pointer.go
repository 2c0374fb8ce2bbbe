package classify

import "strings"

// A sentence that sends the reader elsewhere ("For more information, see
// the page Customs information", "Pour en savoir plus, consultez …")
// names a page, not a practice: when a page is renamed or another one is
// linked, the words of its title (a fee, a tracker, a right) are no new
// term. A clause whose every changed word stands in such sentences is at
// most low.

// pointerOpenings open a sentence that refers the reader to another page,
// per language, folded (lower case, no accents).
var pointerOpenings = map[string][]string{
	"en": {"for more information", "for further information", "for more details", "for further details", "to learn more", "learn more", "please see", "see", "please refer to", "refer to", "read more", "more information"},
	"fr": {"pour plus d'informations", "pour plus d'information", "pour de plus amples informations", "pour en savoir plus", "en savoir plus", "pour plus de details", "consultez", "veuillez consulter", "voir", "plus d'informations"},
	"de": {"weitere informationen", "mehr informationen", "nahere informationen", "ausfuhrliche informationen", "siehe", "mehr dazu"},
	"es": {"para mas informacion", "para obtener mas informacion", "mas informacion", "para saber mas", "consulte", "ver"},
	"it": {"per maggiori informazioni", "per ulteriori informazioni", "maggiori informazioni", "per saperne di piu", "consulta", "vedi"},
	"nl": {"voor meer informatie", "meer informatie", "lees meer", "zie"},
	"pt": {"para mais informacoes", "mais informacoes", "para saber mais", "consulte", "ver"},
}

// maxPointer bounds a pointer sentence: a long one says more than where
// to look.
const maxPointer = 30

// pointerSentences marks, per sentence of a clause, whether it is a short
// sentence opening with a pointer of the clause's language (or English).
func (c *clause) pointerSentences() []bool {
	if len(c.sentStart) == 0 {
		return nil
	}
	lists := [][]string{pointerOpenings[c.v.spec.code]}
	if c.v.spec.code != "en" {
		lists = append(lists, pointerOpenings["en"])
	}
	out := make([]bool, len(c.sentStart))
	for s, start := range c.sentStart {
		if c.sentLen[s] > maxPointer || c.sentLen[s] == 0 {
			continue
		}
		from := c.toks[start].start
		head := foldWord(c.text[from:min(len(c.text), from+60)])
		for _, list := range lists {
			for _, p := range list {
				if strings.HasPrefix(head, p) && (len(head) == len(p) || !isWordByte(head[len(p)])) {
					out[s] = true
				}
			}
		}
	}
	return out
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}

// pointerOnly reports whether every word that changed between two
// clauses stands in a pointer sentence on its side.
func pointerOnly(old, nw *clause, hunks []hunk) bool {
	if len(hunks) == 0 {
		return false
	}
	op, np := old.pointerSentences(), nw.pointerSentences()
	in := func(c *clause, marks []bool, toks []token) bool {
		for _, t := range toks {
			if marks == nil || !marks[c.sent[t.idx]] {
				return false
			}
		}
		return true
	}
	for _, h := range hunks {
		if !in(old, op, h.del) || !in(nw, np, h.ins) {
			return false
		}
		// "See our partners, who now buy your data": a practice
		// written into the pointer is a practice.
		for _, t := range h.ins {
			if nw.actionAt != nil && nw.actionAt[t.idx] >= 0 {
				return false
			}
		}
	}
	return true
}
