// Package ota reads what Open Terms Archive publishes: the declarations of
// a collection (which page holds each service's terms, and how to select
// them) and its versions repositories and datasets (every recorded text).
// It knows the formats, not the store: pipeline stores what it reads.
package ota

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Service is one service's declaration: declarations/ID.json, with its
// past declarations from ID.history.json when there is one.
type Service struct {
	ID    string // the file name without .json; names its folder in the versions repository
	Name  string
	File  string
	Terms []Terms // in the order of the file
	// History holds the earlier declarations of each terms type, oldest
	// first, each valid until its ValidUntil.
	History map[string][]Terms
	// Unknown lists the keys of the file Open Terms Archive's schema does
	// not have: not understood, hence not carried over.
	Unknown []string
}

// Terms is one terms type of a service, fetched from one page or combined
// from several.
type Terms struct {
	Type    string   // "Privacy Policy", "Terms of Service", …
	Sources []Source // one page, or the pages of a combined document in order
	// Combined is set when the declaration lists its pages under combine
	// (even only one).
	Combined bool
	// What applies to every page unless a page says otherwise.
	Select, Remove       Selectors
	Filters              []Filter
	ExecuteClientScripts *bool
	ValidUntil           time.Time // history entries only
	Unknown              []string
}

// Source is one page of a document.
type Source struct {
	Fetch                string
	Select, Remove       Selectors // nil: the document's
	Filters              []Filter  // nil: the document's
	ExecuteClientScripts *bool     // nil: the document's
	Unknown              []string
}

// Filter is a JavaScript function of the service's .filters.js file that
// Open Terms Archive runs on the page before extraction, with its
// parameters when it takes some.
type Filter struct {
	Name   string
	Params json.RawMessage // nil when called without
}

// Selector is a CSS selector, or a range between two elements.
type Selector struct {
	CSS                     string
	StartBefore, StartAfter string
	EndBefore, EndAfter     string
}

// IsRange tells a range from a CSS selector.
func (s Selector) IsRange() bool {
	return s.StartBefore != "" || s.StartAfter != "" || s.EndBefore != "" || s.EndAfter != ""
}

// Selectors is a select or remove value: one selector or a list.
type Selectors []Selector

func (l *Selectors) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var raw []json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return err
		}
		out := make(Selectors, 0, len(raw))
		for _, r := range raw {
			var s Selector
			if err := s.UnmarshalJSON(r); err != nil {
				return err
			}
			out = append(out, s)
		}
		*l = out
		return nil
	}
	var s Selector
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	*l = Selectors{s}
	return nil
}

