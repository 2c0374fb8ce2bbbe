package web

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds one template set per page, each with the shared layout.
type pages struct {
	byName map[string]*template.Template
}

var pageNames = []string{"home", "vendors", "document", "diff", "error", "version"}

func loadPages() *pages {
	funcs := template.FuncMap{
		"when":    when,
		"isoTime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"href":    href,
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, name := range pageNames {
		t := template.New("layout.html").Funcs(funcs)
		p.byName[name] = template.Must(t.ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html"))
	}
	return p
}

func (p *pages) execute(w io.Writer, name string, data any) error {
	t, ok := p.byName[name]
	if !ok {
		return fmt.Errorf("no page %q", name)
	}
	return t.Execute(w, data)
}

// when prints a time for people, in UTC like the CLI.
func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// href is a document's URL as a link target. html/template turns every
// scheme but http, https and mailto into "#ZgotmplZ"; a file: document's
// URL comes from the operator's configuration, not from a page, and is
// shown as it is. Anything else keeps the template's own checks.
func href(u string) any {
	if strings.HasPrefix(strings.ToLower(u), "file:") {
		return template.URL(u)
	}
	return u
}
