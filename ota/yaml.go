package ota

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tracker-dev/tracker/config"
)

// NewConfig writes a whole configuration file holding the vendors, with
// header as its first comment lines.
func NewConfig(vendors []Vendor, header string) ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode, HeadComment: header}
	root.Content = append(root.Content, scalar("database"), scalar("tracker.db"), scalar("vendors"), vendorsNode(vendors))
	return encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}})
}

// Extended is what ExtendConfig did.
type Extended struct {
	Config []byte
	Added  []string // vendor ids added
	Kept   []string // vendor ids already in the file: left as they were, not imported again
	// Rewritten is set when the file could not be extended by appending
	// text (its vendors list is not its last key, or is written inline):
	// it was written again from its parsed form, comments kept, layout
	// possibly not.
	Rewritten bool
}

// ExtendConfig adds to an existing configuration file the vendors it does
// not have yet; vendors whose id it has are left exactly as the user wrote
// them. When the vendors list ends the file (the usual layout), the new
// vendors are appended as text and every byte of the file is kept.
func ExtendConfig(existing []byte, vendors []Vendor) (Extended, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(existing, &doc); err != nil {
		return Extended{}, fmt.Errorf("ota: read the configuration to extend: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return Extended{}, errors.New("ota: the configuration to extend is not a YAML mapping")
	}
	root := doc.Content[0]
	var seq *yaml.Node
	last := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "vendors" {
			seq = root.Content[i+1]
			last = i+2 == len(root.Content)
		}
	}
	if seq != nil && seq.Kind != yaml.SequenceNode && !(seq.Kind == yaml.ScalarNode && seq.Tag == "!!null") {
		return Extended{}, errors.New("ota: the configuration's vendors is not a list")
	}
	have := map[string]bool{}
	if seq != nil {
		for _, item := range seq.Content {
			if id := mappingValue(item, "id"); id != "" {
				have[id] = true
			}
		}
	}
	var out Extended
	var add []Vendor
	for _, v := range vendors {
		if have[v.ID] {
			out.Kept = append(out.Kept, v.ID)
			continue
		}
		out.Added = append(out.Added, v.ID)
		add = append(add, v)
	}
	if len(add) == 0 {
		out.Config = existing
		return out, nil
	}
	if last && seq.Kind == yaml.SequenceNode && seq.Style&yaml.FlowStyle == 0 && len(seq.Content) > 0 {
		if text, ok := appendItems(existing, seq, add); ok {
			out.Config = text
			return out, nil
		}
	}
	// Written again from the tree: yaml.v3 keeps comments, not blank lines
	// or every quoting choice.
	out.Rewritten = true
	items := vendorsNode(add).Content
	switch {
	case seq == nil:
		root.Content = append(root.Content, scalar("vendors"), vendorsNode(add))
	case seq.Kind == yaml.ScalarNode: // vendors: with nothing
		*seq = *vendorsNode(add)
	default:
		seq.Style = 0
		seq.Content = append(seq.Content, items...)
	}
	text, err := encode(&doc)
	if err != nil {
		return Extended{}, err
	}
	out.Config = text
	return out, nil
}

// appendItems writes the new vendors after the last line of the file, at
// the indentation of the existing list's dashes.
func appendItems(existing []byte, seq *yaml.Node, add []Vendor) ([]byte, bool) {
	lines := strings.Split(string(existing), "\n")
	first := seq.Content[0]
	if first.Line < 1 || first.Line > len(lines) {
		return nil, false
	}
	line := lines[first.Line-1]
	dash := strings.LastIndex(line[:min(len(line), max(0, first.Column-1))], "-")
	if dash < 0 || strings.TrimSpace(line[:dash]) != "" {
		return nil, false
	}
	items, err := encode(vendorsNode(add))
	if err != nil {
		return nil, false
	}
	var b bytes.Buffer
	b.Write(existing)
	if len(existing) > 0 && existing[len(existing)-1] != '\n' {
		b.WriteByte('\n')
	}
	pad := strings.Repeat(" ", dash)
	for _, l := range strings.SplitAfter(string(items), "\n") {
		if l == "" {
			continue
		}
		if strings.TrimSpace(l) != "" {
			b.WriteString(pad)
		}
		b.WriteString(l)
	}
	return b.Bytes(), true
}

func mappingValue(n *yaml.Node, key string) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1].Value
		}
	}
	return ""
}

func encode(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, fmt.Errorf("ota: write YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("ota: write YAML: %w", err)
	}
	return b.Bytes(), nil
}

func vendorsNode(vendors []Vendor) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	for _, v := range vendors {
		m := &yaml.Node{Kind: yaml.MappingNode}
		m.HeadComment = "Open Terms Archive service " + quoteComment(v.Service.ID)
		docs := &yaml.Node{Kind: yaml.SequenceNode}
		for _, d := range v.Documents {
			docs.Content = append(docs.Content, documentNode(d))
		}
		m.Content = append(m.Content, scalar("id"), scalar(v.ID), scalar("name"), scalar(v.Name), scalar("documents"), docs)
		seq.Content = append(seq.Content, m)
	}
	return seq
}

func documentNode(d Document) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	comment := []string{d.Terms}
	for _, w := range d.Warnings {
		comment = append(comment, "WARNING: "+w)
	}
	for _, p := range d.Past {
		comment = append(comment, "earlier declaration, "+p)
	}
	m.HeadComment = strings.Join(comment, "\n")
	m.Content = append(m.Content, scalar("type"), scalar(d.Type))
	if len(d.Pages) > 0 {
		pages := &yaml.Node{Kind: yaml.SequenceNode}
		for _, p := range d.Pages {
			pm := &yaml.Node{Kind: yaml.MappingNode}
			pm.Content = append(pm.Content, scalar("url"), scalar(p.URL))
			if p.Select != nil {
				pm.Content = append(pm.Content, scalar("select"), selectorsNode(p.Select))
			}
			if p.Remove != nil {
				pm.Content = append(pm.Content, scalar("remove"), selectorsNode(p.Remove))
			}
			pages.Content = append(pages.Content, pm)
		}
		m.Content = append(m.Content, scalar("pages"), pages)
	} else {
		m.Content = append(m.Content, scalar("url"), scalar(d.URL))
	}
	if len(d.Select) > 0 {
		m.Content = append(m.Content, scalar("select"), selectorsNode(d.Select))
	}
	if len(d.Remove) > 0 {
		m.Content = append(m.Content, scalar("remove"), selectorsNode(d.Remove))
	}
	if d.Render != "" {
		m.Content = append(m.Content, scalar("render"), scalar(d.Render))
	}
	return m
}

func selectorsNode(l config.Selectors) *yaml.Node {
	if len(l) == 1 && !l[0].IsRange() {
		return scalar(l[0].CSS)
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	for _, s := range l {
		if !s.IsRange() {
			seq.Content = append(seq.Content, scalar(s.CSS))
			continue
		}
		r := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		for _, kv := range [][2]string{{"start_before", s.StartBefore}, {"start_after", s.StartAfter}, {"end_before", s.EndBefore}, {"end_after", s.EndAfter}} {
			if kv[1] != "" {
				r.Content = append(r.Content, scalar(kv[0]), scalar(kv[1]))
			}
		}
		seq.Content = append(seq.Content, r)
	}
	return seq
}

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

// quoteComment keeps a name on one comment line.
func quoteComment(s string) string { return strings.ReplaceAll(s, "\n", " ") }
