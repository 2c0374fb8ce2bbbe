package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/ota"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
	"github.com/tracker-dev/tracker/suggest"
)

func runImport(ctx context.Context, args []string, env Env) error {
	fl := newFlags(env, "import")
	services := fl.String("services", "", "ota: only these services (ids or names, comma-separated)")
	out := fl.String("out", "", "ota: the configuration to write or extend (default: --config, $TRACKER_CONFIG, then ./tracker.yaml)")
	declarations := fl.String("declarations", "", "ota-versions: the declarations repository the configuration was imported from")
	docType := fl.String("doc", "", "ota-versions: only documents of this type")
	format := fl.String("format", "text", "output format: text or json")
	pos, err := fl.parse(args)
	if err != nil {
		return err
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	if len(pos) == 0 || (pos[0] != "ota" && pos[0] != "ota-versions") {
		return usagef("import needs a source: ota DECLARATIONS_DIR [--services A,B] [--out FILE], or ota-versions VERSIONS_REPO [--declarations DIR] [VENDOR...]")
	}
	if len(pos) < 2 {
		return usagef("import %s needs a folder: %s", pos[0], map[string]string{
			"ota": "a clone of an Open Terms Archive declarations repository", "ota-versions": "a clone of a versions repository, or an unpacked dataset"}[pos[0]])
	}
	if pos[0] == "ota" {
		if len(pos) > 2 {
			return usagef("import ota takes one folder (got %q); choose services with --services", pos[1:])
		}
		return importDeclarations(fl, pos[1], *services, *out, *format)
	}
	return importVersions(ctx, fl, pos[1], pos[2:], *declarations, *docType, *format)
}

// otaCapabilities says what this tracker does with what declarations ask
// for: it renders pages in a browser (executeClientScripts becomes
// render: browser) and reads PDFs.
func otaCapabilities() ota.Capabilities { return ota.Capabilities{Browser: true, PDF: true} }

func importDeclarations(fl *flags, dir, only, out, format string) error {
	services, err := ota.ReadDeclarations(dir)
	if err != nil {
		return err
	}
	if only != "" {
		if services, err = pickServices(services, only); err != nil {
			return err
		}
	}
	if out == "" {
		out = fl.config
	}
	if out == "" {
		out = fl.env.Getenv("TRACKER_CONFIG")
	}
	if out == "" {
		out = "tracker.yaml"
	}
	vendors := ota.Convert(services, otaCapabilities())
	existing, err := os.ReadFile(out)
	var ext ota.Extended
	switch {
	case errors.Is(err, fs.ErrNotExist):
		header := fmt.Sprintf("tracker configuration imported from Open Terms Archive's declarations (%s), %s.\n"+
			"Declarations: Open Terms Archive contributors, ODC-BY 1.0. Warnings below name what was not carried over.",
			filepath.Base(filepath.Clean(dir)), time.Now().UTC().Format(time.DateOnly))
		text, err := ota.NewConfig(vendors, header)
		if err != nil {
			return err
		}
		ext = ota.Extended{Config: text}
		for _, v := range vendors {
			ext.Added = append(ext.Added, v.ID)
		}
	case err != nil:
		return fmt.Errorf("read %s: %w", out, err)
	default:
		// A file that does not load is not extended: the result could not
		// be checked, and the user's mistakes would be buried under ours.
		if _, err := config.Parse(existing, out); err != nil {
			return &configError{fmt.Errorf("%s does not load; fix it before importing into it, or import into another file with --out:\n%w", out, err)}
		}
		if ext, err = ota.ExtendConfig(existing, vendors); err != nil {
			return err
		}
	}
	// What is written must load as it is: tracker crawl accepts it.
	cfg, err := config.Parse(ext.Config, out)
	if err != nil {
		return fmt.Errorf("the imported configuration does not load (nothing written; please report this):\n%w", err)
	}
	if len(ext.Added) > 0 {
		if existing != nil {
			if err := os.WriteFile(out+".bak", existing, 0o644); err != nil {
				return fmt.Errorf("keep a copy of %s: %w", out, err)
			}
		}
		if err := writeAtomic(out, ext.Config); err != nil {
			return err
		}
	}
	return reportDeclarations(fl.env, out, vendors, ext, cfg, format)
}

// pickServices keeps the services named by id or name.
func pickServices(services []ota.Service, list string) ([]ota.Service, error) {
	var out []ota.Service
	var known []string
	for _, s := range services {
		known = append(known, s.ID)
	}
	for _, want := range strings.Split(list, ",") {
		want = strings.TrimSpace(want)
		if want == "" {
			continue
		}
		found := false
		for _, s := range services {
			if strings.EqualFold(s.ID, want) || strings.EqualFold(s.Name, want) || ota.VendorID(s.ID) == want {
				out = append(out, s)
				found = true
				break
			}
		}
		if !found {
			msg := fmt.Sprintf("--services: no service %q in the declarations", want)
			if s, ok := suggest.Closest(want, known); ok {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			return nil, usagef("%s", msg)
		}
	}
	if len(out) == 0 {
		return nil, usagef("--services names no service")
	}
	return out, nil
}

func reportDeclarations(env Env, out string, vendors []ota.Vendor, ext ota.Extended, cfg *config.Config, format string) error {
	added := map[string]bool{}
	for _, id := range ext.Added {
		added[id] = true
	}
	type docJSON struct {
		Type     string   `json:"type"`
		Terms    string   `json:"terms_type"`
		Warnings []string `json:"warnings"`
	}
	type vendorJSON struct {
		ID        string    `json:"id"`
		Service   string    `json:"service"`
		Status    string    `json:"status"` // added, or kept: the file had it already
		Documents []docJSON `json:"documents"`
	}
	var js []vendorJSON
	warnings, docs := 0, 0
	for _, v := range vendors {
		j := vendorJSON{ID: v.ID, Service: v.Service.ID, Status: "kept"}
		if added[v.ID] {
			j.Status = "added"
			docs += len(v.Documents)
		}
		for _, d := range v.Documents {
			j.Documents = append(j.Documents, docJSON{Type: d.Type, Terms: d.Terms, Warnings: nonNilStrings(d.Warnings)})
			if added[v.ID] {
				warnings += len(d.Warnings)
			}
		}
		js = append(js, j)
	}
	if format == "json" {
		return render.JSON(env.Stdout, map[string]any{"config": out, "vendors": js, "rewritten": ext.Rewritten})
	}
	for _, v := range vendors {
		if !added[v.ID] {
			printLine(env.Stdout, fmt.Sprintf("%-28s kept as it was in %s (not imported again)", v.ID, out), nil)
			continue
		}
		for _, d := range v.Documents {
			line := fmt.Sprintf("%-28s added  %s", v.ID+"/"+d.Type, d.Terms)
			var notes []string
			for _, w := range d.Warnings {
				notes = append(notes, "warning: "+render.Sanitize(w))
			}
			printWrapped(env.Stdout, line, notes)
		}
	}
	what := fmt.Sprintf("%s: %s added (%s), %s kept", out, plural(len(ext.Added), "vendor"), plural(docs, "document"), plural(len(ext.Kept), "vendor"))
	if warnings > 0 {
		what += fmt.Sprintf("; %s, also written above each document in the file", plural(warnings, "warning"))
	}
	fmt.Fprintln(env.Stdout, what)
	if ext.Rewritten {
		fmt.Fprintf(env.Stdout, "%s was written again from its parsed form (its vendors list does not end the file): comments are kept, its layout may not be; the file as it was is in %s.bak\n", out, out)
	}
	fmt.Fprintf(env.Stdout, "%d vendors, %d documents configured; `tracker crawl --config %s` fetches them\n", len(cfg.Vendors), countDocs(cfg), out)
	return nil
}

func countDocs(cfg *config.Config) int {
	n := 0
	for _, v := range cfg.Vendors {
		n += len(v.Documents)
	}
	return n
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// writeAtomic replaces path by data through a temporary file in the same
// folder: the configuration is never half written.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, errors.Join(werr, cerr))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func importVersions(ctx context.Context, fl *flags, repo string, vendors []string, declarations, docType, format string) error {
	fl.creates = true
	var services []ota.Service
	if declarations != "" {
		var err error
		if services, err = ota.ReadDeclarations(declarations); err != nil {
			return err
		}
	}
	h, err := ota.OpenHistory(ctx, repo)
	if err != nil {
		return err
	}
	defer h.Close()
	app, targets, err := fl.openTargets(ctx, vendors, docType)
	if err != nil {
		return err
	}
	defer app.Close()
	docs, notes := pipeline.LocateOTA(targets, services, h)
	outs, err := app.ImportHistory(ctx, h, docs, pipeline.ImportOptions{Progress: importProgress(fl.env)})
	if format == "json" {
		type outJSON struct {
			Vendor    string `json:"vendor"`
			Document  string `json:"document"`
			Records   int    `json:"records"`
			Earlier   int    `json:"earlier"`
			Versions  int    `json:"versions"`
			Technical int    `json:"technical"`
			Matched   int    `json:"matched"`
			Other     int    `json:"other"`
			Skipped   int    `json:"skipped"`
			Note      string `json:"note,omitempty"`
			Error     string `json:"error,omitempty"`
		}
		js := []outJSON{}
		for _, o := range outs {
			j := outJSON{Vendor: o.Target.Vendor.ID, Document: o.Target.Doc.Type, Records: o.Records, Earlier: o.Earlier,
				Versions: o.Versions, Technical: o.Technical, Matched: o.Matched, Other: o.Other, Skipped: o.Skipped, Note: o.Note}
			if o.Err != nil {
				j.Error = o.Err.Error()
			}
			js = append(js, j)
		}
		if perr := render.JSON(fl.env.Stdout, map[string]any{"documents": js, "notes": nonNilStrings(notes)}); perr != nil {
			return perr
		}
	} else {
		for _, o := range outs {
			line := fmt.Sprintf("%-28s %s, %s", o.Target.Key(), plural(o.Records, "record"), plural(o.Versions, "new version"))
			if o.Technical > 0 {
				line += fmt.Sprintf(" (%d technical)", o.Technical)
			}
			line += fmt.Sprintf(", %d matched", o.Matched)
			if o.Earlier > 0 {
				line += fmt.Sprintf(", %d imported before", o.Earlier)
			}
			if o.Other > 0 {
				line += fmt.Sprintf(", %s left out", plural(o.Other, "other commit"))
			}
			if o.Skipped > 0 {
				line += fmt.Sprintf(", %d without text", o.Skipped)
			}
			if o.Note != "" {
				line += "; " + o.Note
			}
			printLine(fl.env.Stdout, line, o.Err)
		}
		for _, n := range notes {
			fmt.Fprintln(fl.env.Stdout, render.Sanitize(n))
		}
	}
	if errors.Is(err, pipeline.ErrSomeFailed) {
		return fmt.Errorf("some documents failed (see above); run the import again to resume")
	}
	if err != nil {
		return fmt.Errorf("%w; run the import again to resume where it stopped", err)
	}
	return nil
}

// importProgress reports records done / total per document on standard
// error: one updated line on a terminal, a line every 100 records
// otherwise.
func importProgress(env Env) func(pipeline.Target, int, int) {
	tty := isTerminal(env.Stderr)
	return func(t pipeline.Target, done, total int) {
		if done == 0 || total < 20 { // short histories need no progress
			return
		}
		msg := fmt.Sprintf("%s: %d/%d records", t.Key(), done, total)
		switch {
		case tty && done == total:
			fmt.Fprintf(env.Stderr, "\r\033[K%s\n", msg)
		case tty:
			fmt.Fprintf(env.Stderr, "\r\033[K%s", msg)
		case done%100 == 0 || done == total:
			fmt.Fprintln(env.Stderr, "import: "+msg)
		}
	}
}
