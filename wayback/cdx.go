package wayback

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// cdxFieldCount is the fields of a row of the index's plain-text answer:
// urlkey timestamp original mimetype statuscode digest length.
const cdxFieldCount = 7

// splitCDX splits one page of the CDX server's plain-text answer into its
// row lines and, when more pages follow, the resume key: after the last
// row, a blank line and the key, which is opaque (it has been the
// URL-encoded key and timestamp of the last row, and a base64 token). An
// empty body means no rows. A page whose first line is not a row is not a
// listing at all (an error page, JSON), and is an error.
func splitCDX(body []byte) (rows []string, resumeKey string, err error) {
	lines := strings.Split(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if line == "" {
			key, err := resumeAfter(lines[i+1:])
			if err != nil {
				return nil, "", err
			}
			return rows, key, nil
		}
		if len(rows) == 0 && len(strings.Split(line, " ")) != cdxFieldCount {
			return nil, "", fmt.Errorf("cdx: the index answered something that is not a listing: %.80q", line)
		}
		rows = append(rows, line)
	}
	return rows, "", nil
}

// resumeAfter reads what follows the blank line: the key, or nothing.
func resumeAfter(rest []string) (string, error) {
	key := ""
	for _, l := range rest {
		switch {
		case strings.TrimSpace(l) == "":
		case key == "":
			key = strings.TrimSpace(l)
		default:
			return "", fmt.Errorf("cdx: more lines after the resume key %q", key)
		}
	}
	return key, nil
}

// rowProblem is why a row cannot be used: malformed, for another page, or
// not worth a fetch.
type rowProblem struct {
	unwanted bool // a well-formed row the filters should have left out
	reason   string
}

// parseRow reads one row for the page whose pageKey, lower-cased, is key.
// repaired says its timestamp had an inserted "00" month or day.
func parseRow(line, key string) (cp Capture, at time.Time, repaired bool, problem *rowProblem) {
	f := strings.Split(line, " ")
	if len(f) != cdxFieldCount {
		return cp, at, false, &rowProblem{reason: fmt.Sprintf("%d fields, not %d", len(f), cdxFieldCount)}
	}
	cp = Capture{Timestamp: f[1], Original: f[2], MimeType: f[3], StatusCode: f[4], Digest: f[5]}
	at, repaired, err := parseTimestamp(cp.Timestamp)
	if err != nil {
		return cp, at, false, &rowProblem{reason: err.Error()}
	}
	if reason := badOriginal(cp.Original, key); reason != "" {
		return cp, at, false, &rowProblem{reason: reason}
	}
	if cp.MimeType == "" || cp.Digest == "" || (cp.StatusCode != "-" && !isStatus(cp.StatusCode)) {
		return cp, at, false, &rowProblem{reason: "empty type or digest, or a status that is not one"}
	}
	if err := cp.skipReason(); err != nil {
		return cp, at, repaired, &rowProblem{unwanted: true, reason: err.Error()}
	}
	return cp, at, repaired, nil
}

// badOriginal says what is wrong with a row's URL: crawlers recorded
// "http://mailto:someone@example.org/" and data: URLs pasted after a path;
// an exact query returns only the page asked for (key), whatever the
// scheme, case or "www.".
func badOriginal(original, key string) string {
	u, err := url.Parse(original)
	switch {
	case err != nil:
		return "original URL: " + err.Error()
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Sprintf("original %.80q is not an http(s) URL", original)
	case u.Host == "" || u.User != nil:
		return fmt.Sprintf("original %.80q has no host, or a user name", original)
	case strings.ToLower(keyOf(u)) != key:
		return fmt.Sprintf("original %.80q is another page", original)
	}
	return ""
}

func isStatus(s string) bool {
	return len(s) == 3 && s[0] >= '1' && s[0] <= '5' && isDigits(s)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
