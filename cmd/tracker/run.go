package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/store"
	"github.com/tracker-dev/tracker/suggest"
)

// Exit codes, as documented in README.
const (
	exitOK     = 0
	exitFailed = 1 // some documents failed, or a runtime error
	exitUsage  = 2 // bad command line or configuration
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
		{"crawl", "[VENDOR...] [--doc TYPE] [--format text|json]", "fetch the configured documents and store new versions", runCrawl},
		{"diff", "VENDOR [--doc TYPE] [--from REF] [--to REF] [--format text|markdown|html|json]", "show what changed between two stored versions", runDiff},
		{"history", "VENDOR [--doc TYPE] [--format text|json]", "list a document's versions, oldest first", runHistory},
		{"show", "VENDOR [--doc TYPE] [--version REF]", "print a stored version's text", runShow},
		{"vendors", "[VENDOR...] [--format text|json]", "list configured vendors and documents with their last fetch", runVendors},
		{"compare", "OLD NEW [--format text|markdown|html|json]", "compare two local files (.html, .md, .txt, .pdf)", runCompare},
		{"extract", "URL|FILE [--select CSS] [--remove CSS...] [--render auto|browser|static] [--wait-for CSS] [--format text|markdown|json]", "print what tracker extracts from a page", runExtract},
		{"backfill", "[VENDOR...] [--doc TYPE] [--since DATE] [--until DATE] [--limit N] [--format text|json]", "import archived versions from the Wayback Machine", runBackfill},
		{"import", "ota DIR [--services A,B] [--out FILE] | ota-versions REPO [--declarations DIR] [VENDOR...]", "import Open Terms Archive declarations (configuration) or histories (versions)", runImport},
		{"export", "DIR [--format ota|jsonl|csv] [--since DATE] [VENDOR...]", "write the stored history as a dataset", runExport},
		{"reextract", "[VENDOR...] [--doc TYPE] [--latest] [--format text|json]", "derive the timeline again from the stored pages under the current settings", runReextract},
		{"alerts", "list [--status S] [--format text|json] | test [--channel KIND] | retry [ID...|--failed]", "inspect, test and resend alerts", runAlerts},
		{"daemon", "[--listen ADDR]", "crawl on schedule and deliver alerts until stopped", runDaemon},
		{"serve", "[--listen ADDR]", "browse the latest changes, vendors, versions and diffs in a web browser", runServe},
		{"healthcheck", "[--addr HOST:PORT] [--timeout D]", "exit 0 when a running daemon's /healthz says ok (for HEALTHCHECK)", runHealthcheck},
		{"migrate", "[--to postgres://USER@HOST/DB]", "upgrade the database's schema; --to: copy the whole history elsewhere, verified", runMigrate},
		{"version", "[--format text|json]", "print the version, commit, Go version and schema version", runVersion},
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

// Run executes one command line and returns the process exit code. The
// global flags (--config, --db, --log-format, --log-level) may come before
// the command, as in git or kubectl, or after it.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	globalArgs, rest, early, err := splitGlobals(args)
	if err != nil {
		fmt.Fprintf(env.Stderr, "tracker: %s\n", err)
		fmt.Fprintln(env.Stderr, "Run `tracker help` for the commands and global flags.")
		return exitUsage
	}
	switch {
	case early == "version":
		return report(env.Stderr, "version", runVersion(ctx, nil, env))
	case early == "help":
		printUsage(env.Stdout)
		return exitOK
	case len(rest) == 0:
		printUsage(env.Stderr)
		return exitUsage
	case rest[0] == "help":
		if len(rest) > 1 { // tracker help COMMAND
			return Run(ctx, []string{rest[1], "--help"}, env)
		}
		printUsage(env.Stdout)
		return exitOK
	}
	name := rest[0]
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		// Global flags given before the command are parsed by the
		// command's own flag set, ahead of its arguments: a flag given
		// again after the command wins, as the later one does in git.
		err := c.run(ctx, append(globalArgs, rest[1:]...), env)
		return report(env.Stderr, c.name, err)
	}
	msg := fmt.Sprintf("tracker: unknown command %q", name)
	if s, ok := suggest.Closest(name, commandNames()); ok {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	fmt.Fprintln(env.Stderr, msg)
	fmt.Fprintln(env.Stderr)
	printUsage(env.Stderr)
	return exitUsage
}

func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

// globalFlags take a value and are accepted by every command, before or
// after its name.
var globalFlags = []struct{ name, usage string }{
	{"config", "configuration file (default $TRACKER_CONFIG, then ./tracker.yaml)"},
	{"db", "database file or postgres:// URL (overrides $TRACKER_DATABASE_URL and the configuration's database)"},
	{"log-format", "log format: text or json"},
	{"log-level", "log level: debug, info, warn or error (default warn; info for daemon)"},
}

func isGlobal(name string) bool {
	for _, g := range globalFlags {
		if g.name == name {
			return true
		}
	}
	return false
}

// splitGlobals takes the flags in front of the command: the global flags,
// returned as arguments for the command's flag set, and --version or
// --help, returned as early. rest starts with the command.
func splitGlobals(args []string) (globalArgs, rest []string, early string, err error) {
	for len(args) > 0 {
		a := args[0]
		if a == "--" {
			return globalArgs, args[1:], "", nil
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			return globalArgs, args, "", nil
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case name == "version":
			return nil, nil, "version", nil
		case name == "help" || name == "h":
			return nil, nil, "help", nil
		case !isGlobal(name):
			msg := fmt.Sprintf("unknown flag %s before the command; flags that may come first: --config, --db, --log-format, --log-level, --version", a)
			if s, ok := suggest.Closest(name, []string{"config", "db", "log-format", "log-level", "version"}); ok {
				msg = fmt.Sprintf("unknown flag %s before the command; did you mean --%s?", a, s)
			}
			return nil, nil, "", usagef("%s", msg)
		case hasValue:
			globalArgs = append(globalArgs, "--"+name+"="+value)
			args = args[1:]
		case len(args) < 2:
			return nil, nil, "", usagef("flag --%s needs a value", name)
		default:
			globalArgs = append(globalArgs, "--"+name+"="+args[1])
			args = args[2:]
		}
	}
	return globalArgs, nil, "", nil
}

