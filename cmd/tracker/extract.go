package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/diff"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/pdf"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
)

// stringsFlag is a repeatable string flag.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ", ") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

type extractJSON struct {
	Source   string        `json:"source"`
	Title    string        `json:"title"`
	Main     string        `json:"main"`
	Hash     string        `json:"hash"`
	Opened   []string      `json:"opened"`
	Sections []sectionJSON `json:"sections"`
}

type sectionJSON struct {
	Heading string   `json:"heading"`
	Level   int      `json:"level"`
	Clauses []string `json:"clauses"`
}

func runExtract(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "extract")
	var sel, rem stringsFlag
	fs.Var(&sel, "select", "CSS selector of the policy text (repeatable: matches in document order)")
	fs.Var(&rem, "remove", "CSS selector of elements to drop (repeatable)")
	format := fs.String("format", "text", "output format: text, markdown or json")
	ua := fs.String("user-agent", "tracker/"+currentBuild().Version, "User-Agent for URLs: best with a contact, e.g. \"tracker (+mailto:you@example.org)\"")
	mode := fs.String("render", "auto", "for a URL: auto (a browser renders a JavaScript shell), browser (always) or static (never)")
	waitFor := fs.String("wait-for", "", "for a URL rendered in a browser: CSS selector of the text to wait for")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("extract takes one URL or FILE (got %d arguments)", len(pos))
	}
	if err := checkFormat(*format, "text", "markdown", "json"); err != nil {
		return err
	}
	if !slices.Contains(config.RenderModes, *mode) {
		return usagef("--render %q: use auto, browser or static", *mode)
	}
	if *waitFor != "" {
		if err := extract.CheckSelector(*waitFor); err != nil {
			return usagef("--wait-for %q is not a CSS selector: %s", *waitFor, err)
		}
	}
	for _, f := range []struct {
		name string
		sels []string
	}{{"--select", sel}, {"--remove", rem}} {
		for _, s := range f.sels {
			if err := extract.CheckSelector(s); err != nil {
				return usagef("%s %q is not a CSS selector: %s", f.name, s, err)
			}
		}
	}
	pdfs := pdf.NewReader(pdf.ReaderOptions{}) // started only for a PDF
	defer pdfs.Close()
	opts := extract.Options{Select: sel, Remove: rem, PDF: pdfs}
	d, note, err := extractSource(ctx, pos[0], opts, pipeline.URLOptions{UserAgent: *ua, Render: *mode, WaitFor: *waitFor})
	if err != nil {
		return err
	}
	if note != "" {
		fmt.Fprintf(env.Stderr, "%s: %s\n", render.Sanitize(pos[0]), note)
	}
	switch *format {
	case "json":
		out := extractJSON{Source: pos[0], Title: d.Title, Main: d.Main, Hash: d.Hash(), Opened: append([]string{}, d.Opened...), Sections: []sectionJSON{}}
		for _, s := range diff.Segment(d) {
			sj := sectionJSON{Heading: s.Heading, Level: s.Level, Clauses: []string{}}
			for _, c := range s.Clauses {
				sj.Clauses = append(sj.Clauses, c.Text)
			}
			out.Sections = append(out.Sections, sj)
		}
		return render.JSON(env.Stdout, out)
	case "markdown":
		fmt.Fprint(env.Stdout, render.Sanitize(markdown(d)))
	default:
		fmt.Fprintf(env.Stdout, "# source: %s\n# main content: %s\n# %d blocks, %d sections, hash %s\n", render.Sanitize(pos[0]), render.Sanitize(d.Main), len(d.Blocks), len(diff.Segment(d)), d.Hash()[:12])
		if words, thin := extract.AlmostNoText(d); thin && note == "" {
			fmt.Fprintf(env.Stdout, "# the page has almost no text (%d words): it may be built by JavaScript; try render: browser (tracker extract URL --render browser)\n", words)
		}
		// Collapsed panels and inactive tabs are text like the rest; say
		// which ones were opened, since a browser would not show them.
		if len(d.Opened) > 0 {
			fmt.Fprintf(env.Stdout, "# opened %d collapsed or tabbed parts:\n", len(d.Opened))
			for _, o := range d.Opened {
				fmt.Fprintf(env.Stdout, "#   %s\n", render.Sanitize(o))
			}
		}
		fmt.Fprintln(env.Stdout)
		fmt.Fprintln(env.Stdout, render.Sanitize(textView(d)))
	}
	return nil
}

// extractSource reads a local file, or fetches a URL once (rendering it in
// a browser when it needs one); the note says when a browser was used.
func extractSource(ctx context.Context, src string, opts extract.Options, u pipeline.URLOptions) (*doc.Document, string, error) {
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		u.Extract = opts
		return pipeline.ExtractURL(ctx, src, u)
	}
	body, err := pipeline.ReadLocal(src, int64(config.Default().MaxBodySize))
	if err != nil {
		return nil, "", err
	}
	d, err := extract.Bytes(body, "", filepath.Base(src), opts)
	if errors.Is(err, extract.ErrNoText) && len(opts.Select) == 0 {
		return nil, "", fmt.Errorf("extract %s: %w; a page whose text is built by JavaScript needs a browser: try tracker extract URL --render browser, or render: browser in the config", src, err)
	}
	if err != nil {
		return nil, "", fmt.Errorf("extract %s: %w", src, err)
	}
	return d, "", nil
}

// textView is the document's stored text as extract shows it under its
// "# " comment lines: the same lines, but for a level-1 heading, which is
// underlined instead ("Title" over "=====", as Markdown allows), so that
// every line starting with "# " is a comment and none is text.
func textView(d *doc.Document) string {
	var b strings.Builder
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		if bl.Kind == doc.Heading && bl.Level <= 1 {
			b.WriteString(bl.Text + "\n" + strings.Repeat("=", min(max(utf8.RuneCountInString(bl.Text), 3), 80)))
			continue
		}
		b.WriteString((&doc.Document{Blocks: []doc.Block{bl}}).Text())
	}
	return b.String()
}

// markdown renders blocks as Markdown for reading.
func markdown(d *doc.Document) string {
	var b strings.Builder
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteString("\n")
			if bl.Kind != doc.ListItem || d.Blocks[i-1].Kind != doc.ListItem {
				b.WriteString("\n")
			}
		}
		switch bl.Kind {
		case doc.Heading:
			b.WriteString(strings.Repeat("#", max(1, bl.Level)) + " " + bl.Text)
		case doc.ListItem:
			b.WriteString("- " + bl.Text)
		case doc.TableRow:
			b.WriteString("| " + bl.Text + " |")
		default:
			b.WriteString(bl.Text)
		}
	}
	b.WriteString("\n")
	return b.String()
}
