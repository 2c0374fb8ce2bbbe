package ota

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/extract"
)

// Capabilities say what the tracker that will read the configuration can
// do with what a declaration asks for.
type Capabilities struct {
	Browser bool // render: browser exists: executeClientScripts carries over
	PDF     bool // PDFs are read
}

// Vendor is a service turned into a vendor of tracker's configuration.
type Vendor struct {
	Service   *Service
	ID, Name  string
	Documents []Document
}

// Document is one terms type turned into a document, with what could not
// be carried over.
type Document struct {
	Terms    string // Open Terms Archive's terms type
	Type     string
	URL      string        // one page
	Pages    []config.Page // or several, in order
	Select   config.Selectors
	Remove   config.Selectors
	Render   string // "browser" when the page needs its scripts run and the tracker can
	PDF      bool
	Warnings []string // what is not carried over, or not the same: also written beside the document
	Past     []string // the declaration's earlier selectors, as comments
}

// Convert turns declarations into vendors, one per service, in the order
// given; ids that two services would share get a suffix.
func Convert(services []Service, caps Capabilities) []Vendor {
	taken := map[string]bool{}
	out := make([]Vendor, 0, len(services))
	for i := range services {
		s := &services[i]
		id := VendorID(s.ID)
		for n := 2; taken[id]; n++ {
			id = fmt.Sprintf("%s-%d", VendorID(s.ID), n)
		}
		taken[id] = true
		v := Vendor{Service: s, ID: id, Name: s.Name}
		types := map[string]bool{}
		for _, t := range s.Terms {
			d := convertTerms(s, t, caps)
			base := d.Type
			for n := 2; types[d.Type]; n++ {
				d.Type = fmt.Sprintf("%s-%d", base, n)
				d.Warnings = append(d.Warnings, fmt.Sprintf("type %s is taken by another terms type of this service: named %s", base, d.Type))
			}
			types[d.Type] = true
			for _, past := range s.History[t.Type] {
				d.Past = append(d.Past, describePast(past))
			}
			v.Documents = append(v.Documents, d)
		}
		if len(s.Unknown) > 0 {
			v.Documents[0].Warnings = append(v.Documents[0].Warnings,
				fmt.Sprintf("keys of %s not understood, not carried over: %s", path.Base(s.File), strings.Join(s.Unknown, ", ")))
		}
		out = append(out, v)
	}
	return out
}

func convertTerms(s *Service, t Terms, caps Capabilities) Document {
	d := Document{Terms: t.Type, Type: DocType(t.Type)}
	warn := func(format string, args ...any) { d.Warnings = append(d.Warnings, fmt.Sprintf(format, args...)) }
	d.Select = convertSelectors(t.Select, "select", warn)
	d.Remove = convertSelectors(t.Remove, "remove", warn)
	scripts := t.ExecuteClientScripts != nil && *t.ExecuteClientScripts
	filters := t.Filters
	for i, src := range t.Sources {
		where := ""
		if t.Combined {
			where = fmt.Sprintf(" (page %d)", i+1)
		}
		if src.ExecuteClientScripts != nil && *src.ExecuteClientScripts {
			scripts = true
		}
		for _, f := range src.Filters {
			filters = append(filters, f)
		}
		if len(src.Unknown) > 0 {
			warn("keys not understood%s, not carried over: %s", where, strings.Join(src.Unknown, ", "))
		}
		if isPDF(src.Fetch) {
			d.PDF = true
		}
		if !t.Combined {
			d.URL = src.Fetch
			continue
		}
		p := config.Page{URL: src.Fetch}
		if src.Select != nil {
			p.Select = convertSelectors(src.Select, "select"+where, warn)
		}
		if src.Remove != nil {
			p.Remove = convertSelectors(src.Remove, "remove"+where, warn)
		}
		d.Pages = append(d.Pages, p)
	}
	if len(t.Unknown) > 0 {
		warn("keys not understood, not carried over: %s", strings.Join(t.Unknown, ", "))
	}
	for _, f := range filters {
		call := f.Name
		if f.Params != nil {
			call += " " + string(f.Params)
		}
		warn("filter %s is JavaScript (%s.filters.js) and is not carried over; if it removed noise, add remove selectors or ignore patterns", call, s.ID)
	}
	switch {
	case scripts && caps.Browser && t.Combined:
		// tracker renders no page of a document made of pages.
		warn("executeClientScripts: the pages of a document made of several are fetched as served, never run in a browser; a page may hold no text")
	case scripts && caps.Browser:
		d.Render = "browser"
	case scripts:
		warn("executeClientScripts: this tracker runs no page scripts yet; the page is fetched as served, and may hold no text until browser rendering is available")
	}
	if d.PDF && !caps.PDF {
		warn("a PDF: this tracker reads no PDF yet; the fetch fails until PDF reading is available")
	}
	return d
}

