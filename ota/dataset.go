package ota

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// FileTime is how Open Terms Archive's datasets name a version's file:
// its fetch time in UTC, with '-' for ':' (2021-01-01T11-27-00Z.md).
const FileTime = "2006-01-02T15-04-05Z"

// IndexFile is the table tracker's datasets carry beside the Markdown
// files: one row per file with what the layout cannot say (tracker's ids,
// the source, whether a version is technical, its hash).
const IndexFile = "index.csv"

// dataset reads a dataset in Open Terms Archive's layout: one Markdown
// file per version, SERVICE/TERMS TYPE/TIME.md.
type dataset struct {
	dir       string
	technical map[string]bool         // by file path, from index.csv
	folders   map[[2]string][2]string // (vendor, document) → (service, terms type) folders, from index.csv
}

func openDataset(dir string) (*dataset, error) {
	// A release unpacks to one folder holding README.md and the services.
	if entries, err := os.ReadDir(dir); err == nil && len(entries) == 1 && entries[0].IsDir() {
		inner := filepath.Join(dir, entries[0].Name())
		if _, err := os.Stat(filepath.Join(inner, "README.md")); err == nil {
			dir = inner
		}
	}
	d := &dataset{dir: dir, technical: map[string]bool{}, folders: map[[2]string][2]string{}}
	rows, err := ReadIndex(filepath.Join(dir, IndexFile))
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		for _, r := range rows {
			if r["technical"] == "true" {
				d.technical[r["path"]] = true
			}
			if parts := strings.Split(r["path"], "/"); len(parts) == 3 && r["vendor"] != "" && r["document"] != "" {
				d.folders[[2]string{r["vendor"], r["document"]}] = [2]string{parts[0], parts[1]}
			}
		}
	}
	return d, nil
}

// Locate finds a tracker document's folders in a dataset tracker wrote,
// from its index.
func (d *dataset) Locate(vendorID, docType string) (serviceID, termsType string, ok bool) {
	f, ok := d.folders[[2]string{vendorID, docType}]
	return f[0], f[1], ok
}

func (d *dataset) Describe() string { return "dataset " + d.dir }

func (d *dataset) Records(_ context.Context, serviceID, termsType string) ([]Record, error) {
	rel := serviceID + "/" + termsType
	entries, err := os.ReadDir(filepath.Join(d.dir, filepath.FromSlash(rel)))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ota: %w", err)
	}
	var recs []Record
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".md") || len(name) < len(FileTime) {
			continue
		}
		at, err := time.Parse(FileTime, name[:len(FileTime)])
		if err != nil {
			return nil, fmt.Errorf("ota: %s/%s: the file name is not a time %s: %w", rel, name, FileTime, err)
		}
		p := rel + "/" + name
		k := KindChange
		if d.technical[p] {
			k = KindTechnical
		}
		recs = append(recs, Record{Ref: p, At: at, Kind: k, Path: p})
	}
	sort.SliceStable(recs, func(i, j int) bool {
		if !recs[i].At.Equal(recs[j].At) {
			return recs[i].At.Before(recs[j].At)
		}
		// Versions captured in the same second: the first is TIME.md, the
		// others TIME-ID.md in the order of their ids.
		if len(recs[i].Path) != len(recs[j].Path) {
			return len(recs[i].Path) < len(recs[j].Path)
		}
		return recs[i].Path < recs[j].Path
	})
	return recs, nil
}

func (d *dataset) Read(_ context.Context, r Record) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(d.dir, filepath.FromSlash(r.Path)))
	if err != nil {
		return nil, fmt.Errorf("ota: %w", err)
	}
	return b, nil
}

func (d *dataset) Close() error { return nil }

// ReadIndex reads a dataset's index.csv as rows keyed by column name.
func ReadIndex(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ota: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("ota: %s: %w", path, err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("ota: %s: %w", path, err)
		}
		row := make(map[string]string, len(header))
		for i, h := range header {
			if i < len(rec) {
				row[h] = rec[i]
			}
		}
		out = append(out, row)
	}
}
