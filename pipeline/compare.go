package pipeline

import (
	"fmt"
	"path/filepath"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/diff"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/extract"
)

// Compare diffs two canonical texts clause by clause and classifies every
// change. Both sides go through the canonical form so that a stored version
// and a fresh extraction are read the same way.
func Compare(oldText, newText string) classify.Report {
	return classify.BuildDocuments(diff.Compare(doc.Parse(oldText), doc.Parse(newText)), oldText, newText)
}

// ReadFile extracts a local policy file (.html, .md, .txt).
func ReadFile(path string, opts extract.Options) (*doc.Document, error) {
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
