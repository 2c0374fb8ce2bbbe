package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/store"
)

// cliSite is a configuration with one good page, and a vendor with a long
// name whose page, at a long address, answers 404.
func cliSite(t *testing.T) (conf string, s *site) {
	t.Helper()
	s = newSite(t)
	s.set("/ok", policyPage(seedDoc(t, "grandstream-2019.md"), 2025, "x"))
	long := "/legal/" + strings.Repeat("very-long-path-segment/", 5) + "privacy-policy.html"
	conf = writeConfig(t, t.TempDir(), fmt.Sprintf(`database: tracker.db
host_delay: 0s
vendors:
  - id: good
    name: Good
    documents:
      - {type: privacy, url: %s}
  - id: gone
    name: A Vendor With A Rather Long Registered Company Name Ltd
    documents:
      - {type: privacy, url: %s}
`, s.url("/ok"), s.url(long)))
	return conf, s
}

func TestGlobalFlagsBeforeOrAfterTheCommand(t *testing.T) {
	conf, _ := cliSite(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"before", []string{"--config", conf, "crawl", "good"}, 0, "good/privacy                 new"},
		{"after", []string{"crawl", "good", "--config", conf}, 0, "good/privacy                 unchanged"},
		{"with =", []string{"--config=" + conf, "history", "good"}, 0, "first version"},
		{"single dash", []string{"-config", conf, "vendors"}, 0, "DOCUMENT"},
		{"log level before reaches the command", []string{"--log-level", "loud", "--config", conf, "vendors"}, 2, `--log-level "loud"`},
		{"log format before reaches the command", []string{"--log-format", "xml", "vendors", "--config", conf}, 2, `--log-format "xml"`},
		{"the later one wins", []string{"--config", filepath.Join(t.TempDir(), "none.yaml"), "vendors", "--config", conf}, 0, "good"},
		{"db before", []string{"--db", filepath.Join(t.TempDir(), "other.db"), "--config", conf, "crawl", "good"}, 0, "good/privacy                 new"},
		{"alerts subcommand after global flags", []string{"--config", conf, "alerts", "list"}, 0, "no alerts"},
		{"on a command without a database", []string{"--log-level", "debug", "compare", "testdata/seeds/connect3-2019.txt", "testdata/seeds/connect3-2019.txt"}, 0, ""},
		{"misspelt", []string{"--confg", conf, "crawl"}, 2, "did you mean --config?"},
		{"unknown", []string{"--frobnicate", "crawl"}, 2, "flags that may come first: --config"},
		{"no value", []string{"--config"}, 2, "flag --config needs a value"},
		{"unknown command", []string{"--config", conf, "crawll"}, 2, `unknown command "crawll"; did you mean "crawl"?`},
		{"help for a command", []string{"help", "crawl"}, 0, "Global flags (before or after the command):"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := tracker(t, tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("exit %d, want %d; output:\n%s%s\nwant it to contain %q", code, tt.code, out, errOut, tt.want)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	code, out, errOut := tracker(t, "version")
	if code != 0 {
		t.Fatalf("version: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"tracker ", "commit  ", runtime.Version(), fmt.Sprintf("schema  %d", store.SchemaVersion())} {
		if !strings.Contains(out, want) {
			t.Errorf("version lacks %q:\n%s", want, out)
		}
	}
	code, flagOut, _ := tracker(t, "--version")
	if code != 0 || flagOut != out {
		t.Errorf("--version: exit %d\n%s\nwant the same as `tracker version`:\n%s", code, flagOut, out)
	}
	code, out, _ = tracker(t, "version", "--format", "json")
	var b buildInfo
	if err := json.Unmarshal([]byte(out), &b); code != 0 || err != nil {
		t.Fatalf("version --format json: exit %d, %v\n%s", code, err, out)
	}
	if b.SchemaVersion != store.SchemaVersion() || b.GoVersion != runtime.Version() || b.Version == "" || b.Commit == "" {
		t.Errorf("version json: %+v", b)
	}
}

// TestVersionFromLinker builds the program as a release would, with the
// version and commit given to the linker.
func TestVersionFromLinker(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	bin := filepath.Join(t.TempDir(), "tracker")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, goBin, "build", "-ldflags", "-X main.version=v1.2.3 -X main.commit=0123abcd", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.CommandContext(ctx, bin, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("tracker --version: %v\n%s", err, out)
	}
	if !strings.HasPrefix(string(out), "tracker v1.2.3\ncommit  0123abcd") {
		t.Errorf("tracker --version:\n%s", out)
	}
}

func TestListingsInJSON(t *testing.T) {
	conf, _ := cliSite(t)
	code, out, errOut := tracker(t, "crawl", "--config", conf, "--format", "json")
	if code != 1 {
		t.Fatalf("crawl: exit %d, want 1 (one document fails)\n%s%s", code, out, errOut)
	}
	var crawl crawlJSON
	if err := json.Unmarshal([]byte(out), &crawl); err != nil {
		t.Fatalf("crawl json: %v\n%s", err, out)
	}
	if len(crawl.Documents) != 2 || crawl.Counts["new"] != 1 || crawl.Counts["error"] != 1 || crawl.Failed != 1 ||
		crawl.Documents[0].Vendor != "good" || crawl.Documents[0].VersionID == 0 || !strings.Contains(crawl.Documents[1].Error, "404") {
		t.Errorf("crawl json: %+v", crawl)
	}

	code, out, _ = tracker(t, "vendors", "--config", conf, "--format", "json")
	var vendors []struct {
		Vendor, Name, Document, URL string
		Versions                    int
		Latest                      *struct{ ID int64 }
		LastFetch                   *struct{ Outcome, Error string } `json:"last_fetch"`
	}
	if err := json.Unmarshal([]byte(out), &vendors); code != 0 || err != nil {
		t.Fatalf("vendors json: exit %d, %v\n%s", code, err, out)
	}
	if len(vendors) != 2 || vendors[0].Versions != 1 || vendors[0].Latest == nil || vendors[1].LastFetch == nil ||
		vendors[1].LastFetch.Outcome != "error" || !strings.Contains(vendors[1].LastFetch.Error, "404") {
		t.Errorf("vendors json:\n%s", out)
	}

	code, out, _ = tracker(t, "alerts", "list", "--config", conf, "--format", "json")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("alerts list json: exit %d\n%s", code, out)
	}

	code, out, _ = tracker(t, "reextract", "good", "--config", conf, "--format", "json")
	var re []rebuildJSON
	if err := json.Unmarshal([]byte(out), &re); code != 0 || err != nil || len(re) != 1 || re[0].Versions != 1 || len(re[0].Changed) != 0 {
		t.Errorf("reextract json: exit %d, %v\n%s", code, err, out)
	}
	code, out, _ = tracker(t, "reextract", "good", "--latest", "--config", conf, "--format", "json")
	var latest []outcomeJSON
	if err := json.Unmarshal([]byte(out), &latest); code != 0 || err != nil || len(latest) != 1 || latest[0].Status != "unchanged" {
		t.Errorf("reextract --latest json: exit %d, %v\n%s", code, err, out)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	conf, _ := cliSite(t)
	page := "testdata/seeds/grandstream-2019.md"
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"invalid --select", []string{"extract", page, "--select", "div["}, `--select "div[" is not a CSS selector`},
		{"invalid --remove", []string{"extract", page, "--remove", "::nope("}, `--remove "::nope(" is not a CSS selector`},
		{"bad --format on a listing", []string{"vendors", "--config", conf, "--format", "yaml"}, `--format "yaml": use text or json`},
		{"bad --format on crawl", []string{"crawl", "--config", conf, "--format", "csv"}, `--format "csv": use text or json`},
		{"doc type no vendor has", []string{"crawl", "--doc", "terms", "--config", conf}, `no vendor has a "terms" document; the configured documents are: privacy`},
		{"doc type a vendor lacks", []string{"crawl", "good", "--doc", "terms", "--config", conf}, `vendor "good" has no "terms" document; it has: privacy`},
		{"not a doc type", []string{"crawl", "--doc", "privcy", "--config", conf}, `"privcy" is not a document type; did you mean "privacy"?`},
		{"arguments to version", []string{"version", "now"}, "version takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := tracker(t, tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, want 2; output:\n%s%s\nwant it to contain %q", code, out, errOut, tt.want)
			}
		})
	}
}

