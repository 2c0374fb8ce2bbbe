package waybacktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// cdxFields are the fields the index knows, in its default order.
var cdxFields = []string{"urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"}

// serveCDX answers like the archive's CDX server in JSON: exact url
// matching, from/to timestamp prefixes, collapse=digest on adjacent rows,
// fl, limit, and resume keys with showResumeKey=true.
func serveCDX(w http.ResponseWriter, r *http.Request, caps []Capture, maxRows int) {
	q := r.URL.Query()
	if q.Get("url") == "" {
		http.Error(w, "missing url", http.StatusBadRequest)
		return
	}
	if q.Get("output") != "json" {
		http.Error(w, "the fake speaks output=json only", http.StatusBadRequest)
		return
	}
	fields := cdxFields
	if fl := q.Get("fl"); fl != "" {
		fields = strings.Split(fl, ",")
		for _, f := range fields {
			if !slices.Contains(cdxFields, f) {
				http.Error(w, "unknown field "+f, http.StatusBadRequest)
				return
			}
		}
	}
	rows := matching(caps, q)
	offset, err := resumeOffset(q.Get("resumeKey"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	if maxRows > 0 && (limit <= 0 || limit > maxRows) {
		limit = maxRows
	}
	rows = rows[min(offset, len(rows)):]
	more := limit > 0 && len(rows) > limit
	if more {
		rows = rows[:limit]
	}

	out := [][]string{}
	if len(rows) > 0 {
		out = append(out, fields)
	}
	for _, c := range rows {
		out = append(out, row(c, fields))
	}
	if more && q.Get("showResumeKey") == "true" {
		last := rows[len(rows)-1]
		out = append(out, []string{}, []string{fmt.Sprintf("%s %s %d", urlKey(last.Original), last.Timestamp, offset+limit)})
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

// matching is the captures of the url param within from/to, oldest first,
// collapsed on adjacent equal digests when asked.
func matching(caps []Capture, q url.Values) []Capture {
	key := urlKey(q.Get("url"))
	from := pad(q.Get("from"), '0')
	to := pad(q.Get("to"), '9')
	var rows []Capture
	for _, c := range caps {
		if urlKey(c.Original) == key && c.Timestamp >= from && c.Timestamp <= to {
			rows = append(rows, c)
		}
	}
	slices.SortStableFunc(rows, func(a, b Capture) int { return strings.Compare(a.Timestamp, b.Timestamp) })
	if slices.Contains(q["collapse"], "digest") {
		rows = slices.CompactFunc(rows, func(a, b Capture) bool { return a.Digest == b.Digest })
	}
	return rows
}

// pad fills a timestamp prefix to 14 digits: "2019" from 20190000000000,
// to 20199999999999.
func pad(prefix string, fill byte) string {
	if len(prefix) >= 14 {
		return prefix[:14]
	}
	return prefix + strings.Repeat(string(fill), 14-len(prefix))
}

// resumeOffset reads back the row offset at the end of a resume key.
func resumeOffset(key string) (int, error) {
	if key == "" {
		return 0, nil
	}
	i := strings.LastIndexByte(key, ' ')
	n, err := strconv.Atoi(key[i+1:])
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad resumeKey %q", key)
	}
	return n, nil
}

func row(c Capture, fields []string) []string {
	r := make([]string, len(fields))
	for i, f := range fields {
		switch f {
		case "urlkey":
			r[i] = urlKey(c.Original)
		case "timestamp":
			r[i] = c.Timestamp
		case "original":
			r[i] = c.Original
		case "mimetype":
			r[i] = c.MimeType
			if c.Revisit {
				r[i] = "warc/revisit"
			}
		case "statuscode":
			r[i] = strconv.Itoa(c.Status)
			if c.Revisit {
				r[i] = "-"
			}
		case "digest":
			r[i] = c.Digest
		case "length":
			r[i] = strconv.Itoa(len(c.Body))
		}
	}
	return r
}

// urlKey is a SURT-like key: reversed host labels, ")", path and query,
// without scheme or default port, but with "www." kept.
func urlKey(raw string) string {
	s := raw
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return raw
	}
	labels := strings.Split(strings.ToLower(u.Hostname()), ".")
	slices.Reverse(labels)
	key := strings.Join(labels, ",")
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		key += ":" + p
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	key += ")" + path
	if u.RawQuery != "" {
		key += "?" + u.RawQuery
	}
	return key
}
