package email

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"strings"

	"github.com/tracker-dev/tracker/notify"
)

//go:embed templates/alert.html
var alertHTML string

var htmlTemplate = template.Must(template.New("alert").Parse(alertHTML))

// Render builds the subject and the two bodies of an alert. It is pure:
// the same message always gives the same text.
func Render(m notify.Message) (subject, textBody, htmlBody string, err error) {
	v := newView(m)
	var h bytes.Buffer
	if err := htmlTemplate.Execute(&h, v); err != nil {
		return "", "", "", fmt.Errorf("email: render html: %w", err)
	}
	return v.Subject, renderText(v), h.String(), nil
}

// renderText writes the plain part; word changes are marked as
// [-deleted-] and {+inserted+}, as in git's word diff.
func renderText(v view) string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	if v.Test {
		line("%s", firstNonEmpty(v.TestText, "This is a test alert from tracker: delivery works."))
		line("")
		line("Sent %s.", v.Detected)
		return b.String()
	}
	line("%s %s", v.Vendor, v.DocType)
	if v.Restored {
		line("Restored: the full text of version %d is back. The clauses below had gone", v.RestoredOf)
		line("from version %d (a truncated or suspect page) and came back.", v.FromVersion)
	} else {
		line("%s (highest severity: %s)", v.Headline, v.Severity)
	}
	if v.Categories != "" {
		line("Categories: %s", v.Categories)
	}
	line("")
	line("Document: %s", v.URL)
	line("Version %d, captured %s", v.FromVersion, v.FromTime)
	line("Version %d, captured %s", v.ToVersion, v.ToTime)
	line("Detected: %s", v.Detected)
	if v.Counts != "" {
		line("Clauses: %s", v.Counts)
	}
	for _, c := range v.Changes {
		line("")
		line("%d. [%s] %s", c.N, strings.ToUpper(c.Severity), strings.TrimSpace(c.Kind+" "+c.Where))
		if c.Categories != "" {
			line("   Categories: %s", c.Categories)
		}
		for _, r := range c.Reasons {
			line("   - %s", r)
		}
		if c.BeforeLabel != "" {
			line("   %s: %s", c.BeforeLabel, markText(c.Before))
		}
		if c.AfterLabel != "" {
			line("   %s: %s", c.AfterLabel, markText(c.After))
		}
	}
	if v.More > 0 {
		line("")
		line("%d lower-severity changes not shown (%s): every change is in the full diff.", v.More, v.MoreDetail)
	}
	if v.DiffURL != "" {
		line("")
		line("Full diff: %s", v.DiffURL)
		if v.DiffCommand != "" {
			line("       or: %s", v.DiffCommand)
		}
	} else if v.DiffCommand != "" {
		line("")
		line("Full diff: %s", v.DiffCommand)
	}
	return b.String()
}

func markText(segs []segment) string {
	var b strings.Builder
	for _, s := range segs {
		switch s.Mark {
		case "del":
			b.WriteString("[-" + s.Text + "-]")
		case "ins":
			b.WriteString("{+" + s.Text + "+}")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}
