package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/diff"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/store"
)

// A new text is suspect when it looks like part of the page: far shorter
// than the previous one, or without a large share of its clauses. Real
// policies do shrink, so a suspect text is held, not refused: it is stored
// when seen again on a later crawl (in the daemon, one at least
// suspect_hold after the first sight), and dropped if the full text
// returns first.
// truncatedFraction also tells a later full text that it brings back a
// truncated version (restoredFrom).
const (
	truncatedFraction  = 0.35 // new text under this fraction of the old one
	suspectClauseShare = 0.45 // or this share of the old clauses gone…
	suspectClauses     = 5    // …and at least this many
)

// suspectReason says why the new text is suspect, or "" when it is not.
// report tells cheaply whether anything was removed at all.
func suspectReason(oldText, newText string, report classify.Report) string {
	if float64(len(newText)) < truncatedFraction*float64(len(oldText)) {
		return fmt.Sprintf("the new text is %d%% of the previous one", 100*len(newText)/max(1, len(oldText)))
	}
	if report.Summary.Removed == 0 {
		return ""
	}
	before, after := clauseCount(oldText), clauseCount(newText)
	lost := before - after
	if lost < suspectClauses || float64(lost) < suspectClauseShare*float64(before) {
		return ""
	}
	return fmt.Sprintf("the new text has %d clauses where the previous one had %d", after, before)
}

func clauseCount(text string) int {
	n := 0
	for _, s := range diff.Segment(doc.Parse(text)) {
		n += len(s.Clauses)
	}
	return n
}

// accepted outcomes close a run of suspect sightings: after one, a suspect
// text has to be seen twice again.
var accepted = map[string]bool{"new": true, "changed": true, "flap": true, "unchanged": true, "not-modified": true}

// holdSuspect decides whether a suspect text is held now. It reads the
// document's recent fetches back to the last accepted one: the text is
// released when an earlier crawl since then held the same text (and, in
// the daemon, the first of them is at least suspect_hold old).
func (a *App) holdSuspect(ctx context.Context, t Target, o observation, reason string) (bool, string, error) {
	fetches, err := a.store.Fetches(ctx, t.Stored.ID, 1000)
	if err != nil {
		return false, "", fmt.Errorf("pipeline: fetches of %s: %w", t.Key(), err)
	}
	var first time.Time
	seen := 0
	for _, f := range fetches {
		if accepted[f.Outcome] {
			break
		}
		if f.Outcome == "suspect" && f.TextHash == o.hash {
			seen++
			first = f.StartedAt
		}
	}
	hold := time.Duration(0)
	if a.daemon {
		hold = a.cfg.SuspectHold
	}
	if seen > 0 && o.at.Sub(first) >= hold {
		return false, "", nil // seen again, late enough: it is real
	}
	switch {
	case seen == 0 && hold == 0:
		return true, fmt.Sprintf("held as suspect: %s; it is stored if the next crawl sees it again", reason), nil
	case seen == 0:
		return true, fmt.Sprintf("held as suspect: %s; it is stored if a crawl %s from now sees it again", reason, hold), nil
	default:
		return true, fmt.Sprintf("held as suspect since %s: %s; it is stored if a crawl after %s sees it again",
			first.UTC().Format("2006-01-02 15:04 UTC"), reason, first.Add(hold).UTC().Format("2006-01-02 15:04 UTC")), nil
	}
}

// cutShort reports a page whose end is missing: the previous snapshot of
// the document closed its HTML and this one does not. A connection cut
// mid-body is caught by the transport; this catches a server that sends
// half a page as a complete answer.
func cutShort(prev, cur store.Snapshot) bool {
	if !isHTML(prev.ContentType) || !isHTML(cur.ContentType) {
		return false
	}
	return closesHTML(prev.Body) && !closesHTML(cur.Body)
}

func isHTML(ct string) bool {
	mt, _, _ := mime.ParseMediaType(ct)
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// closesHTML looks for </body> or </html> near the end of the page.
func closesHTML(body []byte) bool {
	tail := bytes.TrimSpace(body)
	tail = tail[max(0, len(tail)-4096):]
	tail = bytes.ToLower(tail)
	return bytes.Contains(tail, []byte("</html")) || bytes.Contains(tail, []byte("</body"))
}
