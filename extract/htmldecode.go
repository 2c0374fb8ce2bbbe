package extract

import (
	"bytes"
	"fmt"
	"regexp"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/transform"
)

// decodeHTML turns an HTML body into valid UTF-8. The charset comes from
// the Content-Type parameter, then the byte-order mark and <meta charset>
// or <meta http-equiv> in the first KiB, then sniffing. Sniffing only sees
// that first KiB, so a page whose first KiB is ASCII would be taken for
// windows-1252; when nothing declared a charset, a body that is valid UTF-8
// as a whole is read as UTF-8.
func decodeHTML(body []byte, contentType string) ([]byte, error) {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if !certain && name == "windows-1252" && !declaresCharset(body) && utf8.Valid(body) {
		enc, name = encoding.Nop, "utf-8"
	}
	if name == "utf-8" {
		return validUTF8(bytes.TrimPrefix(body, []byte("\uFEFF"))), nil
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), body)
	if err != nil {
		return nil, fmt.Errorf("extract: decode html as %s: %w", name, err)
	}
	return validUTF8(out), nil
}

// validUTF8 repairs invalid bytes, and returns b itself when there are
// none: a page is not copied for nothing.
func validUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}

// declaresCharset reports whether the head of a page names a charset in a
// meta element (charset= in an attribute or in http-equiv's content), so
// that an explicit windows-1252 is honoured. A meta *named* "charset" is
// not a declaration.
func declaresCharset(body []byte) bool {
	return charsetDecl.Match(body[:min(len(body), 1024)])
}

var charsetDecl = regexp.MustCompile(`(?i)<meta\s[^>]*charset\s*=`)
