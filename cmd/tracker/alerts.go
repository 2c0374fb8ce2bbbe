package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
	"github.com/tracker-dev/tracker/store"
)

func runAlerts(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "alerts")
	status := fs.String("status", "", "list: only alerts with this status, pending, failed or delivered")
	channel := fs.String("channel", "", "test: only this kind of channel, "+orList(channelKinds()))
	failed := fs.Bool("failed", false, "retry: every failed alert")
	format := fs.String("format", "text", "list: output format, text or json")
	// The subcommand is the first argument that is not a flag, wherever
	// the global flags stand.
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 || (pos[0] != "list" && pos[0] != "test" && pos[0] != "retry") {
		return usagef("alerts needs a subcommand: list [--status pending|failed|delivered], test [--channel KIND] or retry [ID...|--failed]")
	}
	sub, pos := pos[0], pos[1:]
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	if len(pos) > 0 && sub != "retry" {
		return usagef("alerts %s takes no arguments (got %q)", sub, pos)
	}
	switch *status {
	case "", "pending", "failed", "delivered":
	default:
		return usagef("--status %q: use pending, failed or delivered", *status)
	}
	if *channel != "" && !slices.Contains(channelKinds(), *channel) {
		return usagef("--channel %q: use %s", *channel, orList(channelKinds()))
	}
	// Testing the channels before the first crawl is what a new user does:
	// it needs no history, so it may start the database.
	fs.creates = sub == "test"
	app, err := fs.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	switch sub {
	case "test":
		return alertsTest(ctx, app, *channel, env)
	case "retry":
		return alertsRetry(ctx, app, pos, *failed, env)
	}
	ds, err := app.Store().Deliveries(ctx, *status)
	if err != nil {
		return err
	}
	if *format == "json" {
		out := make([]deliveryJSON, len(ds))
		for i, d := range ds {
			out[i] = newDeliveryJSON(d)
		}
		return render.JSON(env.Stdout, out)
	}
	if err := listDisabled(ctx, app, env.Stdout); err != nil {
		return err
	}
	if len(ds) == 0 {
		fmt.Fprintln(env.Stdout, "no alerts")
		return nil
	}
	// The last error is shown whole, on its own lines: it is what an
	// operator needs to fix the endpoint (status code, server's answer).
	t := &table{cols: []column{
		{title: "ID"}, {title: "ALERT"}, {title: "CREATED (UTC)"}, {title: "ENDPOINT"},
		{title: "TARGET", min: 16, cut: true}, {title: "STATUS"}, {title: "ATTEMPTS"},
	}}
	for _, d := range ds {
		var notes []string
		if d.LastError != "" {
			notes = append(notes, "last error: "+render.Sanitize(d.LastError))
		}
		t.add(notes, strconv.FormatInt(d.ID, 10), d.AlertID, d.CreatedAt.UTC().Format("2006-01-02 15:04"), d.Endpoint,
			render.Sanitize(d.Target), d.Status, strconv.Itoa(d.Attempts))
	}
	return t.write(env.Stdout)
}

// listDisabled says which endpoints a receiver switched off, and how to
// switch them on.
func listDisabled(ctx context.Context, app *pipeline.App, w io.Writer) error {
	off, err := app.Store().DisabledEndpoints(ctx)
	if err != nil {
		return err
	}
	for _, e := range off {
		fmt.Fprintf(w, "endpoint %s is disabled: %s answered %s on %s;\n  correct its URL in the configuration, or run `tracker alerts retry --failed` once the receiver is back\n",
			e.Endpoint, render.Sanitize(e.Target), e.Reason, e.DisabledAt.UTC().Format("2006-01-02 15:04 UTC"))
	}
	if len(off) > 0 {
		fmt.Fprintln(w)
	}
	return nil
}

func alertsTest(ctx context.Context, app *pipeline.App, channel string, env Env) error {
	results, err := app.TestAlerts(ctx, channel, env.Getenv)
	if err != nil {
		return endpointsError(err)
	}
	failed := 0
	for _, r := range results {
		where := r.Endpoint
		if r.Target != "" {
			where += " " + render.Sanitize(r.Target)
		}
		if r.Err != nil {
			failed++
			fmt.Fprintf(env.Stdout, "%-8s %s  failed:\n  %s\n", r.Kind, where, render.Sanitize(r.Err.Error()))
		} else {
			fmt.Fprintf(env.Stdout, "%-8s %s  delivered\n", r.Kind, where)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %s failed", failed, plural(len(results), "channel"))
	}
	return nil
}

func alertsRetry(ctx context.Context, app *pipeline.App, refs []string, failed bool, env Env) error {
	rows, err := app.RetryAlerts(ctx, refs, failed, env.Getenv)
	var re *pipeline.RetryError
	if errors.As(err, &re) {
		return usagef("alerts retry: %s", re.Msg)
	}
	if err != nil {
		return endpointsError(err)
	}
	if len(rows) == 0 {
		fmt.Fprintln(env.Stdout, "no failed alerts")
		return nil
	}
	for _, d := range rows {
		fmt.Fprintf(env.Stdout, "queued again: %d %s → %s %s\n", d.ID, d.AlertID, d.Endpoint, render.Sanitize(d.Target))
	}
	return flushAlerts(ctx, app, env)
}

func channelKinds() []string {
	return append([]string{"email", "webhook"}, config.ChatTypes...)
}

// endpointsError makes an invalid secret in the environment a
// configuration error (exit code 2), like a mistake in the file.
func endpointsError(err error) error {
	var ce config.Errors
	if errors.As(err, &ce) {
		return &configError{err}
	}
	return err
}

// deliveryJSON is one outbox row as `tracker alerts list --format json`
// prints it; times are RFC 3339, empty when not reached.
type deliveryJSON struct {
	ID            int64  `json:"id"`
	AlertID       string `json:"alert_id"`
	Endpoint      string `json:"endpoint"`
	Channel       string `json:"channel"`
	Target        string `json:"target"`
	Status        string `json:"status"`
	Attempts      int    `json:"attempts"`
	CreatedAt     string `json:"created_at"`
	NextAttemptAt string `json:"next_attempt_at,omitempty"`
	DeliveredAt   string `json:"delivered_at,omitempty"`
	LastError     string `json:"last_error,omitempty"`
}

func newDeliveryJSON(d store.Delivery) deliveryJSON {
	return deliveryJSON{
		ID: d.ID, AlertID: d.AlertID, Endpoint: d.Endpoint, Channel: d.Channel, Target: d.Target, Status: d.Status,
		Attempts: d.Attempts, CreatedAt: rfc3339(d.CreatedAt), NextAttemptAt: rfc3339(d.NextAttemptAt),
		DeliveredAt: rfc3339(d.DeliveredAt), LastError: d.LastError,
	}
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
