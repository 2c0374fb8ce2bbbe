package export

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/ota"
)

func TestFolderName(t *testing.T) {
	for in, want := range map[string]string{
		"Acme":             "Acme",
		"Beta/Gamma Ltd":   "Beta-Gamma Ltd",
		`a\b:c*d?e"f<g>h|`: "a-b-c-d-e-f-g-h-",
		"..hidden.":        "hidden",
		"   ":              "fallback",
		"line\nbreak":      "line-break",
		"Élan Café":        "Élan Café",
	} {
		if got := FolderName(in, "fallback"); got != want {
			t.Errorf("FolderName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpenRefusesWhatItCannotResume(t *testing.T) {
	if _, err := Open(t.TempDir(), Params{Format: "xml"}); err == nil || !strings.Contains(err.Error(), `unknown format "xml"`) {
		t.Errorf("unknown format: %v", err)
	}
	dir := t.TempDir()
	x, err := Open(dir, Params{Format: FormatCSV, Vendors: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	x.Close() // unfinished
	_, err = Open(dir, Params{Format: FormatCSV, Vendors: []string{"b"}})
	if !errors.Is(err, ErrOtherExport) || !strings.Contains(err.Error(), "--format csv a") {
		t.Errorf("other options: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, stateFile), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Params{Format: FormatCSV}); err == nil || !strings.Contains(err.Error(), "remove it to start the export again") {
		t.Errorf("a damaged progress file: %v", err)
	}
}

// TestSameSecond writes three versions captured within one second: three
// files, read back in the order they were written.
func TestSameSecond(t *testing.T) {
	dir := t.TempDir()
	x, err := Open(dir, Params{Format: FormatOTA})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	texts := []string{"One.", "Two.", "Three."}
	for i, text := range texts {
		id := int64(9 + i) // 9, 10, 11: a longer id sorts after a shorter one
		err := x.Version(Version{Vendor: "acme", VendorName: "Acme", Document: "privacy", ID: id, CapturedAt: at.Add(time.Duration(i) * time.Millisecond),
			FetchedAt: at, Source: "live", Hash: text, Text: text})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := x.DocumentDone("acme/privacy"); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Finish(); err != nil {
		t.Fatal(err)
	}
	h, err := ota.OpenHistory(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	recs, err := h.Records(context.Background(), "Acme", "Privacy Policy")
	if err != nil || len(recs) != len(texts) {
		t.Fatalf("records %+v, %v: want %d", recs, err, len(texts))
	}
	for i, r := range recs {
		b, err := h.Read(context.Background(), r)
		if err != nil || !strings.Contains(string(b), texts[i]) {
			t.Errorf("record %d (%s) = %q, %v: want %q", i, r.Path, b, err, texts[i])
		}
	}
}
