package pipeline

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

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
	Handler         http.Handler  // extra pages served on Listen (tracker serve's), optional
}

// Backoff of documents that keep failing: doubled per failure from
// failBase, at most failCap, so a broken page is not hammered every tick.
const (
	failBase = time.Minute
	failCap  = 24 * time.Hour
)

// Daemon crawls on schedule and delivers alerts until its context ends.
type Daemon struct {
	app     atomic.Pointer[App]
	opt     DaemonOptions
	log     *slog.Logger
	crawler *crawler.Crawler
	sender  atomic.Pointer[notify.Sender]

	running  sync.Map // document key → struct{}: never crawled twice at once
	wake     chan struct{}
	stopping chan struct{} // closed on shutdown: ticks not yet fetching give up
	healthy  atomic.Bool
	wg       sync.WaitGroup
}

// RunDaemon runs the daemon on the App's database until ctx is cancelled,
// then lets in-flight crawls finish within the shutdown timeout. Only one
// daemon may run per database.
func (a *App) RunDaemon(ctx context.Context, opt DaemonOptions) error {
	if opt.ShutdownTimeout <= 0 {
		opt.ShutdownTimeout = 30 * time.Second
	}
	if opt.AlertEvery <= 0 {
		opt.AlertEvery = 15 * time.Second
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

	d := &Daemon{opt: opt, log: a.log.With(slog.String("component", "daemon")), wake: make(chan struct{}, 1), stopping: make(chan struct{})}
	d.app.Store(a)
	var err error
	if d.crawler, err = a.NewCrawler(); err != nil {
		return err
	}
	if s, err := a.Sender(opt.Getenv); err != nil {
		return err
	} else {
		d.sender.Store(s)
	}

	var srv *http.Server
	if opt.Listen != "" {
		ln, err := net.Listen("tcp", opt.Listen)
		if err != nil {
			return fmt.Errorf("daemon: listen on %s: %w", opt.Listen, err)
		}
		srv = &http.Server{Handler: d.routes(), ReadHeaderTimeout: 10 * time.Second}
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

	sched := d.schedule(work)
	sched.Start()
	d.healthy.Store(true)
	d.log.Info("daemon started", slog.Int("documents", len(a.targets)))

	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		d.deliverLoop(ctx)
	}()

	for running := true; running; {
		select {
		case <-ctx.Done():
			running = false
		case <-opt.Reload:
			if next := d.reload(work); next != nil {
				stopped := sched.Stop()
				<-stopped.Done()
				sched = next
				sched.Start()
			}
		}
	}

	d.healthy.Store(false)
	close(d.stopping)
	d.log.Info("stopping: no new crawls; waiting for in-flight ones", slog.Duration("timeout", opt.ShutdownTimeout))
	stopped := sched.Stop() // its Done fires once running jobs have returned
	select {
	case <-stopped.Done():
	case <-time.After(opt.ShutdownTimeout):
		d.log.Warn("in-flight crawls did not finish in time; cancelling them")
		cancelWork()
		<-stopped.Done()
	}
	if srv != nil {
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = srv.Shutdown(shut)
		cancel()
	}
	d.wg.Wait()
	// A last pass, so that alerts of the final crawls are not left waiting.
	flush, cancel := context.WithTimeout(context.Background(), opt.ShutdownTimeout)
	defer cancel()
	d.flushAlerts(flush)
	d.log.Info("daemon stopped")
	return nil
}

// schedule registers one cron entry per document.
func (d *Daemon) schedule(work context.Context) *cron.Cron {
	a := d.app.Load()
	c := cron.New(cron.WithParser(cron.NewParser(
		cron.Minute|cron.Hour|cron.Dom|cron.Month|cron.Dow|cron.Descriptor)),
		cron.WithLogger(cron.DiscardLogger))
	for _, t := range a.targets {
		spec := firstNonEmpty(t.Doc.Schedule, t.Vendor.Schedule, a.cfg.Schedule)
		sched, err := cron.ParseStandard(spec)
		if err != nil { // validated with the configuration; kept as a guard
			d.log.Error("bad schedule", slog.String("document", t.Key()), slog.String("schedule", spec))
			continue
		}
		delay := spreadDelay(t.Key(), a.cfg.Spread, sched)
		key := t.Key()
		c.Schedule(sched, cron.FuncJob(func() { d.tick(work, key, delay) }))
	}
	return c
}

// spreadDelay is a stable per-document offset in [0, spread), capped at half
// the schedule's period, so that hundreds of documents on one schedule do
// not all start in the same second, yet each keeps a regular rhythm.
func spreadDelay(key string, spread time.Duration, s cron.Schedule) time.Duration {
	if spread <= 0 {
		return 0
	}
	now := time.Now()
	first := s.Next(now)
	if period := s.Next(first).Sub(first); spread > period/2 {
		spread = period / 2
	}
	if spread <= 0 {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(key))
	return time.Duration(h.Sum64() % uint64(spread))
}

// tick crawls one document, unless it is already being crawled or is
// backing off after failures.
func (d *Daemon) tick(work context.Context, key string, delay time.Duration) {
	if _, busy := d.running.LoadOrStore(key, struct{}{}); busy {
		d.log.Debug("still crawling; tick skipped", slog.String("document", key))
		return
	}
	defer d.running.Delete(key)
	if delay > 0 {
		timer := time.NewTimer(delay)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-work.Done():
			return
		case <-d.stopping:
			return // waiting out its spread is not a crawl in flight
		}
	}
	select {
	case <-d.stopping:
		return
	default:
	}
	a := d.app.Load()
	var t Target
	found := false
	for _, x := range a.targets {
		if x.Key() == key {
			t, found = x, true
		}
	}
	if !found {
		return // removed by a reload
	}
	stored, err := a.store.Document(work, t.Vendor.ID, t.Doc.Type)
	if err != nil {
		d.log.Error("read document state", slog.String("document", key), slog.String("error", err.Error()))
		return
	}
	if !stored.NextAttemptAt.IsZero() && a.now().Before(stored.NextAttemptAt) {
		d.log.Debug("backing off", slog.String("document", key), slog.Time("until", stored.NextAttemptAt))
		return
	}
	t.Stored = stored
	outs, _ := a.crawlWith(work, d.crawler, []Target{t})
	o := outs[0]
	d.backoff(work, a, t, o)
	d.log.Info("crawled", slog.String("document", key), slog.String("status", string(o.Status)), errAttr(o.Err))
	if o.Status == StatusChanged {
		select {
		case d.wake <- struct{}{}: // deliver its alert now rather than at the next pass
		default:
		}
	}
}