// report prints err, if any, and returns the exit code it means. The error
// is printed as it is: every line of a configuration error stays on its own
// line.
func report(w io.Writer, name string, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	// Never wrapped: `file:line: …` must stay whole for editors and grep.
	fmt.Fprintf(w, "tracker %s: %s\n", name, errorText(err))
	if isUsage(err) {
		return exitUsage
	}
	return exitFailed
}

// errorText puts a multi-line error (every problem of a configuration
// file) below the command's name, one problem a line.
func errorText(err error) string {
	msg := err.Error()
	if strings.Contains(msg, "\n") {
		return "\n" + msg
	}
	return msg
}

// isUsage tells the errors that mean the command line or the configuration
// is wrong (exit code 2) from runtime failures (exit code 1).
func isUsage(err error) bool {
	var ue *usageError
	var ce *configError
	var uv *pipeline.UnknownVendorError
	var ud *pipeline.UnknownDocumentError
	var ne *noDatabaseError
	return errors.As(err, &ue) || errors.As(err, &ce) || errors.As(err, &uv) ||
		errors.As(err, &ud) || errors.As(err, &ne) || errors.Is(err, errConfigMissing)
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "tracker watches vendors' privacy policies and tells, clause by clause, what changed and")
	fmt.Fprintln(w, "whether it matters.")
	fmt.Fprintln(w, "\nUsage: tracker [GLOBAL FLAGS] COMMAND [ARGS] [FLAGS]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nGlobal flags, before or after the command:")
	for _, g := range globalFlags {
		fmt.Fprintf(w, "  --%-11s %s\n", g.name, strings.TrimSuffix(strings.SplitN(g.usage, " (", 2)[0], "."))
	}
	fmt.Fprintf(w, "  --%-11s %s\n", "version", "print the version and exit")
	fmt.Fprintln(w, "\nRun `tracker help COMMAND` or `tracker COMMAND --help` for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 some documents failed (or another runtime error), 2 usage or")
	fmt.Fprintln(w, "configuration error.")
}

// common holds the values of the global flags.
type common struct {
	config, db, logFormat, logLevel string
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
		// --db is relative to the working directory, not to the
		// configuration's folder (which file: documents still are).
		if !store.IsPostgres(c.db) {
			abs, err := filepath.Abs(c.db)
			if err != nil {
				return nil, fmt.Errorf("--db %s: %w", c.db, err)
			}
			cfg.Database = abs
		}
	}
	return cfg, nil
}

// flags is a command's FlagSet with the global flags registered in it.
type flags struct {
	*flag.FlagSet
	common
	env  Env
	name string
	// creates is set by the commands that write history (crawl, backfill,
	// daemon): only they may create a missing SQLite database.
	creates bool
	// readOnly is set by the commands that only read (diff, history, show,
	// vendors, serve): they open the database read-only, never write to
	// it, and work on a read-only mount.
	readOnly bool
}

// newFlags makes the flags of a registered command, global flags included.
func newFlags(env Env, name string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// The flag package calls Usage on every parse error too; help is printed
	// by parse only when it was asked for.
	fs.Usage = func() {}
	f := &flags{FlagSet: fs, env: env, name: name}
	values := map[string]*string{"config": &f.config, "db": &f.db, "log-format": &f.logFormat, "log-level": &f.logLevel}
	for _, g := range globalFlags {
		fs.StringVar(values[g.name], g.name, "", g.usage)
	}
	f.logFormat = "text"
	fs.Lookup("log-format").DefValue = "text"
	return f
}

// help prints the command's usage: its own flags, then the global ones.
func (f *flags) help() {
	c := lookup(f.name)
	w := f.env.Stdout
	fmt.Fprintf(w, "Usage: tracker %s %s\n\n%s\n", f.name, c.args, c.summary)
	own := flag.NewFlagSet(f.name, flag.ContinueOnError)
	global := flag.NewFlagSet(f.name, flag.ContinueOnError)
	f.VisitAll(func(fl *flag.Flag) {
		into := own
		if isGlobal(fl.Name) {
			into = global
		}
		into.Var(fl.Value, fl.Name, fl.Usage)
		into.Lookup(fl.Name).DefValue = fl.DefValue
	})
	for _, set := range []struct {
		title string
		fs    *flag.FlagSet
	}{{"Flags:", own}, {"Global flags (before or after the command):", global}} {
		n := 0
		set.fs.VisitAll(func(*flag.Flag) { n++ })
		if n == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s\n", set.title)
		set.fs.SetOutput(w)
		set.fs.PrintDefaults()
	}
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
			return nil, f.flagError(err)
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

// flagError rewords the flag package's parse errors: an unknown flag is
// named as typed, with the command's flag it most likely meant.
func (f *flags) flagError(err error) error {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return usagef("%s (`tracker help %s` lists the flags)", err, f.name)
	}
	var known []string
	f.VisitAll(func(fl *flag.Flag) { known = append(known, fl.Name) })
	if best, ok := suggest.Closest(name, known); ok {
		return usagef("unknown flag --%s (did you mean --%s? `tracker help %s` lists the flags)", name, best, f.name)
	}
	return usagef("unknown flag --%s (`tracker help %s` lists the flags)", name, f.name)
}

func lookup(name string) command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return command{name: name}
}
