package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/crawler"
	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/store"
)

// DaemonOptions configure `tracker daemon`.
type DaemonOptions struct {
	Listen          string                         // address of /healthz and /metrics; empty: none
	Reload          <-chan struct{}                // a receive reloads the configuration (SIGHUP)
	LoadConfig      func() (*config.Config, error) // reads the configuration again on reload
	Getenv          func(string) string
	ShutdownTimeout time.Duration // in-flight fetches get this long after a stop; default 30s
	AlertEvery      time.Duration // how often the outbox is checked; default 15s
	Poll            time.Duration // how often the database is asked for due documents; default 1s
	Handler         http.Handler  // extra pages served on Listen (tracker serve's), optional
}

// httpShutdownTimeout is how long open requests to /healthz, /metrics
// and the pages get when the daemon stops.
const httpShutdownTimeout = 5 * time.Second

// MaxStopTime is the longest a daemon takes to exit after SIGTERM with
// this shutdown timeout: in-flight crawls get it, the web server
// httpShutdownTimeout, the last alert pass the shutdown timeout again. A
// service manager must wait longer before it kills the process
// (systemd's TimeoutStopSec, docker's --stop-timeout).
func MaxStopTime(shutdown time.Duration) time.Duration {
	return 2*shutdown + httpShutdownTimeout
}

// Daemon crawls on schedule and delivers alerts until its context ends.
// The schedule is in the database: each poll leases the documents due now
// that no other process holds, so any number of daemons may share one
// PostgreSQL database, each document crawled by one of them at a time.
type Daemon struct {
	app     atomic.Pointer[App]
	opt     DaemonOptions
	log     *slog.Logger
	crawler *crawler.Crawler
	sender  *notify.Sender // one for the daemon's life: reloads change its endpoints

	slots  chan struct{} // one per crawl in flight
	crawls sync.WaitGroup
	// crawling is the documents with a crawl under way here. A crawl
	// whose lease lapsed (renewals that did not get through in time: a
	// stalled process, a database that did not answer) may find its
	// document claimed again by this very daemon: the crawl running goes
	// on with the lease, no second one starts beside it.
	crawlingMu sync.Mutex
	crawling   map[int64]bool
	wake       chan struct{} // a change was stored: deliver its alerts now
	poke       chan struct{} // a crawl ended: there may be room for another
	stopping   chan struct{} // closed on shutdown: nothing new is started
	healthy    atomic.Bool
	wg         sync.WaitGroup
}

// RunDaemon runs the daemon on the App's database until ctx is cancelled,
// then lets in-flight crawls finish within the shutdown timeout. Only one
// daemon may run per SQLite file; any number per PostgreSQL database.
func (a *App) RunDaemon(ctx context.Context, opt DaemonOptions) error {
	if opt.ShutdownTimeout <= 0 {
		opt.ShutdownTimeout = 30 * time.Second
	}
	if opt.AlertEvery <= 0 {
		opt.AlertEvery = 15 * time.Second
	}
	if opt.Poll <= 0 {
		opt.Poll = time.Second
	}
	// One daemon per SQLite file (see lockDaemon); any number share a
	// PostgreSQL database.
	if !store.IsPostgres(a.cfg.DatabasePath()) {
		unlock, err := lockDaemon(a.cfg.DatabasePath())
		if err != nil {
			return err
		}
		defer unlock()
	}

	a.daemon = true
	d := newDaemon(a, opt)
	var err error
	if d.crawler, err = a.NewCrawler(); err != nil {
		return err
	}
	if d.sender, err = a.Sender(opt.Getenv); err != nil {
		return err
	}
	a.logBrokenEndpoints(opt.Getenv, d.log)
	if err := a.scheduleAll(ctx, a.now()); err != nil {
		return err
	}

	var srv *http.Server
	if opt.Listen != "" {
		ln, err := net.Listen("tcp", opt.Listen)
		if err != nil {
			return fmt.Errorf("daemon: listen on %s: %w", opt.Listen, err)
		}
		srv = &http.Server{Handler: d.routes(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
			WriteTimeout: 75 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				d.log.Error("http server stopped", slog.String("error", err.Error()))
			}
		}()
		d.log.Info("serving /healthz and /metrics", slog.String("addr", ln.Addr().String()))
	}

	// Crawls run on their own context: a stop lets them finish within the
	// shutdown timeout instead of cutting a fetch in half.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()

	d.wg.Add(3)
	go func() {
		defer d.wg.Done()
		a.renewLeases(work)
	}()
	scheduling := make(chan struct{})
	go func() {
		defer d.wg.Done()
		defer close(scheduling)
		d.scheduleLoop(work)
	}()
	d.healthy.Store(true)
	if a.anyRemote(a.targets) {
		a.warnUserAgent()
	}
	d.log.Info("daemon started", slog.Int("documents", len(a.targets)))
	go func() {
		defer d.wg.Done()
		d.sender.Run(ctx, d.opt.AlertEvery, d.wake)
	}()

	for running := true; running; {
		select {
		case <-ctx.Done():
			running = false
		case <-opt.Reload:
			d.reload(work)
		}
	}

	d.healthy.Store(false)
	close(d.stopping)
	<-scheduling
	d.log.Info("stopping: no new crawls; waiting for in-flight ones", slog.Duration("timeout", opt.ShutdownTimeout))
	crawled := make(chan struct{})
	go func() {
		d.crawls.Wait()
		close(crawled)
	}()
	select {
	case <-crawled:
	case <-time.After(opt.ShutdownTimeout):
		d.log.Warn("in-flight crawls did not finish in time; cancelling them")
		cancelWork()
		<-crawled
	}
	cancelWork() // stops the lease renewal
	if srv != nil {
		shut, cancel := context.WithTimeout(context.Background(), httpShutdownTimeout)
		_ = srv.Shutdown(shut)
		cancel()
	}
	d.wg.Wait()
	// A last pass, so that alerts of the final crawls are not left waiting.
	flush, cancel := context.WithTimeout(context.Background(), opt.ShutdownTimeout)
	defer cancel()
	if _, err := d.sender.Flush(flush); err != nil {
		d.log.Error("last alert delivery pass", slog.String("error", err.Error()))
	}
	d.log.Info("daemon stopped")
	return nil
}

