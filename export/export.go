// Package export writes tracker's history as datasets researchers read:
// Open Terms Archive's layout (one Markdown file per version, with a
// README and an index), JSON Lines (one line per change of a clause) and
// CSV (one row per version). It receives versions and changes one at a
// time, so that memory does not grow with the store, and keeps its
// progress in the output folder, so that an interrupted export resumes.
package export

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/tracker-dev/tracker/classify"
)

// Format is an export format.
type Format string

const (
	FormatOTA   Format = "ota"   // SERVICE/TERMS TYPE/TIME.md, README.md, index.csv
	FormatJSONL Format = "jsonl" // changes.jsonl: one line per changed clause
	FormatCSV   Format = "csv"   // versions.csv: one row per version
)

// Formats lists the formats, for messages.
var Formats = []Format{FormatOTA, FormatJSONL, FormatCSV}

// Version is one stored version as a dataset lists it.
type Version struct {
	Vendor, VendorName string
	Document           string // tracker's document type
	URL                string // the document's configured address
	ID                 int64
	CapturedAt         time.Time
	FetchedAt          time.Time
	Source             string // live, wayback or ota
	Technical          bool   // re-extracted: its change is tracker's, not the vendor's
	VersionURL         string // where this version was read
	Hash               string
	Text               string // the canonical text; read by the ota format only
	// From is the version before it (0 for the first), and Summary the
	// change from it (nil for the first).
	From    int64
	Summary *classify.Summary
}

// Change is one changed clause between two versions.
type Change struct {
	Vendor     string            `json:"vendor"`
	VendorName string            `json:"vendor_name"`
	Document   string            `json:"document"`
	URL        string            `json:"url"`
	From       int64             `json:"from_version"`
	To         int64             `json:"to_version"`
	FromTime   time.Time         `json:"from_time"`
	ToTime     time.Time         `json:"to_time"`
	Source     string            `json:"source"` // of the new version
	Kind       string            `json:"kind"`
	Section    string            `json:"section"`
	OldSection string            `json:"old_section,omitempty"`
	OldText    string            `json:"old_text"`
	NewText    string            `json:"new_text"`
	Severity   classify.Severity `json:"severity"`
	Categories []string          `json:"categories"`
	Reasons    []string          `json:"reasons"`
}

// Params are what an export was asked for; a folder resumes only an
// export made with the same ones.
type Params struct {
	Format  Format   `json:"format"`
	Since   string   `json:"since,omitempty"` // YYYY-MM-DD
	Vendors []string `json:"vendors,omitempty"`
}

// stateFile keeps an export's progress in its folder.
const stateFile = ".tracker-export.json"

// state is what a resumed export needs: the documents written whole, and
// the length of each appended file when the last of them was.
type state struct {
	Params   Params           `json:"params"`
	Done     []string         `json:"done"`
	Sizes    map[string]int64 `json:"sizes"`
	Counts   Counts           `json:"counts"`
	Complete bool             `json:"complete"`
}

// Counts sum up what was written.
type Counts struct {
	Documents int            `json:"documents"`
	Versions  int            `json:"versions"`
	Changes   int            `json:"changes"`
	Vendors   []string       `json:"vendors"`
	Sources   map[string]int `json:"sources"`
	First     time.Time      `json:"first"`
	Last      time.Time      `json:"last"`
}

// ErrOtherExport is returned when the folder holds an unfinished export
// made with other parameters.
var ErrOtherExport = errors.New("the folder holds an unfinished export made with other options")

// Export is an export in progress in one folder.
type Export struct {
	dir     string
	st      state
	files   map[string]*appendFile // the appended files, by name
	writer  formatWriter
	Resumed bool // documents written by an earlier run are skipped
	// written is set when the document being written has a version in
	// the export: one without counts for no document.
	written bool
}

// formatWriter is what each format does with versions and changes.
type formatWriter interface {
	start(x *Export) error
	version(x *Export, v Version) error
	change(x *Export, c Change) error
	finish(x *Export) error
	files() []string // the appended files it writes
}

