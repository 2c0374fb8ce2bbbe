package classify

import (
	"slices"
	"strings"
)

// Who the user deals with is part of what a policy or a contract says: the
// controller of the data, the party to the terms, the company that
// operates the service. A legal entity is written the same way in every
// language: capitalised words closed by a company form ("Acme Services
// Ltd", "Globex Europe B.V.", "Initech S.r.l."). When a clause names
// another entity than before (a new company, or the same brand under
// another name), the user's counterparty changed. The same name under
// another form ("Acme SA" → "Acme SAS", "Inc." → "LLC") is the same
// company reorganised, a small change; the form written another way
// ("Ltd" → "Limited") or the name in other capitals is none.

// entity is a legal entity named in a clause.
type entity struct {
	from, to int    // tokens, the company form included
	key      string // core words: "acme services"
	form     string // the form's class: "ltd"
}

// companyForms maps a company form, its letters joined ("s.r.l." →
// "srl"), to its class: forms that say the same share one.
var companyForms = map[string]string{
	"inc": "inc", "incorporated": "inc", "llc": "llc", "llp": "llp", "lp": "lp",
	"ltd": "ltd", "limited": "ltd", "plc": "plc", "corp": "corp", "corporation": "corp",
	"gmbh": "gmbh", "ag": "ag", "kg": "kg", "ohg": "ohg", "ug": "ug", "se": "se",
	"sa": "sa", "sas": "sas", "sasu": "sasu", "sarl": "sarl", "eurl": "eurl", "sca": "sca",
	"sl": "sl", "slu": "slu", "sau": "sau", "srl": "srl", "spa": "spa", "sapa": "sapa", "snc": "snc",
	"bv": "bv", "nv": "nv", "vof": "vof", "lda": "lda", "ltda": "ltda", "ab": "ab", "as": "as",
	"aps": "aps", "oy": "oy", "pty": "pty", "bvba": "bvba", "sprl": "sprl", "srls": "srls",
}

// entities lists the legal entities a clause names, once.
func (c *clause) entities() []entity {
	// In a clause written in capitals ("THE SERVICE IS PROVIDED AS
	// IS") every word looks like a name and "AS" like a company form.
	if c.shouted() {
		return nil
	}
	var out []entity
	n := len(c.toks)
	for i := 0; i < n; i++ {
		class, end := c.companyForm(i)
		if class == "" {
			continue
		}
		// The capitalised words before the form, in the same stretch of
		// text, are the name: "die Acme Digital GmbH" → "Acme Digital".
		from := i
		for k := i - 1; k >= 0 && i-k <= 5; k-- {
			t := c.toks[k]
			if c.toks[k+1].brk != 0 && c.toks[k+1].brk != ',' || t.addr || !startsUpper(c.text[t.start:]) {
				break
			}
			if c.toks[k+1].brk == ',' {
				break // "Paris, Acme SAS": the words before the comma are another thing
			}
			from = k
		}
		var core []string
		for k := from; k < i; k++ {
			if !c.v.functionWords[c.st[k]] && !c.v.articles[c.st[k]] {
				core = append(core, foldWord(c.toks[k].raw))
			}
		}
		if len(core) > 0 {
			out = append(out, entity{from: from, to: end, key: strings.Join(core, " "), form: class})
		}
		i = end - 1
	}
	return out
}

// companyForm reads a company form at token i ("GmbH", "S.L.", "B.V.",
// "S.p.A.") and returns its class and the token after it.
func (c *clause) companyForm(i int) (string, int) {
	t := c.toks[i]
	if i == 0 || c.toks[i].brk == '.' || t.addr {
		return "", i
	}
	// Letters glued by dots: "s" "r" "l".
	joined, end := t.raw, i+1
	for end < len(c.toks) && end-i < 4 && c.toks[end].glued && len(c.toks[end].raw) <= 3 && len(c.toks[end-1].raw) <= 3 {
		joined += c.toks[end].raw
		end++
	}
	if class, ok := companyForms[joined]; ok && (end > i+1 || len(joined) >= 3 || upperWord(c.text[t.start:t.end])) {
		return class, end
	}
	if class, ok := companyForms[t.raw]; ok && (len(t.raw) >= 3 || upperWord(c.text[t.start:t.end])) {
		return class, i + 1
	}
	return "", i
}

// upperWord reports whether a short form is written in capitals ("SA",
// "AG"), not as the word "sa" or "ag" of some language.
func upperWord(w string) bool {
	return strings.ToUpper(w) == w && strings.ToLower(w) != w
}

// compareEntities rates a clause that names another legal entity than
// before: the controller, the party to the contract or the operator was
// renamed or replaced.
func compareEntities(old, new *clause) []signal {
	if len(new.toks) == 0 {
		return nil
	}
	oe, ne := old.entities(), new.entities()
	if len(old.toks) == 0 {
		// A clause rewritten too much to be paired: the entity it
		// names is new when another left the report's old side.
		for _, e := range ne {
			if !new.pool.carriedIn("e/"+e.key) && new.pool.lostAny("e/") {
				return []signal{sig(Medium, Contact, "company named changed: %q named in place of one no longer named", quote(new.text, new.toks, e.from, e.to-1))}
			}
		}
		return nil
	}
	if len(oe) == 0 || len(ne) == 0 {
		return nil
	}
	okeys, nkeys := entityKeys(oe), entityKeys(ne)
	var gone, came []string
	for _, e := range oe {
		if !slices.Contains(nkeys, e.key) {
			gone = append(gone, quote(old.text, old.toks, e.from, e.to-1))
		}
	}
	for _, e := range ne {
		if !slices.Contains(okeys, e.key) && !new.pool.carriedIn("e/"+e.key) {
			came = append(came, quote(new.text, new.toks, e.from, e.to-1))
		}
	}
	if len(gone) > 0 && len(came) > 0 {
		if or, nr := old.registrations(), new.registrations(); len(or) > 0 && slices.Equal(or, nr) {
			// The same registration number under another name: the
			// company was renamed, the user deals with the same one.
			return []signal{sig(Low, Contact, "company renamed, same registration number: %s → %s", quoted(gone), quoted(came))}
		}
		return []signal{sig(Medium, Contact, "company named changed: %s → %s", quoted(gone), quoted(came))}
	}
	for _, o := range oe {
		for _, n := range ne {
			if o.key == n.key && o.form != n.form {
				return []signal{sig(Low, Contact, "company form changed: %q → %q",
					quote(old.text, old.toks, o.from, o.to-1), quote(new.text, new.toks, n.from, n.to-1))}
			}
		}
	}
	return nil
}

func entityKeys(list []entity) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.key
	}
	return out
}
