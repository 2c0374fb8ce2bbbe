// Package pipeline runs tracker's one-way flow: fetch → extract and
// normalise → store → diff → classify → notify. It is the only package that
// knows all the others; cmd/tracker parses flags and calls it.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/store"
	"github.com/tracker-dev/tracker/suggest"
)

// App is an open configuration and database.
type App struct {
	cfg     *config.Config
	store   *store.Store
	log     *slog.Logger
	now     func() time.Time
	metrics *Metrics
	targets []Target
	owner   string        // this process, in leases, claims and fetch rows
	lease   time.Duration // how long a lease lasts unless renewed
	version string        // tracker's version, for the default User-Agent
	warnUA  sync.Once     // the missing user_agent is told once per App
	// daemon: suspect texts are held for suspect_hold, not one crawl.
	daemon  bool
	engines *engines
}

// Target is one configured document with its row in the store.
type Target struct {
	Vendor  config.Vendor
	Doc     config.Document
	Stored  store.Document
	Extract extract.Options
	Render  string // auto, browser or static, as configured for the document
	// Pages are the pages of a document made of several, in order, each
	// with its own extraction; nil for a document of one page.
	Pages []Page
}

// Page is one of the pages a document is made of.
type Page struct {
	URL     string
	Extract extract.Options
}

// Key names a document on the command line and in output: vendor/type.
func (t Target) Key() string { return t.Vendor.ID + "/" + t.Doc.Type }

// Options tune an App; zero values are fine.
type Options struct {
	Logger  *slog.Logger
	Now     func() time.Time
	Metrics *Metrics // counters for /metrics; a private set when nil
	Owner   string   // names this process in the database; store.NewOwner() when empty
	// Lease is how long a crawl holds its document without renewing the
	// lease (renewed every third of it): a process that dies holds its
	// documents this long. Default one minute.
	Lease time.Duration
	// Version is tracker's version, sent as "tracker/VERSION" when the
	// configuration sets no user_agent; "devel" when empty.
	Version string

	engines *engines // a reloaded App shares its predecessor's
}

// defaultLease is long enough to ride out a stalled database connection
// and short enough that a dead daemon's documents are soon taken over.
const defaultLease = time.Minute

// Open opens the database named by cfg and records the configured vendors
// and documents in it. Stored history is never deleted.
func Open(ctx context.Context, cfg *config.Config, opt Options) (*App, error) {
	return openWith(ctx, cfg, opt, store.Open)
}

// OpenReadOnly opens the database named by cfg for reading only, as the
// web pages and the read commands do: nothing is written, migrated or
// created, and a database on a read-only mount can be browsed. Documents
// configured but never crawled have no stored row, hence no history.
func OpenReadOnly(ctx context.Context, cfg *config.Config, opt Options) (*App, error) {
	return openWith(ctx, cfg, opt, store.OpenReadOnly)
}

