package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// runHealthcheck asks a running daemon's /healthz, for a container's
// HEALTHCHECK or a load balancer's script: the image has no curl, and
// needs none.
func runHealthcheck(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "healthcheck")
	addr := fs.String("addr", "127.0.0.1:9090", "the daemon's --listen address (host:port), or a URL")
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for the answer")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("healthcheck takes no arguments (got %q)", pos)
	}
	url, err := healthURL(*addr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return usagef("--addr %q: %s", *addr, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("unhealthy: %s: %w (is the daemon running with --listen %s?)", url, err, *addr)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	msg := strings.TrimSpace(string(body))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("unhealthy: %s answered %s: %s", url, resp.Status, msg)
	}
	fmt.Fprintf(env.Stdout, "healthy: %s\n", msg)
	return nil
}

// healthURL turns host:port (a daemon listening on every address, :9090
// or 0.0.0.0:9090, is asked on loopback) or a URL into the /healthz URL.
func healthURL(addr string) (string, error) {
	if strings.HasPrefix(addr, "http://") || strings.HasPrefix(addr, "https://") {
		return strings.TrimSuffix(addr, "/") + "/healthz", nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", usagef("--addr %q: use host:port, e.g. 127.0.0.1:9090, or a URL", addr)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}
