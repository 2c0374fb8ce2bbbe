package extract

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/doc"
)

func TestBytesDispatch(t *testing.T) {
	html := []byte("<!doctype html><title>T</title><p>Hello <b>world</b></p>")
	md := []byte("# Hello\n\n**world**")
	txt := []byte("Hello world.\n\n**not markdown**")
	tests := []struct {
		name, contentType, file string
		body                    []byte
		want                    string
	}{
		{"html by type", "text/html; charset=utf-8", "", html, "Hello world"},
		{"xhtml by type", "application/xhtml+xml", "", html, "Hello world"},
		{"markdown by type", "text/markdown", "", md, "# Hello\n## world"},
		{"plain by type", "text/plain", "p.txt", txt, "Hello world.\n**not markdown**"},
		{"markdown served as text/plain", "text/plain", "https://x.test/POLICY.md?raw=1", md, "# Hello\n## world"},
		{"html by extension", "", "policy.htm", html, "Hello world"},
		{"markdown by extension", "application/octet-stream", "policy.markdown", md, "# Hello\n## world"},
		{"text by extension", "", "policy.text", txt, "Hello world.\n**not markdown**"},
		{"html sniffed", "", "policy", html, "Hello world"},
		{"markdown sniffed", "", "", md, "# Hello\n## world"},
		{"plain sniffed", "", "", []byte("Just text."), "Just text."},
		{"latin1 text by charset", "text/plain; charset=iso-8859-1", "", []byte("caf\xe9"), "café"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Bytes(tt.body, tt.contentType, tt.file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Text(); got != tt.want {
				t.Errorf("Text() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBytesErrors(t *testing.T) {
	pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj")
	tests := []struct {
		name, contentType, file string
		body                    []byte
		want                    error
		mention                 string
	}{
		{"pdf by type", "application/pdf", "p.pdf", pdf, ErrUnsupportedContentType, "application/pdf"},
		{"pdf sniffed", "", "download", pdf, ErrUnsupportedContentType, "application/pdf"},
		{"image", "image/png", "", []byte("\x89PNG\r\n"), ErrUnsupportedContentType, "image/png"},
		{"empty text", "text/plain", "", []byte(" \n\n "), ErrNoText, "text/plain"},
		{"javascript shell", "text/html", "", []byte(`<div id="app"></div><script>render()</script>`), ErrNoText, "html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Bytes(tt.body, tt.contentType, tt.file, Options{})
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("err = %v, want %v naming %q", err, tt.want, tt.mention)
			}
		})
	}
}

// pdfReader stands in for package pdf: the dispatch, the normalisation and
// Ignore are extract's job whatever reads the PDF.
type pdfReader func([]byte) (string, []doc.Block, error)

func (f pdfReader) ReadPDF(b []byte) (string, []doc.Block, error) { return f(b) }

func TestBytesPDF(t *testing.T) {
	body := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj")
	var got []byte
	reader := pdfReader(func(b []byte) (string, []doc.Block, error) {
		got = b
		return "", []doc.Block{
			{Kind: doc.Heading, Level: 2, Text: "Sub\u00adprocessors  "},
			{Kind: doc.TableRow, Text: "Stripe, Inc. | Payments | “US”"},
			{Kind: doc.Paragraph, Text: "Generated 2026-03-02"},
		}, nil
	})
	opts := Options{PDF: reader, Ignore: []*regexp.Regexp{regexp.MustCompile(`Generated \S+`)}}
	for _, c := range []struct{ contentType, name string }{
		{"application/pdf", "https://example.com/dpa"},
		{"application/octet-stream", "https://example.com/dpa.pdf?v=2"},
		{"", "download"},
	} {
		got = nil
		d, err := Bytes(body, c.contentType, c.name, opts)
		if err != nil {
			t.Fatalf("%q %q: %v", c.contentType, c.name, err)
		}
		if string(got) != string(body) {
			t.Errorf("%q %q: the reader was not handed the body", c.contentType, c.name)
		}
		if want := "## Subprocessors\n| Stripe, Inc. | Payments | \"US\""; d.Text() != want || d.Title != "Subprocessors" || d.Main != "pdf" {
			t.Errorf("%q %q: text %q title %q main %q, want %q", c.contentType, c.name, d.Text(), d.Title, d.Main, want)
		}
	}
	failing := pdfReader(func([]byte) (string, []doc.Block, error) { return "", nil, errors.New("no text layer") })
	if _, err := Bytes(body, "application/pdf", "dpa.pdf", Options{PDF: failing}); err == nil || !strings.Contains(err.Error(), "no text layer") || !strings.Contains(err.Error(), "dpa.pdf") {
		t.Errorf("reader error: %v", err)
	}
}