// Open starts an export in dir, or resumes the unfinished one there made
// with the same parameters. A finished export is started again.
func Open(dir string, p Params) (*Export, error) {
	if !slices.Contains(Formats, p.Format) {
		return nil, fmt.Errorf("export: unknown format %q (ota, jsonl or csv)", p.Format)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	x := &Export{dir: dir, files: map[string]*appendFile{}}
	switch p.Format {
	case FormatOTA:
		x.writer = &otaWriter{}
	case FormatJSONL:
		x.writer = &jsonlWriter{}
	case FormatCSV:
		x.writer = &csvWriter{}
	}
	prev, err := readState(dir)
	if err != nil {
		return nil, err
	}
	switch {
	case prev != nil && !prev.Complete && !sameParams(prev.Params, p):
		return nil, fmt.Errorf("export: %s: %w (%s); run it again with those, or export into another folder", dir, ErrOtherExport, describeParams(prev.Params))
	case prev != nil && !prev.Complete:
		x.st = *prev
		x.Resumed = true
	default:
		x.st = state{Params: p, Sizes: map[string]int64{}, Counts: Counts{Sources: map[string]int{}}}
	}
	for _, name := range x.writer.files() {
		size := x.st.Sizes[name] // 0 for a new export: the file starts empty
		f, err := openAppend(filepath.Join(dir, name), size)
		if err != nil {
			x.closeFiles()
			return nil, err
		}
		x.files[name] = f
	}
	if err := x.writer.start(x); err != nil {
		x.closeFiles()
		return nil, err
	}
	if err := x.save(); err != nil {
		x.closeFiles()
		return nil, err
	}
	return x, nil
}

// Done tells a document (vendor/type) written whole by an earlier run.
func (x *Export) Done(key string) bool { return slices.Contains(x.st.Done, key) }

// Version writes one version.
func (x *Export) Version(v Version) error {
	c := &x.st.Counts
	x.written = true
	c.Versions++
	c.Sources[v.Source]++
	if !slices.Contains(c.Vendors, v.Vendor) {
		c.Vendors = append(c.Vendors, v.Vendor)
	}
	if c.First.IsZero() || v.CapturedAt.Before(c.First) {
		c.First = v.CapturedAt
	}
	if v.CapturedAt.After(c.Last) {
		c.Last = v.CapturedAt
	}
	return x.writer.version(x, v)
}

// Change writes one changed clause.
func (x *Export) Change(ch Change) error {
	x.st.Counts.Changes++
	return x.writer.change(x, ch)
}

// DocumentDone records that a document is written whole: its data is on
// disk before the progress says so, so a crash never skips part of it.
func (x *Export) DocumentDone(key string) error {
	for name, f := range x.files {
		size, err := f.sync()
		if err != nil {
			return err
		}
		x.st.Sizes[name] = size
	}
	x.st.Done = append(x.st.Done, key)
	if x.written {
		x.st.Counts.Documents++
	}
	x.written = false
	return x.save()
}

// Finish writes what comes last (the README of the ota format) and marks
// the export complete.
func (x *Export) Finish() (Counts, error) {
	if err := x.writer.finish(x); err != nil {
		return Counts{}, err
	}
	for _, f := range x.files {
		if _, err := f.sync(); err != nil {
			return Counts{}, err
		}
	}
	x.st.Complete = true
	if err := x.save(); err != nil {
		return Counts{}, err
	}
	x.closeFiles()
	return x.st.Counts, nil
}

// Close releases the files of an export that stops before Finish; its
// progress stays for the next run.
func (x *Export) Close() { x.closeFiles() }

func (x *Export) closeFiles() {
	for _, f := range x.files {
		f.close()
	}
	x.files = map[string]*appendFile{}
}

// Params are the export's parameters.
func (x *Export) Params() Params { return x.st.Params }

func (x *Export) save() error {
	data, err := json.MarshalIndent(x.st, "", "  ")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return writeFileAtomic(filepath.Join(x.dir, stateFile), append(data, '\n'))
}

func readState(dir string) (*state, error) {
	data, err := os.ReadFile(filepath.Join(dir, stateFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	var st state
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("export: %s: %w (remove it to start the export again)", filepath.Join(dir, stateFile), err)
	}
	if st.Sizes == nil {
		st.Sizes = map[string]int64{}
	}
	if st.Counts.Sources == nil {
		st.Counts.Sources = map[string]int{}
	}
	return &st, nil
}

func sameParams(a, b Params) bool {
	return a.Format == b.Format && a.Since == b.Since && slices.Equal(a.Vendors, b.Vendors)
}

func describeParams(p Params) string {
	s := "--format " + string(p.Format)
	if p.Since != "" {
		s += " --since " + p.Since
	}
	for _, v := range p.Vendors {
		s += " " + v
	}
	return s
}

// appendFile is a file written from its end, buffered, whose length at
// the last sync is what a resumed export starts from.
type appendFile struct {
	f *os.File
	w *bufio.Writer
}

// openAppend opens path cut to size: what an interrupted run wrote past
// the last finished document is dropped, to be written again.
func openAppend(path string, size int64) (*appendFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		return nil, fmt.Errorf("export: %s: %w", path, err)
	}
	if _, err := f.Seek(size, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("export: %s: %w", path, err)
	}
	return &appendFile{f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

func (a *appendFile) sync() (int64, error) {
	if err := a.w.Flush(); err != nil {
		return 0, fmt.Errorf("export: %s: %w", a.f.Name(), err)
	}
	if err := a.f.Sync(); err != nil {
		return 0, fmt.Errorf("export: %s: %w", a.f.Name(), err)
	}
	off, err := a.f.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, fmt.Errorf("export: %s: %w", a.f.Name(), err)
	}
	return off, nil
}

func (a *appendFile) close() {
	_ = a.w.Flush()
	a.f.Close()
}

// writeFileAtomic writes a whole file under a temporary name and renames
// it: a reader, or a crash, never sees half of it.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("export: write %s: %w", path, errors.Join(werr, cerr))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
