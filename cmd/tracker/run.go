package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/pipeline"
)

// Exit codes, as documented in README.
const (
	exitOK      = 0
	exitFailed  = 1 // some documents failed, or a runtime error
	exitUsage   = 2 // bad command line or configuration
	exitUnknown = exitFailed
)

// Env is what a command may touch of the outside world.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

// command is one subcommand: its name, a one-line summary and its runner.
type command struct {
	name, args, summary string
	run                 func(ctx context.Context, args []string, env Env) error
}

func commands() []command {
	return []command{
		{"crawl", "[VENDOR...]", "fetch the configured documents and store new versions", runCrawl},
		{"diff", "VENDOR [--doc TYPE] [--from REF] [--to REF] [--format text|markdown|html|json]", "show what changed between two stored versions", runDiff},
		{"history", "VENDOR [--doc TYPE] [--format text|json]", "list a document's versions, oldest first", runHistory},
		{"show", "VENDOR [--doc TYPE] [--version REF]", "print a stored version's text", runShow},
		{"vendors", "", "list configured vendors and documents with their last fetch", runVendors},
		{"compare", "OLD NEW [--format text|markdown|html|json]", "compare two local files (.html, .md, .txt)", runCompare},
		{"extract", "URL|FILE [--select CSS] [--remove CSS...] [--format text|markdown|json]", "print what tracker extracts from a page", runExtract},
		{"backfill", "[VENDOR...] [--doc TYPE] [--since DATE] [--until DATE] [--limit N]", "import archived versions from the Wayback Machine", runBackfill},
		{"reextract", "[VENDOR...]", "derive versions again from stored raw snapshots", runReextract},
		{"alerts", "list [--status S] | test [--channel email|webhook]", "inspect and test alert delivery", runAlerts},
		{"daemon", "[--listen ADDR]", "crawl on schedule and deliver alerts until stopped", runDaemon},
		{"serve", "[--listen ADDR]", "browse vendors, timelines and diffs in a web browser", runServe},
	}
}

// configError is a configuration that cannot be read or is invalid: exit 2.
type configError struct{ err error }

func (e *configError) Error() string { return e.err.Error() }
func (e *configError) Unwrap() error { return e.err }

// usageError is a mistake on the command line: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// Run executes one command line and returns the process exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(env.Stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], env)
		return report(env.Stderr, c.name, err)
	}
	fmt.Fprintf(env.Stderr, "tracker: unknown command %q\n\n", args[0])
	printUsage(env.Stderr)
	return exitUsage
}

func report(w io.Writer, name string, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintf(w, "tracker %s: %s\n", name, err)
	var ue *usageError
	var ce *configError
	var uv *pipeline.UnknownVendorError
	var ud *pipeline.UnknownDocumentError
	switch {
	case errors.As(err, &ue), errors.As(err, &ce), errors.As(err, &uv), errors.As(err, &ud):
		return exitUsage
	case errors.Is(err, errConfigMissing):
		return exitUsage
	}
	return exitFailed
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "tracker watches vendors' privacy policies and tells, clause by clause, what changed and whether it matters.")
	fmt.Fprintln(w, "\nUsage: tracker COMMAND [ARGS] [--config PATH] [--db PATH]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `tracker COMMAND --help` for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 some documents failed (or another runtime error), 2 usage or configuration error.")
}

// common holds the flags every database command shares.
type common struct {
	config, db, logFormat, logLevel string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "configuration file (default $TRACKER_CONFIG, then ./tracker.yaml)")
	fs.StringVar(&c.db, "db", "", "database file or postgres:// URL (overrides $TRACKER_DATABASE_URL and the configuration's database)")
	fs.StringVar(&c.logFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&c.logLevel, "log-level", "warn", "log level: debug, info, warn or error")
}

var errConfigMissing = errors.New("no configuration")

// load reads the configuration named by the flags or the environment.
func (c *common) load(env Env) (*config.Config, error) {
	path := c.config
	if path == "" {
		path = env.Getenv("TRACKER_CONFIG")
	}
	if path == "" {
		path = "tracker.yaml"
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("%w: pass --config PATH, set TRACKER_CONFIG, or create ./tracker.yaml (configs/vendors.yaml is an example)", errConfigMissing)
		}
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, &configError{err}
	}
	// A database URL often carries a password, so it may come from the
	// environment instead of the file; --db overrides both.
	if u := env.Getenv("TRACKER_DATABASE_URL"); u != "" && c.db == "" {
		cfg.Database = u
	}
	if c.db != "" {
		cfg.Database = c.db
		cfg.Path = "" // --db is relative to the working directory, not the config
	}
	return cfg, nil
}

func (c *common) logger(env Env) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return nil, usagef("--log-level %q: use debug, info, warn or error", c.logLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch c.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(env.Stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(env.Stderr, opts)), nil
	}
	return nil, usagef("--log-format %q: use text or json", c.logFormat)
}

// open loads the configuration and opens the database.
func (c *common) open(ctx context.Context, env Env) (*pipeline.App, error) {
	cfg, err := c.load(env)
	if err != nil {
		return nil, err
	}
	log, err := c.logger(env)
	if err != nil {
		return nil, err
	}
	return pipeline.Open(ctx, cfg, pipeline.Options{Logger: log})
}

// flags is a command's FlagSet with its help text.
type flags struct {
	*flag.FlagSet
	help func()
}

// newFlags makes the flags of a registered command.
func newFlags(env Env, name string) *flags {
	c := lookup(name)
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// The flag package calls Usage on every parse error too; help is printed
	// by parse only when it was asked for.
	fs.Usage = func() {}
	return &flags{FlagSet: fs, help: func() {
		fmt.Fprintf(env.Stdout, "Usage: tracker %s %s\n\n%s\n\nFlags:\n", name, c.args, c.summary)
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}}
}

// parse parses flags that may come before, between or after the positional
// arguments (`tracker compare OLD NEW --format json`).
func (f *flags) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.help()
				return nil, err
			}
			return nil, usagef("%s", err)
		}
		args = f.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func lookup(name string) command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return command{name: name}
}

// openTargets opens the database and selects the documents of the given
// vendors (all when none), optionally of one type. The caller closes the
// App.
func (c *common) openTargets(ctx context.Context, env Env, vendors []string, docType string) (*pipeline.App, []pipeline.Target, error) {
	app, err := c.open(ctx, env)
	if err != nil {
		return nil, nil, err
	}
	targets, err := app.Select(vendors, docType)
	if err != nil {
		app.Close()
		return nil, nil, err
	}
	return app, targets, nil
}

// openTarget opens the database and finds one vendor's document (its first
// when docType is empty). The caller closes the App.
func (c *common) openTarget(ctx context.Context, env Env, vendor, docType string) (*pipeline.App, pipeline.Target, error) {
	app, err := c.open(ctx, env)
	if err != nil {
		return nil, pipeline.Target{}, err
	}
	t, err := app.Target(vendor, docType)
	if err != nil {
		app.Close()
		return nil, pipeline.Target{}, err
	}
	return app, t, nil
}