func newDaemon(a *App, opt DaemonOptions) *Daemon {
	parallel := a.cfg.Parallelism
	if parallel <= 0 {
		parallel = 8
	}
	d := &Daemon{
		opt: opt, log: a.log.With(slog.String("component", "daemon"), slog.String("daemon", a.owner)),
		// Twice the fetch parallelism: documents waiting for their host's
		// turn hold a slot without fetching.
		slots: make(chan struct{}, 2*parallel),
		wake:  make(chan struct{}, 1), poke: make(chan struct{}, 1), stopping: make(chan struct{}),
		crawling: map[int64]bool{},
	}
	d.app.Store(a)
	return d
}

// scheduleLoop leases the documents due now, as many as there are free
// slots, and crawls each; then sleeps until the next document falls due,
// a crawl ends (a slot is free), or the next poll, whichever comes first.
// The poll finds what the database cannot announce: another process's
// lease expiring, a back-off ending, documents added by a reload.
func (d *Daemon) scheduleLoop(work context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-d.stopping:
			return
		default:
		}
		wait := d.startDue(work)
		timer.Reset(wait)
		select {
		case <-d.stopping:
			return
		case <-timer.C:
		case <-d.poke:
		}
	}
}

// minWait keeps the schedule loop from spinning when documents due now
// were all claimed by other processes a moment ago.
const minWait = 10 * time.Millisecond

// startDue claims due documents and starts their crawls, and says how long
// to wait before looking again.
func (d *Daemon) startDue(work context.Context) time.Duration {
	free := cap(d.slots) - len(d.slots)
	if free <= 0 {
		return d.opt.Poll // or until a crawl ends
	}
	a := d.app.Load()
	now := a.now()
	docs, next, err := a.store.ClaimDue(work, a.owner, now, now.Add(a.lease), free)
	if err != nil {
		if work.Err() == nil {
			d.log.Error("claim due documents", slog.String("error", err.Error()))
		}
		return d.opt.Poll
	}
	for _, doc := range docs {
		t, ok := a.targetByID(doc.ID)
		if !ok { // stored, no longer configured: never due again
			if err := a.store.Reschedule(work, doc.ID, a.owner, store.Schedule{DueAt: unscheduled, FailCount: doc.FailCount, NextAttemptAt: doc.NextAttemptAt}); err != nil {
				d.log.Error("unschedule document", slog.Int64("document_id", doc.ID), slog.String("error", err.Error()))
			}
			continue
		}
		t.Stored = doc
		if !d.begin(doc.ID) {
			d.log.Warn("claimed a document this daemon is still crawling (its lease lapsed): left to the crawl under way",
				slog.String("document", t.Key()))
			continue
		}
		d.log.Debug("claimed", slog.String("document", t.Key()), slog.Time("due", doc.DueAt), slog.Duration("late", now.Sub(doc.DueAt)))
		d.slots <- struct{}{}
		d.crawls.Add(1)
		go func() {
			defer d.crawls.Done()
			defer func() {
				<-d.slots
				select {
				case d.poke <- struct{}{}:
				default:
				}
			}()
			defer d.end(doc.ID)
			d.crawl(work, a, t)
		}()
	}
	if next.IsZero() {
		return d.opt.Poll
	}
	return min(max(next.Sub(now), minWait), d.opt.Poll)
}

