package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
)

func runCrawl(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "crawl")
	fs.creates = true
	docType := fs.String("doc", "", "only documents of this type")
	format := fs.String("format", "text", "output format: text, or json for programs (one summary object)")
	vendors, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	app, targets, err := fs.openTargets(ctx, vendors, *docType)
	if err != nil {
		return err
	}
	defer app.Close()
	outcomes, crawlErr := app.Crawl(ctx, targets)
	if crawlErr != nil && !errors.Is(crawlErr, pipeline.ErrSomeFailed) {
		return crawlErr
	}
	var alertErr error
	if *format == "json" {
		res, err := app.FlushAlerts(ctx, env.Getenv)
		if err := render.JSON(env.Stdout, newCrawlJSON(outcomes, res, err)); err != nil {
			return err
		}
		alertErr = alertsError(res, err)
	} else {
		// Printed before alerts go out: delivering them may take a while.
		for _, o := range outcomes {
			printOutcome(env.Stdout, o)
		}
		alertErr = flushAlerts(ctx, app, env)
	}
	if crawlErr != nil {
		return errors.Join(fmt.Errorf("%d of %s failed; `tracker vendors` shows the last fetch of each",
			failedCount(outcomes), plural(len(outcomes), "document")), alertErr)
	}
	return alertErr
}

// printOutcome writes the lines a crawl prints per document: `vendor/type
// status details`, then the error, if any, on its own line.
func printOutcome(w io.Writer, o pipeline.Outcome) {
	line := fmt.Sprintf("%-28s %s", o.Target.Key(), o.Status)
	if s := o.Summary; s != nil {
		line += "  " + summaryText(*s)
	}
	var notes []string
	if o.Status == pipeline.StatusError && o.Err != nil {
		notes = append(notes, render.Sanitize(o.Err.Error()))
	}
	if o.Note != "" {
		notes = append(notes, render.Sanitize(o.Note))
	}
	printWrapped(w, line, notes)
}

// flushAlerts delivers pending alerts after a crawl, every endpoint on
// its own. An endpoint that fails for now leaves its alerts in the outbox
// for the next crawl or the daemon; alerts that failed for good make the
// command fail, saying how to see and resend them.
func flushAlerts(ctx context.Context, app *pipeline.App, env Env) error {
	res, err := app.FlushAlerts(ctx, env.Getenv)
	if res.Delivered+res.Failed+res.Retried > 0 {
		line := fmt.Sprintf("alerts: %d delivered, %d failed", res.Delivered, res.Failed)
		if res.Retried > 0 {
			line += fmt.Sprintf(", %d to retry", res.Retried)
		}
		fmt.Fprintln(env.Stdout, line)
	}
	return alertsError(res, err)
}

// alertsError is what a crawl says of its alerts: an outbox or
// configuration problem, or deliveries that failed for good (exit 1).
func alertsError(res notify.Result, err error) error {
	if err != nil {
		return fmt.Errorf("alerts: %w (the alerts stay in the outbox)", endpointsError(err))
	}
	if res.Failed > 0 {
		return fmt.Errorf("%s failed for good: `tracker alerts list --status failed` shows why; fix the endpoint and run `tracker alerts retry --failed`",
			plural(res.Failed, "alert delivery"))
	}
	return nil
}

// printLine writes a result line, wrapped to the line width, and err, if
// any, on its own indented lines below it.
func printLine(w io.Writer, line string, err error) {
	var notes []string
	if err != nil {
		notes = append(notes, render.Sanitize(err.Error()))
	}
	printWrapped(w, line, notes)
}

