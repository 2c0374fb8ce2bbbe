package config

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"time"
)

// A configuration of thousands of vendors takes YAML a third of a second to
// read, and every command reads it: `tracker vendors` over 10 000 documents
// would spend more on the file than on the database. So a large file, once
// checked, is kept in the user's cache as it was decoded, and read back
// while neither the file nor the tracker binary has changed. Small files
// are read directly: they cost a few milliseconds and leave nothing behind.

// cacheMinSize is the smallest file worth caching.
const cacheMinSize = 256 << 10

// cacheKeep is how many cached configurations a user keeps (one per large
// file, a few versions while it is edited).
const cacheKeep = 8

// cached is what is stored, in gob: it decodes 10 000 vendors four to six
// times faster than JSON (about 20 ms against 90–110 ms), and every command
// pays it. Gob leaves zero values out, so a value that is zero but set (a
// pointer to false, such as respect_robots: false; a list given empty, such
// as remove: [], which overrides the document's) would come back unset:
// their places are kept apart (Zeros) and restored. The lines of the fields
// are left out: they would cost more to decode than the configuration
// itself, and only a problem found later needs them (lineIndex reads the
// file again then).
type cached struct {
	Key    string
	Config Config
	Zeros  [][]int
}

// cacheExt names cache entries; entries of other names (the JSON entries
// of earlier builds) are pruned with them.
const cacheExt = ".gob"

// lineIndex is the line of each field path: from the parse that produced
// the configuration, or, for one read from the cache, from parsing its
// file again the first time a problem needs a line.
type lineIndex struct {
	once sync.Once
	m    map[string]int
	data []byte
	name string
}

func (l *lineIndex) get() map[string]int {
	if l == nil {
		return nil
	}
	l.once.Do(func() {
		if l.m != nil || l.data == nil {
			return
		}
		if cfg, err := Parse(l.data, l.name); err == nil {
			l.m = cfg.lines.m
		}
		l.data = nil
	})
	return l.m
}

// parseCache reads and writes cached configurations in dir; the zero value
// (no dir) caches nothing.
type parseCache struct {
	dir string
	exe string // the running binary's identity: a new build may decode differently
}

// userCache is the cache under os.UserCacheDir, or none when there is no
// such folder or no binary to tie entries to.
func userCache() parseCache {
	base, err := os.UserCacheDir()
	if err != nil {
		return parseCache{}
	}
	exe, err := os.Executable()
	if err != nil {
		return parseCache{}
	}
	st, err := os.Stat(exe)
	if err != nil {
		return parseCache{}
	}
	return parseCache{
		dir: filepath.Join(base, "tracker", "config"),
		exe: exe + "\x00" + strconv.FormatInt(st.Size(), 10) + "\x00" + strconv.FormatInt(st.ModTime().UnixNano(), 10),
	}
}

// key names one parse: the file's bytes, the name relative paths resolve
// against, and the binary that parsed it.
func (pc parseCache) key(data []byte, name string) string {
	h := sha256.New()
	h.Write(data)
	fmt.Fprintf(h, "\x00%s\x00%s", name, pc.exe)
	return hex.EncodeToString(h.Sum(nil))
}

// parse is Parse with the cache in front when data is large enough. A cache
// that cannot be read or written is passed over (logged at debug): it only
// ever saves time.
func (pc parseCache) parse(data []byte, name string) (*Config, error) {
	if pc.dir == "" || len(data) < cacheMinSize {
		return Parse(data, name)
	}
	key := pc.key(data, name)
	path := filepath.Join(pc.dir, key[:32]+cacheExt)
	if cfg, ok := pc.read(path, key, data, name); ok {
		return cfg, nil
	}
	cfg, err := Parse(data, name)
	if err != nil {
		return nil, err // only checked configurations are kept
	}
	if err := pc.write(path, key, cfg); err != nil {
		slog.Debug("config: cache not written", "dir", pc.dir, "err", err)
	}
	return cfg, nil
}

// read gives the entry at path when it holds key; source and name are the
// file it stands for, read again only if a later problem needs a line.
func (pc parseCache) read(path, key string, source []byte, name string) (*Config, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	var c cached
	err = gob.NewDecoder(bytes.NewReader(data)).Decode(&c)
	if err == nil && c.Key != key {
		err = errors.New("entry of another file")
	}
	if err == nil {
		err = restoreZeros(reflect.ValueOf(&c.Config).Elem(), c.Zeros)
	}
	if err != nil {
		slog.Debug("config: cache entry passed over", "path", path, "err", err)
		return nil, false
	}
	now := time.Now()
	os.Chtimes(path, now, now) // in use: the last to be pruned
	cfg := c.Config
	cfg.lines = &lineIndex{data: source, name: name}
	return &cfg, true
}

