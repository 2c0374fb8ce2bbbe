package classify

import "strings"

// A row of a cookie table ("Site | _abc | Vendor | Audience measurement |
// 13 months") states a practice without a verb: the cookie is set, and its
// purpose cell says what it does. A row whose purpose now names a tracking
// technique (audience measurement, advertising, analytics, profiling) where
// it named none — a session cookie turned into an audience counter — or a
// new row for such a cookie, sets one more tracker on the user.

// tableRow reports whether a clause reads as a row of a table: at least
// three cells.
func tableRow(text string) bool {
	return strings.Count(text, " | ") >= 2
}

// trackingTerm returns the first tracking technique a clause names
// affirmatively, quoted, or "".
func (c *clause) trackingTerm() string {
	for _, h := range c.terms {
		if c.v.termIndex[h.term].kind == kindTech && !h.negated {
			return quote(c.text, c.toks, h.from, h.to-1)
		}
	}
	return ""
}

// cookieRowSignals rates a row of a cookie table added or changed, or an
// entry added to a list of trackers, in a document about trackers; old is
// empty for an added row.
func (r *reader) cookieRowSignals(old, nw *clause) []signal {
	if old.text == "" && !tableRow(nw.text) && len(nw.toks) <= 15 && len(nw.addresses) > 0 {
		// An entry of a list of trackers: a technique and the link to
		// its owner's policy ("Zorbit pixel (https://…/privacy)").
		if t := nw.trackingTerm(); t != "" && r.trackingDocument() {
			return []signal{sig(Medium, Tracking, "tracker added to the list: %s", t)}
		}
		return nil
	}
	if !tableRow(nw.text) || old.text != "" && !tableRow(old.text) || !r.trackingDocument() {
		return nil
	}
	t := nw.trackingTerm()
	if t == "" || old.trackingTerm() != "" {
		return nil
	}
	if old.text == "" {
		return []signal{sig(Medium, Tracking, "tracking cookie added to the table: %s", t)}
	}
	return []signal{sig(Medium, Tracking, "cookie now used for tracking: %s", t)}
}
