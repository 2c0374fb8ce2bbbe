package config

import (
	"github.com/tracker-dev/tracker/internal/fuzztime"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary YAML to the parser: it must return a
// configuration or an error that names the file, never panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(valid))
	f.Add([]byte("vendors:\n  - id: a\n    name: A\n    documents:\n      - {type: privacy, url: https://a.example/p}\n"))
	f.Add([]byte("vendors: [1, 2]\n"))
	f.Add([]byte("alerts: {email: {port: x}}\n"))
	f.Add([]byte("vendors:\n  - documents: [{select: [1, [2]]}]\n"))
	f.Add([]byte("&a [*a]"))
	if b, err := os.ReadFile(filepath.Join("..", "configs", "vendors.yaml")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzztime.Within(t, func() {
			cfg, err := Parse(data, "fuzz.yaml")
			if err != nil {
				if !strings.Contains(err.Error(), "fuzz.yaml") {
					t.Errorf("error does not name the file: %v", err)
				}
				return
			}
			if len(cfg.Vendors) == 0 {
				t.Error("a configuration without vendors was accepted")
			}
		})
	})
}
