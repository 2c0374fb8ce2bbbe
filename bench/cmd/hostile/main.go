// Command hostile crawls a site built to hurt a crawler (issue 21) and
// measures what it costs tracker: the peak RSS of a whole crawl, and the
// wall time and peak RSS of each document crawled alone. Every server is
// on 127.0.0.1; nothing leaves the machine.
//
//	go run ./bench/cmd/hostile                  # builds tracker, runs, prints the table
//	go run ./bench/cmd/hostile -tracker PATH    # an existing binary
//
// Targets (exit 1 when one fails): a whole crawl's peak RSS under
// -max-rss (128 MiB), every document within its document_timeout, and
// SIGTERM ending a crawl within -max-stop.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
	"golang.org/x/text/encoding/unicode"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == launchFlag {
		launch(os.Args[2:])
		return
	}
	trackerBin := flag.String("tracker", "", "tracker binary (default: build one from this repository)")
	maxRSS := flag.Int64("max-rss", 128, "target: a whole crawl's peak RSS, MiB")
	docTimeout := flag.Duration("document-timeout", 60*time.Second, "document_timeout of the crawl (tracker's default)")
	maxStop := flag.Duration("max-stop", 5*time.Second, "target: a crawl ends this soon after SIGTERM")
	each := flag.Bool("each", true, "also crawl each document alone, and stop a crawl with SIGTERM")
	serve := flag.Bool("serve", false, "only serve the set: print the configuration's path, serve pass 1, and the next pass at each line read on stdin (for bench/cmd/profile)")
	flag.Parse()
	log.SetFlags(0)

	dir, err := os.MkdirTemp("", "tracker-hostile-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	bin := *trackerBin
	if bin == "" {
		bin = filepath.Join(dir, "tracker")
		if out, err := exec.Command("go", "build", "-o", bin, "./cmd/tracker").CombinedOutput(); err != nil {
			log.Fatalf("build tracker: %v\n%s", err, out)
		}
	}

	s := newSite()
	defer s.close()
	conf := filepath.Join(dir, "tracker.yaml")
	if err := os.WriteFile(conf, []byte(s.config(*docTimeout)), 0o644); err != nil {
		log.Fatal(err)
	}

	if *serve {
		s.pass.Store(1)
		fmt.Println(conf)
		for in := bufio.NewScanner(os.Stdin); in.Scan(); {
			s.pass.Store(min(s.pass.Load()+1, 3))
			fmt.Printf("serving pass %d\n", s.pass.Load())
		}
		return
	}
	fmt.Printf("hostile set: %d documents, max_body_size 10 MiB, timeout 10s, document_timeout %s\n\n", len(s.docs), *docTimeout)
	failed := false
	for pass := 1; pass <= 2; pass++ {
		s.pass.Store(int32(pass))
		r := run(bin, conf, nil)
		fmt.Printf("whole crawl, pass %d: %s wall, peak RSS %.1f MiB, exit %d; 5mb-one-line %s\n", pass, r.wall.Round(time.Millisecond), r.rssMiB(), r.code, r.status("5mb-one-line"))
		if r.rssMiB() > float64(*maxRSS) {
			fmt.Printf("FAIL whole crawl peak RSS %.1f MiB > %d MiB\n", r.rssMiB(), *maxRSS)
			failed = true
		}
	}
	if !*each {
		if failed {
			os.Exit(1)
		}
		return
	}
	fmt.Printf("\n%-22s %5s %9s %9s  %s\n", "DOCUMENT", "PASS", "WALL", "RSS MiB", "STATUS")
	for pass := 1; pass <= 2; pass++ {
		s.pass.Store(int32(pass))
		for _, d := range s.docs {
			r := run(bin, conf, []string{d.id})
			status := r.status(d.id)
			fmt.Printf("%-22s %5d %9s %9.1f  %s\n", d.id, pass, r.wall.Round(time.Millisecond), r.rssMiB(), status)
			if r.wall > *docTimeout+5*time.Second { // the process's start and the database around the document
				fmt.Printf("FAIL %s took %s, over its %s budget\n", d.id, r.wall, *docTimeout)
				failed = true
			}
		}
	}

	// SIGTERM in the middle of a crawl: the comparison of the 5 MB page.
	s.pass.Store(3)
	stop := runStopped(bin, conf, 1500*time.Millisecond)
	fmt.Printf("\nSIGTERM 1.5s into a crawl: stopped %s later (exit %d)\n", stop.wall.Round(time.Millisecond), stop.code)
	if stop.wall > *maxStop {
		fmt.Printf("FAIL the crawl went on %s after SIGTERM\n", stop.wall)
		failed = true
	}
	if failed {
		os.Exit(1)
	}
	fmt.Println("\nPASS every target")
}

