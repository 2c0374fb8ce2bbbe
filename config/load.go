package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// FieldError is a problem in the configuration file, located to the line.
type FieldError struct {
	File  string
	Line  int
	Field string // dotted path, e.g. vendors[2].documents[0].url
	Msg   string
}

func (e *FieldError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	if e.Line > 0 {
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteByte(':')
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in one file, reported together so that a
// user fixes them in one pass.
type Errors []*FieldError

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Load reads and checks the configuration at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("config: %s does not exist: pass --config PATH, set TRACKER_CONFIG, or create ./tracker.yaml (see configs/vendors.yaml): %w", path, err)
		}
		return nil, fmt.Errorf("config: read %s: %w", path, err)
	}
	cfg, err := Parse(data, path)
	if err != nil {
		return nil, err
	}
	return cfg, nil
}

// Parse reads a configuration from data; name is used in error messages and
// as the base for relative paths.
func Parse(data []byte, name string) (*Config, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(name, err)
	}
	cfg := Default()
	cfg.Path = name
	if root.Kind == 0 { // empty file
		return nil, &FieldError{File: name, Line: 1, Field: "vendors", Msg: "the file is empty: at least one vendor is required"}
	}
	kc := keyChecker{fields: map[reflect.Type]map[string]reflect.StructField{}, lines: map[string]int{}}
	kc.check(root.Content[0], reflect.TypeOf(cfg), "")
	lines, errs := kc.lines, kc.errs
	for _, e := range errs {
		e.File = name
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if err := root.Content[0].Decode(&cfg); err != nil {
		return nil, yamlError(name, err)
	}
	cfg.Path = name
	cfg.upgradeWayback(lines)
	if errs := cfg.validate(lines); len(errs) > 0 {
		for _, e := range errs {
			e.File = name
		}
		return nil, errs
	}
	return &cfg, nil
}

// DatabasePath resolves the database path against the configuration's
// folder; a postgres:// URL is returned as it is.
func (c *Config) DatabasePath() string {
	if c.Database == "" || filepath.IsAbs(c.Database) || c.Path == "" || strings.Contains(c.Database, "://") {
		return c.Database
	}
	return filepath.Join(filepath.Dir(c.Path), c.Database)
}

func yamlError(name string, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		fe.File = name
		return fe
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var errs Errors
		for _, m := range te.Errors {
			errs = append(errs, lineError(name, m))
		}
		return errs
	}
	return lineError(name, err.Error())
}

// lineError turns yaml.v3's "yaml: line N: msg" into file:N: msg.
func lineError(name, msg string) *FieldError {
	msg = strings.TrimPrefix(msg, "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ":"); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				return &FieldError{File: name, Line: n, Msg: strings.TrimSpace(rest[i+1:])}
			}
		}
	}
	return &FieldError{File: name, Msg: msg}
}

// keyChecker walks the YAML tree beside the Go type it decodes into: it
// records the line of every field path and reports keys the type does not
// have, which yaml.v3 would otherwise ignore in silence.
type keyChecker struct {
	fields map[reflect.Type]map[string]reflect.StructField // by yaml name; a type's are read once
	lines  map[string]int
	errs   Errors
}

func (kc *keyChecker) check(n *yaml.Node, t reflect.Type, path string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if path != "" {
		kc.lines[path] = n.Line
	}
	switch {
	case t.Kind() == reflect.Struct && t.PkgPath() != "time" && n.Kind == yaml.MappingNode:
		fields := kc.yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			sub := joinPath(path, k.Value)
			f, ok := fields[k.Value]
			if !ok {
				kc.errs = append(kc.errs, &FieldError{Line: k.Line, Field: sub, Msg: fmt.Sprintf("unknown key (known keys: %s)", strings.Join(sortedKeys(fields), ", "))})
				continue
			}
			kc.lines[sub] = v.Line
			kc.check(v, f.Type, sub)
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for i, c := range n.Content {
			kc.check(c, t.Elem(), path+"["+strconv.Itoa(i)+"]")
		}
	}
}

func (kc *keyChecker) yamlFields(t reflect.Type) map[string]reflect.StructField {
	if out, ok := kc.fields[t]; ok {
		return out
	}
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		out[name] = f
	}
	kc.fields[t] = out
	return out
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
