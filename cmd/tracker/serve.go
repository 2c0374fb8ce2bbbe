package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/tracker-dev/tracker/web"
)

func runServe(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "serve")
	fs.readOnly = true
	listen := fs.String("listen", "127.0.0.1:8080", "address to serve on")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments (got %q)", pos)
	}
	app, err := fs.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	log, err := fs.logger("warn")
	if err != nil {
		return err
	}
	ln, err := web.Listen(*listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *listen, err)
	}
	srv := web.NewServer(web.Handler(app, log))
	fmt.Fprintf(env.Stdout, "serving on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
