package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/web"
)

func runDaemon(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "daemon")
	listen := fs.String("listen", "", "serve /healthz, /metrics and the web pages on this address, e.g. 127.0.0.1:9090")
	shutdown := fs.Duration("shutdown-timeout", 30*time.Second, "how long in-flight fetches may run after SIGTERM")
	lease := fs.Duration("lease", time.Minute, "how long a document (or alert) stays this daemon's without renewal: a daemon that dies holds its work this long")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("daemon takes no arguments (got %q)", pos)
	}
	cfg, err := fs.load(env)
	if err != nil {
		return err
	}
	log, err := fs.logger("info")
	if err != nil {
		return err
	}
	if *lease < 3*time.Second {
		return usagef("--lease %s: use at least 3s (leases are renewed every third of it)", *lease)
	}
	app, err := pipeline.Open(ctx, cfg, pipeline.Options{Logger: log, Lease: *lease, Version: currentBuild().Version})
	if err != nil {
		return err
	}
	defer app.Close()

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	reload := make(chan struct{})
	go func() {
		for range hup {
			select {
			case reload <- struct{}{}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return app.RunDaemon(ctx, pipeline.DaemonOptions{
		Listen: *listen, Reload: reload, Getenv: env.Getenv, ShutdownTimeout: *shutdown,
		LoadConfig: func() (*config.Config, error) { return fs.load(env) },
		Handler:    web.Handler(app, log),
	})
}
