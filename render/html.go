package render

import (
	"bufio"
	_ "embed"
	"fmt"
	"html/template"
	"io"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/diff"
)

//go:embed page.html.tmpl
var pageSource string

// pageTemplate escapes every value it prints: page text is never trusted
// as HTML, and html/template neutralises unsafe link schemes in href.
var pageTemplate = template.Must(template.New("page").Parse(pageSource))

type htmlPage struct {
	Title    string
	Versions []htmlVersion
	Summary  classify.Summary
	Changes  []htmlChange
}

type htmlVersion struct{ Side, Label, URL string }

type htmlChange struct {
	Severity   classify.Severity
	Kind       diff.Kind
	Section    string
	From       string
	Old, New   htmlCell
	Categories []string
	Reasons    []string
}

// htmlCell is one side of a change; no segments prints an empty cell.
type htmlCell struct {
	Label string // column name, shown when the columns stack on a phone
	Class string
	Segs  []htmlSeg
}

type htmlSeg struct {
	Text string
	Mark string // "", "del" or "ins"
}

func renderHTML(w io.Writer, r classify.Report, m Meta) error {
	bw := bufio.NewWriter(w)
	if err := pageTemplate.Execute(bw, newHTMLPage(r, m)); err != nil {
		return fmt.Errorf("render: html report: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("render: write html report: %w", err)
	}
	return nil
}

func newHTMLPage(r classify.Report, m Meta) htmlPage {
	p := htmlPage{Title: "Policy changes", Summary: r.Summary}
	p.Summary.Categories = sanitizeAll(r.Summary.Categories)
	if m.Title != "" {
		p.Title += ": " + oneLine(m.Title)
	}
	for _, v := range []htmlVersion{{"Old", m.OldLabel, m.OldURL}, {"New", m.NewLabel, m.NewURL}} {
		v.Label, v.URL = oneLine(v.Label), oneLine(v.URL)
		if v.Label == "" {
			v.Label = v.URL
		}
		if v.Label != "" {
			p.Versions = append(p.Versions, v)
		}
	}
	p.Changes = make([]htmlChange, len(r.Changes))
	for i, c := range r.Changes {
		p.Changes[i] = newHTMLChange(c)
	}
	return p
}

func newHTMLChange(c classify.Change) htmlChange {
	h := htmlChange{
		Severity:   c.Severity,
		Kind:       c.Kind,
		Section:    Sanitize(c.Section),
		From:       Sanitize(movedFrom(c)),
		Old:        htmlCell{Label: "Before"},
		New:        htmlCell{Label: "After"},
		Categories: sanitizeAll(c.Categories),
		Reasons:    sanitizeAll(c.Reasons),
	}
	switch {
	case hasWords(c):
		h.Old.Segs = htmlSide(c.Words, diff.Delete, "del")
		h.New.Segs = htmlSide(c.Words, diff.Insert, "ins")
	case c.Kind == diff.Added:
		h.New.Class = "added"
		h.New.Segs = wholeText(c.NewText)
	case c.Kind == diff.Removed:
		h.Old.Class = "removed"
		h.Old.Segs = wholeText(c.OldText)
	case c.Kind == diff.Modified:
		h.Old.Class, h.New.Class = "removed", "added"
		h.Old.Segs, h.New.Segs = wholeText(c.OldText), wholeText(c.NewText)
	default: // moved: the clause as it stood and as it stands
		h.Old.Segs = wholeText(c.OldText)
		h.New.Segs = wholeText(shownText(c))
	}
	return h
}

// htmlSide is one column of a word diff: kept text plus the runs of kind.
func htmlSide(ops []diff.Op, kind diff.OpType, mark string) []htmlSeg {
	segs := make([]htmlSeg, 0, len(ops))
	for _, op := range ops {
		switch op.Type {
		case diff.Equal:
			segs = append(segs, htmlSeg{Text: Sanitize(op.Text)})
		case kind:
			segs = append(segs, htmlSeg{Text: Sanitize(op.Text), Mark: mark})
		}
	}
	return segs
}

func wholeText(s string) []htmlSeg {
	if s == "" {
		return nil
	}
	return []htmlSeg{{Text: Sanitize(s)}}
}

func sanitizeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = Sanitize(s)
	}
	return out
}
