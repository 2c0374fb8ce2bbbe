package waybacktest

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// recordings are real answers of web.archive.org, cut to what the tests
// need; testdata/README.md names their source and licence.
//
//go:embed testdata/*.http testdata/*.txt
var recordings embed.FS

// Exchange is one recorded request to web.archive.org and its answer. The
// body is stored decoded: the archive's gzip transfer encoding is not kept,
// and the fake compresses again when the client asks for it.
type Exchange struct {
	Name   string      // the file it was read from
	Target string      // path and query, e.g. "/cdx/search/cdx?url=cnn.com&limit=25"
	Status int         // as the archive answered
	Header http.Header // the headers that matter: Content-Type, Memento-Datetime, Location...
	Body   []byte
}

// Recorded reads the exchange recorded in testdata/name (e.g.
// "replay-nasa.gov-19961231235847.http"), failing the test if it cannot.
func Recorded(t testing.TB, name string) Exchange {
	t.Helper()
	ex, err := ReadExchange(name)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// ReadExchange parses testdata/name: a request line "GET target", then the
// HTTP response as it came on the wire (status line, headers, body).
func ReadExchange(name string) (Exchange, error) {
	data, err := recordings.ReadFile("testdata/" + name)
	if err != nil {
		return Exchange{}, fmt.Errorf("waybacktest: %w", err)
	}
	first, rest, ok := bytes.Cut(data, []byte("\r\n"))
	target, isGet := strings.CutPrefix(string(first), "GET ")
	if !ok || !isGet {
		return Exchange{}, fmt.Errorf("waybacktest: %s: the first line must be GET target", name)
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(rest)), nil)
	if err != nil {
		return Exchange{}, fmt.Errorf("waybacktest: %s: %w", name, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return Exchange{}, fmt.Errorf("waybacktest: %s: body: %w", name, err)
	}
	resp.Header.Del("Content-Length")
	return Exchange{Name: name, Target: target, Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

// RecordedIndex reads a recorded CDX answer (an exchange or a bare .txt
// listing) and returns its rows as captures, in order, repeats included,
// so that a Server holding them answers the same query the same way.
// Lines that are not seven fields are left out: serve such bodies as they
// are with Fail.
func RecordedIndex(t testing.TB, name string) []Capture {
	t.Helper()
	var body []byte
	if strings.HasSuffix(name, ".txt") {
		b, err := recordings.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		body = b
	} else {
		body = Recorded(t, name).Body
	}
	var caps []Capture
	for _, line := range strings.Split(string(body), "\n") {
		if line == "" {
			break // the resume key follows
		}
		f := strings.Split(line, " ")
		if len(f) != len(cdxFields) {
			continue
		}
		caps = append(caps, Capture{
			Timestamp: f[1], Original: f[2], MimeType: f[3], StatusCode: f[4], Digest: f[5], Length: f[6],
			URLKey: f[0],
		})
	}
	return caps
}

// RecordedText is a bare recorded listing (testdata/*.txt), as bytes.
func RecordedText(t testing.TB, name string) []byte {
	t.Helper()
	b, err := recordings.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