// result is one tracker process.
type result struct {
	wall   time.Duration
	maxRSS int64 // KiB
	code   int
	out    string
}

func (r result) rssMiB() float64 { return float64(r.maxRSS) / 1024 }

// status is the document's word in `tracker crawl` output: new, changed,
// unchanged, error (with the first words of the reason).
func (r result) status(id string) string {
	var out struct {
		Documents []struct {
			Vendor, Status, Error, Note string
		} `json:"documents"`
	}
	if json.Unmarshal([]byte(r.out), &out) != nil || len(out.Documents) == 0 {
		return strings.TrimSpace(r.out)
	}
	d := out.Documents[0]
	for _, o := range out.Documents {
		if o.Vendor == id {
			d = o
		}
	}
	msg := d.Status
	if d.Error != "" {
		msg += ": " + d.Error
	} else if d.Note != "" {
		msg += ": " + d.Note
	}
	if len(msg) > 110 {
		msg = msg[:110] + "…"
	}
	return msg
}

// launchFlag makes this program a small launcher: a child's peak RSS, as
// the kernel reports it, includes the memory of the process it was forked
// from, and this one holds the hostile bodies. The launcher, forked before
// it allocates anything, starts tracker and reports tracker's own figure.
const launchFlag = "-launch"

func launch(args []string) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, io.Discard
	start := time.Now()
	cmd.Run()
	if cmd.ProcessState == nil {
		os.Exit(127)
	}
	fmt.Fprintf(os.Stderr, "%d %d\n", cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss, time.Since(start).Nanoseconds())
	os.Exit(cmd.ProcessState.ExitCode())
}

func run(bin, conf string, vendors []string) result {
	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	args := append([]string{launchFlag, bin, "crawl", "--config", conf, "--format", "json"}, vendors...)
	cmd := exec.Command(self, args...)
	var out, stats bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stats
	cmd.Run()
	if cmd.ProcessState == nil {
		log.Fatalf("run tracker through %s", self)
	}
	r := result{out: out.String(), code: cmd.ProcessState.ExitCode()}
	var ns int64
	if _, err := fmt.Sscan(stats.String(), &r.maxRSS, &ns); err != nil {
		log.Fatalf("launcher: %q: %v", stats.String(), err)
	}
	r.wall = time.Duration(ns)
	return r
}

// runStopped starts a whole crawl, sends SIGTERM after d and returns how
// long the process took to end after it.
func runStopped(bin, conf string, d time.Duration) result {
	cmd := exec.Command(bin, "crawl", "--config", conf)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	time.Sleep(d)
	cmd.Process.Signal(syscall.SIGTERM)
	start := time.Now()
	cmd.Wait()
	return result{wall: time.Since(start), code: cmd.ProcessState.ExitCode()}
}

// doc is one hostile document: its vendor id and the handler serving it.
type doc struct {
	id string
	h  http.HandlerFunc
}

type site struct {
	docs    []doc
	pass    atomic.Int32
	servers []*http.Server
	urls    map[string]string // document id → URL
}

const mib = 1 << 20

