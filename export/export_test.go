package export

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
