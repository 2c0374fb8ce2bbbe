package waybacktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// cdxFields are the fields the index knows, in its default order.
var cdxFields = []string{"urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"}

// maxQueryRows is the archive's cap on one answer's rows (its CDX server's
// default configuration), whatever limit= says.
const maxQueryRows = 150000

// blockedError is what the archive says in the header and body of a CDX
// answer for an excluded site (testdata/cdx-nationalpost.com-blocked.http).
const blockedError = "org.archive.util.io.RuntimeIOException: org.archive.wayback.exception.AdministrativeAccessControlException: Blocked Site Error"

// serveCDX answers like the archive's CDX server: rows of one URL key
// (exact match), from/to, filter=, resolveRevisits=, collapse=, fl=,
// limit= and resume keys, as plain text or, with output=json, JSON.
func serveCDX(q url.Values, st state) reply {
	page := q.Get("url")
	if page == "" {
		return newReply(http.StatusBadRequest, "text/plain;charset=UTF-8", []byte("missing url\n"))
	}
	key := urlKey(page)
	if st.isExcluded(key) {
		rep := newReply(http.StatusForbidden, "text/plain;charset=UTF-8", []byte(blockedError+"\n"))
		rep.header.Set("X-Archive-Wayback-Runtime-Error", blockedError)
		return rep
	}
	qr, err := parseQuery(q)
	if err != nil {
		return newReply(http.StatusBadRequest, "text/plain;charset=UTF-8", []byte(err.Error()+"\n"))
	}
	if st.maxRows > 0 && (qr.limit <= 0 || qr.limit > st.maxRows) {
		qr.limit = st.maxRows
	}
	rows, resume := qr.run(st.caps, key)
	if q.Get("output") == "json" {
		return jsonReply(qr.fields, rows, resume)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, " "))
		b.WriteByte('\n')
	}
	if resume != "" {
		b.WriteString("\n" + resume + "\n")
	}
	return newReply(http.StatusOK, "text/plain;charset=UTF-8", []byte(b.String()))
}

func jsonReply(fields []string, rows [][]string, resume string) reply {
	out := [][]string{}
	if len(rows) > 0 {
		out = append(out, fields)
	}
	out = append(out, rows...)
	if resume != "" {
		out = append(out, []string{}, []string{resume})
	}
	b, _ := json.Marshal(out)
	return newReply(http.StatusOK, "application/json", append(b, '\n'))
}

type filter struct {
	field  int
	re     *regexp.Regexp
	invert bool
}

type collapse struct {
	field int
	n     int // compare the first n characters; 0: all
}

// query is a parsed CDX request.
type query struct {
	fields      []string
	from, to    string
	limit       int
	filters     []filter
	collapses   []collapse
	resolve     bool
	showResume  bool
	resumeAfter string // decoded resume key: start at the first row not below it
}

func parseQuery(q url.Values) (query, error) {
	qr := query{
		fields:     cdxFields,
		from:       q.Get("from"),
		to:         q.Get("to"),
		resolve:    q.Get("resolveRevisits") == "true",
		showResume: q.Get("showResumeKey") == "true",
	}
	if fl := q.Get("fl"); fl != "" {
		qr.fields = strings.Split(fl, ",")
		for _, f := range qr.fields {
			if !slices.Contains(cdxFields, f) {
				return qr, fmt.Errorf("unknown field %s", f)
			}
		}
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 {
			return qr, fmt.Errorf("bad limit %q", l)
		}
		qr.limit = n
	}
	for _, f := range q["filter"] {
		spec, invert := strings.CutPrefix(f, "!")
		name, expr, ok := strings.Cut(spec, ":")
		i := slices.Index(cdxFields, name)
		if !ok || i < 0 {
			return qr, fmt.Errorf("bad filter %q", f)
		}
		re, err := regexp.Compile("^(?:" + expr + ")$")
		if err != nil {
			return qr, fmt.Errorf("bad filter %q: %s", f, err)
		}
		qr.filters = append(qr.filters, filter{field: i, re: re, invert: invert})
	}
	for _, c := range q["collapse"] {
		name, n, _ := strings.Cut(c, ":")
		i := slices.Index(cdxFields, name)
		if i < 0 {
			return qr, fmt.Errorf("bad collapse %q", c)
		}
		width, _ := strconv.Atoi(n)
		qr.collapses = append(qr.collapses, collapse{field: i, n: width})
	}
	if k := q.Get("resumeKey"); k != "" {
		dec, err := url.QueryUnescape(k)
		if err != nil || !strings.Contains(dec, " ") {
			return qr, fmt.Errorf("bad resumeKey %q", k)
		}
		qr.resumeAfter = dec
	}
	return qr, nil
}

