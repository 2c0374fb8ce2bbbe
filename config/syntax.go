package config

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// syntaxError locates a YAML syntax error and says how to fix it.
//
// yaml.v3 reports a parse error on the line where the enclosing block
// began (line 1 for a mistake anywhere under `vendors:`), and leaves the
// line out altogether for the first line. The line at fault is the first
// one whose prefix of the file no longer parses: a parser fails at the
// first bad token, whatever follows, so that prefix is found by bisection
// in a few parses.
func syntaxError(name string, data []byte, err error) *FieldError {
	fe := lineError(name, err.Error())
	lines := strings.SplitAfter(string(data), "\n")
	prefixErr := func(n int) (string, bool) {
		var node yaml.Node
		err := yaml.Unmarshal([]byte(strings.Join(lines[:n], "")), &node)
		if err == nil {
			return "", false
		}
		msg := lineError(name, err.Error()).Msg
		return msg, !strings.Contains(msg, "end of stream")
	}
	if !strings.Contains(fe.Msg, "end of stream") {
		lo, hi := 1, len(lines) // the whole file fails; find the shortest prefix that does
		for lo < hi {
			mid := (lo + hi) / 2
			if _, bad := prefixErr(mid); bad {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		if msg, bad := prefixErr(lo); bad && msg == fe.Msg && lo >= fe.Line {
			fe.Line = lo
		}
	} else if l := unclosedQuote(lines, fe.Line); l > 0 {
		fe.Line = l
	}
	if fe.Line < 1 {
		fe.Line = 1
	}
	line := ""
	if fe.Line <= len(lines) {
		line = strings.TrimRight(lines[fe.Line-1], "\r\n")
	}
	explain(fe, line, lines[:fe.Line-1])
	return fe
}

// explain turns yaml.v3's message into what went wrong with the line and
// how to fix it.
func explain(fe *FieldError, line string, before []string) {
	indent := len(line) - len(strings.TrimLeft(line, " "))
	value := strings.TrimSpace(line)
	if _, v, ok := strings.Cut(value, ": "); ok {
		value = strings.TrimSpace(v)
	}
	switch {
	case strings.HasPrefix(strings.TrimLeft(line, " "), "\t"):
		fe.Msg, fe.Hint = "a tab in the indentation", "indent with spaces: YAML does not allow tabs"
	case strings.Contains(fe.Msg, "end of stream"):
		fe.Msg, fe.Hint = "a quote or bracket opened here is never closed", "close it on the same line, or check for a stray quote"
	case strings.Contains(fe.Msg, "cannot start any token") && (strings.HasPrefix(value, "@") || strings.HasPrefix(value, "`")):
		fe.Msg = fmt.Sprintf("a value cannot start with %q unquoted", value[:1])
		fe.Hint = fmt.Sprintf("quote it: \"%s\"", value)
	case strings.Contains(fe.Msg, "mapping values are not allowed"):
		if prev, n, ok := previousValue(before); ok && indent > n {
			key := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(prev), "- "))
			key, _, _ = strings.Cut(key, ":")
			fe.Msg = fmt.Sprintf("this line is indented more than %q on line %d, so YAML reads it as the rest of that value", key, len(before))
			fe.Hint = fmt.Sprintf("start it in the same column as %s to make it a key of its own", key)
			break
		}
		fe.Msg, fe.Hint = "a value that contains \": \" must be quoted", "write it in double quotes"
	case strings.Contains(fe.Msg, "did not find expected key"),
		strings.Contains(fe.Msg, "did not find expected '-' indicator"),
		strings.Contains(fe.Msg, "block sequence entries are not allowed"):
		field, msg, hint := indentation(line, indent, before)
		fe.Field, fe.Msg, fe.Hint = field, msg, hint
	default:
		fe.Hint = "a YAML syntax error: check this line and the one before"
	}
}

// previousValue is the line before, when it is a `key: value` line, with
// its indentation.
func previousValue(before []string) (string, int, bool) {
	if len(before) == 0 {
		return "", 0, false
	}
	l := strings.TrimRight(before[len(before)-1], "\r\n")
	_, v, ok := strings.Cut(l, ": ")
	if !ok || strings.TrimSpace(v) == "" {
		return "", 0, false
	}
	rest := strings.TrimLeft(l, " ")
	for strings.HasPrefix(rest, "- ") { // the key of a list item stands after its dash
		rest = strings.TrimLeft(rest[2:], " ")
	}
	return l, len(l) - len(rest), true
}

