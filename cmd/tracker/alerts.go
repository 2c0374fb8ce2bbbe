package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/tracker-dev/tracker/render"
)

func runAlerts(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 || (args[0] != "list" && args[0] != "test") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(env.Stdout, "Usage: tracker alerts list [--status pending|failed|delivered]\n       tracker alerts test [--channel email|webhook]")
			return nil
		}
		return usagef("alerts needs a subcommand: list [--status pending|failed|delivered] or test [--channel email|webhook]")
	}
	sub, args := args[0], args[1:]
	fs := newFlags(env, "alerts")
	var c common
	c.register(fs.FlagSet)
	status := fs.String("status", "", "list only alerts with this status: pending, failed or delivered")
	channel := fs.String("channel", "", "test only this channel: email or webhook")
	pos, err := fs.parse(args)
	if err != nil {
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
	app, err := c.open(ctx, env)
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
			return fmt.Errorf("%d of %d channels failed", failed, len(results))
		}
		return nil
	}
	ds, err := app.Store().Deliveries(ctx, *status)
	if err != nil {
		return err
	}
	if len(ds) == 0 {
		fmt.Fprintln(env.Stdout, "no alerts")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tALERT\tCREATED (UTC)\tCHANNEL\tTARGET\tSTATUS\tATTEMPTS\tLAST ERROR")
	for _, d := range ds {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", d.ID, d.AlertID, d.CreatedAt.UTC().Format("2006-01-02 15:04"), d.Channel, d.Target, d.Status, d.Attempts, truncate(render.Sanitize(d.LastError), 60))
	}
	return tw.Flush()
}
