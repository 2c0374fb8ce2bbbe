package email

import (
	"fmt"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/diff"
	"github.com/tracker-dev/tracker/notify"
)

// Limits keep an alert readable, and small enough for any mail server.
// Every medium and high change is shown whatever their number; none and
// low ones are capped, and the message says how many were left out and
// where to see them.
const (
	maxMinor       = 10
	maxClauseRunes = 1500
	maxSubject     = 180
)

// view is the message as both parts show it, all page text cleaned.
type view struct {
	Subject     string
	Test        bool
	Restored    bool
	RestoredOf  int64 // the version whose text came back
	TestText    string
	Vendor      string
	DocType     string
	URL         string
	Headline    string // "Material change", "Change", "Low-severity change"
	Severity    string
	Color       template.CSS
	Categories  string
	Counts      string
	FromVersion int64
	ToVersion   int64
	FromTime    string
	ToTime      string
	Detected    string
	Changes     []changeView
	More        int    // changes left out
	MoreDetail  string // "50 low, 8 none"
	DiffCommand string
	DiffURL     string // "" unless web.base_url is set
}

type changeView struct {
	N           int
	Kind        string // "Modified", "Added", "Removed", "Moved"
	Where       string // "in <section>", or `from "X" to "Y"` for a move
	Severity    string
	Color       template.CSS
	Categories  string
	Reasons     []string
	BeforeLabel string
	Before      []segment
	AfterLabel  string
	After       []segment
}

// segment is a run of clause text, marked "del", "ins" or "" (unchanged).
type segment struct {
	Text string
	Mark string
}

var severityColors = map[classify.Severity]template.CSS{
	classify.High:   "#b42318",
	classify.Medium: "#b54708",
	classify.Low:    "#175cd3",
	classify.None:   "#667085",
}

func newView(m notify.Message) view {
	d := m.Data
	var vendor notify.Vendor
	var docRef notify.DocumentRef
	if d.Vendor != nil {
		vendor = *d.Vendor
	}
	if d.Document != nil {
		docRef = *d.Document
	}
	v := view{
		Test:        m.Type == notify.TypePing,
		Restored:    m.Type == notify.TypeRestored,
		TestText:    clean(d.Text),
		Vendor:      clean(firstNonEmpty(vendor.Name, vendor.ID)),
		DocType:     clean(docRef.Type),
		URL:         clean(docRef.URL),
		Severity:    d.Summary.MaxSeverity.String(),
		Color:       severityColors[d.Summary.MaxSeverity],
		Categories:  strings.Join(cleanAll(categories(d)), ", "),
		Counts:      counts(d.Summary),
		FromVersion: d.FromVersion,
		ToVersion:   d.ToVersion,
		FromTime:    formatTime(d.FromTime),
		ToTime:      formatTime(d.ToTime),
		Detected:    formatTime(m.Timestamp),
		DiffCommand: clean(d.DiffCommand),
		DiffURL:     safeURL(d.DiffURL),
	}
	if d.Restored != nil {
		v.RestoredOf = d.Restored.Version
	}
	v.Headline = headline(m.Type, d.Summary)
	v.Subject = subject(d.Summary, v)
	shown, omitted := notify.Shown(m, maxMinor)
	for i, c := range shown {
		v.Changes = append(v.Changes, newChangeView(i+1, c.Change))
	}
	v.More, v.MoreDetail = omitted.Count, omittedDetail(omitted)
	return v
}

// omittedDetail reads "50 low, 8 none".
func omittedDetail(o notify.Omitted) string {
	var parts []string
	for _, p := range []struct {
		n    int
		name string
	}{{o.High, "high"}, {o.Medium, "medium"}, {o.Low, "low"}, {o.None, "none"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.name))
		}
	}
	return strings.Join(parts, ", ")
}

// safeURL keeps only an http(s) link: the diff page's address comes from
// the configuration, but an e-mail link must never be a script.
func safeURL(s string) string {
	s = clean(strings.TrimSpace(s))
	if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") {
		return s
	}
	return ""
}

func headline(typ string, s classify.Summary) string {
	switch {
	case typ == notify.TypeRestored:
		return "Restored"
	case s.Material:
		return "Material change"
	case s.MaxSeverity >= classify.Medium:
		return "Change"
	default:
		return "Low-severity change"
	}
}

