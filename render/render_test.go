package render

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/classify"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in      string
		want    Format
		wantErr bool
	}{
		{"text", FormatText, false},
		{"JSON", FormatJSON, false},
		{" markdown ", FormatMarkdown, false},
		{"md", FormatMarkdown, false},
		{"html", FormatHTML, false},
		{"xml", "", true},
		{"", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseFormat(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseFormat(%q) = %q, want an error", tt.in, got)
				}
				for _, name := range []string{"text", "markdown", "html", "json"} {
					if !strings.Contains(err.Error(), name) {
						t.Errorf("error %q does not list %q", err, name)
					}
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseFormat(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func render(t *testing.T, f Format, r classify.Report, opt Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Report(&buf, f, r, opt); err != nil {
		t.Fatalf("Report(%s): %v", f, err)
	}
	return buf.String()
}

func TestGolden(t *testing.T) {
	tests := []struct {
		file   string
		format Format
		report classify.Report
		opt    Options
	}{
		{"sample.txt", FormatText, sampleReport(), Options{Meta: sampleMeta()}},
		{"sample.color.txt", FormatText, sampleReport(), Options{Color: true, Meta: sampleMeta()}},
		{"sample.md", FormatMarkdown, sampleReport(), Options{Meta: sampleMeta()}},
		{"empty.txt", FormatText, classify.Report{}, Options{}},
		{"empty.md", FormatMarkdown, classify.Report{}, Options{Meta: Meta{Title: "old.html → new.html"}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := render(t, tt.format, tt.report, tt.opt)
			path := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the golden file (run go test -update after checking the change)\ngot:\n%s\nwant:\n%s", tt.file, got, want)
			}
		})
	}
}

// TestFormatsShowEachKind checks the parts of each format people rely on,
// independently of the golden files.
func TestFormatsShowEachKind(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		opt    Options
		want   []string
	}{
		{"text", FormatText, Options{Meta: sampleMeta()}, []string{
			"grandstream/privacy\n",
			"old: v12 · 2024-03-01 (live)  https://www.grandstream.com/legal/privacy-policy\n",
			"+1 -1 ~2 >1  material: yes  max severity: high  categories: sharing, retention, security\n",
			"[HIGH] modified · How we use your information\n~ We [-do not-] {+may+} rent, sell,",
			"~ We keep call recordings for [-30 days-]{+3 years+}.\n",
			"[MEDIUM] added · Vendors and Service Providers\n+ We may share any information",
			"[MEDIUM] removed · Security\n- Data access will be protected",
			"[NONE] moved · Your choices\n> You may opt out of marketing emails at any time by using the opt-out link in an email.  (moved from \"How we use your information\")\n",
			"  categories: sharing\n  why: negation removed: 'do not … sell' became 'may … sell'\n",
		}},
		{"text colour", FormatText, Options{Color: true}, []string{
			"\x1b[1;31m[HIGH]\x1b[0m modified",
			"\x1b[31m- \x1b[0mWe \x1b[9;31mdo not\x1b[0m rent,",
			"\x1b[32m+ \x1b[0mWe \x1b[4;32mmay\x1b[0m rent,",
		}},
		{"markdown", FormatMarkdown, Options{Meta: sampleMeta()}, []string{
			"# Policy changes: grandstream/privacy\n",
			"- **Old:** [v12 · 2024-03-01 (live)](<https://www.grandstream.com/legal/privacy-policy>)\n",
			"| 1 | 1 | 2 | 1 | yes | high | sharing, retention, security |\n",
			"### HIGH · modified · How we use your information\n\nWe ~~do not~~ **may** rent, sell,",
			"for ~~30 days~~**3 years**.\n",
			"**Added:** We may share",
			"**Removed:** ~~Data access will be protected with strong complex passwords by authorized personnel only and will never be shared.~~\n",
			"**Moved from** *How we use your information*: You may opt out",
			"Why:\n\n- negation removed: 'do not … sell' became 'may … sell'\n",
		}},
		{"html", FormatHTML, Options{Meta: sampleMeta()}, []string{
			"<title>Policy changes: grandstream/privacy</title>",
			`<td class="" data-label="Before">We <del>do not </del>rent, sell,`,
			`<td class="" data-label="After">We <ins>may </ins>rent, sell,`,
			`<td class="added" data-label="After">We may share any information`,
			`<td class="removed" data-label="Before">Data access will be protected`,
			"Moved from “How we use your information”",
			`<article class="change sev-high">`,
			"<li>negation removed: &#39;do not … sell&#39; became &#39;may … sell&#39;</li>",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, tt.format, sampleReport(), tt.opt)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q\n%s", w, got)
				}
			}
		})
	}
}

func TestEmptyReport(t *testing.T) {
	tests := []struct {
		format Format
		want   string
	}{
		{FormatText, "\nNo changes.\n"},
		{FormatMarkdown, "\nNo changes.\n"},
		{FormatHTML, `<p class="none">No changes.</p>`},
		{FormatJSON, `"changes": []`},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			if got := render(t, tt.format, classify.Report{}, Options{}); !strings.Contains(got, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, got)
			}
		})
	}
}