// run scans the rows of key in index order, as the archive's CDX server
// does: skip to the resume key or from=, stop past to=, resolve revisits,
// filter, collapse, write until the limit. The resume key names the last
// row read, its timestamp's last character incremented; it is given
// whenever the limit was reached, even if no row follows.
func (qr query) run(caps []Capture, key string) ([][]string, string) {
	limit := qr.limit
	if limit <= 0 || limit > maxQueryRows {
		limit = maxQueryRows
	}
	originals := map[string][]string{} // digest → first non-revisit row, for resolveRevisits
	var out [][]string
	var last []string
	var prev []string // last row written, for collapse
	for _, c := range caps {
		if c.URLKey != key || len(out) >= limit {
			continue
		}
		row := []string{c.URLKey, c.Timestamp, c.Original, c.MimeType, c.StatusCode, c.Digest, c.Length}
		if qr.resumeAfter != "" && c.URLKey+" "+c.Timestamp < qr.resumeAfter {
			continue
		}
		if qr.from != "" && c.Timestamp < qr.from {
			continue
		}
		if qr.to != "" && c.Timestamp > qr.to && !strings.HasPrefix(c.Timestamp, qr.to) {
			break
		}
		last = row
		if qr.resolve {
			if revisit := row[3] == "warc/revisit"; !revisit {
				if _, seen := originals[row[5]]; !seen {
					originals[row[5]] = row
				}
			} else if orig, ok := originals[row[5]]; ok {
				row[3], row[4] = orig[3], orig[4]
			}
		}
		if !qr.keep(row) || qr.collapsed(prev, row) {
			continue
		}
		prev = row
		out = append(out, qr.project(row))
	}
	resume := ""
	if qr.showResume && last != nil && len(out) >= limit {
		resume = url.QueryEscape(last[0] + " " + incLastChar(last[1]))
	}
	return out, resume
}

func (qr query) keep(row []string) bool {
	for _, f := range qr.filters {
		if f.re.MatchString(row[f.field]) == f.invert {
			return false
		}
	}
	return true
}

func (qr query) collapsed(prev, row []string) bool {
	if prev == nil || len(qr.collapses) == 0 {
		return false
	}
	for _, c := range qr.collapses {
		a, b := prev[c.field], row[c.field]
		if c.n > 0 {
			a, b = a[:min(c.n, len(a))], b[:min(c.n, len(b))]
		}
		if a != b {
			return false
		}
	}
	return true
}

func (qr query) project(row []string) []string {
	out := make([]string, len(qr.fields))
	for i, f := range qr.fields {
		out[i] = row[slices.Index(cdxFields, f)]
	}
	return out
}

// incLastChar is the archive's way to make a key just above a timestamp:
// "20010414005939" becomes "2001041400593:".
func incLastChar(s string) string {
	if s == "" {
		return s
	}
	return s[:len(s)-1] + string(s[len(s)-1]+1)
}

// pad fills a timestamp prefix to 14 digits: "2019" from 20190000000000,
// to 20199999999999.
func pad(prefix string, fill byte) string {
	if len(prefix) >= 14 {
		return prefix[:14]
	}
	return prefix + strings.Repeat(string(fill), 14-len(prefix))
}

// urlKey is the archive's SURT key, as far as the recordings show it:
// reversed host labels without "www." (www1., www2. too), ")", the path
// and query, all lower-case, without scheme or default port.
func urlKey(raw string) string {
	s := raw
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return strings.ToLower(raw)
	}
	host := strings.ToLower(u.Hostname())
	if rest, ok := strings.CutPrefix(host, "www"); ok {
		if i := strings.IndexByte(rest, '.'); i >= 0 && strings.Trim(rest[:i], "0123456789") == "" && strings.Contains(rest[i+1:], ".") {
			host = rest[i+1:]
		}
	}
	labels := strings.Split(host, ".")
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
	return strings.ToLower(key)
}
