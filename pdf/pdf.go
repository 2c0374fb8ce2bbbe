// Package pdf reads the text of PDF documents (DPAs, sub-processor lists,
// terms published as files) as headings, paragraphs, list items and table
// rows, in reading order, so that they are compared clause by clause like
// web pages. The PDF engine (PDFium compiled to WebAssembly, see Reader)
// reports runs of text with their position and font; this package turns
// them into blocks: running headers and footers dropped, two-column pages
// read column by column, tables read row by row.
package pdf

import (
	"bytes"
	"errors"
)

// ErrNoText is wrapped when a PDF holds no text layer: a scanned document
// (page images) that only OCR could read.
var ErrNoText = errors.New("the PDF has no text layer")

// ErrEncrypted is wrapped when a PDF needs a password to be opened.
var ErrEncrypted = errors.New("the PDF is password-protected")

// Is reports whether body is a PDF, by its magic: "%PDF-" within the first
// kilobyte (the format allows junk before it, and some servers add it).
func Is(body []byte) bool {
	return bytes.Contains(body[:min(len(body), 1024)], []byte("%PDF-"))
}

// Run is a piece of text on one line in one font, as the engine reports it.
// Coordinates are in points from the page's top-left corner.
type Run struct {
	Text           string
	X0, Y0, X1, Y1 float64
	Size           float64 // font size in points
	Bold           bool
}

// Page is one page's runs, in the engine's order.
type Page struct {
	Width, Height float64
	Runs          []Run
}

func (r Run) height() float64 { return r.Y1 - r.Y0 }
func (r Run) centre() float64 { return (r.Y0 + r.Y1) / 2 }