func (s *Selector) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &s.CSS)
	}
	var r struct {
		StartBefore string `json:"startBefore"`
		StartAfter  string `json:"startAfter"`
		EndBefore   string `json:"endBefore"`
		EndAfter    string `json:"endAfter"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return fmt.Errorf("a selector is a CSS string or a range {startBefore|startAfter, endBefore|endAfter}: %w", err)
	}
	*s = Selector{StartBefore: r.StartBefore, StartAfter: r.StartAfter, EndBefore: r.EndBefore, EndAfter: r.EndAfter}
	return nil
}

// ReadDeclarations reads every declaration of a collection: dir is the
// declarations repository (holding declarations/) or the declarations
// folder itself. Services come sorted by ID. A file that cannot be read is
// an error naming it; nothing is read partly.
func ReadDeclarations(dir string) ([]Service, error) {
	folder := filepath.Join(dir, "declarations")
	if st, err := os.Stat(folder); err != nil || !st.IsDir() {
		folder = dir
	}
	entries, err := os.ReadDir(folder)
	if err != nil {
		return nil, fmt.Errorf("ota: read declarations: %w", err)
	}
	var out []Service
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".history.json") {
			continue
		}
		s, err := readService(filepath.Join(folder, name))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("ota: %s holds no declaration (SERVICE.json files, in declarations/ of a declarations repository)", dir)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func readService(path string) (Service, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Service{}, fmt.Errorf("ota: %w", err)
	}
	s := Service{ID: strings.TrimSuffix(filepath.Base(path), ".json"), File: path}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return Service{}, jsonError(path, data, err)
	}
	for k := range top {
		switch k {
		case "name", "terms", "importedFrom":
		default:
			s.Unknown = append(s.Unknown, k)
		}
	}
	sort.Strings(s.Unknown)
	if err := json.Unmarshal(top["name"], &s.Name); err != nil || s.Name == "" {
		return Service{}, fmt.Errorf("ota: %s: a declaration needs a name", path)
	}
	types, raws, err := orderedObject(top["terms"])
	if err != nil {
		return Service{}, fmt.Errorf("ota: %s: terms: %w", path, err)
	}
	for i, typ := range types {
		t, err := readTerms(typ, raws[i], false)
		if err != nil {
			return Service{}, fmt.Errorf("ota: %s: terms %q: %w", path, typ, err)
		}
		s.Terms = append(s.Terms, t)
	}
	if len(s.Terms) == 0 {
		return Service{}, fmt.Errorf("ota: %s declares no terms", path)
	}
	hpath := strings.TrimSuffix(path, ".json") + ".history.json"
	if data, err := os.ReadFile(hpath); err == nil {
		if s.History, err = readHistory(hpath, data); err != nil {
			return Service{}, err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return Service{}, fmt.Errorf("ota: %w", err)
	}
	return s, nil
}

func readHistory(path string, data []byte) (map[string][]Terms, error) {
	types, raws, err := orderedObject(data)
	if err != nil {
		return nil, jsonError(path, data, err)
	}
	out := map[string][]Terms{}
	for i, typ := range types {
		var entries []json.RawMessage
		if err := json.Unmarshal(raws[i], &entries); err != nil {
			return nil, fmt.Errorf("ota: %s: %q: a list of past declarations is expected: %w", path, typ, err)
		}
		for j, e := range entries {
			t, err := readTerms(typ, e, true)
			if err != nil {
				return nil, fmt.Errorf("ota: %s: %q entry %d: %w", path, typ, j+1, err)
			}
			out[typ] = append(out[typ], t)
		}
		sort.SliceStable(out[typ], func(a, b int) bool { return out[typ][a].ValidUntil.Before(out[typ][b].ValidUntil) })
	}
	return out, nil
}

// readTerms reads one terms declaration: a page ({fetch, select, …}) or
// pages ({combine: […], select, …}).
func readTerms(typ string, raw json.RawMessage, history bool) (Terms, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return Terms{}, err
	}
	t := Terms{Type: typ}
	if v, ok := fields["validUntil"]; ok && history {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return Terms{}, fmt.Errorf("validUntil: %w", err)
		}
		at, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return Terms{}, fmt.Errorf("validUntil %q is not a date and time: %w", s, err)
		}
		t.ValidUntil = at.UTC()
	}
	common := func(f map[string]json.RawMessage, sel, rem *Selectors, filters *[]Filter, scripts **bool) error {
		if v, ok := f["select"]; ok {
			if err := json.Unmarshal(v, sel); err != nil {
				return fmt.Errorf("select: %w", err)
			}
		}
		if v, ok := f["remove"]; ok {
			if err := json.Unmarshal(v, rem); err != nil {
				return fmt.Errorf("remove: %w", err)
			}
		}
		if v, ok := f["filter"]; ok {
			fs, err := readFilters(v)
			if err != nil {
				return fmt.Errorf("filter: %w", err)
			}
			*filters = fs
		}
		if v, ok := f["executeClientScripts"]; ok {
			var b bool
			if err := json.Unmarshal(v, &b); err != nil {
				return fmt.Errorf("executeClientScripts: %w", err)
			}
			*scripts = &b
		}
		return nil
	}
	if err := common(fields, &t.Select, &t.Remove, &t.Filters, &t.ExecuteClientScripts); err != nil {
		return Terms{}, err
	}
	if v, ok := fields["combine"]; ok {
		t.Combined = true
		var pages []map[string]json.RawMessage
		if err := json.Unmarshal(v, &pages); err != nil {
			return Terms{}, fmt.Errorf("combine: %w", err)
		}
		for i, p := range pages {
			var src Source
			if err := json.Unmarshal(p["fetch"], &src.Fetch); err != nil || src.Fetch == "" {
				return Terms{}, fmt.Errorf("combine[%d]: a page needs a fetch URL", i)
			}
			if err := common(p, &src.Select, &src.Remove, &src.Filters, &src.ExecuteClientScripts); err != nil {
				return Terms{}, fmt.Errorf("combine[%d]: %w", i, err)
			}
			src.Unknown = unknownKeys(p, "fetch", "select", "remove", "filter", "executeClientScripts")
			t.Sources = append(t.Sources, src)
		}
		if len(t.Sources) == 0 {
			return Terms{}, errors.New("combine lists no page")
		}
		t.Unknown = unknownKeys(fields, "combine", "select", "remove", "filter", "executeClientScripts", "validUntil")
		return t, nil
	}
	var src Source
	if err := json.Unmarshal(fields["fetch"], &src.Fetch); err != nil || src.Fetch == "" {
		return Terms{}, errors.New("a fetch URL or a combine list is required")
	}
	t.Sources = []Source{src}
	t.Unknown = unknownKeys(fields, "fetch", "select", "remove", "filter", "executeClientScripts", "validUntil")
	return t, nil
}

func readFilters(raw json.RawMessage) ([]Filter, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	var out []Filter
	for _, it := range items {
		var name string
		if json.Unmarshal(it, &name) == nil {
			out = append(out, Filter{Name: name})
			continue
		}
		var withParams map[string]json.RawMessage
		if err := json.Unmarshal(it, &withParams); err != nil || len(withParams) != 1 {
			return nil, errors.New("a filter is a function name, or {name: parameters}")
		}
		for k, v := range withParams {
			out = append(out, Filter{Name: k, Params: v})
		}
	}
	return out, nil
}

func unknownKeys(m map[string]json.RawMessage, known ...string) []string {
	var out []string
	for k := range m {
		found := false
		for _, kk := range known {
			if k == kk {
				found = true
				break
			}
		}
		if !found {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// orderedObject reads a JSON object's keys in the order written, with
// their raw values: the order of a service's terms is the declaration's.
func orderedObject(raw json.RawMessage) ([]string, []json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, nil, errors.New("an object is expected")
	}
	var keys []string
	var vals []json.RawMessage
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		k, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		keys = append(keys, k)
		vals = append(vals, v)
	}
	if _, err := dec.Token(); err != nil && !errors.Is(err, io.EOF) {
		return nil, nil, err
	}
	return keys, vals, nil
}

// jsonError names the file and line of a JSON syntax error.
func jsonError(path string, data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return fmt.Errorf("ota: %s:%d: %w", path, line, err)
	}
	return fmt.Errorf("ota: %s: %w", path, err)
}
