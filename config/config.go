// Package config reads tracker's YAML configuration: defaults first, then the
// file, then checks that name the file, line and field of every problem.
package config

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// DocumentTypes are the document types tracker knows the meaning of. A
// document's type may be any other slug too (community-guidelines,
// copyright-claims-policy…): types are names, not a closed list.
var DocumentTypes = []string{"privacy", "terms", "dpa", "subprocessors", "cookies", "other"}

// Config is the whole configuration file.
type Config struct {
	Database      string        `yaml:"database"`
	Schedule      string        `yaml:"schedule"`
	Spread        time.Duration `yaml:"spread"`
	UserAgent     string        `yaml:"user_agent"`
	Timeout       time.Duration `yaml:"timeout"`
	MaxBodySize   ByteSize      `yaml:"max_body_size"`
	RespectRobots *bool         `yaml:"respect_robots"`
	HostDelay     time.Duration `yaml:"host_delay"`
	Parallelism   int           `yaml:"parallelism"`
	// HostParallelism is how many requests one host gets at once: 1 is
	// polite to vendors' sites; more suits sites you run yourself.
	HostParallelism int `yaml:"host_parallelism"`
	// DocumentTimeout bounds everything one document costs in a crawl
	// (robots.txt, fetch, extraction, diff, classification); past it the
	// document fails and the crawl goes on.
	DocumentTimeout time.Duration `yaml:"document_timeout"`
	// SuspectHold is how long the daemon holds a text that lost a large
	// share of the clauses: it is stored only when a crawl at least this
	// long after the first sees it again.
	SuspectHold time.Duration `yaml:"suspect_hold"`
	// AllowPrivateRedirects lets redirects (and robots.txt redirects) reach
	// loopback, private and link-local addresses; the configured URLs
	// themselves are always trusted. See README "Where tracker connects".
	AllowPrivateRedirects bool `yaml:"allow_private_redirects"`
	// Render is how pages are read (auto, browser, static; see
	// RenderMode); vendors and documents may say otherwise.
	Render             string        `yaml:"render"`
	BrowserPath        string        `yaml:"browser_path"`        // Chromium; empty: found in PATH
	BrowserParallelism int           `yaml:"browser_parallelism"` // pages rendered at once
	RenderTimeout      time.Duration `yaml:"render_timeout"`      // one page in the browser
	Wayback            Wayback       `yaml:"wayback"`
	Alerts             Alerts        `yaml:"alerts"`
	Web                Web           `yaml:"web"`
	Vendors            []Vendor      `yaml:"vendors"`

	// Path is the file the configuration was read from; relative paths in it
	// (database) are relative to its folder.
	Path string `yaml:"-"`
	// Warnings are problems that do not stop the file from loading, such as
	// deprecated keys, as file:line: messages; whoever opens it logs them.
	Warnings []string `yaml:"-"`
	// lines is the line of each field path, for problems found after the
	// file was read (a secret in the environment that is not valid).
	lines *lineIndex
}

// Web is where `tracker serve` (or the daemon) is reached by users.
type Web struct {
	// BaseURL is the address users open, e.g. https://tracker.example.org:
	// alerts link to its diff pages when it is set.
	BaseURL string `yaml:"base_url"`
}

// Wayback configures the Internet Archive client used by backfill. The
// archive limits its index and its replays apart; the limits and where
// they come from are in wayback/options.go.
type Wayback struct {
	BaseURL           string        `yaml:"base_url"`
	CDXPerMinute      int           `yaml:"cdx_per_minute"`      // index requests; 1 to 30
	CapturesPerMinute int           `yaml:"captures_per_minute"` // replay requests; 1 to 500
	NearestWindow     time.Duration `yaml:"nearest_window"`      // follow the archive to its nearest capture this far
	// RequestsPerMinute is the one limit of older files, still read (see
	// upgradeWayback).
	RequestsPerMinute int `yaml:"requests_per_minute"`
}

