package pipeline

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/diff"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/pdf"
)

// Compare diffs two canonical texts clause by clause and classifies every
// change. Both sides go through the canonical form so that a stored version
// and a fresh extraction are read the same way.
func Compare(oldText, newText string) classify.Report {
	rep, _ := CompareContext(context.Background(), oldText, newText)
	return rep
}

// CompareContext is Compare under ctx: the differ and the classifier look
// at ctx as they go and stop when it ends, with an error wrapping its
// cause, rather than run on after nobody waits for them.
func CompareContext(ctx context.Context, oldText, newText string) (classify.Report, error) {
	r, err := diff.CompareContext(ctx, doc.Parse(oldText), doc.Parse(newText))
	if err != nil {
		return classify.Report{}, err
	}
	return classifyBounded(ctx, r, oldText, newText)
}

// classifyBatch bounds the changed text classified at once. The classifier
// keeps a model of every changed clause of a report while it rates them:
// a whole 120 KB policy rewritten is 240 KB of changed text, but a 5 MB
// page rewritten held 700 MB. Past the bound the changes are classified in
// batches and the reports merged; clauses are netted against each other
// (a practice moved between clauses) within their batch only, which no
// real document reaches.
const classifyBatch = 256 << 10

// A report past classifyBatch is a page rewritten rather than edited: a
// 5 MB single-line page made 6,600 changes and 22 MB of JSON, held with
// both texts, and stored, copied, decoded for every read. Such a report
// lists every material (medium or high) change with its texts, but the
// minor ones only until their texts reach minorListed (Summary.Unlisted
// counts the rest), and word diffs only until wordsListed: past it a
// change shows its two texts, as renderers do without words. Its size is
// bounded by the material clauses' texts, not by the page.
const (
	minorListed = 256 << 10
	wordsListed = 1 << 20
)

func classifyBounded(ctx context.Context, r *diff.Result, oldText, newText string) (classify.Report, error) {
	total := 0
	for _, c := range r.Changes {
		total += len(c.OldText) + len(c.NewText)
	}
	if total <= classifyBatch {
		return classify.BuildDocumentsContext(ctx, r, oldText, newText)
	}
	text := newText
	if len(text) < 200 {
		text += "\n" + oldText
	}
	lang := classify.Detect(text)
	var b largeReport
	for start := 0; start < len(r.Changes); {
		end, size := start, 0
		for end < len(r.Changes) && (end == start || size+len(r.Changes[end].OldText)+len(r.Changes[end].NewText) <= classifyBatch) {
			size += len(r.Changes[end].OldText) + len(r.Changes[end].NewText)
			end++
		}
		part, err := classify.BuildInContext(ctx, &diff.Result{Changes: r.Changes[start:end]}, lang)
		if err != nil {
			return classify.Report{}, err
		}
		// The batch's clauses live on in part only where it lists them:
		// the word diffs of the changes left out go now, not with r.
		clear(r.Changes[start:end])
		b.add(part)
		start = end
	}
	return b.rep, nil
}

// largeReport merges the reports of batches, listing what the bounds let
// through and counting everything.
type largeReport struct {
	rep          classify.Report
	seen         map[string]bool // categories of the summary
	minor, words int             // bytes listed so far
}

func (b *largeReport) add(part classify.Report) {
	if b.seen == nil {
		b.rep.Summary = part.Summary
		b.rep.Summary.Categories = []string{}
		b.rep.Changes = []classify.Change{}
		b.seen = map[string]bool{}
	} else {
		s, p := &b.rep.Summary, part.Summary
		s.Added += p.Added
		s.Removed += p.Removed
		s.Modified += p.Modified
		s.Moved += p.Moved
		s.MaxSeverity = max(s.MaxSeverity, p.MaxSeverity)
		s.Material = s.Material || p.Material
		if s.Note == "" {
			s.Note = p.Note
		}
	}
	for _, c := range part.Summary.Categories {
		if !b.seen[c] {
			b.seen[c] = true
			b.rep.Summary.Categories = append(b.rep.Summary.Categories, c)
		}
	}
	for _, c := range part.Changes {
		if c.Severity < classify.Medium {
			if b.minor >= minorListed {
				b.rep.Summary.Unlisted++
				continue
			}
			b.minor += len(c.OldText) + len(c.NewText)
		}
		if len(c.Words) > 0 {
			n := 0
			for _, w := range c.Words {
				n += len(w.Text)
			}
			if b.words+n > wordsListed {
				c.Words = nil
			} else {
				b.words += n
			}
		}
		b.rep.Changes = append(b.rep.Changes, c)
	}
}

// ReadFile extracts a local policy file (.html, .md, .txt, .pdf).
func ReadFile(path string, opts extract.Options) (*doc.Document, error) {
	if opts.PDF == nil {
		r := pdf.NewReader(pdf.ReaderOptions{})
		defer r.Close()
		opts.PDF = r
	}
	body, err := ReadLocal(path, int64(config.Default().MaxBodySize))
	if err != nil {
		return nil, err
	}
	d, err := extract.Bytes(body, "", filepath.Base(path), opts)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", path, err)
	}
	return d, nil
}

// CompareFiles compares two local files.
func CompareFiles(oldPath, newPath string, opts extract.Options) (classify.Report, error) {
	if opts.PDF == nil {
		r := pdf.NewReader(pdf.ReaderOptions{})
		defer r.Close()
		opts.PDF = r // one engine for both files
	}
	o, err := ReadFile(oldPath, opts)
	if err != nil {
		return classify.Report{}, err
	}
	n, err := ReadFile(newPath, opts)
	if err != nil {
		return classify.Report{}, err
	}
	return Compare(o.Text(), n.Text()), nil
}
