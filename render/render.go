// Package render prints change reports for people (text, Markdown, HTML)
// and for programs (JSON).
package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/tracker-dev/tracker/classify"
)

// Meta is optional header information; zero values are omitted.
type Meta struct {
	Title              string // e.g. "grandstream/privacy" or "old.html → new.html"
	OldLabel, NewLabel string // e.g. "v12 · 2024-03-01 (live)" or file names
	OldURL, NewURL     string
}

// Format names an output format.
type Format string

const (
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
	FormatHTML     Format = "html"
	FormatJSON     Format = "json"
)

var formats = []Format{FormatText, FormatMarkdown, FormatHTML, FormatJSON}

// ParseFormat reads a format name, ignoring case and surrounding space.
func ParseFormat(s string) (Format, error) {
	want := strings.ToLower(strings.TrimSpace(s))
	if want == "md" {
		return FormatMarkdown, nil
	}
	for _, f := range formats {
		if string(f) == want {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q (want text, markdown, html or json)", s)
}

// Options tune how a report is printed.
type Options struct {
	Color bool // ANSI colour in the text format; see ColorEnabled
	Meta  Meta
}

// Report prints r to w in format f.
func Report(w io.Writer, f Format, r classify.Report, opt Options) error {
	switch f {
	case FormatJSON:
		if err := JSON(w, withEmptyLists(r)); err != nil {
			return fmt.Errorf("render: json report: %w", err)
		}
		return nil
	case FormatText:
		return writeAll(w, f, renderText(r, opt))
	case FormatMarkdown:
		return writeAll(w, f, renderMarkdown(r, opt.Meta))
	case FormatHTML:
		return renderHTML(w, r, opt.Meta)
	}
	return fmt.Errorf("render: unknown format %q (want text, markdown, html or json)", string(f))
}

func writeAll(w io.Writer, f Format, b []byte) error {
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("render: write %s report: %w", f, err)
	}
	return nil
}

// withEmptyLists returns a copy of r whose lists encode as [] rather than
// null, so programs reading the JSON never need a null check. The caller's
// slices are left alone.
func withEmptyLists(r classify.Report) classify.Report {
	out := r
	out.Summary.Categories = nonNil(r.Summary.Categories)
	out.Changes = make([]classify.Change, len(r.Changes))
	for i, c := range r.Changes {
		c.Categories = nonNil(c.Categories)
		c.Reasons = nonNil(c.Reasons)
		out.Changes[i] = c
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