// TestOutputFitsTheLineWidth reads every line the listings print after a
// failed fetch of a long address: none is wider than 100 columns but for
// an address longer than a line, which stands alone on its line, whole, so
// that it can be copied; and the error has a line of its own.
func TestOutputFitsTheLineWidth(t *testing.T) {
	conf, _ := cliSite(t)
	ctx := context.Background()
	code, crawlOut, errOut := tracker(t, "crawl", "--config", conf)
	if code != 1 {
		t.Fatalf("crawl: exit %d\n%s%s", code, crawlOut, errOut)
	}
	// A daemon that kept failing leaves a back-off, which vendors shows.
	st, err := store.Open(ctx, filepath.Join(filepath.Dir(conf), "tracker.db"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := st.Document(ctx, "gone", "privacy")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetBackoff(ctx, d.ID, 1, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, vendorsOut, _ := tracker(t, "vendors", "--config", conf)
	_, historyOut, _ := tracker(t, "history", "good", "--config", conf)
	_, usageOut, _ := tracker(t, "help")
	for name, out := range map[string]string{"crawl": crawlOut + errOut, "vendors": vendorsOut, "history": historyOut, "help": usageOut} {
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "time=") {
				continue // a log record: key=value pairs for machines, not a table
			}
			if n := runes(l); n > lineWidth && len(strings.Fields(l)) > 1 {
				t.Errorf("%s prints a line of %d columns:\n%s", name, n, l)
			}
		}
	}
	lines := strings.Split(vendorsOut, "\n")
	if len(lines) < 5 || !strings.HasPrefix(lines[2], "gone/privacy ") || !strings.Contains(lines[2], "error") ||
		!strings.HasPrefix(lines[3], "    error: fetch") || !strings.Contains(vendorsOut, "404") ||
		!strings.Contains(vendorsOut, "1 failure in a row; the daemon waits until") {
		t.Errorf("vendors:\n%s", vendorsOut)
	}
}

func TestTableWrapsToTheLineWidth(t *testing.T) {
	tb := &table{cols: []column{{title: "ID"}, {title: "NAME", min: 8}, {title: "URL", min: 20}}}
	tb.add([]string{"error: " + strings.Repeat("word ", 40)}, "1", strings.Repeat("Name ", 10), "https://example.com/"+strings.Repeat("x", 120))
	tb.add(nil, "2", "Short", "https://example.com/")
	var b strings.Builder
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, l := range strings.Split(out, "\n") {
		if runes(l) > lineWidth {
			t.Errorf("line of %d columns: %q", runes(l), l)
		}
	}
	// Nothing is lost: every character of the URL is still printed.
	if got := strings.Count(out, "x") - strings.Count(out, "example"); got != 120 {
		t.Errorf("%d of 120 x's printed:\n%s", got, out)
	}
	if !strings.Contains(out, "\n    error: word word") {
		t.Errorf("the note is not on its own line:\n%s", out)
	}
}

func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		n    int
		noun string
		want string
	}{{0, "document", "0 documents"}, {1, "document", "1 document"}, {2, "failure", "2 failures"},
		{1, "new version", "1 new version"}, {3, "new version", "3 new versions"}, {2, "capture", "2 captures"}} {
		if got := plural(tt.n, tt.noun); got != tt.want {
			t.Errorf("plural(%d, %q) = %q, want %q", tt.n, tt.noun, got, tt.want)
		}
	}
}

