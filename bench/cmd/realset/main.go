// Command realset keeps and measures the labelled set of real policy
// changes (classify/realset):
//
//	go run ./bench/cmd/realset import DIR...   # bring labelled pairs in
//	go run ./bench/cmd/realset report [-v]     # figures, and the misses with -v
//
// import reads labellers' folders (DIR/pairs.jsonl and DIR/texts/ID/old.md,
// new.md), cuts each pair down to its changed sections with context, checks
// that tracker rates the excerpts as it rates the whole texts, and writes one
// JSON file per pair into the set. report runs the set and prints its
// figures as a Markdown table.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tracker-dev/tracker/classify/realset"
)

const setDir = "classify/realset/testdata/pairs"

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "realset:", err)
		os.Exit(1)
	}
}

func run(args []string, w io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: realset import DIR... | realset report [-v] [-lang xx] [-kind k] [-label l] | realset explain ID... | realset floors")
	}
	switch args[0] {
	case "import":
		return importPairs(args[1:], w)
	case "report":
		return report(args[1:], w)
	case "explain":
		return explain(args[1:], w)
	case "floors":
		return floors(w)
	}
	return fmt.Errorf("unknown command %q (want import or report)", args[0])
}

func importPairs(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	out := fs.String("out", setDir, "folder of the set")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", *out, err)
	}
	n, drift := 0, 0
	for _, dir := range fs.Args() {
		f, err := os.Open(filepath.Join(dir, "pairs.jsonl"))
		if err != nil {
			return fmt.Errorf("open labels: %w", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		line := 0
		for sc.Scan() {
			line++
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var p realset.Pair
			if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
				f.Close()
				return fmt.Errorf("%s/pairs.jsonl:%d: %w", dir, line, err)
			}
			oldText, err := os.ReadFile(filepath.Join(dir, "texts", p.ID, "old.md"))
			if err != nil {
				f.Close()
				return fmt.Errorf("%s: %w", p.ID, err)
			}
			newText, err := os.ReadFile(filepath.Join(dir, "texts", p.ID, "new.md"))
			if err != nil {
				f.Close()
				return fmt.Errorf("%s: %w", p.ID, err)
			}
			p.Old, p.New = realset.Excerpt(string(oldText), string(newText))
			// The excerpt must read as the whole does.
			whole, err := realset.Compare(string(oldText), string(newText))
			if err != nil {
				f.Close()
				return fmt.Errorf("%s: %w", p.ID, err)
			}
			cut, err := realset.Compare(p.Old, p.New)
			if err != nil {
				f.Close()
				return fmt.Errorf("%s: %w", p.ID, err)
			}
			if whole.Summary.Material != cut.Summary.Material || whole.Summary.MaxSeverity != cut.Summary.MaxSeverity {
				drift++
				fmt.Fprintf(w, "%s: whole texts rate %s (material %v), the excerpt %s (material %v)\n", p.ID,
					whole.Summary.MaxSeverity, whole.Summary.Material, cut.Summary.MaxSeverity, cut.Summary.Material)
			}
			if err := realset.Write(*out, p); err != nil {
				f.Close()
				return err
			}
			n++
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return fmt.Errorf("%s/pairs.jsonl: %w", dir, err)
		}
	}
	fmt.Fprintf(w, "%d pairs written to %s; %d rated differently cut than whole\n", n, *out, drift)
	return nil
}

// floors raises the floors of every set's test to the figures reached
// now; a floor is never lowered.
func floors(w io.Writer) error {
	for _, set := range realset.Sets {
		dir := filepath.Join("classify/realset", set.Dir)
		pairs, err := realset.Load(dir)
		if err != nil {
			return err
		}
		if len(pairs) == 0 {
			continue
		}
		outs, err := realset.Run(pairs)
		if err != nil {
			return err
		}
		path := filepath.Join("classify/realset", set.Floors)
		old, err := realset.ReadFloors(path)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		fig := realset.Score(outs)
		if err := realset.WriteFloors(path, fig.Tighten(old)); err != nil {
			return err
		}
		fmt.Fprintf(w, "floors of %d pairs (%s) written to %s\n%s", len(pairs), set.Name, path, fig.Table())
	}
	return nil
}

// explain prints what tracker reports for the pairs named (in any set),
// change by change.
func explain(ids []string, w io.Writer) error {
	var pairs []realset.Pair
	for _, set := range realset.Sets {
		ps, err := realset.Load(filepath.Join("classify/realset", set.Dir))
		if err != nil {
			return err
		}
		pairs = append(pairs, ps...)
	}
	for _, p := range pairs {
		if !slices.Contains(ids, p.ID) {
			continue
		}
		rep, err := realset.Compare(p.Old, p.New)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "== %s [%s %s] label %s %v: %s\n", p.ID, p.Lang, p.Kind, p.Label, p.Expect.Categories, p.Note)
		fmt.Fprintf(w, "   summary: material=%v max=%s language=%s\n", rep.Summary.Material, rep.Summary.MaxSeverity, rep.Summary.Language)
		for _, c := range rep.Changes {
			text := c.NewText
			if text == "" {
				text = c.OldText
			}
			fmt.Fprintf(w, "   %-6s %-8s %s | %.160s\n", c.Severity, c.Kind, strings.Join(c.Reasons, " | "), strings.Join(strings.Fields(text), " "))
		}
	}
	return nil
}

func report(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	verbose := fs.Bool("v", false, "list the pairs that fail")
	lang := fs.String("lang", "", "only pairs in this language")
	kind := fs.String("kind", "", "only pairs of this kind of document")
	label := fs.String("label", "", "only pairs with this label")
	dir := fs.String("set", setDir, "folder of the set")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pairs, err := realset.Load(*dir)
	if err != nil {
		return err
	}
	var keep []realset.Pair
	for _, p := range pairs {
		if (*lang == "" || p.Lang == *lang) && (*kind == "" || p.Kind == *kind) && (*label == "" || p.Label == *label) {
			keep = append(keep, p)
		}
	}
	outs, err := realset.Run(keep)
	if err != nil {
		return err
	}
	if *verbose {
		for _, o := range outs {
			if !o.Pass() {
				fmt.Fprintf(w, "FAIL %s [%s %s %s]: %s\n", o.Pair.ID, o.Pair.Lang, o.Pair.Kind, o.Pair.Label, o.Why())
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprint(w, realset.Score(outs).Table())
	return nil
}