// openWith opens the database with open and binds cfg to it, closing the
// store again when the binding fails.
func openWith(ctx context.Context, cfg *config.Config, opt Options, open func(context.Context, string) (*store.Store, error)) (*App, error) {
	st, err := open(ctx, cfg.DatabasePath())
	if err != nil {
		return nil, err
	}
	a, err := newApp(ctx, cfg, st, opt)
	if err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

// newApp binds a configuration to an open store. A reloaded configuration
// gets a new App on the same store.
func newApp(ctx context.Context, cfg *config.Config, st *store.Store, opt Options) (*App, error) {
	a := &App{cfg: cfg, store: st, log: opt.Logger, now: opt.Now, metrics: opt.Metrics, owner: opt.Owner, lease: opt.Lease, version: opt.Version, engines: opt.engines}
	if a.version == "" {
		a.version = "devel"
	}
	if a.owner == "" {
		a.owner = store.NewOwner()
	}
	if a.lease <= 0 {
		a.lease = defaultLease
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.metrics == nil {
		a.metrics = NewMetrics()
	}
	for _, w := range cfg.Warnings {
		a.log.Warn("config: " + w)
	}
	if a.engines == nil {
		a.engines = newEngines()
	}
	if err := a.sync(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// UserAgent is what requests say tracker is: the configuration's
// user_agent, else "tracker/VERSION", which names no one to contact.
func (a *App) UserAgent() string {
	if a.cfg.UserAgent != "" {
		return a.cfg.UserAgent
	}
	return "tracker/" + a.version
}

// warnUserAgent tells the operator, once, that requests will go out
// without a contact: site owners who see an unknown client fetch their
// pages on a schedule can only block it.
func (a *App) warnUserAgent() {
	if a.cfg.UserAgent != "" {
		return
	}
	a.warnUA.Do(func() {
		a.log.Warn("config: user_agent is not set: requests name no contact",
			slog.String("user_agent", a.UserAgent()),
			slog.String("hint", "set user_agent to name you and a contact, e.g. \"tracker (+mailto:privacy-team@example.org)\", so that site owners can reach you rather than block you"))
	})
}

// Close stops the PDF reader and closes the database.
func (a *App) Close() error {
	return errors.Join(a.engines.close(), a.store.Close())
}

// Store gives read access to the database, for commands that browse it.
func (a *App) Store() *store.Store { return a.store }

// Config is the configuration the App runs with.
func (a *App) Config() *config.Config { return a.cfg }

func (a *App) sync(ctx context.Context) error {
	// Targets are large (a vendor's and a document's configuration, the
	// stored row, extraction options): the list is allocated once.
	n := 0
	for _, v := range a.cfg.Vendors {
		n += len(v.Documents)
	}
	a.targets = make([]Target, 0, n)
	if a.store.ReadOnly() {
		return a.syncRead(ctx)
	}
	batch := make([]store.VendorDocuments, len(a.cfg.Vendors))
	for i, v := range a.cfg.Vendors {
		batch[i].Vendor = store.Vendor{ID: v.ID, Name: v.Name}
		for _, d := range v.Documents {
			batch[i].Documents = append(batch[i].Documents, store.Document{VendorID: v.ID, Type: d.Type, URL: d.URL})
		}
	}
	synced, err := a.store.SyncVendors(ctx, batch)
	if err != nil {
		return fmt.Errorf("pipeline: record vendors: %w", err)
	}
	for i, v := range a.cfg.Vendors {
		byType := map[string]store.Document{}
		for _, s := range synced[i] {
			byType[s.Type] = s
		}
		for _, d := range v.Documents {
			t := Target{Vendor: v, Doc: d, Stored: byType[d.Type]}
			var err error
			if t.Extract, err = ExtractOptions(d); err != nil {
				return fmt.Errorf("pipeline: vendor %s %s: %w", v.ID, d.Type, err)
			}
			t.Extract.PDF = a.engines.pdf
			t.Render = a.cfg.RenderMode(v, d)
			if d.Combined() {
				for _, p := range d.PageList() {
					opts, err := pageOptions(p, d.Ignore)
					if err != nil {
						return fmt.Errorf("pipeline: vendor %s %s: %w", v.ID, d.Type, err)
					}
					opts.PDF = a.engines.pdf
					t.Pages = append(t.Pages, Page{URL: p.URL, Extract: opts})
				}
			}
			a.targets = append(a.targets, t)
		}
	}
	return nil
}

// syncRead binds the configured documents to their stored rows without
// writing: a document not yet recorded gets none.
func (a *App) syncRead(ctx context.Context) error {
	stored, err := a.store.Documents(ctx)
	if err != nil {
		return fmt.Errorf("pipeline: read documents: %w", err)
	}
	type key struct{ vendor, typ string }
	byKey := make(map[key]store.Document, len(stored))
	for _, d := range stored {
		byKey[key{d.VendorID, d.Type}] = d
	}
	for _, v := range a.cfg.Vendors {
		for _, d := range v.Documents {
			opts, err := ExtractOptions(d)
			if err != nil {
				return fmt.Errorf("pipeline: vendor %s %s: %w", v.ID, d.Type, err)
			}
			a.targets = append(a.targets, Target{Vendor: v, Doc: d, Stored: byKey[key{v.ID, d.Type}], Extract: opts})
		}
	}
	return nil
}

// ExtractOptions turns a configured document's select/remove/ignore into
// extraction options.
func ExtractOptions(d config.Document) (extract.Options, error) {
	return pageOptions(config.Page{URL: d.URL, Select: d.Select, Remove: d.Remove}, d.Ignore)
}

// pageOptions are the extraction options of one page: its selectors, and
// the document's ignore patterns.
func pageOptions(p config.Page, ignore []string) (extract.Options, error) {
	opts := extract.Options{
		Select: p.Select.CSS(), SelectRanges: p.Select.Ranges(),
		Remove: p.Remove.CSS(), RemoveRanges: p.Remove.Ranges(),
	}
	for _, expr := range ignore {
		re, err := regexp.Compile(expr)
		if err != nil {
			return opts, fmt.Errorf("ignore %q: %w", expr, err)
		}
		opts.Ignore = append(opts.Ignore, re)
	}
	return opts, nil
}

// UnknownVendorError is a vendor id on the command line that the
// configuration does not have.
type UnknownVendorError struct {
	ID    string
	Known []string
}

func (e *UnknownVendorError) Error() string {
	return fmt.Sprintf("unknown vendor %q; configured vendors: %s", e.ID, strings.Join(e.Known, ", "))
}

// UnknownDocumentError is a --doc type that none of the chosen vendors has.
type UnknownDocumentError struct {
	Vendors []string // the vendors named on the command line; none means all
	Type    string
	Known   []string // the types those vendors do have, each once
}

func (e *UnknownDocumentError) Error() string {
	// Types are free-form: a type that is neither known nor configured
	// but close to one is taken for a typo of it.
	if !slices.Contains(config.DocumentTypes, e.Type) && !slices.Contains(e.Known, e.Type) {
		if s, ok := suggest.Closest(e.Type, append(slices.Clone(e.Known), config.DocumentTypes...)); ok {
			return fmt.Sprintf("%q is not a document type; did you mean %q?", e.Type, s)
		}
	}
	has := strings.Join(e.Known, ", ")
	switch len(e.Vendors) {
	case 0:
		return fmt.Sprintf("no vendor has a %q document; the configured documents are: %s", e.Type, has)
	case 1:
		return fmt.Sprintf("vendor %q has no %q document; it has: %s", e.Vendors[0], e.Type, has)
	}
	return fmt.Sprintf("none of the vendors %s has a %q document; they have: %s", strings.Join(e.Vendors, ", "), e.Type, has)
}

// CheckSelection tells whether the configuration has the given vendors
// and, when docType is not empty, a document of that type among them:
// the command line's mistakes, found before any database is opened.
func CheckSelection(cfg *config.Config, vendorIDs []string, docType string) error {
	want := map[string]bool{}
	for _, id := range vendorIDs {
		if _, ok := cfg.Vendor(id); !ok {
			known := cfg.VendorIDs()
			sort.Strings(known)
			return &UnknownVendorError{ID: id, Known: known}
		}
		want[id] = true
	}
	if docType == "" {
		return nil
	}
	var known []string
	for _, v := range cfg.Vendors {
		if len(want) > 0 && !want[v.ID] {
			continue
		}
		for _, d := range v.Documents {
			if d.Type == docType {
				return nil
			}
			if !slices.Contains(known, d.Type) {
				known = append(known, d.Type)
			}
		}
	}
	return &UnknownDocumentError{Vendors: vendorIDs, Type: docType, Known: known}
}

// Select returns the targets of the given vendors (all when none given),
// optionally only documents of one type, in configuration order.
func (a *App) Select(vendorIDs []string, docType string) ([]Target, error) {
	if err := CheckSelection(a.cfg, vendorIDs, docType); err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, id := range vendorIDs {
		want[id] = true
	}
	if len(want) == 0 && docType == "" {
		return slices.Clone(a.targets), nil
	}
	var out []Target
	for _, t := range a.targets {
		if len(want) > 0 && !want[t.Vendor.ID] {
			continue
		}
		if docType != "" && t.Doc.Type != docType {
			continue
		}
		out = append(out, t)
	}
	return out, nil
}

// Target returns the one document of a vendor: the --doc type, or the
// vendor's only (or first) document when docType is empty.
func (a *App) Target(vendorID, docType string) (Target, error) {
	ts, err := a.Select([]string{vendorID}, docType)
	if err != nil {
		return Target{}, err
	}
	if len(ts) == 0 {
		return Target{}, &UnknownVendorError{ID: vendorID, Known: a.cfg.VendorIDs()}
	}
	return ts[0], nil
}