// Alerts configures who hears about changes, and how. Each e-mail,
// webhook and chat entry is an endpoint, delivered on its own.
type Alerts struct {
	MinSeverity string    `yaml:"min_severity"`
	Email       *Email    `yaml:"email"`
	Webhooks    []Webhook `yaml:"webhooks"`
	Chat        []Chat    `yaml:"chat"`
}

// Email is an SMTP relay and its recipients. The password is read from the
// environment variable named by PasswordEnv, never from the file.
type Email struct {
	Host        string   `yaml:"host"`
	Port        int      `yaml:"port"`
	TLS         string   `yaml:"tls"`
	Username    string   `yaml:"username"`
	PasswordEnv string   `yaml:"password_env"`
	From        string   `yaml:"from"`
	To          []string `yaml:"to"`
}

// Webhook is one receiver. Its signing secrets come from the variables
// SecretEnv names: one, or several while a secret is rotated (every
// delivery is signed with each).
type Webhook struct {
	// Name keeps the endpoint's identity when entries are reordered; by
	// default it is its place, "webhooks[0]".
	Name      string     `yaml:"name"`
	URL       string     `yaml:"url"`
	SecretEnv StringList `yaml:"secret_env"`
}

// Chat is a chat or push endpoint, reached at the URL its service
// documents: a Slack, Microsoft Teams or Discord incoming webhook, an ntfy
// topic, a Gotify message URL or a Telegram bot's sendMessage URL.
type Chat struct {
	Name string `yaml:"name"` // by default its place, "chat[0]"
	Type string `yaml:"type"` // one of ChatTypes
	// URL, or URLEnv naming the variable holding it: most of these URLs
	// carry their own secret and belong in the environment.
	URL    string `yaml:"url"`
	URLEnv string `yaml:"url_env"`
}

// ChatTypes are the chat and push services alerts can go to.
var ChatTypes = []string{"slack", "teams", "discord", "ntfy", "gotify", "telegram"}

// EndpointKey is the stable name of an alert endpoint, as the outbox
// stores it: its configured name, else its place ("webhooks[1]").
func EndpointKey(name, list string, i int) string {
	if name != "" {
		return name
	}
	return fmt.Sprintf("%s[%d]", list, i)
}

