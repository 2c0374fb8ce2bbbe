package extract

import (
	"html"
	"strconv"
	"strings"
)

// Headless CMSs hand pages their text as a tree of typed nodes, which the
// page's scripts turn into HTML. These render the common shapes to HTML so
// that the text goes through the same extraction as any page: Contentful's
// rich text ("nodeType"), ProseMirror documents ("type": "doc", as TipTap,
// Storyblok and Strapi's editors write them) and Portable Text (arrays of
// "_type": "block", from Sanity).

// richText renders v when it is the root of a Contentful or ProseMirror
// document, else "".
func richText(v *jsonValue) string {
	var b strings.Builder
	switch {
	case v.getString("nodeType") == "document" && v.get("content") != nil:
		contentfulNode(&b, v, 0)
	case v.getString("type") == "doc" && v.get("content") != nil:
		proseMirrorNode(&b, v, 0)
	default:
		return ""
	}
	return b.String()
}

// contentfulTags maps Contentful's block node types to elements.
var contentfulTags = map[string]string{
	"paragraph": "p", "heading-1": "h1", "heading-2": "h2", "heading-3": "h3",
	"heading-4": "h4", "heading-5": "h5", "heading-6": "h6",
	"unordered-list": "ul", "ordered-list": "ol", "list-item": "li",
	"blockquote": "blockquote", "table": "table", "table-row": "tr",
	"table-cell": "td", "table-header-cell": "th",
}

func contentfulNode(b *strings.Builder, v *jsonValue, depth int) {
	if depth > maxJSONDepth {
		return
	}
	typ := v.getString("nodeType")
	if typ == "text" {
		writeText(b, v.getString("value"))
		return
	}
	if strings.HasPrefix(typ, "embedded-") {
		return // an entry or asset stored elsewhere: not in the page's data
	}
	tag := contentfulTags[typ]
	if tag != "" {
		b.WriteString("<" + tag + ">")
	}
	if c := v.get("content"); c != nil {
		for _, e := range c.items {
			contentfulNode(b, e, depth+1)
		}
	}
	if tag != "" {
		b.WriteString("</" + tag + ">")
	}
}

// proseMirrorTags maps ProseMirror node types (snake and camel case) to
// elements; headings take their level from attrs.
var proseMirrorTags = map[string]string{
	"paragraph": "p", "bullet_list": "ul", "bulletList": "ul", "ordered_list": "ol",
	"orderedList": "ol", "list_item": "li", "listItem": "li", "blockquote": "blockquote",
	"table": "table", "table_row": "tr", "tableRow": "tr", "table_cell": "td",
	"tableCell": "td", "table_header": "th", "tableHeader": "th",
}

func proseMirrorNode(b *strings.Builder, v *jsonValue, depth int) {
	if depth > maxJSONDepth {
		return
	}
	switch typ := v.getString("type"); typ {
	case "text":
		writeText(b, v.getString("text"))
		return
	case "hard_break", "hardBreak":
		b.WriteString("<br>")
		return
	}
	tag := proseMirrorTags[v.getString("type")]
	if v.getString("type") == "heading" {
		tag = "h2"
		if a := v.get("attrs"); a != nil {
			if l := a.get("level"); l != nil && l.num {
				tag = "h" + strconv.Itoa(min(max(l.level(), 1), 6))
			}
		}
	}
	if tag != "" {
		b.WriteString("<" + tag + ">")
	}
	if c := v.get("content"); c != nil {
		for _, e := range c.items {
			proseMirrorNode(b, e, depth+1)
		}
	}
	if tag != "" {
		b.WriteString("</" + tag + ">")
	}
}

// portableText renders v when it is an array of Portable Text blocks, else "".
func portableText(v *jsonValue) string {
	blocks := 0
	for _, e := range v.items {
		if e.keys != nil && e.getString("_type") == "block" && e.get("children") != nil {
			blocks++
		}
	}
	if blocks == 0 || blocks*2 < len(v.items) {
		return ""
	}
	var b strings.Builder
	for _, e := range v.items {
		if e.keys == nil || e.getString("_type") != "block" {
			continue
		}
		tag := "p"
		switch style := e.getString("style"); {
		case e.getString("listItem") != "":
			tag = "li"
		case len(style) == 2 && style[0] == 'h' && style[1] >= '1' && style[1] <= '6':
			tag = style
		case style == "blockquote":
			tag = "blockquote"
		}
		b.WriteString("<" + tag + ">")
		for _, c := range e.get("children").items {
			if c.keys != nil {
				writeText(&b, c.getString("text"))
			}
		}
		b.WriteString("</" + tag + ">")
	}
	return b.String()
}

// writeText writes a text node's value; its line breaks are breaks.
func writeText(b *strings.Builder, s string) {
	b.WriteString(strings.ReplaceAll(html.EscapeString(s), "\n", "<br>"))
}
