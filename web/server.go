// Package web serves tracker's read-only pages: vendors and their documents,
// each document's timeline, clause-by-clause diffs and Atom feeds of changes.
// Every page is rendered on the server with html/template, needs no
// JavaScript and has a JSON twin (?format=json) matching the CLI's output.
package web

import (
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"

	"github.com/tracker-dev/tracker/pipeline"
)

// contentSecurityPolicy allows the one stylesheet and nothing else: pages
// show text copied from vendors' sites, so no script may ever run.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// server holds what every handler needs.
type server struct {
	app   *pipeline.App
	log   *slog.Logger
	pages *pages
}

// Handler serves the pages of `tracker serve` for app. Only GET and HEAD
// are accepted; the pages never change the database's policy history.
func Handler(app *pipeline.App, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &server{app: app, log: log, pages: loadPages()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /feed.atom", s.feed)
	mux.HandleFunc("GET /static/style.css", serveStyle)
	mux.HandleFunc("GET /vendors", s.vendors)
	mux.HandleFunc("GET /vendors/{$}", s.vendors)
	mux.HandleFunc("GET /vendors/{vendor}", s.vendors)
	mux.HandleFunc("GET /vendors/{vendor}/feed.atom", s.vendorFeed)
	mux.HandleFunc("GET /vendors/{vendor}/{doc}", s.document)
	mux.HandleFunc("GET /vendors/{vendor}/{doc}/diff", s.diff)
	mux.HandleFunc("GET /vendors/{vendor}/{doc}/versions/{id}", s.version)
	mux.HandleFunc("GET /vendors/{vendor}/{doc}/versions/{id}/raw", s.rawPage)
	mux.HandleFunc("/", s.notFound)
	return secure(readOnly(s, mux))
}

// NewServer is the http.Server for h with every timeout set: a client that
// opens connections and sends nothing, sends headers a byte a minute, or
// never reads the answer cannot hold a connection (or a goroutine) for
// ever; a page that takes too long to compute answers 503.
func NewServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           http.TimeoutHandler(h, handlerTimeout, "tracker: the page took too long to compute; try a narrower comparison"),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      handlerTimeout + 15*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

// MaxConnections bounds the connections the server holds at once, idle
// ones included: past it a new connection waits in the listen queue until
// one closes, rather than each costing a file descriptor and a goroutine
// (a client opening thousands would exhaust them, and the database's too).
// A browser opens about six; the pages are for a team, not the public.
const MaxConnections = 256

// Listen listens on addr (TCP) for NewServer, holding at most
// MaxConnections connections at once.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return netutil.LimitListener(ln, MaxConnections), nil
}

// handlerTimeout bounds one page: a diff of two large versions is linear
// but not free.
const handlerTimeout = 60 * time.Second

// secure sets the headers every response carries, errors included.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// readOnly refuses every method but GET and HEAD before routing, so that
// unknown paths answer 405 to a POST as well.
func readOnly(s *server, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			s.fail(w, r, http.StatusMethodNotAllowed, "This site is read-only: "+r.Method+" is not allowed, only GET and HEAD.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, http.StatusNotFound, "There is no page at "+r.URL.Path+".")
}
