// Package chat holds what the chat and push channels (Slack, Microsoft
// Teams, Discord, ntfy, Gotify, Telegram) share: the short form of an
// alert they all show, and the one way they post it.
package chat

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/notify"
)

// TopChanges is how many changes a chat message shows: the most severe.
const TopChanges = 3

// Brief is an alert as a chat message tells it: who, what, how bad, the
// top changes and where to see everything. All page text is cleaned of
// control characters; each channel escapes it for its own markup.
type Brief struct {
	Title      string // "Acme privacy: material change (high)"
	Vendor     string
	Document   string // the document type
	DocURL     string
	Severity   string // "high"; "" for a test ping
	Categories []string
	Headline   string // "Material change", "Restored: the text of version 3 is back", the ping's text
	Changes    []Line
	More       int    // changes not shown
	MoreDetail string // "50 low, 8 none"
	Link       string // the diff page, when web.base_url is set
	Command    string // the diff command
	Ping       bool
	At         time.Time
}

// Line is one change in a few words.
type Line struct {
	Severity string // "high"
	Kind     string // "Added", "Removed", "Modified", "Moved"
	Section  string
	Text     string // the new clause (the old one when removed), shortened
}

// maxLineRunes shortens a clause: a chat line is a pointer, not the text.
const maxLineRunes = 200

// NewBrief shortens m.
func NewBrief(m notify.Message) Brief {
	d := m.Data
	b := Brief{At: m.Timestamp}
	if m.Type == notify.TypePing {
		b.Ping = true
		b.Title = "tracker test alert"
		b.Headline = Clean(d.Text)
		return b
	}
	if d.Vendor != nil {
		b.Vendor = Clean(firstNonEmpty(d.Vendor.Name, d.Vendor.ID))
	}
	if d.Document != nil {
		b.Document, b.DocURL = Clean(d.Document.Type), Clean(d.Document.URL)
	}
	b.Severity = d.Summary.MaxSeverity.String()
	for _, c := range d.Summary.Categories {
		b.Categories = append(b.Categories, Clean(c))
	}
	switch {
	case m.Type == notify.TypeRestored && d.Restored != nil:
		b.Headline = fmt.Sprintf("Restored: the text of version %d is back", d.Restored.Version)
	case d.Summary.Material:
		b.Headline = "Material change"
	case d.Summary.MaxSeverity >= classify.Medium:
		b.Headline = "Change"
	default:
		b.Headline = "Low-severity change"
	}
	b.Title = fmt.Sprintf("%s %s: %s (%s)", b.Vendor, b.Document, strings.ToLower(b.Headline[:1])+b.Headline[1:], b.Severity)
	top, omitted := notify.Top(m, TopChanges)
	for _, c := range top {
		b.Changes = append(b.Changes, newLine(c))
	}
	b.More, b.MoreDetail = omitted.Count, detail(omitted)
	if strings.HasPrefix(d.DiffURL, "https://") || strings.HasPrefix(d.DiffURL, "http://") {
		b.Link = Clean(d.DiffURL)
	}
	b.Command = Clean(d.DiffCommand)
	return b
}

func newLine(c notify.Change) Line {
	text := c.NewText
	if c.Kind == "removed" {
		text = c.OldText
	}
	kind := string(c.Kind)
	if kind != "" {
		kind = strings.ToUpper(kind[:1]) + kind[1:]
	}
	return Line{Severity: c.Severity.String(), Kind: kind, Section: shorten(Clean(c.Section), 80), Text: shorten(Clean(text), maxLineRunes)}
}

func detail(o notify.Omitted) string {
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

// Clean makes page text one line without control or bidi characters: a
// vendor page must not be able to forge a message's layout.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n-1 {
			return strings.TrimRight(s[:k], " ") + "…"
		}
		i++
	}
	return s
}

// Shorten cuts s to n runes, marking the cut, for a channel's own limits.
func Shorten(s string, n int) string { return shorten(s, n) }

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// Emoji is a severity's mark where a channel shows one.
func Emoji(severity string) string {
	switch severity {
	case "high":
		return "🔴"
	case "medium":
		return "🟠"
	case "low":
		return "🔵"
	}
	return "⚪"
}