// subject reads like "[tracker] Grandstream Networks privacy: material
// change (sharing, retention)".
func subject(s classify.Summary, v view) string {
	if v.Test {
		return "[tracker] test alert: delivery works"
	}
	what := strings.ToLower(v.Headline[:1]) + v.Headline[1:]
	switch {
	case v.Restored:
		what = fmt.Sprintf("restored (the text of version %d is back)", v.RestoredOf)
	case v.Categories != "" && (s.Material || s.MaxSeverity >= classify.Medium):
		what += " (" + v.Categories + ")"
	}
	line := fmt.Sprintf("[tracker] %s %s: %s", v.Vendor, v.DocType, what)
	return truncate(strings.Join(strings.Fields(line), " "), maxSubject)
}

func newChangeView(n int, c classify.Change) changeView {
	cv := changeView{
		N:          n,
		Kind:       kindLabel(c.Kind),
		Severity:   c.Severity.String(),
		Color:      severityColors[c.Severity],
		Categories: strings.Join(cleanAll(c.Categories), ", "),
		Reasons:    cleanAll(c.Reasons),
	}
	if sec := strings.TrimSpace(clean(c.Section)); sec != "" {
		cv.Where = "in " + sec
	}
	if old := strings.TrimSpace(clean(c.OldSection)); old != "" && c.OldSection != c.Section {
		cv.Where = fmt.Sprintf("from %q to %q", old, strings.TrimSpace(clean(c.Section)))
	}
	switch {
	case len(c.Words) > 0:
		cv.BeforeLabel, cv.AfterLabel = "Before", "After"
		for _, op := range c.Words {
			t := clean(op.Text)
			switch op.Type {
			case diff.Equal:
				cv.Before = appendSeg(cv.Before, t, "")
				cv.After = appendSeg(cv.After, t, "")
			case diff.Delete:
				cv.Before = appendSeg(cv.Before, t, "del")
			case diff.Insert:
				cv.After = appendSeg(cv.After, t, "ins")
			}
		}
	case c.Kind == diff.Added:
		cv.AfterLabel, cv.After = "Added", []segment{{clean(c.NewText), "ins"}}
	case c.Kind == diff.Removed:
		cv.BeforeLabel, cv.Before = "Removed", []segment{{clean(c.OldText), "del"}}
	case c.Kind == diff.Moved && c.OldText == c.NewText:
		cv.AfterLabel, cv.After = "Clause", []segment{{clean(c.NewText), ""}}
	default:
		cv.BeforeLabel, cv.Before = "Before", []segment{{clean(c.OldText), ""}}
		cv.AfterLabel, cv.After = "After", []segment{{clean(c.NewText), ""}}
	}
	cv.Before = truncateSegs(cv.Before, maxClauseRunes)
	cv.After = truncateSegs(cv.After, maxClauseRunes)
	return cv
}

// appendSeg merges runs with the same mark, so markers do not stutter.
func appendSeg(segs []segment, text, mark string) []segment {
	if text == "" {
		return segs
	}
	if n := len(segs); n > 0 && segs[n-1].Mark == mark {
		segs[n-1].Text += text
		return segs
	}
	return append(segs, segment{text, mark})
}

func truncateSegs(segs []segment, max int) []segment {
	left := max
	for i, s := range segs {
		n := utf8.RuneCountInString(s.Text)
		if n > left {
			segs[i].Text = truncate(s.Text, left)
			return segs[:i+1]
		}
		left -= n
	}
	return segs
}

func kindLabel(k diff.Kind) string {
	switch k {
	case diff.Added:
		return "Added"
	case diff.Removed:
		return "Removed"
	case diff.Moved:
		return "Moved"
	case diff.Modified:
		return "Modified"
	}
	return "Changed"
}

// categories are the summary's, else those of the changes, in order.
func categories(d notify.Data) []string {
	if len(d.Summary.Categories) > 0 {
		return d.Summary.Categories
	}
	var out []string
	seen := map[string]bool{}
	for _, c := range d.Changes {
		for _, cat := range c.Categories {
			if !seen[cat] {
				seen[cat] = true
				out = append(out, cat)
			}
		}
	}
	return out
}

func counts(s classify.Summary) string {
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{s.Added, "added"}, {s.Removed, "removed"}, {s.Modified, "modified"}, {s.Moved, "moved"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	return strings.Join(parts, ", ")
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func cleanAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s = strings.TrimSpace(clean(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
