package config

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// largeConfig is a file past cacheMinSize that uses every kind of value the
// decoder produces: a pointer to false, durations, sizes, lists that are
// empty rather than absent, ranges, pages, alerts, a deprecated key (a
// warning), so that a lossy cache shows as a difference.
func largeConfig(vendors int) []byte {
	var y strings.Builder
	y.WriteString(`database: data/tracker.db
schedule: "@every 6h"
spread: 90s
respect_robots: false
max_body_size: 512KiB
document_timeout: 45s
render: static
wayback:
  requests_per_minute: 15
alerts:
  min_severity: high
  webhooks:
    - {name: siem, url: https://hooks.example/x, secret_env: [NEW, OLD]}
  chat:
    - {type: slack, url_env: SLACK_URL}
web:
  base_url: https://tracker.example.org
vendors:
`)
	for i := range vendors {
		fmt.Fprintf(&y, `  - id: vendor-%05d
    name: Vendor %d
    schedule: "@daily"
    documents:
      - type: privacy
        url: https://v%d.example/privacy
        select:
          - h1
          - {start_before: "#start", end_after: "#end"}
        ignore: ["Updated .*"]
      - type: terms
        select: {start_before: h1, end_before: footer}
        remove: nav
        pages:
          - url: https://v%d.example/terms
          - url: https://v%d.example/payments
            select: main
            remove: []
`, i, i, i, i, i)
	}
	return []byte(y.String())
}

func TestCacheGivesBackWhatParseGives(t *testing.T) {
	data := largeConfig(600)
	if len(data) < cacheMinSize {
		t.Fatalf("the test file is %d bytes, below the %d that are cached", len(data), cacheMinSize)
	}
	want, err := Parse(data, "/etc/tracker/tracker.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Warnings) == 0 || want.Robots() {
		t.Fatalf("the test file should warn and turn robots off: warnings %q, robots %v", want.Warnings, want.Robots())
	}
	pc := parseCache{dir: t.TempDir(), exe: "tracker\x00123\x00456"}
	first, err := pc.parse(data, "/etc/tracker/tracker.yaml")
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := filepath.Glob(filepath.Join(pc.dir, "*"+cacheExt))
	if len(entries) != 1 {
		t.Fatalf("cache entries after the first parse: %q, want one", entries)
	}
	got, ok := pc.read(entries[0], pc.key(data, "/etc/tracker/tracker.yaml"), data, "/etc/tracker/tracker.yaml")
	if !ok {
		t.Fatal("the entry just written cannot be read back")
	}
	for name, c := range map[string]*Config{"first parse": first, "cache entry": got} {
		if !sameConfig(c, want) {
			t.Errorf("%s differs from Parse:\n got %+v\nwant %+v", name, c.Vendors[0], want.Vendors[0])
		}
	}
	// A later problem still names its line: the cached configuration finds
	// it by reading the file again.
	for _, field := range []string{"alerts.webhooks[0].secret_env[1]", "vendors[599].documents[1].pages[1].remove", "web.base_url"} {
		if a, b := got.FieldError(field, "bad"), want.FieldError(field, "bad"); a.Error() != b.Error() || a.Line == 0 {
			t.Errorf("FieldError from the cache %q, from Parse %q", a, b)
		}
	}
}

// sameConfig compares two configurations but for how their field lines are
// held (at hand, or to be read again).
func sameConfig(a, b *Config) bool {
	x, y := *a, *b
	x.lines, y.lines = nil, nil
	return reflect.DeepEqual(x, y)
}

func TestCacheKeyedByFileNameAndBinary(t *testing.T) {
	data := largeConfig(600)
	pc := parseCache{dir: t.TempDir(), exe: "tracker\x00123\x00456"}
	if _, err := pc.parse(data, "a.yaml"); err != nil {
		t.Fatal(err)
	}
	edited := []byte(strings.Replace(string(data), "min_severity: high", "min_severity: low", 1))
	cfg, err := pc.parse(edited, "a.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Alerts.MinSeverity != "low" {
		t.Errorf("an edited file was answered from the cache: min_severity %q", cfg.Alerts.MinSeverity)
	}
	cfg, err = pc.parse(data, "/elsewhere/a.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.DatabasePath(); got != "/elsewhere/data/tracker.db" {
		t.Errorf("the same bytes under another name resolve the database to %q", got)
	}
	rebuilt := parseCache{dir: pc.dir, exe: "tracker\x00124\x00789"}
	if k1, k2 := pc.key(data, "a.yaml"), rebuilt.key(data, "a.yaml"); k1 == k2 {
		t.Error("a new binary uses the old binary's entries")
	}
}

func TestCacheNeverHoldsABadFile(t *testing.T) {
	data := append(largeConfig(600), "  - id: broken\n    documents: []\n"...)
	pc := parseCache{dir: t.TempDir(), exe: "x"}
	for range 2 { // the second time too: the error is found again, not cached away
		if _, err := pc.parse(data, "bad.yaml"); err == nil || !strings.Contains(err.Error(), "bad.yaml:") {
			t.Fatalf("err = %v, want the file's problems", err)
		}
	}
	if entries, _ := filepath.Glob(filepath.Join(pc.dir, "*")); len(entries) != 0 {
		t.Errorf("a file with problems left cache entries: %q", entries)
	}
}

