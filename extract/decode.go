package extract

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"
)

// decodeText turns a text body into UTF-8: the declared charset when it is
// known, else UTF-8 when the bytes are valid UTF-8, else the HTML standard's
// guess (windows-1252 for most Western pages). Invalid bytes are repaired.
func decodeText(body []byte, declared string) (string, error) {
	body = bytes.TrimPrefix(body, []byte("\uFEFF"))
	if declared != "" {
		if enc, name := charset.Lookup(declared); enc != nil {
			if name == "utf-8" {
				return strings.ToValidUTF8(string(body), "\uFFFD"), nil
			}
			out, _, err := transform.Bytes(enc.NewDecoder(), body)
			if err != nil {
				return "", fmt.Errorf("extract: decode %s: %w", name, err)
			}
			return strings.ToValidUTF8(string(out), "\uFFFD"), nil
		}
	}
	if utf8.Valid(body) {
		return string(body), nil
	}
	enc, name, _ := charset.DetermineEncoding(body, "text/plain")
	out, _, err := transform.Bytes(enc.NewDecoder(), body)
	if err != nil {
		return "", fmt.Errorf("extract: decode %s: %w", name, err)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), nil
}
