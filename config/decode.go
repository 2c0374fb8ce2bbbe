package config

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tracker-dev/tracker/suggest"
)

// decoder fills a Config from the YAML tree field by field, beside the Go
// type it decodes into, so that one mistake never hides the next: every
// unknown key, duplicate key and value of the wrong type is reported with
// its line and field, and the rest of the file is still read. It records
// the line of every field path for the checks that follow.
type decoder struct {
	fields map[reflect.Type]map[string]reflect.StructField // by yaml name; a type's are read once
	lines  map[string]int
	failed map[string]bool // paths whose value could not be read: checks skip them
	errs   Errors
}

func newDecoder() *decoder {
	return &decoder{
		fields: map[reflect.Type]map[string]reflect.StructField{},
		lines:  map[string]int{},
		failed: map[string]bool{},
	}
}

var (
	unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()
	durationType    = reflect.TypeFor[time.Duration]()
)

func (d *decoder) fail(line int, path, msg, hint string) {
	d.failed[path] = true
	d.errs = append(d.errs, &FieldError{Line: line, Field: path, Msg: msg, Hint: hint})
}

// decode reads n into v, which is addressable.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if path != "" {
		d.lines[path] = n.Line
	}
	t := v.Type()
	switch {
	case isLeaf(t):
		d.leafLines(n, path)
		d.leaf(n, v, path)
	case t.Kind() == reflect.Pointer:
		if isNull(n) {
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		d.decode(n, v.Elem(), path)
	case t.Kind() == reflect.Struct:
		d.mapping(n, v, path)
	case t.Kind() == reflect.Slice:
		d.sequence(n, v, path)
	default:
		d.leaf(n, v, path)
	}
}

// leafLines records the lines of what a value read whole holds, for the
// checks: each item of a list, each key of a mapping (a range selector).
func (d *decoder) leafLines(n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := path + "[" + strconv.Itoa(i) + "]"
			d.lines[p] = c.Line
			d.leafLines(c, p)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			d.lines[joinPath(path, n.Content[i].Value)] = n.Content[i+1].Line
		}
	}
}

// isLeaf tells the types yaml.v3 decodes whole: scalars, lists of scalars,
// durations and the types that read themselves (StringList, ByteSize).
func isLeaf(t reflect.Type) bool {
	if t == durationType || reflect.PointerTo(t).Implements(unmarshalerType) {
		return true
	}
	switch t.Kind() {
	case reflect.Struct:
		return false
	case reflect.Pointer:
		return isLeaf(t.Elem())
	case reflect.Slice:
		return isLeaf(t.Elem())
	}
	return true
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.fail(n.Line, path, "expected keys and values, found "+describe(n), "write each key on its own line, indented below "+lastName(path))
		return
	}
	fields := d.yamlFields(v.Type())
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Value == "<<" && k.Tag == "!!merge" { // <<: *defaults
			d.merge(val, v, path)
			continue
		}
		sub := joinPath(path, k.Value)
		if first, dup := seen[k.Value]; dup {
			d.fail(k.Line, sub, fmt.Sprintf("is set twice, on line %d and here", first), "keep one: otherwise the later one silently wins")
			continue
		}
		seen[k.Value] = k.Line
		f, ok := fields[k.Value]
		if !ok {
			d.fail(k.Line, sub, "unknown key", unknownKeyHint(k.Value, fields))
			continue
		}
		d.lines[sub] = val.Line
		d.decode(val, v.FieldByIndex(f.Index), sub)
	}
}

// merge reads the mapping (or list of mappings) of a YAML merge key.
func (d *decoder) merge(n *yaml.Node, v reflect.Value, path string) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.SequenceNode {
		for _, c := range n.Content {
			d.merge(c, v, path)
		}
		return
	}
	d.mapping(n, v, path)
}

func (d *decoder) sequence(n *yaml.Node, v reflect.Value, path string) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n.Line, path, "expected a list, found "+describe(n), "start each item on its own line with \"- \"")
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, c := range n.Content {
		d.decode(c, s.Index(i), path+"["+strconv.Itoa(i)+"]")
	}
	v.Set(s)
}

// leaf decodes a value yaml.v3 reads whole, and words its errors for the
// field's type.
func (d *decoder) leaf(n *yaml.Node, v reflect.Value, path string) {
	err := n.Decode(v.Addr().Interface())
	if err == nil {
		return
	}
	var fe *FieldError
	if errors.As(err, &fe) { // StringList and ByteSize explain themselves
		line := fe.Line
		if line == 0 {
			line = n.Line
		}
		// A field inside the value (a key of a range selector) is named
		// relative to it: "[1].start_before".
		d.fail(line, path+fe.Field, fe.Msg, fe.Hint)
		return
	}
	msg, hint := typeMessage(n, v.Type())
	d.fail(n.Line, path, msg, hint)
}

// typeMessage says why a value does not fit its field's type, and how to
// write one that does.
func typeMessage(n *yaml.Node, t reflect.Type) (msg, hint string) {
	if n.Kind != yaml.ScalarNode {
		return "expected " + typeName(t) + ", found " + describe(n), ""
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	v := n.Value
	switch {
	case t == durationType && (n.Tag == "!!int" || n.Tag == "!!float"):
		return v + " has no unit", fmt.Sprintf("a duration needs one: %ss for seconds, %sm for minutes, %sh for hours", v, v, v)
	case t == durationType:
		return fmt.Sprintf("%q is not a duration", v), "write a number with a unit, such as 30s, 5m or 1h"
	case t.Kind() == reflect.Bool:
		return fmt.Sprintf("%q is not true or false", v), ""
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return fmt.Sprintf("%q is not a whole number", v), ""
	case t.Kind() == reflect.Slice:
		return fmt.Sprintf("expected %s, found %q", typeName(t), v), "write [a, b] or one item per line starting with \"- \""
	}
	return fmt.Sprintf("%q is not %s", v, typeName(t)), ""
}

func typeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == durationType:
		return "a duration"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "a whole number"
	case t.Kind() == reflect.String:
		return "a text value"
	case t.Kind() == reflect.Slice:
		return "a list of " + strings.TrimPrefix(typeName(t.Elem()), "a ") + "s"
	case t.Kind() == reflect.Struct:
		return "keys and values"
	}
	return "a " + t.String()
}

// describe names what a node is, for "expected X, found Y".
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "keys and values"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

func lastName(path string) string {
	if path == "" {
		return "it"
	}
	return path[strings.LastIndexAny(path, ".")+1:]
}

// unknownKeyHint suggests the key that was most likely meant, or lists the
// known ones.
func unknownKeyHint(key string, fields map[string]reflect.StructField) string {
	known := sortedKeys(fields)
	if s, ok := suggest.Closest(key, known); ok {
		return "did you mean `" + s + "`?"
	}
	return "known keys here: " + strings.Join(known, ", ")
}

func (d *decoder) yamlFields(t reflect.Type) map[string]reflect.StructField {
	if out, ok := d.fields[t]; ok {
		return out
	}
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		out[name] = f
	}
	d.fields[t] = out
	return out
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