// convertSelectors keeps the selectors tracker can apply and says which it
// drops.
func convertSelectors(in Selectors, what string, warn func(string, ...any)) config.Selectors {
	if in == nil {
		return nil
	}
	out := config.Selectors{}
	for _, s := range in {
		if !s.IsRange() {
			css, err := repairSelector(s.CSS)
			switch {
			case err != nil || strings.TrimSpace(s.CSS) == "":
				warn("%s %q is not a CSS selector tracker reads (%v): dropped", what, s.CSS, err)
				continue
			case css != s.CSS:
				warn("%s %q ends inside a string or an attribute: read as %q, as browsers close it", what, s.CSS, css)
			}
			out = append(out, config.Selector{CSS: css})
			continue
		}
		c := config.Selector{StartBefore: s.StartBefore, StartAfter: s.StartAfter, EndBefore: s.EndBefore, EndAfter: s.EndAfter}
		for _, end := range []*string{&c.StartBefore, &c.StartAfter, &c.EndBefore, &c.EndAfter} {
			if *end == "" {
				continue
			}
			if css, err := repairSelector(*end); err == nil && css != *end {
				warn("%s range end %q ends inside a string or an attribute: read as %q, as browsers close it", what, *end, css)
				*end = css
			}
		}
		if err := checkRange(c); err != nil {
			warn("%s range %s: %v: dropped", what, c, err)
			continue
		}
		out = append(out, c)
	}
	if len(out) == 0 && what == "select" {
		warn("no select left: tracker finds the main content itself")
		return nil
	}
	return out
}

// repairSelector returns the selector, or, when it ends inside a string or
// an attribute selector (img[src^='data:), the one CSS parsers read by
// closing them at the end, as browsers and Open Terms Archive's jsdom do.
func repairSelector(css string) (string, error) {
	err := extract.CheckSelector(css)
	if err == nil {
		return css, nil
	}
	for _, end := range []string{"]", "']", "\"]"} {
		if extract.CheckSelector(css+end) == nil {
			return css + end, nil
		}
	}
	return css, err
}

func checkRange(c config.Selector) error {
	starts := boolInt(c.StartBefore != "") + boolInt(c.StartAfter != "")
	ends := boolInt(c.EndBefore != "") + boolInt(c.EndAfter != "")
	if starts != 1 || ends != 1 {
		return fmt.Errorf("a range takes one start and one end")
	}
	return c.Range().Check()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// isPDF tells a declared PDF by its address, as Open Terms Archive's
// schema does (a path ending in .pdf).
func isPDF(rawURL string) bool {
	u, err := url.Parse(rawURL)
	return err == nil && strings.HasSuffix(strings.ToLower(u.Path), ".pdf")
}

// describePast writes an earlier declaration for a comment.
func describePast(t Terms) string {
	var parts []string
	for _, src := range t.Sources {
		parts = append(parts, src.Fetch)
	}
	s := "until " + t.ValidUntil.Format(time.DateOnly) + ": " + strings.Join(parts, " + ")
	if len(t.Select) > 0 {
		s += ", select " + selectorsText(t.Select)
	}
	if len(t.Remove) > 0 {
		s += ", remove " + selectorsText(t.Remove)
	}
	return s
}

func selectorsText(l Selectors) string {
	parts := make([]string, len(l))
	for i, s := range l {
		if s.IsRange() {
			parts[i] = config.Selector{StartBefore: s.StartBefore, StartAfter: s.StartAfter, EndBefore: s.EndBefore, EndAfter: s.EndAfter}.String()
		} else {
			parts[i] = s.CSS
		}
	}
	return strings.Join(parts, ", ")
}