// printWrapped writes line, its continuation lines aligned under the
// status column, then each note indented below.
func printWrapped(w io.Writer, line string, notes []string) {
	const indent = 31 // under the status, after `vendor/type` padded to 28 and a space
	lines := wrap(line, lineWidth)
	fmt.Fprintln(w, lines[0])
	if len(lines) > 1 {
		rest := strings.TrimSpace(string([]rune(line)[runes(lines[0]):]))
		for _, l := range wrap(rest, lineWidth-indent) {
			fmt.Fprintln(w, strings.Repeat(" ", indent)+l)
		}
	}
	for _, n := range notes {
		for _, l := range wrap(n, lineWidth-4) {
			fmt.Fprintln(w, "    "+l)
		}
	}
}

// summaryText is a change in one line: `+1 -0 ~2 >0, material: yes (high:
// sharing, retention)`.
func summaryText(s classify.Summary) string {
	material := "no"
	if s.Material {
		material = "yes"
	}
	text := fmt.Sprintf("+%d -%d ~%d >%d, material: %s", s.Added, s.Removed, s.Modified, s.Moved, material)
	if s.Material {
		text += fmt.Sprintf(" (%s: %s)", s.MaxSeverity, strings.Join(s.Categories, ", "))
	}
	return text
}

func failedCount(os []pipeline.Outcome) int {
	n := 0
	for _, o := range os {
		if o.Status == pipeline.StatusError {
			n++
		}
	}
	return n
}

// crawlJSON is `tracker crawl --format json`: one object, so that a program
// reads the whole crawl at once.
type crawlJSON struct {
	Documents []outcomeJSON   `json:"documents"`
	Counts    map[string]int  `json:"counts"` // by status, every status present
	Failed    int             `json:"failed"`
	Alerts    crawlAlertsJSON `json:"alerts"`
}

type crawlAlertsJSON struct {
	Delivered int    `json:"delivered"`
	Failed    int    `json:"failed"` // failed for good
	Retried   int    `json:"retried"`
	Error     string `json:"error,omitempty"`
}

// outcomeJSON is one document's result, in crawl and reextract output.
type outcomeJSON struct {
	Vendor    string            `json:"vendor"`
	Document  string            `json:"document"`
	Status    string            `json:"status"`
	VersionID int64             `json:"version_id,omitempty"`
	Summary   *classify.Summary `json:"summary,omitempty"`
	Note      string            `json:"note,omitempty"`
	Error     string            `json:"error,omitempty"`
}

func newOutcomeJSON(o pipeline.Outcome) outcomeJSON {
	j := outcomeJSON{
		Vendor: o.Target.Vendor.ID, Document: o.Target.Doc.Type, Status: string(o.Status),
		VersionID: o.VersionID, Summary: o.Summary, Note: o.Note,
	}
	if o.Err != nil {
		j.Error = o.Err.Error()
	}
	return j
}

func newCrawlJSON(outs []pipeline.Outcome, res notify.Result, alertErr error) crawlJSON {
	j := crawlJSON{Documents: []outcomeJSON{}, Counts: map[string]int{}}
	for _, s := range []pipeline.Status{pipeline.StatusNew, pipeline.StatusChanged, pipeline.StatusUnchanged, pipeline.StatusNotModified, pipeline.StatusError} {
		j.Counts[string(s)] = 0
	}
	for _, o := range outs {
		j.Documents = append(j.Documents, newOutcomeJSON(o))
		j.Counts[string(o.Status)]++
	}
	j.Failed = j.Counts[string(pipeline.StatusError)]
	j.Alerts = crawlAlertsJSON{Delivered: res.Delivered, Failed: res.Failed, Retried: res.Retried}
	if alertErr != nil {
		j.Alerts.Error = alertErr.Error()
	}
	return j
}

// checkFormat refuses a --format the command does not print.
func checkFormat(format string, allowed ...string) error {
	for _, a := range allowed {
		if format == a {
			return nil
		}
	}
	return usagef("--format %q: use %s", format, orList(allowed))
}

// orList spells "a, b or c".
func orList(ss []string) string {
	if len(ss) < 2 {
		return strings.Join(ss, "")
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " or " + ss[len(ss)-1]
}
