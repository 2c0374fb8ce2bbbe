// Package extract turns fetched bodies (HTML, Markdown, plain text) into a
// normalised doc.Document: the policy text as headings, paragraphs, list
// items and table rows, without the page chrome around it.
package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"

	"github.com/tracker-dev/tracker/doc"
)

// Options tune extraction for one document.
type Options struct {
	// Select holds CSS selectors; when non-empty, the content is their
	// matches in document order (a match nested in another is not doubled).
	Select []string
	// SelectRanges select the content between two elements each, beside
	// the matches of Select (see Range).
	SelectRanges []Range
	// Remove holds CSS selectors whose matches are dropped before extraction.
	Remove []string
	// RemoveRanges drop the content between two elements each.
	RemoveRanges []Range
	// Ignore holds patterns of text to disregard: matching substrings are
	// removed from each block's text, and blocks left empty are dropped.
	Ignore []*regexp.Regexp
	// PDF reads PDF bodies (package pdf has one); without it a PDF is an
	// unsupported content type. Select and Remove do not apply to PDFs.
	PDF PDFReader

	inPayload bool // extracting a text found in a script: look no deeper
}

// PDFReader reads the text of a PDF as blocks in reading order; extraction
// normalises their texts and applies Ignore as for any other format.
type PDFReader interface {
	ReadPDF(body []byte) (title string, blocks []doc.Block, err error)
}

// ErrUnsupportedContentType is returned (wrapped, naming the type) for
// bodies that are not HTML, Markdown or plain text, such as PDFs.
var ErrUnsupportedContentType = errors.New("unsupported content type")

// ErrNoText is returned when a page yields no text at all, typically a
// JavaScript-only shell whose content is rendered in the browser.
var ErrNoText = errors.New("no text extracted")

type format int

const (
	formatUnknown format = iota
	formatHTML
	formatMarkdown
	formatPlain
	formatPDF
)

// Bytes extracts a document from a fetched body. It dispatches on the
// content type (a header value, possibly empty) and, when that is empty or
// generic, on the extension of name (a file name or URL), then on sniffing.
func Bytes(body []byte, contentType, name string, opts Options) (*doc.Document, error) {
	return BytesContext(context.Background(), body, contentType, name, opts)
}

// BytesContext is Bytes under ctx: when ctx ends first, extraction stops
// within one pass over the page and the error wraps ctx's cause.
func BytesContext(ctx context.Context, body []byte, contentType, name string, opts Options) (*doc.Document, error) {
	mediaType, params := parseContentType(contentType)
	f, err := detectFormat(body, mediaType, name)
	if err != nil {
		return nil, err
	}
	switch f {
	case formatHTML:
		return htmlContext(ctx, body, contentType, opts)
	case formatPDF:
		return readPDF(body, mediaType, name, opts)
	}
	text, err := decodeText(body, params["charset"])
	if err != nil {
		return nil, err
	}
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	var d *doc.Document
	if f == formatMarkdown {
		d = Markdown(text, opts)
	} else {
		d = PlainText(text, opts)
	}
	if len(d.Blocks) == 0 {
		return nil, fmt.Errorf("extract: %s: %w", describeType(mediaType, name), ErrNoText)
	}
	return d, nil
}