// FieldError locates a problem found after the file was read, such as a
// secret in the environment that is not valid, at the field's line.
func (c *Config) FieldError(field, format string, args ...any) *FieldError {
	line, lines := 0, c.lines.get()
	for p := field; line == 0 && p != ""; p = parentPath(p) {
		line = lines[p]
	}
	return &FieldError{File: c.Path, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Vendor is a company whose documents are watched.
type Vendor struct {
	ID        string       `yaml:"id"`
	Name      string       `yaml:"name"`
	Schedule  string       `yaml:"schedule"`
	Render    string       `yaml:"render"`
	Alerts    VendorAlerts `yaml:"alerts"`
	Documents []Document   `yaml:"documents"`
}

// VendorAlerts overrides the global recipients and threshold for one vendor.
type VendorAlerts struct {
	To          []string `yaml:"to"`
	MinSeverity string   `yaml:"min_severity"`
}

// Document is one watched page, or one document made of several pages.
type Document struct {
	Type string `yaml:"type"`
	// URL is the page; for a document made of Pages, the first page's URL,
	// set when the file is read.
	URL string `yaml:"url"`
	// Pages, instead of URL, make one document of several pages: their
	// texts joined in this order. A page's own select and remove replace
	// the document's.
	Pages    []Page     `yaml:"pages"`
	Select   Selectors  `yaml:"select"`
	Remove   Selectors  `yaml:"remove"`
	Ignore   StringList `yaml:"ignore"`
	Schedule string     `yaml:"schedule"`
	Render   string     `yaml:"render"`
	WaitFor  string     `yaml:"wait_for"` // CSS selector the browser waits for
	// AllowPrivateRedirects overrides the global setting for this document.
	AllowPrivateRedirects *bool `yaml:"allow_private_redirects"`
}

// PrivateRedirects reports whether d's redirects may reach private addresses.
func (c *Config) PrivateRedirects(d Document) bool {
	if d.AllowPrivateRedirects != nil {
		return *d.AllowPrivateRedirects
	}
	return c.AllowPrivateRedirects
}

// Page is one of the pages a document is made of.
type Page struct {
	URL    string    `yaml:"url"`
	Select Selectors `yaml:"select"`
	Remove Selectors `yaml:"remove"`
}

// Combined tells a document made of several pages.
func (d Document) Combined() bool { return len(d.Pages) > 0 }

// PageList is what is fetched for the document, in order: its pages, or
// the one page at URL with the document's selectors.
func (d Document) PageList() []Page {
	if !d.Combined() {
		return []Page{{URL: d.URL, Select: d.Select, Remove: d.Remove}}
	}
	out := make([]Page, len(d.Pages))
	for i, p := range d.Pages {
		out[i] = p
		if p.Select == nil {
			out[i].Select = d.Select
		}
		if p.Remove == nil {
			out[i].Remove = d.Remove
		}
	}
	return out
}

// pageURLs gives each document made of pages the URL of its first page,
// which names it in lists, alerts and the history.
func (c *Config) pageURLs() {
	for i := range c.Vendors {
		for j := range c.Vendors[i].Documents {
			if d := &c.Vendors[i].Documents[j]; d.Combined() {
				d.URL = d.Pages[0].URL
			}
		}
	}
}

// Default is the configuration before the file is read.
func Default() Config {
	yes := true
	return Config{
		Database:           "tracker.db",
		Schedule:           "0 */6 * * *",
		Spread:             5 * time.Minute,
		Timeout:            30 * time.Second,
		MaxBodySize:        10 << 20,
		RespectRobots:      &yes,
		HostDelay:          time.Second,
		Parallelism:        8,
		HostParallelism:    1,
		DocumentTimeout:    60 * time.Second,
		SuspectHold:        6 * time.Hour,
		Render:             RenderAuto,
		BrowserParallelism: 2,
		RenderTimeout:      30 * time.Second,
		Wayback:            Wayback{BaseURL: "https://web.archive.org", CDXPerMinute: 20, CapturesPerMinute: 120, NearestWindow: 24 * time.Hour},
		Alerts:             Alerts{MinSeverity: "medium"},
	}
}

// Vendor returns the vendor with that id.
func (c *Config) Vendor(id string) (Vendor, bool) {
	for _, v := range c.Vendors {
		if v.ID == id {
			return v, true
		}
	}
	return Vendor{}, false
}

// VendorIDs lists the configured vendor ids in file order.
func (c *Config) VendorIDs() []string {
	ids := make([]string, len(c.Vendors))
	for i, v := range c.Vendors {
		ids[i] = v.ID
	}
	return ids
}

// LocalPath is the file a file: document URL names, relative paths being
// relative to base (the configuration's folder); "" for other URLs. Local
// files let tracker watch documents that arrive as files, such as a DPA
// sent by e-mail, and its demo run without a network.
func LocalPath(rawURL, base string) string {
	rest, ok := strings.CutPrefix(rawURL, "file:")
	if !ok {
		return ""
	}
	if p, ok := strings.CutPrefix(rest, "//"); ok {
		rest = p // file:///abs/path: an empty host
	}
	if rest == "" || strings.HasSuffix(rest, "/") {
		return ""
	}
	if !filepath.IsAbs(rest) {
		rest = filepath.Join(base, rest)
	}
	return filepath.Clean(rest)
}

// LocalPath resolves a file: document URL against the configuration's folder.
func (c *Config) LocalPath(rawURL string) string {
	base := "."
	if c.Path != "" {
		base = filepath.Dir(c.Path)
	}
	return LocalPath(rawURL, base)
}

// Robots reports whether robots.txt is honoured.
func (c *Config) Robots() bool { return c.RespectRobots == nil || *c.RespectRobots }