func TestCachePassedOverWhenUnusable(t *testing.T) {
	data := largeConfig(600)
	want, err := Parse(data, "a.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("corrupt entry", func(t *testing.T) {
		pc := parseCache{dir: t.TempDir(), exe: "x"}
		key := pc.key(data, "a.yaml")
		path := filepath.Join(pc.dir, key[:32]+cacheExt)
		if err := os.WriteFile(path, []byte(`{"Key":"`+key+`","Config":{"Vendors":[{`), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := pc.parse(data, "a.yaml")
		if err != nil || !sameConfig(got, want) {
			t.Fatalf("with a truncated entry: err %v, same config %v", err, sameConfig(got, want))
		}
		if _, ok := pc.read(path, key, data, "a.yaml"); !ok {
			t.Error("the truncated entry was not replaced")
		}
	})
	t.Run("entry of another key", func(t *testing.T) {
		pc := parseCache{dir: t.TempDir(), exe: "x"}
		other := largeConfig(601)
		if _, err := pc.parse(other, "a.yaml"); err != nil {
			t.Fatal(err)
		}
		entries, _ := filepath.Glob(filepath.Join(pc.dir, "*"+cacheExt))
		key := pc.key(data, "a.yaml")
		if err := os.Rename(entries[0], filepath.Join(pc.dir, key[:32]+cacheExt)); err != nil {
			t.Fatal(err)
		}
		if got, err := pc.parse(data, "a.yaml"); err != nil || len(got.Vendors) != 600 {
			t.Fatalf("an entry whose key does not match was used: err %v", err)
		}
	})
	t.Run("folder that cannot be written", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "not-a-folder")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		pc := parseCache{dir: filepath.Join(file, "cache"), exe: "x"}
		if got, err := pc.parse(data, "a.yaml"); err != nil || !sameConfig(got, want) {
			t.Fatalf("err %v", err)
		}
	})
}

func TestCacheKeepsTheNewestEntries(t *testing.T) {
	pc := parseCache{dir: t.TempDir(), exe: "x"}
	for i := range cacheKeep + 3 {
		if _, err := pc.parse(largeConfig(600+i), "a.yaml"); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := filepath.Glob(filepath.Join(pc.dir, "*"+cacheExt))
	if len(entries) != cacheKeep {
		t.Fatalf("%d entries kept, want %d", len(entries), cacheKeep)
	}
	newest := largeConfig(600 + cacheKeep + 2)
	key := pc.key(newest, "a.yaml")
	if _, ok := pc.read(filepath.Join(pc.dir, key[:32]+cacheExt), key, newest, "a.yaml"); !ok {
		t.Error("the newest entry was pruned")
	}
}

func TestSmallFilesAreNotCached(t *testing.T) {
	pc := parseCache{dir: t.TempDir(), exe: "x"}
	if _, err := pc.parse([]byte(valid), "a.yaml"); err != nil {
		t.Fatal(err)
	}
	if entries, _ := filepath.Glob(filepath.Join(pc.dir, "*")); len(entries) != 0 {
		t.Errorf("a small file left cache entries: %q", entries)
	}
}

// BenchmarkLoadLarge reads a configuration of 10 000 vendors through the
// cache (warm) and without it, as every command starts by doing.
func BenchmarkLoadLarge(b *testing.B) {
	var y strings.Builder
	y.WriteString("database: tracker.db\nvendors:\n")
	for i := range 10000 {
		fmt.Fprintf(&y, "  - id: v%05d\n    name: Vendor v%05d\n    documents:\n      - {type: privacy, url: \"https://v%05d.example/privacy\"}\n", i, i, i)
	}
	data := []byte(y.String())
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			if _, err := Parse(data, "big.yaml"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		pc := parseCache{dir: b.TempDir(), exe: "x"}
		if _, err := pc.parse(data, "big.yaml"); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := pc.parse(data, "big.yaml"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestZeroValuesSurviveTheCache: gob leaves zero values out; the ones that
// are set (a pointer to a zero value, an empty list or map) are put back,
// at any depth, and a path that does not fit makes the entry unusable.
func TestZeroValuesSurviveTheCache(t *testing.T) {
	type leaf struct {
		On    *bool
		Names []string
	}
	type tree struct {
		Leaves []leaf
		Ptr    *leaf
		Tags   map[string]int
		Count  *int
		hidden []int
	}
	f, zero := false, 0
	cases := map[string]tree{
		"pointer to false":          {Leaves: []leaf{{On: &f}}},
		"empty list in a list":      {Leaves: []leaf{{}, {Names: []string{}}}},
		"empty map, pointer to 0":   {Tags: map[string]int{}, Count: &zero},
		"pointer to a struct":       {Ptr: &leaf{Names: []string{}}},
		"pointer to a zero struct":  {Ptr: &leaf{}},
		"values beside zeros":       {Leaves: []leaf{{Names: []string{"a", ""}}, {On: &f, Names: []string{}}}},
		"nothing set":               {},
		"unexported fields skipped": {hidden: []int{}},
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			var zeros [][]int
			zeroPaths(reflect.ValueOf(&in).Elem(), nil, &zeros)
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(in); err != nil {
				t.Fatal(err)
			}
			var out tree
			if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
				t.Fatal(err)
			}
			if err := restoreZeros(reflect.ValueOf(&out).Elem(), zeros); err != nil {
				t.Fatal(err)
			}
			in.hidden = nil
			if !reflect.DeepEqual(out, in) {
				t.Errorf("got %+v, want %+v (zeros %v)", out, in, zeros)
			}
		})
	}
	for _, bad := range [][]int{{0, 5}, {9}, {4}, {2, 0}} {
		var out tree
		out.Leaves = []leaf{{}}
		if err := restoreZeros(reflect.ValueOf(&out).Elem(), [][]int{bad}); err == nil {
			t.Errorf("path %v into %+v was accepted", bad, out)
		}
	}
}