// A report that counts changes it does not list (a page rewritten at
// large) says so in every format, and not otherwise.
func TestUnlistedChangesAreNamed(t *testing.T) {
	rep := classify.Report{Summary: classify.Summary{Modified: 6612, Unlisted: 5204, MaxSeverity: classify.High, Material: true}}
	for _, f := range []Format{FormatText, FormatMarkdown, FormatHTML, FormatJSON} {
		t.Run(string(f), func(t *testing.T) {
			want := "5204 minor changes"
			if f == FormatJSON {
				want = `"unlisted": 5204`
			}
			if got := render(t, f, rep, Options{}); !strings.Contains(got, want) {
				t.Errorf("output lacks %q:\n%s", want, got)
			}
			rep := rep
			rep.Summary.Unlisted = 0
			if got := render(t, f, rep, Options{}); strings.Contains(got, "not listed") || strings.Contains(got, "unlisted") {
				t.Errorf("a report listing every change mentions unlisted ones:\n%s", got)
			}
		})
	}
}

// ourSGR lists the escape sequences the text format itself writes.
var ourSGR = strings.NewReplacer(sgrReset, "", sgrBold, "", sgrDim, "", sgrRed, "", sgrGreen, "",
	sgrCyan, "", sgrDeleted, "", sgrAdded, "", "\x1b[1;31m", "", "\x1b[1;33m", "")

func TestPageTextCannotEscape(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		opt    Options
		check  func(t *testing.T, out string)
	}{
		// A terminal shows "<script>" as the words it is; only escape
		// sequences are dangerous there.
		{"text", FormatText, Options{}, noRaw(hostileANSI, "\x1b")},
		{"text colour", FormatText, Options{Color: true}, func(t *testing.T, out string) {
			noControls(t, ourSGR.Replace(out))
		}},
		{"markdown", FormatMarkdown, Options{}, func(t *testing.T, out string) {
			noRaw("\n# not")(t, out)
			for i := strings.IndexAny(out, "<>[]`"); i >= 0; i = nextIndexAny(out, "<>[]`", i) {
				if i == 0 || out[i-1] != '\\' {
					t.Errorf("unescaped %q at %d: %q", out[i], i, out[max(0, i-20):min(len(out), i+20)])
				}
			}
		}},
		{"html", FormatHTML, Options{}, func(t *testing.T, out string) {
			noRaw("<script", "<img")(t, out)
			noActiveHTML(t, out)
			if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("escaped script text missing")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, tt.format, hostileReport(), tt.opt)
			if tt.name != "text colour" {
				noControls(t, out)
			}
			tt.check(t, out)
		})
	}
}

func nextIndexAny(s, chars string, after int) int {
	j := strings.IndexAny(s[after+1:], chars)
	if j < 0 {
		return -1
	}
	return after + 1 + j
}

func noRaw(bad ...string) func(t *testing.T, out string) {
	return func(t *testing.T, out string) {
		t.Helper()
		for _, b := range bad {
			if strings.Contains(out, b) {
				t.Errorf("output contains raw %q:\n%s", b, out)
			}
		}
	}
}

// noControls fails on any control character other than newline.
func noControls(t *testing.T, out string) {
	t.Helper()
	for i, r := range out {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) {
			t.Fatalf("control character %U at byte %d: %q", r, i, out[max(0, i-20):min(len(out), i+20)])
		}
	}
}

func TestReportDoesNotChangeInput(t *testing.T) {
	r := sampleReport()
	r.Changes[4].Categories = nil
	render(t, FormatJSON, r, Options{})
	if r.Changes[4].Categories != nil {
		t.Errorf("Report replaced the caller's nil categories")
	}
}

func TestReportUnknownFormat(t *testing.T) {
	if err := Report(&bytes.Buffer{}, Format("pdf"), sampleReport(), Options{}); err == nil {
		t.Fatal("Report with format pdf succeeded")
	}
}

var errFull = errors.New("disk full")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errFull }

func TestReportWriteError(t *testing.T) {
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			err := Report(failingWriter{}, f, sampleReport(), Options{})
			if !errors.Is(err, errFull) {
				t.Errorf("Report error = %v, want one wrapping %v", err, errFull)
			}
		})
	}
}

func TestColorEnabled(t *testing.T) {
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	regular, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer regular.Close()

	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	tests := []struct {
		name string
		w    any
		env  map[string]string
		want bool
	}{
		{"buffer", &bytes.Buffer{}, map[string]string{"TERM": "xterm"}, false},
		{"regular file", regular, map[string]string{"TERM": "xterm"}, false},
		{"character device", devNull, map[string]string{"TERM": "xterm"}, true},
		{"NO_COLOR set", devNull, map[string]string{"TERM": "xterm", "NO_COLOR": "1"}, false},
		{"NO_COLOR empty", devNull, map[string]string{"TERM": "xterm", "NO_COLOR": ""}, true},
		{"dumb terminal", devNull, map[string]string{"TERM": "dumb"}, false},
		{"nil file", (*os.File)(nil), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.w.(interface{ Write([]byte) (int, error) })
			if got := ColorEnabled(w, env(tt.env)); got != tt.want {
				t.Errorf("ColorEnabled = %v, want %v", got, tt.want)
			}
		})
	}
}