// unclosedQuote finds the line, before the end of the file, where a value
// opens a quote that the line does not close.
func unclosedQuote(lines []string, end int) int {
	for i := min(end, len(lines)) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		_, v, ok := strings.Cut(l, ": ")
		if !ok {
			v = strings.TrimPrefix(l, "- ")
		}
		v = strings.TrimSpace(v)
		if len(v) > 0 && (v[0] == '"' || v[0] == '\'') && (len(v) == 1 || !strings.HasSuffix(v, v[:1])) {
			return i + 1
		}
	}
	return 0
}

// block is one mapping or list on the way to the end of the part of the
// file that parses: its path, where its keys or dashes stand, and the Go
// type it decodes into.
type block struct {
	path   string
	column int // 1-based
	list   bool
	typ    reflect.Type
}

// indentation explains a line indented to no level of the blocks above
// it. When its key belongs to one of them, that one is named.
func indentation(line string, indent int, before []string) (field, msg, hint string) {
	item := strings.HasPrefix(strings.TrimSpace(line), "-")
	key, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(line), "- "), ":")
	key = strings.TrimSpace(key)
	blocks := openBlocks(before)
	var best *block
	for i := range blocks {
		b := &blocks[i]
		if b.list != item {
			continue
		}
		elem := b.typ
		if b.list && elem != nil {
			elem = elem.Elem()
		}
		for elem != nil && elem.Kind() == reflect.Pointer {
			elem = elem.Elem()
		}
		if elem != nil && elem.Kind() == reflect.Struct {
			if _, ok := newDecoder().yamlFields(elem)[key]; ok {
				best = b // the deepest block that has this key
			}
		}
	}
	if best == nil {
		for i := range blocks {
			b := &blocks[i]
			if b.list == item && (best == nil || abs(b.column-1-indent) < abs(best.column-1-indent)) {
				best = b
			}
		}
	}
	what := fmt.Sprintf("%q", key)
	if item {
		what = "this list item"
	}
	if best == nil {
		return "", what + " is indented to no level of the lines above it", "YAML nests by indentation: line it up with the keys it belongs with"
	}
	others := "the other keys here"
	if best.list {
		others = "the other items here"
	}
	name := best.path
	if name == "" {
		name = "the top level"
	}
	return best.path, fmt.Sprintf("%s is indented by %s, %s by %s", what, spaces(indent), others, spaces(best.column-1)),
		fmt.Sprintf("YAML nests by indentation: indent it by %s to put it in %s", spaces(best.column-1), name)
}

func spaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return strconv.Itoa(n) + " spaces"
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// openBlocks parses the lines before the faulty one and lists the blocks
// still open at their end, from the top level down, with their Go types.
func openBlocks(before []string) []block {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(strings.Join(before, "")), &root); err != nil || len(root.Content) == 0 {
		return nil
	}
	var out []block
	n, t, path := root.Content[0], reflect.TypeFor[Config](), ""
	d := newDecoder()
	for n != nil && t != nil {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch n.Kind {
		case yaml.MappingNode:
			if t.Kind() != reflect.Struct {
				return append(out, block{path: path, column: n.Column})
			}
			out = append(out, block{path: path, column: n.Column, typ: t})
			if len(n.Content) < 2 {
				return out
			}
			k := n.Content[len(n.Content)-2]
			f, ok := d.yamlFields(t)[k.Value]
			if !ok {
				return out
			}
			n, t, path = n.Content[len(n.Content)-1], f.Type, joinPath(path, k.Value)
		case yaml.SequenceNode:
			if t.Kind() != reflect.Slice {
				return append(out, block{path: path, column: n.Column, list: true})
			}
			out = append(out, block{path: path, column: n.Column, list: true, typ: t})
			if len(n.Content) == 0 {
				return out
			}
			n, t, path = n.Content[len(n.Content)-1], t.Elem(), fmt.Sprintf("%s[%d]", path, len(n.Content)-1)
		default:
			return out
		}
	}
	return out
}

// sortErrors orders problems by line, so that the list reads like the file.
func sortErrors(es Errors) {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
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
