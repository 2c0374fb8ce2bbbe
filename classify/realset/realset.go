// Package realset runs tracker over real consecutive versions of public
// policies and terms, labelled by people before tracker rated them, and
// scores the classifier: how many material changes it flags, how many
// wording changes it raises to medium or high, how many date or
// formatting edits it reports above none. The set lives in testdata/ (see
// its README for the source and licence); floors.json holds the figures
// the classifier must not fall below.
package realset

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/pipeline"
)

// Set is one labelled set and the file of its floors, both relative to
// this package's folder. Each set keeps its own floors, so that pairs
// labelled later are judged on their own and the figures of the first set
// stay comparable from session to session.
type Set struct {
	Name, Dir, Floors string
}

// Sets lists the labelled sets, oldest first.
var Sets = []Set{
	{Name: "first development set", Dir: "testdata/pairs", Floors: "floors.json"},
	{Name: "second development set (labelled in session 4)", Dir: "testdata/pairs-s4", Floors: "floors-s4.json"},
	{Name: "third development set (session 4's held-out pairs, released in session 5)", Dir: "testdata/pairs-s5", Floors: "floors-s5.json"},
	{Name: "fourth development set (labelled in session 5, half of its documents)", Dir: "testdata/pairs-s6", Floors: "floors-s6.json"},
}

// Pair is one labelled change: two consecutive versions of a document, cut
// to the changed sections with their context, and what a reader decided
// about it.
type Pair struct {
	ID         string `json:"id"`
	Repo       string `json:"repo"`
	Path       string `json:"path"`
	OldCommit  string `json:"old_commit"`
	NewCommit  string `json:"new_commit"`
	OldDate    string `json:"old_date"`
	NewDate    string `json:"new_date"`
	Service    string `json:"service"`
	Document   string `json:"document"`
	Kind       string `json:"kind"`  // privacy, terms, cookies, dpa, aup, subprocessors, other
	Lang       string `json:"lang"`  // the document's language
	Label      string `json:"label"` // material, wording, date, format
	Expect     Expect `json:"expect"`
	Direction  string `json:"direction,omitempty"`
	Evidence   string `json:"evidence"`
	EvidenceIn string `json:"evidence_in,omitempty"`
	Note       string `json:"note"`
	// Old and New are the changed sections of each version with their
	// context, cut identically from both (see Excerpt).
	Old string `json:"old"`
	New string `json:"new"`
}

// Expect is what the output must show, as in the shared evaluation.
type Expect struct {
	Material       bool     `json:"material"`
	Categories     []string `json:"categories"`
	MinSeverity    *string  `json:"min_severity"`
	MaxSeverity    *string  `json:"max_severity"`
	FormattingOnly bool     `json:"formatting_only"`
}

