package config

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/robfig/cron/v3"

	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/suggest"
)

var (
	idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	// typePattern is a document type: a slug, as it appears in URLs of the
	// web pages and on the command line.
	typePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	envPattern  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	severities  = []string{"none", "low", "medium", "high"}
)

// checker collects problems with the line each field stands on.
type checker struct {
	lines    map[string]int
	failed   map[string]bool // fields that could not be read: already reported
	errs     Errors
	warnings []string // field: message, for what loads but looks like a mistake
	cfg      *Config  // the configuration being checked
}

func (c *checker) fail(field, format string, args ...any) {
	c.failHint(field, "", format, args...)
}

// failHint reports a problem with a hint on how to fix it. A field that
// could not be read at all, or lies under one, was reported already.
func (c *checker) failHint(field, hint, format string, args ...any) {
	for p := field; p != ""; p = parentPath(p) {
		if c.failed[p] {
			return
		}
	}
	line := c.lines[field]
	// A missing field has no line of its own: point at its parent.
	for p := field; line == 0 && p != ""; {
		p = parentPath(p)
		line = c.lines[p]
	}
	c.errs = append(c.errs, &FieldError{Line: line, Field: field, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

func parentPath(p string) string {
	if i := strings.LastIndexAny(p, ".["); i > 0 {
		return p[:i]
	}
	return ""
}

func (c *Config) validate(lines map[string]int, failed map[string]bool) Errors {
	ck := &checker{lines: lines, failed: failed, cfg: c}
	const dbHint = "the path of a SQLite file such as tracker.db, or a postgres:// URL"
	if strings.TrimSpace(c.Database) == "" {
		ck.failHint("database", dbHint, "must not be empty")
	} else if i := strings.Index(c.Database, "://"); i >= 0 && c.Database[:i] != "postgres" && c.Database[:i] != "postgresql" {
		ck.failHint("database", dbHint, "%q is not a database tracker can use", c.Database[:i+3]+"…")
	}
	ck.schedule("schedule", c.Schedule, true)
	if c.Spread < 0 {
		ck.failHint("spread", "0s starts every document on the minute; 5m spreads them over five minutes", "must not be negative")
	}
	if c.Timeout <= 0 {
		ck.failHint("timeout", "such as 30s", "must be a positive duration")
	}
	if c.DocumentTimeout <= 0 {
		ck.fail("document_timeout", "must be a positive duration such as 60s")
	} else if c.DocumentTimeout < c.Timeout {
		ck.fail("document_timeout", "%s is shorter than timeout (%s): a document needs at least one request", c.DocumentTimeout, c.Timeout)
	}
	if c.SuspectHold < 0 {
		ck.fail("suspect_hold", "must not be negative")
	}
	if c.HostDelay < 0 {
		ck.failHint("host_delay", "0s for none", "must not be negative")
	}
	if c.Parallelism < 1 || c.Parallelism > 256 {
		ck.failHint("parallelism", "documents on different hosts fetched at once; 8 by default", "must be between 1 and 256, got %d", c.Parallelism)
	}
	if c.HostParallelism < 1 || c.HostParallelism > 64 {
		ck.failHint("host_parallelism", "requests to one host at once; 1 is polite to vendors' sites", "must be between 1 and 64, got %d", c.HostParallelism)
	}
	ck.browserSettings(c)
	ck.wayback(c.Wayback)
	ck.alerts(c.Alerts)
	if c.Web.BaseURL != "" {
		ck.httpURL("web.base_url", c.Web.BaseURL)
	}
	if len(c.Vendors) == 0 {
		ck.failHint("vendors", "configs/vendors.yaml is an example", "at least one vendor is required")
	}
	seen := map[string]int{}
	for i, v := range c.Vendors {
		ck.vendor(fmt.Sprintf("vendors[%d]", i), v, seen, i)
	}
	for _, w := range ck.warnings {
		c.Warnings = append(c.Warnings, c.Path+":"+w)
	}
	return ck.errs
}

func (ck *checker) vendor(p string, v Vendor, seen map[string]int, i int) {
	switch {
	case v.ID == "":
		ck.fail(p+".id", "is required (a short name used on the command line, e.g. acme)")
	case !idPattern.MatchString(v.ID):
		ck.failHint(p+".id", "it is typed on the command line: acme, acme-corp, acme.eu", "%q must be lowercase letters, digits, '.', '_' or '-'", v.ID)
	default:
		if j, dup := seen[v.ID]; dup {
			ck.failHint(p+".id", "each vendor needs an id of its own", "duplicate vendor id %q (also vendors[%d])", v.ID, j)
		}
		seen[v.ID] = i
	}
	if strings.TrimSpace(v.Name) == "" {
		ck.failHint(p+".name", "the vendor's name, shown in reports and alerts", "is required")
	}
	ck.schedule(p+".schedule", v.Schedule, false)
	ck.renderMode(p+".render", v.Render)
	if v.Alerts.MinSeverity != "" && !slices.Contains(severities, v.Alerts.MinSeverity) {
		ck.fail(p+".alerts.min_severity", "%q is not one of %s", v.Alerts.MinSeverity, strings.Join(severities, ", "))
	}
	for j, to := range v.Alerts.To {
		ck.address(fmt.Sprintf("%s.alerts.to[%d]", p, j), to)
	}
	if len(v.Documents) == 0 {
		ck.failHint(p+".documents", "each with a type and a url", "at least one document is required")
	}
	types := map[string]bool{}
	for j, d := range v.Documents {
		dp := fmt.Sprintf("%s.documents[%d]", p, j)
		switch {
		case d.Type == "":
			ck.failHint(dp+".type", "one of "+strings.Join(DocumentTypes, ", ")+", or a name of your own such as community-guidelines", "is required")
		case !typePattern.MatchString(d.Type):
			hint := "lowercase letters and digits in words joined by '-': " + strings.Join(DocumentTypes, ", ") + ", or your own such as community-guidelines"
			if lower := strings.ToLower(d.Type); typePattern.MatchString(lower) {
				hint = "types are written in lowercase: `" + lower + "`"
			} else if s, ok := suggest.Closest(lower, DocumentTypes); ok {
				hint = "did you mean `" + s + "`?"
			}
			ck.failHint(dp+".type", hint, "%q is not a document type", d.Type)
		case !slices.Contains(DocumentTypes, d.Type):
			// A type of its own is fine; one letter off a known one is
			// more likely a typo, which would lose the type's meaning.
			if s, ok := suggest.Closest(d.Type, DocumentTypes); ok {
				ck.warnings = append(ck.warnings, fmt.Sprintf("%d: %s.type: %q is a document type of its own; did you mean `%s`?",
					ck.lines[dp+".type"], dp, d.Type, s))
			}
		case types[d.Type]:
			ck.failHint(dp+".type", "one document per type and vendor; give another one a type of its own, such as terms-of-sale", "vendor %q already has a %s document", v.ID, d.Type)
		}
		types[d.Type] = true
		switch {
		case d.Combined() && d.URL != "":
			ck.failHint(dp+".url", "pages lists the document's pages, url names its one page", "a document has either a url or pages, not both")
		case d.Combined():
			for k, pg := range d.Pages {
				pp := fmt.Sprintf("%s.pages[%d]", dp, k)
				ck.documentURL(pp+".url", pg.URL)
				ck.selectors(pp+".select", pg.Select)
				ck.selectors(pp+".remove", pg.Remove)
			}
		default:
			ck.documentURL(dp+".url", d.URL)
		}
		ck.selectors(dp+".select", d.Select)
		ck.selectors(dp+".remove", d.Remove)
		for k, re := range d.Ignore {
			if _, err := regexp.Compile(re); err != nil {
				ck.failHint(fmt.Sprintf("%s.ignore[%d]", dp, k), "Go regular expression syntax; put a \\ before . ( ) [ ] * + ? to match them as they are",
					"invalid regular expression %q: %s", re, err)
			}
		}
		ck.schedule(dp+".schedule", d.Schedule, false)
		ck.documentRender(ck.cfg, dp, v, d)
	}
}

// documentURL checks where a document's page is: an http(s) URL or a
// local file.
func (ck *checker) documentURL(field, u string) {
	switch {
	case u == "":
		ck.failHint(field, "an http:// or https:// address, or file:path for a local file", "is required")
	case strings.HasPrefix(u, "file:"):
		if LocalPath(u, "") == "" {
			ck.fail(field, "%q names no file (use file:relative/path or file:///absolute/path)", u)
		}
	default:
		ck.checkURL(field, u, "a full address such as https://example.com/privacy, or file:path for a local file")
	}
}

func (ck *checker) alerts(a Alerts) {
	if !slices.Contains(severities, a.MinSeverity) {
		ck.fail("alerts.min_severity", "%q is not one of %s", a.MinSeverity, strings.Join(severities, ", "))
	}
	if e := a.Email; e != nil {
		if e.Host == "" {
			ck.fail("alerts.email.host", "is required")
		}
		if e.Port < 1 || e.Port > 65535 {
			ck.fail("alerts.email.port", "must be a TCP port (587 for starttls, 465 for tls, 25 for none)")
		}
		if !slices.Contains([]string{"starttls", "tls", "none"}, e.TLS) {
			ck.fail("alerts.email.tls", "%q is not one of starttls, tls, none", e.TLS)
		}
		if e.PasswordEnv != "" && !envPattern.MatchString(e.PasswordEnv) {
			ck.fail("alerts.email.password_env", "%q is not an environment variable name", e.PasswordEnv)
		}
		if e.From == "" {
			ck.fail("alerts.email.from", "is required")
		} else {
			ck.address("alerts.email.from", e.From)
		}
		if len(e.To) == 0 {
			ck.fail("alerts.email.to", "at least one recipient is required")
		}
		for i, to := range e.To {
			ck.address(fmt.Sprintf("alerts.email.to[%d]", i), to)
		}
	}
	names := map[string]string{}
	name := func(field, n string) {
		switch {
		case n == "":
		case n == "email" || !idPattern.MatchString(n):
			ck.fail(field, "%q: use lowercase letters, digits, '.', '_' or '-' (and not \"email\")", n)
		case names[n] != "":
			ck.fail(field, "%q is also the name of %s", n, names[n])
		default:
			names[n] = field
		}
	}
	for i, w := range a.Webhooks {
		p := fmt.Sprintf("alerts.webhooks[%d]", i)
		name(p+".name", w.Name)
		if w.URL == "" {
			ck.fail(p+".url", "is required")
		} else {
			ck.httpURL(p+".url", w.URL)
		}
		if len(w.SecretEnv) == 0 {
			ck.fail(p+".secret_env", "is required: the name of the environment variable holding the whsec_ secret (a list while rotating: [NEW, OLD])")
		}
		seen := map[string]bool{}
		for j, env := range w.SecretEnv {
			field := p + ".secret_env"
			if len(w.SecretEnv) > 1 {
				field = fmt.Sprintf("%s[%d]", field, j)
			}
			switch {
			case !envPattern.MatchString(env):
				ck.fail(field, "%q is not an environment variable name", env)
			case seen[env]:
				ck.fail(field, "%s is listed twice", env)
			}
			seen[env] = true
		}
	}
	for i, c := range a.Chat {
		p := fmt.Sprintf("alerts.chat[%d]", i)
		name(p+".name", c.Name)
		if !slices.Contains(ChatTypes, c.Type) {
			ck.fail(p+".type", "%q is not one of %s", c.Type, strings.Join(ChatTypes, ", "))
		}
		switch {
		case c.URL == "" && c.URLEnv == "":
			ck.fail(p+".url_env", "is required (or url): the variable holding the service's webhook URL")
		case c.URL != "" && c.URLEnv != "":
			ck.fail(p+".url", "give url or url_env, not both")
		case c.URL != "":
			ck.httpURL(p+".url", c.URL)
		case !envPattern.MatchString(c.URLEnv):
			ck.fail(p+".url_env", "%q is not an environment variable name", c.URLEnv)
		}
	}
}

func (ck *checker) schedule(field, spec string, required bool) {
	if spec == "" {
		if required {
			ck.fail(field, "is required (a cron spec such as \"0 */6 * * *\", or @every 6h, @daily)")
		}
		return
	}
	if _, err := cron.ParseStandard(spec); err != nil {
		ck.fail(field, "invalid schedule %q: %s (use a cron spec such as \"0 */6 * * *\", or @every 6h, @daily)", spec, err)
	}
}

func (ck *checker) httpURL(field, raw string) {
	ck.checkURL(field, raw, "a full address such as https://example.com/privacy")
}

// checkURL checks an http(s) URL; hint says what the field takes.
func (ck *checker) checkURL(field, raw, hint string) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		ck.failHint(field, hint, "invalid URL %q: %s", raw, err)
	case u.Scheme != "http" && u.Scheme != "https":
		ck.failHint(field, hint, "%q must be an http:// or https:// URL", raw)
	case u.Host == "":
		ck.failHint(field, hint, "%q has no host", raw)
	}
}

func (ck *checker) address(field, addr string) {
	if _, err := mail.ParseAddress(addr); err != nil {
		ck.fail(field, "%q is not an e-mail address", addr)
	}
}

const selectorHint = "one CSS selector per item, such as main, #content or article.policy; `tracker extract URL --select CSS` tries one"

// selectors checks a select or remove list: each CSS selector, and both
// ends of each range.
func (ck *checker) selectors(field string, l Selectors) {
	for k, sel := range l {
		f := fmt.Sprintf("%s[%d]", field, k)
		if _, ok := ck.lines[f]; !ok {
			f = field // a single selector, not a list
		}
		if !sel.IsRange() {
			if err := extract.CheckSelector(sel.CSS); err != nil {
				ck.failHint(f, selectorHint, "invalid CSS selector %q: %s", sel.CSS, err)
			}
			continue
		}
		starts := countSet(sel.StartBefore, sel.StartAfter)
		ends := countSet(sel.EndBefore, sel.EndAfter)
		if starts != 1 || ends != 1 {
			ck.failHint(f, "write {start_before: CSS, end_before: CSS}, or start_after, end_after", "a range takes one of start_before and start_after, and one of end_before and end_after")
			continue
		}
		for _, end := range [][2]string{{"start_before", sel.StartBefore}, {"start_after", sel.StartAfter}, {"end_before", sel.EndBefore}, {"end_after", sel.EndAfter}} {
			key, css := end[0], end[1]
			if css == "" {
				continue
			}
			if err := extract.CheckSelector(css); err != nil {
				kf := f + "." + key
				if _, ok := ck.lines[kf]; !ok {
					kf = f
				}
				ck.failHint(kf, selectorHint, "invalid CSS selector %q: %s", css, err)
			}
		}
	}
}

func countSet(ss ...string) int {
	n := 0
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			n++
		}
	}
	return n
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
