package extract

import (
	"regexp"
	"strings"

	"github.com/tracker-dev/tracker/doc"
)

// builder collects blocks, normalising each text and applying the Ignore
// patterns, so that every input format ends in the same canonical blocks.
type builder struct {
	ignore []*regexp.Regexp
	blocks []doc.Block
	spans  []span // the blocks written from parts, innermost first
}

func newBuilder(opts Options) *builder { return &builder{ignore: opts.Ignore} }

func (b *builder) add(kind doc.Kind, level int, text string) {
	text = cleanText(text)
	if len(b.ignore) > 0 && text != "" {
		for _, re := range b.ignore {
			text = re.ReplaceAllString(text, "")
		}
		text = doc.Normalize(text)
	}
	if text == "" {
		return
	}
	if kind != doc.Heading {
		level = 0
	} else {
		level = min(max(level, 1), 6)
	}
	b.blocks = append(b.blocks, doc.Block{Kind: kind, Level: level, Text: text})
}

// cleanText normalises a block's raw text and resolves the spaces that
// stripped markup left around it (see markupMark).
func cleanText(s string) string {
	if strings.ContainsRune(s, markupMark) {
		s = resolveMarkupSpaces(s)
	}
	return doc.Normalize(s)
}

// title is the first heading's text, for formats without a <title>.
func (b *builder) firstHeading() string {
	for _, bl := range b.blocks {
		if bl.Kind == doc.Heading {
			return bl.Text
		}
	}
	return ""
}
