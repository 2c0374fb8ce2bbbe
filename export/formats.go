package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/ota"
)

// versionColumns are the columns of versions.csv, and of index.csv after
// its path.
var versionColumns = []string{
	"vendor", "vendor_name", "document", "terms_type", "version", "captured_at", "fetched_at",
	"source", "technical", "hash", "version_url", "document_url",
	"from_version", "material", "max_severity", "added", "removed", "modified", "moved", "categories",
}

func versionRow(v Version) []string {
	row := []string{
		v.Vendor, v.VendorName, v.Document, ota.TermsType(v.Document), strconv.FormatInt(v.ID, 10),
		v.CapturedAt.UTC().Format(time.RFC3339), v.FetchedAt.UTC().Format(time.RFC3339),
		v.Source, strconv.FormatBool(v.Technical), v.Hash, v.VersionURL, v.URL,
	}
	if v.Summary == nil {
		return append(row, "", "", "", "", "", "", "", "")
	}
	s := v.Summary
	from := ""
	if v.From != 0 {
		from = strconv.FormatInt(v.From, 10)
	}
	return append(row, from, strconv.FormatBool(s.Material), s.MaxSeverity.String(),
		strconv.Itoa(s.Added), strconv.Itoa(s.Removed), strconv.Itoa(s.Modified), strconv.Itoa(s.Moved),
		strings.Join(s.Categories, ";"))
}

// writeCSVRow appends one row to an appended file.
func writeCSVRow(f *appendFile, row []string) error {
	w := csv.NewWriter(f.w)
	if err := w.Write(row); err != nil {
		return fmt.Errorf("export: %s: %w", f.f.Name(), err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("export: %s: %w", f.f.Name(), err)
	}
	return nil
}

// csvWriter writes versions.csv.
type csvWriter struct{}

const versionsCSV = "versions.csv"

func (csvWriter) files() []string { return []string{versionsCSV} }

func (csvWriter) start(x *Export) error {
	if x.st.Sizes[versionsCSV] == 0 {
		return writeCSVRow(x.files[versionsCSV], versionColumns)
	}
	return nil
}

func (csvWriter) version(x *Export, v Version) error {
	return writeCSVRow(x.files[versionsCSV], versionRow(v))
}
func (csvWriter) change(*Export, Change) error { return nil }
func (csvWriter) finish(*Export) error         { return nil }

// jsonlWriter writes changes.jsonl.
type jsonlWriter struct{}

const changesJSONL = "changes.jsonl"

func (jsonlWriter) files() []string                { return []string{changesJSONL} }
func (jsonlWriter) start(*Export) error            { return nil }
func (jsonlWriter) version(*Export, Version) error { return nil }
func (jsonlWriter) finish(*Export) error           { return nil }
func (jsonlWriter) change(x *Export, c Change) error {
	f := x.files[changesJSONL]
	enc := json.NewEncoder(f.w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil { // one line, ended by '\n'
		return fmt.Errorf("export: %s: %w", f.f.Name(), err)
	}
	return nil
}

// otaWriter writes Open Terms Archive's dataset layout: one Markdown file
// per version under SERVICE/TERMS TYPE/, index.csv and README.md.
type otaWriter struct {
	names map[string]string // folder name → vendor id: two vendors never share a folder
	last  string            // the last version's file name without .md, to tell versions of one second apart
}

func (*otaWriter) files() []string { return []string{ota.IndexFile} }

func (w *otaWriter) start(x *Export) error {
	w.names = map[string]string{}
	if x.st.Sizes[ota.IndexFile] == 0 {
		return writeCSVRow(x.files[ota.IndexFile], append([]string{"path"}, versionColumns...))
	}
	return nil
}

func (*otaWriter) change(*Export, Change) error { return nil }

func (w *otaWriter) version(x *Export, v Version) error {
	folder := FolderName(v.VendorName, v.Vendor)
	if id, ok := w.names[folder]; ok && id != v.Vendor {
		folder += " (" + v.Vendor + ")"
	}
	w.names[folder] = v.Vendor
	rel := folder + "/" + FolderName(ota.TermsType(v.Document), v.Document) + "/" + v.CapturedAt.UTC().Format(ota.FileTime)
	path := rel + ".md"
	if rel == w.last { // two or more versions within one second
		path = rel + "-" + strconv.FormatInt(v.ID, 10) + ".md"
	}
	w.last = rel
	full := filepath.Join(x.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := writeFileAtomic(full, []byte(ota.Markdown(v.Text))); err != nil {
		return err
	}
	return writeCSVRow(x.files[ota.IndexFile], append([]string{path}, versionRow(v)...))
}

func (w *otaWriter) finish(x *Export) error {
	return writeFileAtomic(filepath.Join(x.dir, "README.md"), []byte(readme(x.st.Counts, time.Now().UTC())))
}

// FolderName makes a name safe as one folder of any file system: no path
// separator, no control character, no leading dot; fallback when nothing
// is left.
func FolderName(name, fallback string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '/' || r == '\\' || r < 0x20 || r == 0x7f:
			return '-'
		case strings.ContainsRune(`:*?"<>|`, r):
			return '-'
		}
		return r
	}, name)
	name = strings.Trim(name, " .")
	if name == "" {
		return fallback
	}
	return name
}
