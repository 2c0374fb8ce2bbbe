package waybacktest

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// toolbar is what the fake inserts into replays asked for without id_,
// standing for the archive's banner and rewritten links.
const toolbar = "<!-- BEGIN WAYBACK TOOLBAR INSERT --><div id=\"wm-ipp\">Wayback Machine</div><!-- END WAYBACK TOOLBAR INSERT -->"

// serveReplay answers /web/{timestamp}{flags}/{original} as the archive
// does. A capture at that exact time is replayed with its own status and
// headers and a Memento-Datetime; otherwise the archive redirects to the
// nearest capture of the page, or says it has none. Excluded pages get
// the archive's exclusion page.
func (s *Server) serveReplay(r *http.Request, st state) reply {
	rest := strings.TrimPrefix(r.URL.Path, ReplayPrefix)
	seg, original, ok := strings.Cut(rest, "/")
	digits := len(seg) - len(strings.TrimLeft(seg, "0123456789"))
	if !ok || digits == 0 || original == "" {
		return newReply(http.StatusBadRequest, "text/plain; charset=utf-8", []byte("not a replay address\n"))
	}
	ts, flags := pad(seg[:digits], '0'), seg[digits:]
	if r.URL.RawQuery != "" {
		original += "?" + r.URL.RawQuery
	}
	key := urlKey(original)
	if st.isExcluded(key) {
		return ownPage(http.StatusOK, "replay-nationalpost.com-excluded.http")
	}
	c, found := exact(st.caps, key, ts)
	if !found {
		near, any := nearest(st.caps, key, ts)
		if !any {
			return ownPage(http.StatusNotFound, "replay-not-archived.http")
		}
		rep := newReply(http.StatusFound, "text/plain; charset=utf-8", nil)
		rep.header.Set("Location", s.URL+ReplayPrefix+near.Timestamp+flags+"/"+near.Original)
		rep.header.Set("X-Archive-Redirect-Reason", "found capture at "+near.Timestamp)
		return rep
	}

	status, mime, body := c.Status, c.MimeType, c.Body
	if c.Revisit {
		status, mime = http.StatusOK, "text/html"
		if orig, ok := payloadOf(st.caps, c.Digest); ok {
			status, mime = orig.Status, orig.MimeType
			if body == "" {
				body = orig.Body
			}
		}
	}
	if c.Quirk == GzipBody {
		body = string(gzipped([]byte(body)))
	}
	rep := newReply(status, mime, nil)
	for k, vs := range c.Header {
		rep.header[k] = vs
	}
	if mt := mementoTime(c.Timestamp); mt != "" {
		rep.header.Set("Memento-Datetime", mt)
	}
	if status >= 300 && status < 400 && c.RedirectTo != "" {
		rep.header.Set("Location", s.URL+ReplayPrefix+c.Timestamp+flags+"/"+c.RedirectTo)
	}
	if flags != "id_" {
		body = toolbar + body
	}
	rep.body, rep.quirk = []byte(body), c.Quirk
	return rep
}

// ownPage is one of the archive's own pages, as recorded: no
// Memento-Datetime, it is not a capture.
func ownPage(status int, name string) reply {
	ex := ownPages()[name]
	return newReply(status, ex.Header.Get("Content-Type"), ex.Body)
}

var ownPages = sync.OnceValue(func() map[string]Exchange {
	pages := map[string]Exchange{}
	for _, name := range []string{"replay-nationalpost.com-excluded.http", "replay-not-archived.http"} {
		ex, err := ReadExchange(name)
		if err != nil {
			panic(err) // embedded at build time: cannot fail
		}
		pages[name] = ex
	}
	return pages
})

// exact is the playable capture of the page at ts.
func exact(caps []Capture, key, ts string) (Capture, bool) {
	for _, c := range caps {
		if c.URLKey == key && c.Timestamp == ts && !c.Unplayable {
			return c, true
		}
	}
	return Capture{}, false
}

// payloadOf is the capture a revisit refers to: the first one with its
// digest that is not a revisit.
func payloadOf(caps []Capture, digest string) (Capture, bool) {
	for _, c := range caps {
		if c.Digest == digest && !c.Revisit {
			return c, true
		}
	}
	return Capture{}, false
}

// nearest is the playable capture of the page closest in time to ts.
func nearest(caps []Capture, key, ts string) (Capture, bool) {
	var best Capture
	bestGap, found := uint64(0), false
	for _, c := range caps {
		if c.URLKey != key || c.Unplayable {
			continue
		}
		gap := distance(c.Timestamp, ts)
		if !found || gap < bestGap {
			best, bestGap, found = c, gap, true
		}
	}
	return best, found
}

// mementoTime is the Memento-Datetime of a capture. The index's malformed
// timestamps (month or day 00, from crawls of 2000) are read the way the
// archive's staff explained them: an inserted "00", the seconds cut off.
func mementoTime(ts string) string {
	t, err := time.Parse("20060102150405", ts)
	if err != nil && len(ts) == 14 {
		switch {
		case ts[4:6] == "00":
			t, err = time.Parse("20060102150405", ts[:4]+ts[6:]+"00")
		case ts[6:8] == "00":
			t, err = time.Parse("20060102150405", ts[:6]+ts[8:]+"00")
		}
	}
	if err != nil {
		return ""
	}
	return t.UTC().Format(http.TimeFormat)
}

// distance compares 14-digit timestamps as numbers: close enough to pick
// the nearest capture, which is all the fake needs.
func distance(a, b string) uint64 {
	x, y := number(a), number(b)
	if x > y {
		return x - y
	}
	return y - x
}

func number(ts string) uint64 {
	var n uint64
	for i := 0; i < len(ts); i++ {
		n = n*10 + uint64(ts[i]-'0')
	}
	return n
}
