package config

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/suggest"
)

// StringList accepts a single string or a list of strings.
type StringList []string

func (l *StringList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			*l = nil
			return nil
		}
		*l = StringList{n.Value}
		return nil
	case yaml.SequenceNode:
		out := make(StringList, 0, len(n.Content))
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return &FieldError{Line: c.Line, Msg: "expected a string"}
			}
			out = append(out, c.Value)
		}
		*l = out
		return nil
	}
	return &FieldError{Line: n.Line, Msg: "expected a string or a list of strings"}
}

// ByteSize is a size in bytes, written as a number or with a unit (10MiB, 512KB).
type ByteSize int64

var byteUnits = []struct {
	suffix string
	mult   int64
}{
	{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30},
	{"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000},
	{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1},
}

func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseByteSize(n.Value)
	if err != nil {
		return &FieldError{Line: n.Line, Msg: err.Error()}
	}
	*b = v
	return nil
}

// ParseByteSize reads "10485760", "10MiB", "512 KB".
func ParseByteSize(s string) (ByteSize, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range byteUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a size (use bytes or a unit: 10MiB, 512KB)", s)
	}
	return ByteSize(n * mult), nil
}

// Selector is a CSS selector, or a range: the content between two
// elements, written {start_before|start_after: CSS, end_before|end_after:
// CSS} (Open Terms Archive's range selectors).
type Selector struct {
	CSS         string `yaml:"-"`
	StartBefore string `yaml:"start_before"`
	StartAfter  string `yaml:"start_after"`
	EndBefore   string `yaml:"end_before"`
	EndAfter    string `yaml:"end_after"`
}

// IsRange tells a range from a CSS selector.
func (s Selector) IsRange() bool {
	return s.StartBefore != "" || s.StartAfter != "" || s.EndBefore != "" || s.EndAfter != ""
}

// Range is the selector as extraction takes it; meaningful when IsRange.
func (s Selector) Range() extract.Range {
	r := extract.Range{Start: s.StartBefore, End: s.EndBefore}
	if s.StartAfter != "" {
		r.Start, r.StartAfter = s.StartAfter, true
	}
	if s.EndAfter != "" {
		r.End, r.EndAfter = s.EndAfter, true
	}
	return r
}

// String writes the selector as the configuration does.
func (s Selector) String() string {
	if s.IsRange() {
		return s.Range().String()
	}
	return s.CSS
}

func (s *Selector) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*s = Selector{CSS: n.Value}
		return nil
	case yaml.MappingNode:
		var r Selector
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			dst, ok := map[string]*string{"start_before": &r.StartBefore, "start_after": &r.StartAfter,
				"end_before": &r.EndBefore, "end_after": &r.EndAfter}[k.Value]
			if !ok {
				hint := "a range is {start_before|start_after: CSS, end_before|end_after: CSS}"
				if snake := toSnake(k.Value); slices.Contains(rangeKeys, snake) {
					hint = "did you mean `" + snake + "`? keys are written in snake_case here"
				} else if s, ok := suggest.Closest(snake, rangeKeys); ok {
					hint = "did you mean `" + s + "`?"
				}
				return &FieldError{Line: k.Line, Field: "." + k.Value, Msg: "unknown key", Hint: hint}
			}
			if v.Kind != yaml.ScalarNode {
				return &FieldError{Line: v.Line, Field: "." + k.Value, Msg: "expected a CSS selector"}
			}
			*dst = v.Value
		}
		*s = r
		return nil
	}
	return &FieldError{Line: n.Line, Msg: "expected a CSS selector or a range {start_before: CSS, end_before: CSS}"}
}

func (s Selector) MarshalYAML() (any, error) {
	if !s.IsRange() {
		return s.CSS, nil
	}
	n := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	add := func(k, v string) {
		if v != "" {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k},
				&yaml.Node{Kind: yaml.ScalarNode, Value: v})
		}
	}
	add("start_before", s.StartBefore)
	add("start_after", s.StartAfter)
	add("end_before", s.EndBefore)
	add("end_after", s.EndAfter)
	return n, nil
}

var rangeKeys = []string{"start_before", "start_after", "end_before", "end_after"}

// toSnake writes Open Terms Archive's startBefore as start_before, so that
// the hint names the key meant.
func toSnake(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Selectors accepts one selector or a list of them; CSS selectors and
// ranges may be mixed. Their matches are taken in page order.
type Selectors []Selector

func (l *Selectors) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			*l = nil
			return nil
		}
		fallthrough
	case yaml.MappingNode:
		var s Selector
		if err := s.UnmarshalYAML(n); err != nil {
			return err
		}
		*l = Selectors{s}
		return nil
	case yaml.SequenceNode:
		out := make(Selectors, 0, len(n.Content))
		for i, c := range n.Content {
			var s Selector
			if err := s.UnmarshalYAML(c); err != nil {
				var fe *FieldError
				if errors.As(err, &fe) {
					fe.Field = "[" + strconv.Itoa(i) + "]" + fe.Field
				}
				return err
			}
			out = append(out, s)
		}
		*l = out
		return nil
	}
	return &FieldError{Line: n.Line, Msg: "expected a CSS selector, a range, or a list of them"}
}

// CSS lists the CSS selectors, leaving out the ranges.
func (l Selectors) CSS() []string {
	var out []string
	for _, s := range l {
		if !s.IsRange() {
			out = append(out, s.CSS)
		}
	}
	return out
}

// Ranges lists the ranges, leaving out the CSS selectors.
func (l Selectors) Ranges() []extract.Range {
	var out []extract.Range
	for _, s := range l {
		if s.IsRange() {
			out = append(out, s.Range())
		}
	}
	return out
}

// String writes the list for messages.
func (l Selectors) String() string {
	parts := make([]string, len(l))
	for i, s := range l {
		parts[i] = s.String()
	}
	return strings.Join(parts, ", ")
}

// CSSSelectors makes a list of CSS selectors.
func CSSSelectors(css ...string) Selectors {
	out := make(Selectors, len(css))
	for i, c := range css {
		out[i] = Selector{CSS: c}
	}
	return out
}
