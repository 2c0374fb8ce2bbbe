package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
)

func runReextract(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "reextract")
	docType := fs.String("doc", "", "only documents of this type")
	format := fs.String("format", "text", "output format: text or json")
	latest := fs.Bool("latest", false, "only the latest version: store its new text as a technical version (the whole timeline otherwise)")
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
	if !*latest {
		return rebuild(ctx, app, targets, *format, env)
	}
	outs, err := app.Reextract(ctx, targets)
	if *format == "json" {
		j := make([]outcomeJSON, len(outs))
		for i, o := range outs {
			j[i] = newOutcomeJSON(o)
		}
		if perr := render.JSON(env.Stdout, j); perr != nil {
			return perr
		}
	} else {
		for _, o := range outs {
			if o.Status == pipeline.StatusChanged && o.Note == "" {
				o.Note = "stored as a technical version: no alert"
			}
			printOutcome(env.Stdout, o)
		}
	}
	if errors.Is(err, pipeline.ErrSomeFailed) {
		return fmt.Errorf("%d of %s could not be re-extracted", failedCount(outs), plural(len(outs), "document"))
	}
	return err
}

// rebuild runs tracker reextract on whole timelines and says what changed.
func rebuild(ctx context.Context, app *pipeline.App, targets []pipeline.Target, format string, env Env) error {
	outs, err := app.RebuildTimeline(ctx, targets)
	if format == "json" {
		j := make([]rebuildJSON, len(outs))
		for i, o := range outs {
			j[i] = newRebuildJSON(o)
		}
		if perr := render.JSON(env.Stdout, j); perr != nil {
			return perr
		}
	} else {
		for _, o := range outs {
			printRebuild(env, o)
		}
	}
	if errors.Is(err, pipeline.ErrSomeFailed) {
		return fmt.Errorf("some versions could not be re-extracted and keep their text (see above)")
	}
	return err
}

func printRebuild(env Env, o pipeline.RebuildOutcome) {
	var notes []string
	if o.Err != nil {
		printLine(env.Stdout, fmt.Sprintf("%-28s error", o.Target.Key()), o.Err)
		return
	}
	status := "unchanged"
	detail := plural(o.Versions, "version")
	if len(o.Changed) > 0 {
		status = "rebuilt"
		detail += fmt.Sprintf(", %d with a new text (%s)", len(o.Changed), idList(o.Changed))
	}
	if len(o.Merged) > 0 {
		detail += fmt.Sprintf(", %d now the same as the one before (left out of the timeline: %s)", len(o.Merged), idList(o.Merged))
	}
	if o.Latest != nil && len(o.Changed) > 0 {
		detail += "; latest change now " + summaryText(*o.Latest)
	}
	for _, f := range o.Failed {
		notes = append(notes, fmt.Sprintf("version %d kept its text: %s", f.ID, render.Sanitize(f.Err.Error())))
	}
	printWrapped(env.Stdout, fmt.Sprintf("%-28s %s  %s", o.Target.Key(), status, detail), notes)
}

func idList(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = "#" + strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}

// rebuildJSON is one document in `tracker reextract --format json`.
type rebuildJSON struct {
	Vendor   string            `json:"vendor"`
	Document string            `json:"document"`
	Versions int               `json:"versions"`
	Changed  []int64           `json:"changed"` // versions given a new text
	Merged   []int64           `json:"merged"`  // versions now left out of the timeline
	Failed   []versionErrJSON  `json:"failed"`
	Latest   *classify.Summary `json:"latest_change"`
	Error    string            `json:"error,omitempty"`
}

type versionErrJSON struct {
	ID    int64  `json:"id"`
	Error string `json:"error"`
}

func newRebuildJSON(o pipeline.RebuildOutcome) rebuildJSON {
	j := rebuildJSON{Vendor: o.Target.Vendor.ID, Document: o.Target.Doc.Type, Versions: o.Versions,
		Changed: append([]int64{}, o.Changed...), Merged: append([]int64{}, o.Merged...), Failed: []versionErrJSON{}, Latest: o.Latest}
	for _, f := range o.Failed {
		j.Failed = append(j.Failed, versionErrJSON{ID: f.ID, Error: f.Err.Error()})
	}
	if o.Err != nil {
		j.Error = o.Err.Error()
	}
	return j
}
