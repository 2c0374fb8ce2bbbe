package extract

import (
	"errors"
	"strings"
	"testing"
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