func TestReadCommandsNeverCreateADatabase(t *testing.T) {
	conf, _ := cliSite(t)
	dir := filepath.Dir(conf)
	typo := filepath.Join(dir, "trakcer.db")
	for _, args := range [][]string{
		{"vendors"}, {"history", "good"}, {"diff", "good"}, {"show", "good"}, {"reextract"},
		{"alerts", "list"}, {"serve", "--listen", "127.0.0.1:0"},
		{"vendors", "--db", typo}, {"--db", typo, "history", "good"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, out, errOut := tracker(t, append(args, "--config", conf)...)
			path := filepath.Join(dir, "tracker.db")
			if slices.Contains(args, typo) {
				path = typo
			}
			want := "no database at " + path + " (run `tracker crawl` first"
			if code != 2 || !strings.Contains(errOut, want) {
				t.Errorf("exit %d, want 2; output:\n%s%s\nwant %q", code, out, errOut, want)
			}
			if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s exists after %s: %v", path, args, err)
			}
		})
	}
	// crawl starts the history; then the read commands find it.
	if code, out, errOut := tracker(t, "crawl", "good", "--config", conf); code != 0 {
		t.Fatalf("crawl: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := tracker(t, "history", "good", "--config", conf); code != 0 || !strings.Contains(out, "first version") {
		t.Errorf("history after crawl: exit %d\n%s%s", code, out, errOut)
	}
}

