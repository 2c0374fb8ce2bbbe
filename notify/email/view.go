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

// Limits keep an alert readable, and small enough for any mail server;
// the diff command in the message shows everything.
const (
	maxChanges     = 40
	maxClauseRunes = 1500
	maxSubject     = 180
)

// view is the message as both parts show it, all page text cleaned.
type view struct {
	Subject     string
	Test        bool
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
	More        int // changes left out
	DiffCommand string
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
	v := view{
		Test:        m.Type == notify.TypeTest,
		Vendor:      clean(firstNonEmpty(m.Vendor.Name, m.Vendor.ID)),
		DocType:     clean(m.Document.Type),
		URL:         clean(m.Document.URL),
		Severity:    m.Summary.MaxSeverity.String(),
		Color:       severityColors[m.Summary.MaxSeverity],
		Categories:  strings.Join(cleanAll(categories(m)), ", "),
		Counts:      counts(m.Summary),
		FromVersion: m.FromVersion,
		ToVersion:   m.ToVersion,
		FromTime:    formatTime(m.FromTime),
		ToTime:      formatTime(m.ToTime),
		Detected:    formatTime(m.DetectedAt),
		DiffCommand: clean(m.DiffCommand),
	}
	v.Headline = headline(m.Summary)
	v.Subject = subject(m, v)
	for i, c := range m.Changes {
		if i == maxChanges {
			v.More = len(m.Changes) - maxChanges
			break
		}
		v.Changes = append(v.Changes, newChangeView(i+1, c))
	}
	return v
}

func headline(s classify.Summary) string {
	switch {
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
func subject(m notify.Message, v view) string {
	if v.Test {
		return "[tracker] test alert: delivery works"
	}
	what := strings.ToLower(v.Headline[:1]) + v.Headline[1:]
	if v.Categories != "" && (m.Summary.Material || m.Summary.MaxSeverity >= classify.Medium) {
		what += " (" + v.Categories + ")"
	}
	s := fmt.Sprintf("[tracker] %s %s: %s", v.Vendor, v.DocType, what)
	return truncate(strings.Join(strings.Fields(s), " "), maxSubject)
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
func categories(m notify.Message) []string {
	if len(m.Summary.Categories) > 0 {
		return m.Summary.Categories
	}
	var out []string
	seen := map[string]bool{}
	for _, c := range m.Changes {
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
