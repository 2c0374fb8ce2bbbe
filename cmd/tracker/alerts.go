package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/tracker-dev/tracker/render"
	"github.com/tracker-dev/tracker/store"
)

func runAlerts(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "alerts")
	status := fs.String("status", "", "list: only alerts with this status, pending, failed or delivered")
	channel := fs.String("channel", "", "test: only this channel, email or webhook")
	format := fs.String("format", "text", "list: output format, text or json")
	// The subcommand is the first argument that is not a flag, wherever
	// the global flags stand.
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 || (pos[0] != "list" && pos[0] != "test") {
		return usagef("alerts needs a subcommand: list [--status pending|failed|delivered] or test [--channel email|webhook]")
	}
	sub, pos := pos[0], pos[1:]
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("alerts %s takes no arguments (got %q)", sub, pos)
	}
	switch *status {
	case "", "pending", "failed", "delivered":
	default:
		return usagef("--status %q: use pending, failed or delivered", *status)
	}
	switch *channel {
	case "", "email", "webhook":
	default:
		return usagef("--channel %q: use email or webhook", *channel)
	}
	// Testing the channels before the first crawl is what a new user does:
	// it needs no history, so it may start the database.
	fs.creates = sub == "test"
	app, err := fs.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	if sub == "test" {
		results, err := app.TestAlerts(ctx, *channel, env.Getenv)
		if err != nil {
			return err
		}
		failed := 0
		for _, r := range results {
			if r.Err != nil {
				failed++
				fmt.Fprintf(env.Stdout, "%-8s %s  failed: %s\n", r.Channel, r.Target, render.Sanitize(r.Err.Error()))
			} else {
				fmt.Fprintf(env.Stdout, "%-8s %s  delivered\n", r.Channel, r.Target)
			}
		}
		if failed > 0 {
			return fmt.Errorf("%d of %s failed", failed, plural(len(results), "channel"))
		}
		return nil
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
	if len(ds) == 0 {
		fmt.Fprintln(env.Stdout, "no alerts")
		return nil
	}
	t := &table{cols: []column{
		{title: "ID"}, {title: "ALERT"}, {title: "CREATED (UTC)"}, {title: "CHANNEL"},
		{title: "TARGET", min: 16, cut: true}, {title: "STATUS"}, {title: "ATTEMPTS"},
	}}
	for _, d := range ds {
		var notes []string
		if d.LastError != "" {
			notes = append(notes, "last error: "+render.Sanitize(d.LastError))
		}
		t.add(notes, strconv.FormatInt(d.ID, 10), d.AlertID, d.CreatedAt.UTC().Format("2006-01-02 15:04"), d.Channel,
			render.Sanitize(d.Target), d.Status, strconv.Itoa(d.Attempts))
	}
	return t.write(env.Stdout)
}

// deliveryJSON is one outbox row as `tracker alerts list --format json`
// prints it; times are RFC 3339, empty when not reached.
type deliveryJSON struct {
	ID            int64  `json:"id"`
	AlertID       string `json:"alert_id"`
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
		ID: d.ID, AlertID: d.AlertID, Channel: d.Channel, Target: d.Target, Status: d.Status,
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