// TestReextractCommand: after a remove is added, reextract rebuilds the
// timeline and says so; run again, it has nothing left to do.
func TestReextractCommand(t *testing.T) {
	s := newSite(t)
	page := policyPage(seedDoc(t, "grandstream-2019.md"), 2025, "x")
	s.set("/p", strings.Replace(page, "</main>", `<p class="promo">Save twenty percent on every phone this week only.</p></main>`, 1))
	dir := t.TempDir()
	body := "database: tracker.db\nhost_delay: 0s\nvendors:\n  - {id: gs, name: GS, documents: [{type: privacy, url: " + s.url("/p") + "REMOVE}]}\n"
	conf := writeConfig(t, dir, strings.Replace(body, "REMOVE", "", 1))
	if code, out, errOut := tracker(t, "crawl", "--config", conf); code != 0 {
		t.Fatalf("crawl: %d %s%s", code, out, errOut)
	}
	s.set("/p", strings.Replace(s.get("/p"), "twenty", "thirty", 1))
	if code, out, _ := tracker(t, "crawl", "--config", conf); code != 0 || !strings.Contains(out, "changed") {
		t.Fatalf("crawl 2: %d %s", code, out)
	}
	writeConfig(t, dir, strings.Replace(body, "REMOVE", ", remove: [.promo]", 1))
	code, out, errOut := tracker(t, "reextract", "--config", conf)
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") } // lines wrap at 100 columns
	if want := "gs/privacy rebuilt 2 versions, 2 with a new text (#1, #2), 1 now the same as the one before (left out of the timeline: #2)"; code != 0 || !strings.HasPrefix(flat(out), want) {
		t.Fatalf("reextract: exit %d\n%s%s\nwant it to start with %q", code, out, errOut, want)
	}
	code, out, _ = tracker(t, "reextract", "--config", conf)
	if want := "gs/privacy unchanged 2 versions, 1 now the same as the one before"; code != 0 || !strings.HasPrefix(flat(out), want) {
		t.Errorf("second reextract: exit %d\n%s\nwant %q", code, out, want)
	}
	if _, out, _ := tracker(t, "history", "gs", "--config", conf); strings.Count(out, "\n") != 3 {
		t.Errorf("history after reextract, want one version:\n%s", out)
	}
}