// begin records a crawl of the document, unless one is under way.
func (d *Daemon) begin(id int64) bool {
	d.crawlingMu.Lock()
	defer d.crawlingMu.Unlock()
	if d.crawling[id] {
		return false
	}
	d.crawling[id] = true
	return true
}

func (d *Daemon) end(id int64) {
	d.crawlingMu.Lock()
	delete(d.crawling, id)
	d.crawlingMu.Unlock()
}

// crawl fetches and stores one leased document.
func (d *Daemon) crawl(work context.Context, a *App, t Target) {
	outs, _ := a.crawlWith(work, d.crawler, []Target{t})
	o := outs[0]
	// A failed fetch is the operator's to look at (a moved page, a block):
	// WARN, so that it shows at the default level and stands out from the
	// routine crawls; a crawl cut short by a stop is not a failure.
	level := slog.LevelInfo
	if o.Status == StatusError && !o.interrupted {
		level = slog.LevelWarn
	}
	d.log.Log(work, level, "crawled", slog.String("document", t.Key()), slog.String("status", string(o.Status)), errAttr(o.Err))
	if o.Status == StatusChanged {
		select {
		case d.wake <- struct{}{}: // deliver its alert now rather than at the next pass
		default:
		}
	}
}

// targetByID is the configured document stored with that id.
func (a *App) targetByID(id int64) (Target, bool) {
	for _, t := range a.targets {
		if t.Stored.ID == id {
			return t, true
		}
	}
	return Target{}, false
}

// reload reads the configuration again. An invalid one is logged and the
// old one kept; a valid one is scheduled at once, postponing nothing.
func (d *Daemon) reload(work context.Context) {
	old := d.app.Load()
	cfg, err := d.opt.LoadConfig()
	if err == nil && cfg.DatabasePath() != old.cfg.DatabasePath() {
		err = fmt.Errorf("the database cannot change while the daemon runs (%s → %s): restart it",
			store.RedactURL(old.cfg.DatabasePath()), store.RedactURL(cfg.DatabasePath()))
	}
	if err != nil {
		d.log.Error("reload refused; keeping the running configuration", slog.String("error", err.Error()))
		return
	}
	next, err := newApp(work, cfg, old.store, Options{Logger: old.log, Now: old.now, Metrics: old.metrics, Owner: old.owner, Lease: old.lease, Version: old.version, engines: old.engines})
	if err == nil {
		err = next.scheduleAll(work, next.now())
	}
	if err != nil {
		d.log.Error("reload refused; keeping the running configuration", slog.String("error", err.Error()))
		return
	}
	next.daemon = true
	eps, err := next.Endpoints(d.opt.Getenv)
	if err != nil {
		d.log.Error("reload refused; keeping the running configuration", slog.String("error", err.Error()))
		return
	}
	d.app.Store(next)
	// Alerts still waiting go to the endpoints of the new configuration: a
	// corrected URL is used from now on.
	d.sender.SetEndpoints(eps)
	next.logBrokenEndpoints(d.opt.Getenv, d.log)
	d.log.Info("configuration reloaded", slog.Int("documents", len(next.targets)))
}

func (d *Daemon) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if !d.healthy.Load() {
			http.Error(w, "scheduler stopped\n", http.StatusServiceUnavailable)
			return
		}
		if err := d.app.Load().store.WriteCheck(r.Context()); err != nil {
			http.Error(w, "database not writable: "+err.Error()+"\n", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintf(w, "ok\ndaemon: %s\ncrawling: %d\n", d.app.Load().owner, len(d.slots))
	})
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		a := d.app.Load()
		o, err := a.OutboxState(r.Context())
		if err != nil {
			http.Error(w, "outbox: "+err.Error()+"\n", http.StatusServiceUnavailable)
			return
		}
		a.metrics.WriteWithOutbox(w, o)
		fmt.Fprintf(w, "# HELP tracker_daemon_info The daemon answering, as it names itself in the database (leases, fetches, alert claims).\n# TYPE tracker_daemon_info gauge\ntracker_daemon_info{daemon=%q} 1\n", a.owner)
		fmt.Fprintf(w, "# HELP tracker_crawls_in_flight Documents this daemon is crawling now.\n# TYPE tracker_crawls_in_flight gauge\ntracker_crawls_in_flight %d\n", len(d.slots))
	})
	if d.opt.Handler != nil {
		mux.Handle("/", d.opt.Handler)
	}
	return mux
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func errAttr(err error) slog.Attr {
	if err == nil {
		return slog.Attr{}
	}
	return slog.String("error", err.Error())
}