func newSite() *site {
	s := &site{urls: map[string]string{}}
	zeros := make([]byte, 512*mib) // each bomb decompresses to 512 MiB
	gz := encode(zeros, func(w io.Writer) io.WriteCloser { z, _ := gzip.NewWriterLevel(w, gzip.BestCompression); return z })
	zl := encode(zeros, func(w io.Writer) io.WriteCloser { z, _ := zlib.NewWriterLevel(w, zlib.BestCompression); return z })
	br := encode(zeros[:128*mib], func(w io.Writer) io.WriteCloser { return brotli.NewWriterLevel(w, 5) })
	zs := encode(zeros, func(w io.Writer) io.WriteCloser { z, _ := zstd.NewWriter(w); return z })
	robotsBomb := encode(bytes.Repeat([]byte("Disallow: /x\n"), 64*mib/13), func(w io.Writer) io.WriteCloser { return gzip.NewWriter(w) })
	bomb := func(ce string, body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", ce)
			w.Write(body)
		}
	}
	long := func(seed uint64) string {
		return "<html><body><main><p>" + words(seed, 5*mib/7) + "</p></main></body></html>"
	}
	longs := [3]string{long(1), long(2), long(3)}
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("<html><body><p>" + words(9, 12*mib/7) + "</p></body></html>"))
	random := make([]byte, 2*mib)
	rnd := rand.New(rand.NewPCG(5, 6))
	for i := range random {
		random[i] = byte(rnd.UintN(256))
	}
	internal := s.listen(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "internal admin: deleted everything") })

	s.docs = []doc{
		{"gzip-bomb", bomb("gzip", gz)},
		{"x-gzip-bomb", bomb("x-gzip", gz)},
		{"gzip-identity-bomb", bomb("gzip, identity", gz)},
		{"deflate-bomb", bomb("deflate", zl)},
		{"br-bomb", bomb("br", br)},
		{"zstd-bomb", bomb("zstd", zs)},
		{"endless-stream", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			chunk := bytes.Repeat([]byte("<p>endless</p>"), 4096)
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}},
		{"slow-trickle", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			for r.Context().Err() == nil {
				io.WriteString(w, "<p>slow</p>")
				w.(http.Flusher).Flush()
				time.Sleep(100 * time.Millisecond)
			}
		}},
		{"50mb-declared", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Length", fmt.Sprint(50*mib))
			w.Write(make([]byte, 64<<10))
		}},
		{"5mb-one-line", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, longs[min(int(s.pass.Load()), 3)-1])
		}},
		{"utf16-over-limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-16")
			w.(http.Flusher).Flush()
			w.Write(utf16)
		}},
		{"random-as-html", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write(random)
		}},
		{"pdf-as-html", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write(append([]byte("%PDF-1.7\n"), random[:mib]...))
		}},
		{"maintenance", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html><body><h1>We'll be back soon!</h1><p>We are down for maintenance.</p></body></html>")
		}},
		{"redirect-loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.Path, http.StatusFound) }},
		{"redirect-private", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, internal+"/internal-admin?action=delete-all", http.StatusFound)
		}},
	}
	for _, d := range s.docs {
		h := d.h
		s.urls[d.id] = s.listen(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/robots.txt" { // these hosts attack with the page
				http.NotFound(w, r)
				return
			}
			h(w, r)
		}) + "/privacy"
	}
	// robots.txt bombs: hosts of their own, the page itself harmless.
	page := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body><main><h1>Privacy</h1><p>We keep your e-mail address for 30 days.</p></main></body></html>")
	}
	for id, robots := range map[string]http.HandlerFunc{
		"robots-gzip-bomb": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(robotsBomb)
		},
		"robots-endless": func(w http.ResponseWriter, r *http.Request) {
			line := bytes.Repeat([]byte("Allow: /a\n"), 4096)
			for r.Context().Err() == nil {
				if _, err := w.Write(line); err != nil {
					return
				}
			}
		},
		"robots-to-internal": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, internal+"/internal-admin?action=delete-all", http.StatusFound)
		},
	} {
		s.docs = append(s.docs, doc{id: id})
		s.urls[id] = s.listen(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/robots.txt" {
				robots(w, r)
				return
			}
			page(w, r)
		}) + "/privacy"
	}
	sort.Slice(s.docs, func(i, j int) bool { return s.docs[i].id < s.docs[j].id })
	return s
}

func (s *site) listen(h http.HandlerFunc) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	s.servers = append(s.servers, srv)
	go srv.Serve(ln)
	return "http://" + ln.Addr().String()
}

func (s *site) close() {
	for _, srv := range s.servers {
		srv.Close()
	}
}

// config names every document; robots.txt is honoured, as by default.
func (s *site) config(docTimeout time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "database: tracker.db\nhost_delay: 0s\ntimeout: 10s\ndocument_timeout: %s\nvendors:\n", docTimeout)
	for _, d := range s.docs {
		fmt.Fprintf(&b, "  - id: %s\n    name: %s\n    documents:\n      - {type: privacy, url: %q}\n", d.id, d.id, s.urls[d.id])
	}
	return b.String()
}

func encode(plain []byte, w func(io.Writer) io.WriteCloser) []byte {
	var buf bytes.Buffer
	zw := w(&buf)
	zw.Write(plain)
	zw.Close()
	return buf.Bytes()
}

// words is n words of policy vocabulary without a full stop: one clause.
func words(seed uint64, n int) string {
	vocab := []string{"data", "we", "share", "your", "personal", "information", "with", "partners", "retain", "years", "may", "sell"}
	r := rand.New(rand.NewPCG(seed, 11))
	var b strings.Builder
	b.Grow(n * 7)
	for range n {
		b.WriteString(vocab[r.IntN(len(vocab))])
		b.WriteByte(' ')
	}
	return b.String()
}