// TestExtractSaysWhenThePageHasNoText: a page whose text its scripts build
// is not mistaken for a short policy; extract says a browser may be needed.
func TestExtractSaysWhenThePageHasNoText(t *testing.T) {
	dir := t.TempDir()
	thin := filepath.Join(dir, "thin.html")
	empty := filepath.Join(dir, "empty.html")
	if err := os.WriteFile(thin, []byte(`<html><body><div id="app">Loading</div><script src="/app.js"></script></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(empty, []byte(`<html><body><div id="app"></div><script src="/app.js"></script></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := tracker(t, "extract", thin)
	if code != 0 || !strings.Contains(out, "# the page has almost no text (1 words)") || !strings.Contains(out, "render: browser") {
		t.Errorf("thin page: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = tracker(t, "extract", empty)
	if code == 0 || !strings.Contains(errOut, "no text extracted") || !strings.Contains(errOut, "--render browser") {
		t.Errorf("empty page: exit %d\n%s%s", code, out, errOut)
	}
}

// TestExtractNamesOpenedParts: extract says which collapsed or tabbed parts
// of the page it opened, in text and in JSON, and keeps their text.
func TestExtractNamesOpenedParts(t *testing.T) {
	page := filepath.Join(t.TempDir(), "p.html")
	html := `<html><body><main><h1>Privacy Policy</h1><p>We collect your e-mail address to send you receipts.</p>` +
		`<h2><button aria-expanded="false" aria-controls="a1">How long we keep it</button></h2><div id="a1" hidden><p>We keep receipts for ten years, as tax law requires.</p></div>` +
		`<details><summary>Can I delete my account?</summary><p>Yes, from the settings page, at any time.</p></details></main></body></html>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := tracker(t, "extract", page)
	for _, want := range []string{"# opened 2 collapsed or tabbed parts:", "collapsed: How long we keep it", "details: Can I delete my account?", "We keep receipts for ten years", "Yes, from the settings page"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("extract: exit %d, output lacks %q:\n%s%s", code, want, out, errOut)
		}
	}
	code, out, errOut = tracker(t, "extract", page, "--format", "json")
	var got struct{ Opened []string }
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
		t.Fatalf("extract --format json: exit %d, %v\n%s%s", code, err, out, errOut)
	}
	if want := []string{"collapsed: How long we keep it", "details: Can I delete my account?"}; !slices.Equal(got.Opened, want) {
		t.Errorf("opened = %q, want %q", got.Opened, want)
	}
}

// TestExtractTextLinesAreNotComments: in extract's text output every line
// starting with "# " is a comment; a level-1 heading is underlined instead,
// and the rest are the stored text's lines.
func TestExtractTextLinesAreNotComments(t *testing.T) {
	page := filepath.Join(t.TempDir(), "p.html")
	html := `<html><body><main><h1>Privacy Policy of Example Online Shop Limited</h1><p>We collect your e-mail address to send you receipts.</p>` +
		`<h2>Your rights</h2><p># is the sign we use for numbers.</p><ul><li>Access your data.</li></ul></main></body></html>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := tracker(t, "extract", page)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	header, body, ok := strings.Cut(out, "\n\n")
	if !ok || !strings.Contains(header, "\n# main content: main\n") {
		t.Fatalf("no comment header:\n%s", out)
	}
	want := "Privacy Policy of Example Online Shop Limited\n=============================================\n" +
		"We collect your e-mail address to send you receipts.\n## Your rights\n\\# is the sign we use for numbers.\n- Access your data.\n"
	if body != want {
		t.Errorf("text:\n%s\nwant:\n%s", body, want)
	}
}

// TestTableFlatLines: a row whose cells fit is written without wrapping
// machinery, exactly as the wrapping path writes it.
func TestTableFlatLines(t *testing.T) {
	tb := &table{cols: []column{{title: "A"}, {title: "B", min: 4, cut: true}, {title: "C", min: 3}}}
	w := []int{6, 8, 5}
	for _, cells := range [][]string{
		{"a", "bb", "ccc"}, {"a", "", ""}, {"", "", ""}, {"äöü", "€uro", "日本"}, {"a ", "b  ", "c  "},
		{"abcdef", "abcdefgh", "abcde"}, {"a", "b"},
	} {
		if !fits(w, cells) {
			t.Fatalf("%q should fit %v", cells, w)
		}
		var flat, wrapped strings.Builder
		tb.lineFlat(&flat, w, cells)
		tb.lineWrapped(&wrapped, w, cells)
		if flat.String() != wrapped.String() {
			t.Errorf("%q: flat %q, wrapped %q", cells, flat.String(), wrapped.String())
		}
	}
	if fits(w, []string{"abcdefg", "", ""}) || fits(w, []string{"a", "b", "c", "d"}) {
		t.Error("a cell wider than its column, or a row wider than the table, fits")
	}
}