func readPDF(body []byte, mediaType, name string, opts Options) (*doc.Document, error) {
	if opts.PDF == nil {
		return nil, fmt.Errorf("extract: %s: %w: no PDF reader here", describeType(cmpOr(mediaType, "application/pdf"), name), ErrUnsupportedContentType)
	}
	title, blocks, err := opts.PDF.ReadPDF(body)
	if err != nil {
		return nil, fmt.Errorf("extract: %s: %w", describeType(cmpOr(mediaType, "application/pdf"), name), err)
	}
	b := newBuilder(opts)
	for _, bl := range blocks {
		b.add(bl.Kind, bl.Level, bl.Text)
	}
	if len(b.blocks) == 0 {
		return nil, fmt.Errorf("extract: %s: %w", describeType(cmpOr(mediaType, "application/pdf"), name), ErrNoText)
	}
	if title == "" {
		title = b.firstHeading()
	}
	return &doc.Document{Title: title, Main: "pdf", Blocks: b.blocks}, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func parseContentType(contentType string) (string, map[string]string) {
	contentType = strings.TrimSpace(contentType)
	if contentType == "" {
		return "", nil
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		// A malformed parameter list still names its type before the ';'.
		mt, _, _ = strings.Cut(contentType, ";")
		return strings.ToLower(strings.TrimSpace(mt)), nil
	}
	return mt, params
}

func detectFormat(body []byte, mediaType, name string) (format, error) {
	switch mediaType {
	case "text/html", "application/xhtml+xml":
		return formatHTML, nil
	case "text/markdown", "text/x-markdown":
		return formatMarkdown, nil
	case "application/pdf", "application/x-pdf":
		return formatPDF, nil
	case "text/plain":
		// Raw file hosts serve Markdown as text/plain; the name tells.
		if byExtension(name) == formatMarkdown {
			return formatMarkdown, nil
		}
		return formatPlain, nil
	case "", "application/octet-stream", "binary/octet-stream", "application/unknown":
		if f := byExtension(name); f != formatUnknown {
			return f, nil
		}
		return sniff(body, mediaType, name)
	}
	if strings.HasPrefix(mediaType, "text/") {
		return formatPlain, nil
	}
	return formatUnknown, fmt.Errorf("extract: %s: %w", mediaType, ErrUnsupportedContentType)
}

func byExtension(name string) format {
	if name == "" {
		return formatUnknown
	}
	// A URL's query and fragment are not part of its file name.
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		name = name[:i]
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return formatHTML
	case ".md", ".markdown":
		return formatMarkdown
	case ".txt", ".text":
		return formatPlain
	case ".pdf":
		return formatPDF
	}
	return formatUnknown
}

func sniff(body []byte, mediaType, name string) (format, error) {
	head := body[:min(len(body), 1024)]
	// PDF allows bytes before its header, and some servers prepend some.
	if bytes.Contains(head, []byte("%PDF-")) {
		return formatPDF, nil
	}
	trimmed := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(string(head), "\uFEFF")))
	if strings.HasPrefix(trimmed, "<!doctype html") || strings.HasPrefix(trimmed, "<html") ||
		strings.Contains(trimmed, "<body") || strings.Contains(trimmed, "<head") {
		return formatHTML, nil
	}
	detected, _, _ := strings.Cut(http.DetectContentType(body), ";")
	switch {
	case detected == "text/html":
		return formatHTML, nil
	case strings.HasPrefix(detected, "text/"):
		if looksLikeMarkdown(string(head)) {
			return formatMarkdown, nil
		}
		return formatPlain, nil
	}
	return formatUnknown, fmt.Errorf("extract: %s (sniffed %s): %w",
		describeType(mediaType, name), detected, ErrUnsupportedContentType)
}

var markdownHint = regexp.MustCompile(`(?m)^#{1,6} \S|\*\*\S[^*\n]*\*\*|\[[^\]\n]+\]\([^)\s]+\)`)

func looksLikeMarkdown(s string) bool { return markdownHint.MatchString(s) }

func describeType(mediaType, name string) string {
	switch {
	case mediaType != "" && name != "":
		return mediaType + " " + name
	case mediaType != "":
		return mediaType
	case name != "":
		return name
	}
	return "body"
}

// Version numbers the extraction rules: it changes whenever the same page
// may give another text (2: collapsed and tabbed parts are kept; 3: hidden
// copies of them written once, headings never chrome by their id, a table's
// screen-reader caption kept; 4: the title, date and notice right before
// content found by text density kept with it, link lists a sentence
// announces kept; 5: a page with almost no text of its own read from
// the text its scripts carry, React's streamed content put in place,
// teaser cards and runs of empty headings left out; 6: trade marks,
// ordinal indicators and superscripts kept as written, labels that are
// sentences of the text, callouts in asides, grids of link lists a
// sentence announces, bodies
// hidden under their heading and "read more" rests a script opens kept,
// copies of link cards and consent notices known by their accessible
// name left out; 7: a heading over links to files kept). Stored
// versions made
// by an older extraction are brought up to date by re-extracting them,
// never by reporting the difference as a change.
const Version = 7
