package pipeline

import (
	"github.com/tracker-dev/tracker/pdf"
)

// engines are the heavy readers a run may need, each started on first
// use, so that a crawl of web pages never starts them. An App and the Apps
// a reload makes from it share one set.
type engines struct {
	pdf *pdf.Reader
}

func newEngines() *engines {
	return &engines{pdf: pdf.NewReader(pdf.ReaderOptions{})}
}

func (e *engines) close() error {
	return e.pdf.Close()
}
