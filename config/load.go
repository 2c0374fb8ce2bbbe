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
	Msg   string // what is wrong
	Hint  string // how to fix it, printed in parentheses; optional
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
	if e.Hint != "" {
		b.WriteString(" (" + e.Hint + ")")
	}
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

// Load reads and checks the configuration at path. A large file is read
// once per change and binary (see cache.go).
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("config: %s does not exist: pass --config PATH, set TRACKER_CONFIG, or create ./tracker.yaml (see configs/vendors.yaml): %w", path, err)
		}
		return nil, fmt.Errorf("config: read %s: %w", path, err)
	}
	return userCache().parse(data, path)
}

// Parse reads a configuration from data; name is used in error messages and
// as the base for relative paths. Every problem of the file is reported at
// once (Errors), each with its line and field, except a YAML syntax error,
// after which nothing else can be read.
func Parse(data []byte, name string) (*Config, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		return nil, syntaxError(name, data, err)
	}
	cfg := Default()
	cfg.Path = name
	if root.Kind == 0 { // empty file
		return nil, &FieldError{File: name, Line: 1, Field: "vendors", Msg: "the file is empty", Hint: "at least one vendor is required; configs/vendors.yaml is an example"}
	}
	// A second document ("---") would be ignored by a single Decode: the
	// vendors in it would silently go unwatched.
	var next yaml.Node
	if err := dec.Decode(&next); err == nil && next.Kind != 0 && !emptyDocument(&next) {
		return nil, &FieldError{File: name, Line: next.Line, Msg: "a second YAML document (after ---): tracker reads one document per file",
			Hint: "merge its keys into the first, or split it into two files"}
	} else if err != nil && !errors.Is(err, io.EOF) {
		return nil, syntaxError(name, data, err)
	}
	d := newDecoder()
	d.decode(root.Content[0], reflect.ValueOf(&cfg).Elem(), "")
	cfg.Path = name
	cfg.upgradeWayback(d.lines)
	cfg.lines = &lineIndex{m: d.lines}
	errs := append(d.errs, cfg.validate(d.lines, d.failed)...)
	if len(errs) > 0 {
		sortErrors(errs)
		for _, e := range errs {
			e.File = name
		}
		return nil, errs
	}
	cfg.pageURLs()
	return &cfg, nil
}

// emptyDocument is a "---" with nothing after it but comments.
func emptyDocument(n *yaml.Node) bool {
	return n.Kind == yaml.DocumentNode && (len(n.Content) == 0 || n.Content[0].Tag == "!!null")
}

// DatabasePath resolves the database path against the configuration's
// folder; a postgres:// URL is returned as it is.
func (c *Config) DatabasePath() string {
	if c.Database == "" || filepath.IsAbs(c.Database) || c.Path == "" || strings.Contains(c.Database, "://") {
		return c.Database
	}
	return filepath.Join(filepath.Dir(c.Path), c.Database)
}
