package waybacktest

import (
	"net/http"
	"strings"
)

// toolbar is what the fake inserts into replays asked for without id_,
// standing for the archive's banner and rewritten links.
const toolbar = "<!-- BEGIN WAYBACK TOOLBAR INSERT --><div id=\"wm-ipp\">Wayback Machine</div><!-- END WAYBACK TOOLBAR INSERT -->"

// serveReplay answers /web/{timestamp}{flags}/{original}. An exact capture
// is replayed with its status and headers; otherwise, as the archive does,
// the request is redirected to the nearest capture of the page.
func (s *Server) serveReplay(w http.ResponseWriter, r *http.Request, caps []Capture) {
	rest := strings.TrimPrefix(r.URL.Path, ReplayPrefix)
	seg, original, ok := strings.Cut(rest, "/")
	digits := len(seg) - len(strings.TrimLeft(seg, "0123456789"))
	if !ok || digits == 0 || original == "" {
		http.Error(w, "not a replay address", http.StatusBadRequest)
		return
	}
	ts, flags := pad(seg[:digits], '0'), seg[digits:]
	if r.URL.RawQuery != "" {
		original += "?" + r.URL.RawQuery
	}

	c, found := nearest(caps, urlKey(original), ts)
	switch {
	case !found:
		http.Error(w, "Wayback Machine has not archived that URL.", http.StatusNotFound)
		return
	case c.Timestamp != ts:
		http.Redirect(w, r, s.URL+ReplayPrefix+c.Timestamp+flags+"/"+c.Original, http.StatusFound)
		return
	}

	w.Header().Set("Content-Type", c.MimeType)
	if c.Revisit && c.MimeType == "warc/revisit" {
		w.Header().Set("Content-Type", "text/html")
	}
	for k, vs := range c.Header {
		w.Header()[k] = vs
	}
	if c.Status >= 300 && c.Status < 400 && c.RedirectTo != "" {
		w.Header().Set("Location", s.URL+ReplayPrefix+c.Timestamp+flags+"/"+c.RedirectTo)
	}
	status := c.Status
	if c.Revisit {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if flags != "id_" {
		_, _ = w.Write([]byte(toolbar))
	}
	_, _ = w.Write([]byte(c.Body))
}

// nearest is the capture of the page closest in time to ts.
func nearest(caps []Capture, key, ts string) (Capture, bool) {
	var best Capture
	bestGap, found := uint64(0), false
	for _, c := range caps {
		if urlKey(c.Original) != key {
			continue
		}
		gap := distance(c.Timestamp, ts)
		if !found || gap < bestGap {
			best, bestGap, found = c, gap, true
		}
	}
	return best, found
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