// write stores cfg under path through a temporary file, so that a reader
// never sees half an entry, then drops the oldest entries past cacheKeep.
func (pc parseCache) write(path, key string, cfg *Config) error {
	c := cached{Key: key, Config: *cfg}
	zeroPaths(reflect.ValueOf(cfg).Elem(), nil, &c.Zeros)
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c); err != nil {
		return fmt.Errorf("config: encode cache entry: %w", err)
	}
	data := buf.Bytes()
	if err := os.MkdirAll(pc.dir, 0o700); err != nil {
		return fmt.Errorf("config: cache folder %s: %w", pc.dir, err)
	}
	tmp, err := os.CreateTemp(pc.dir, ".entry-*")
	if err != nil {
		return fmt.Errorf("config: cache entry in %s: %w", pc.dir, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("config: write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("config: write %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("config: cache entry %s: %w", path, err)
	}
	pc.prune()
	return nil
}

// prune keeps the cacheKeep most recently written entries.
func (pc parseCache) prune() {
	entries, err := filepath.Glob(filepath.Join(pc.dir, "*"+cacheExt))
	if err != nil {
		return
	}
	if old, _ := filepath.Glob(filepath.Join(pc.dir, "*.json")); len(old) > 0 {
		for _, p := range old {
			os.Remove(p)
		}
	}
	if len(entries) <= cacheKeep {
		return
	}
	type entry struct {
		path string
		mod  int64
	}
	var es []entry
	for _, p := range entries {
		if st, err := os.Stat(p); err == nil {
			es = append(es, entry{p, st.ModTime().UnixNano()})
		}
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(b.mod, a.mod) })
	for _, e := range es[min(cacheKeep, len(es)):] {
		os.Remove(e.path)
	}
}

// zeroPaths appends to out the path (field and element indexes from the
// configuration down) of every value under v that gob would leave out
// although it is set: a pointer to a zero value, an empty list or map that
// is not nil.
func zeroPaths(v reflect.Value, path []int, out *[][]int) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		if v.Elem().IsZero() {
			*out = append(*out, slices.Clone(path))
			return
		}
		zeroPaths(v.Elem(), path, out)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				zeroPaths(v.Field(i), append(path, i), out)
			}
		}
	case reflect.Slice, reflect.Map:
		if v.IsNil() {
			return
		}
		if v.Len() == 0 {
			*out = append(*out, slices.Clone(path))
			return
		}
		if v.Kind() == reflect.Slice {
			for i := range v.Len() {
				zeroPaths(v.Index(i), append(path, i), out)
			}
		}
	case reflect.Array:
		for i := range v.Len() {
			zeroPaths(v.Index(i), append(path, i), out)
		}
	}
}

// restoreZeros sets the values zeroPaths found back under v: a new zero
// value behind a pointer, an empty list or map. A path that does not fit
// (an entry that does not match its configuration) is an error.
func restoreZeros(v reflect.Value, paths [][]int) error {
	for _, path := range paths {
		if err := restoreZero(v, path); err != nil {
			return err
		}
	}
	return nil
}

func restoreZero(v reflect.Value, path []int) error {
	for {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if len(path) > 0 {
					return fmt.Errorf("zero value path %v: through a nil pointer", path)
				}
				v.Set(reflect.New(v.Type().Elem()))
				return nil
			}
			v = v.Elem()
		}
		if len(path) == 0 {
			switch v.Kind() {
			case reflect.Slice:
				v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			case reflect.Map:
				v.Set(reflect.MakeMap(v.Type()))
			default:
				// Behind a pointer gob did keep (a struct's): zero already.
				if !v.IsZero() {
					return fmt.Errorf("zero value path ends at a %s that is not zero", v.Kind())
				}
			}
			return nil
		}
		i := path[0]
		switch v.Kind() {
		case reflect.Struct:
			if i < 0 || i >= v.NumField() || !v.Type().Field(i).IsExported() {
				return fmt.Errorf("zero value path: field %d of %s", i, v.Type())
			}
			v = v.Field(i)
		case reflect.Slice, reflect.Array:
			if i < 0 || i >= v.Len() {
				return fmt.Errorf("zero value path: element %d of %d", i, v.Len())
			}
			v = v.Index(i)
		default:
			return fmt.Errorf("zero value path goes into a %s", v.Kind())
		}
		path = path[1:]
	}
}