func (d *Daemon) backoff(ctx context.Context, a *App, t Target, o Outcome) {
	fails, next := 0, time.Time{}
	if o.Status == StatusError {
		fails = t.Stored.FailCount + 1
		wait := failBase << min(fails-1, 20)
		next = a.now().Add(min(wait, failCap))
	} else if t.Stored.FailCount == 0 && t.Stored.NextAttemptAt.IsZero() {
		return // nothing to reset
	}
	if err := a.store.SetBackoff(ctx, t.Stored.ID, fails, next); err != nil {
		d.log.Error("record back-off", slog.String("document", t.Key()), slog.String("error", err.Error()))
	}
}

func (d *Daemon) deliverLoop(ctx context.Context) {
	tick := time.NewTicker(d.opt.AlertEvery)
	defer tick.Stop()
	for {
		d.flushAlerts(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-d.wake:
		}
	}
}

func (d *Daemon) flushAlerts(ctx context.Context) {
	s := d.sender.Load()
	if len(s.Notifiers) == 0 {
		return
	}
	ok, failed, err := s.Flush(ctx)
	d.app.Load().metrics.delivered(ok, failed)
	if err != nil && ctx.Err() == nil {
		d.log.Error("alert delivery", slog.String("error", err.Error()))
	}
}

// reload reads the configuration again. An invalid one is logged and the
// old one kept; a valid one gets a new schedule.
func (d *Daemon) reload(work context.Context) *cron.Cron {
	old := d.app.Load()
	cfg, err := d.opt.LoadConfig()
	if err == nil && cfg.DatabasePath() != old.cfg.DatabasePath() {
		err = fmt.Errorf("the database cannot change while the daemon runs (%s → %s): restart it", old.cfg.DatabasePath(), cfg.DatabasePath())
	}
	if err != nil {
		d.log.Error("reload refused; keeping the running configuration", slog.String("error", err.Error()))
		return nil
	}
	next, err := newApp(work, cfg, old.store, Options{Logger: old.log, Now: old.now, Metrics: old.metrics})
	if err != nil {
		d.log.Error("reload refused; keeping the running configuration", slog.String("error", err.Error()))
		return nil
	}
	sender, err := next.Sender(d.opt.Getenv)
	if err != nil {
		d.log.Error("reload refused; keeping the running configuration", slog.String("error", err.Error()))
		return nil
	}
	d.app.Store(next)
	d.sender.Store(sender)
	d.log.Info("configuration reloaded", slog.Int("documents", len(next.targets)))
	return d.schedule(work)
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
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		d.app.Load().metrics.WriteTo(w)
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