// Load reads every pair of dir (one JSON file each, gzipped when large),
// in name order.
func Load(dir string) ([]Pair, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json*"))
	if err != nil {
		return nil, fmt.Errorf("realset: list %s: %w", dir, err)
	}
	slices.Sort(files)
	out := make([]Pair, 0, len(files))
	for _, f := range files {
		b, err := readFile(f)
		if err != nil {
			return nil, err
		}
		var p Pair
		if err := json.Unmarshal(b, &p); err != nil {
			return nil, fmt.Errorf("realset: %s: %w", f, err)
		}
		if err := p.check(); err != nil {
			return nil, fmt.Errorf("realset: %s: %w", f, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func readFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("realset: read %s: %w", path, err)
	}
	if !strings.HasSuffix(path, ".gz") {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("realset: %s: %w", path, err)
	}
	defer zr.Close()
	b, err = io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("realset: %s: %w", path, err)
	}
	return b, nil
}

// Write stores a pair in dir: as ID.json, or ID.json.gz when it is larger
// than gzipAbove bytes.
func Write(dir string, p Pair) error {
	b, err := json.MarshalIndent(p, "", " ")
	if err != nil {
		return fmt.Errorf("realset: %s: %w", p.ID, err)
	}
	b = append(b, '\n')
	name := filepath.Join(dir, p.ID+".json")
	os.Remove(name + ".gz")
	os.Remove(name)
	if len(b) > gzipAbove {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(b)
		if err := zw.Close(); err != nil {
			return fmt.Errorf("realset: %s: %w", p.ID, err)
		}
		b, name = buf.Bytes(), name+".gz"
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		return fmt.Errorf("realset: write %s: %w", name, err)
	}
	return nil
}

const gzipAbove = 16 << 10

func (p Pair) check() error {
	switch p.Label {
	case "material", "wording", "date", "format":
	default:
		return fmt.Errorf("label %q: want material, wording, date or format", p.Label)
	}
	if p.Label == "material" && !p.Expect.Material {
		return fmt.Errorf("label material but expect.material is false")
	}
	if p.Old == "" && p.New == "" {
		return fmt.Errorf("no text on either side")
	}
	return nil
}

// Outcome is what tracker reported for a pair and how it scores.
type Outcome struct {
	Pair   Pair
	Report classify.Report
	// Flagged: the report is material. CategoryHit: some change is in
	// one of the expected categories at the expected severity or above.
	Flagged, CategoryHit bool
	// AboveNone: some change is rated above none.
	AboveNone bool
}

// Pass reports whether the outcome is what the label asks: a material
// change flagged, a wording change not raised to medium or high, a date
// or formatting edit reported at none at most.
func (o Outcome) Pass() bool {
	switch o.Pair.Label {
	case "material":
		return o.Flagged
	case "wording":
		return !o.Flagged
	}
	return !o.AboveNone
}

// Run compares the two versions of each pair as `tracker compare` does
// for Markdown files, and scores the report.
func Run(pairs []Pair) ([]Outcome, error) {
	out := make([]Outcome, 0, len(pairs))
	for _, p := range pairs {
		rep, err := Compare(p.Old, p.New)
		if err != nil {
			return nil, fmt.Errorf("realset: %s: %w", p.ID, err)
		}
		out = append(out, score(p, rep))
	}
	return out, nil
}

// Compare runs tracker over two Markdown texts.
func Compare(oldText, newText string) (classify.Report, error) {
	o, err := extract.Bytes([]byte(oldText), "", "old.md", extract.Options{})
	if err != nil {
		return classify.Report{}, fmt.Errorf("extract old: %w", err)
	}
	n, err := extract.Bytes([]byte(newText), "", "new.md", extract.Options{})
	if err != nil {
		return classify.Report{}, fmt.Errorf("extract new: %w", err)
	}
	return pipeline.Compare(o.Text(), n.Text()), nil
}

func score(p Pair, rep classify.Report) Outcome {
	o := Outcome{Pair: p, Report: rep, Flagged: rep.Summary.Material}
	floor := classify.Medium
	if p.Expect.MinSeverity != nil {
		if s, err := classify.ParseSeverity(*p.Expect.MinSeverity); err == nil {
			floor = s
		}
	}
	for _, c := range rep.Changes {
		if c.Severity > classify.None {
			o.AboveNone = true
		}
		if c.Severity >= floor && slices.ContainsFunc(c.Categories, func(cat string) bool {
			return slices.Contains(p.Expect.Categories, cat)
		}) {
			o.CategoryHit = true
		}
	}
	return o
}

// Why explains a failing outcome in one line.
func (o Outcome) Why() string {
	s := o.Report.Summary
	got := fmt.Sprintf("material=%v max=%s categories=%s", s.Material, s.MaxSeverity, strings.Join(s.Categories, ","))
	switch o.Pair.Label {
	case "material":
		return fmt.Sprintf("material change missed (%s); want %s at %s; evidence %q", got,
			strings.Join(o.Pair.Expect.Categories, "/"), deref(o.Pair.Expect.MinSeverity), clip(o.Pair.Evidence, 100))
	case "wording":
		return fmt.Sprintf("wording raised (%s): %s", got, clip(loudest(o.Report), 160))
	}
	return fmt.Sprintf("%s edit above none (%s): %s", o.Pair.Label, got, clip(loudest(o.Report), 160))
}

// loudest quotes the highest-rated change's first reason.
func loudest(r classify.Report) string {
	best := -1
	for i, c := range r.Changes {
		if best < 0 || c.Severity > r.Changes[best].Severity {
			best = i
		}
	}
	if best < 0 || len(r.Changes[best].Reasons) == 0 {
		return ""
	}
	return r.Changes[best].Severity.String() + ": " + r.Changes[best].Reasons[0]
}

func deref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
