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
	var out classify.Report
	seen := map[string]bool{}
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
		start = end
		if out.Changes == nil {
			out = part
			for _, c := range part.Summary.Categories {
				seen[c] = true
			}
			continue
		}
		out.Changes = append(out.Changes, part.Changes...)
		s := &out.Summary
		s.Added += part.Summary.Added
		s.Removed += part.Summary.Removed
		s.Modified += part.Summary.Modified
		s.Moved += part.Summary.Moved
		s.MaxSeverity = max(s.MaxSeverity, part.Summary.MaxSeverity)
		s.Material = s.Material || part.Summary.Material
		for _, c := range part.Summary.Categories {
			if !seen[c] {
				seen[c] = true
				s.Categories = append(s.Categories, c)
			}
		}
		if s.Note == "" {
			s.Note = part.Summary.Note
		}
	}
	return out, nil
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
