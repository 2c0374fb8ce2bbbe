package extract

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// realworldDir holds real policy-page histories with Open Terms Archive's
// verdicts (see its README); the test skips when it is absent.
const realworldDir = "../../shared/realworld/demo"

type rwMeta struct {
	ID        string          `json:"id"`
	Snapshots []rwSnapshot    `json:"snapshots"`
	Select    json.RawMessage `json:"ota_select"`
	Remove    json.RawMessage `json:"ota_remove"`
}

type rwSnapshot struct {
	File string  `json:"file"`
	OTA  *string `json:"ota"`
}

// selectors reads OTA's select or remove declaration when it is plain CSS
// (a string or a list of strings); ok is false for OTA's range objects.
func selectors(raw json.RawMessage) (sels []string, ok bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, true
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, true
	}
	if json.Unmarshal(raw, &sels) == nil {
		return sels, true
	}
	return nil, false
}

type rwFigures struct {
	snapshots, changes, falseVersions, missed int
	falseAt, missedAt                         []string
}

func (f rwFigures) String() string {
	return fmt.Sprintf("snapshots %d, ota changes %d, false %d (%.1f%%) %v, missed %d %v",
		f.snapshots, f.changes, f.falseVersions, 100*float64(f.falseVersions)/float64(max(f.snapshots-1, 1)),
		f.falseAt, f.missed, f.missedAt)
}

func replayDocument(t *testing.T, dir string, m rwMeta, opts Options) rwFigures {
	t.Helper()
	var f rwFigures
	prev := ""
	for i, s := range m.Snapshots {
		body := readGzip(t, filepath.Join(dir, s.File))
		d, err := HTML(body, "text/html; charset=utf-8", opts)
		if err != nil {
			t.Fatalf("%s %s: %v", m.ID, s.File, err)
		}
		h := d.Hash()
		f.snapshots++
		if i > 0 {
			verdict := "null"
			if s.OTA != nil {
				verdict = *s.OTA
			}
			switch {
			case verdict == "change":
				f.changes++
				if h == prev {
					f.missed++
					f.missedAt = append(f.missedAt, s.File)
				}
			case verdict == "null" && h != prev:
				f.falseVersions++
				f.falseAt = append(f.falseAt, s.File)
			}
		}
		prev = h
	}
	return f
}

func readGzip(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return body
}

// TestRealWorld replays real page histories: a new hash must appear exactly
// where OTA recorded a text change. With no options this measures the
// automatic main-content choice; with OTA's plain CSS selectors it measures
// extraction inside the selected elements.
func TestRealWorld(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode: real-world replay skipped")
	}
	if raceEnabled {
		t.Skip("race detector on: too slow for 800 real pages; .ci/run replays them with the binary")
	}
	entries, err := os.ReadDir(realworldDir)
	if err != nil {
		t.Skipf("real-world set %s not present: %v", realworldDir, err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(realworldDir, e.Name())
		raw, err := os.ReadFile(filepath.Join(dir, "meta.json"))
		if err != nil {
			continue
		}
		var m rwMeta
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: meta.json: %v", dir, err)
		}
		t.Run(m.ID+"/auto", func(t *testing.T) {
			f := replayDocument(t, dir, m, Options{})
			t.Logf("%s auto: %s", m.ID, f)
			// buffer's page holds several legal documents; only the
			// selectors can isolate the privacy policy.
			if strings.HasPrefix(m.ID, "buffer-") {
				return
			}
			if f.missed > 0 {
				t.Errorf("%s: %d missed changes at %v", m.ID, f.missed, f.missedAt)
			}
			if float64(f.falseVersions) > 0.01*float64(f.snapshots) {
				t.Errorf("%s: %d false versions at %v", m.ID, f.falseVersions, f.falseAt)
			}
		})
		sel, okSel := selectors(m.Select)
		rem, okRem := selectors(m.Remove)
		if !okRem {
			continue
		}
		if !okSel {
			sel = nil
		}
		t.Run(m.ID+"/selectors", func(t *testing.T) {
			f := replayDocument(t, dir, m, Options{Select: sel, Remove: rem})
			t.Logf("%s selectors %q remove %q: %s", m.ID, sel, rem, f)
			if f.missed > 0 || f.falseVersions > 0 {
				t.Errorf("%s with selectors: want no false or missed versions, got %s", m.ID, f)
			}
		})
	}
}
