package extract

import (
	"errors"
	"strings"
	"testing"
)

func TestHTMLRanges(t *testing.T) {
	page := `<html><body><nav>Menu</nav>
<main><div class="intro"><h1>Privacy</h1><p>We care.</p></div>
<section id="s1"><h2>Collection</h2><p>We collect email.</p><ul><li>one</li><li id="two">two</li><li>three</li></ul></section>
<section id="s2"><h2 id="sharing">Sharing</h2><p>We share nothing.</p></section>
<h2 id="toc-heading">Contents</h2><ul><li><a href="#s1">Collection</a></li></ul>
<p id="mixed">Start <b id="b">bold</b> middle <i id="i">italic</i> end.</p>
</main><footer>© 2026</footer></body></html>`
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"before to before", Options{SelectRanges: []Range{{Start: "h1", End: "#toc-heading"}}},
			"# Privacy\nWe care.\n## Collection\nWe collect email.\n- one\n- two\n- three\n## Sharing\nWe share nothing."},
		{"after to after", Options{SelectRanges: []Range{{Start: "h1", StartAfter: true, End: "#sharing", EndAfter: true}}},
			"We care.\n## Collection\nWe collect email.\n- one\n- two\n- three\n## Sharing"},
		{"starts inside a list, ends in another section", Options{SelectRanges: []Range{{Start: "#two", End: "#s2 p"}}},
			"- two\n- three\n## Sharing"},
		{"within one paragraph's inline run", Options{SelectRanges: []Range{{Start: "#b", End: "#i", EndAfter: true}}},
			"bold middle italic"},
		{"beside a CSS selector, in page order", Options{Select: []string{"#s2"}, SelectRanges: []Range{{Start: "h1", End: "#s1"}}},
			"# Privacy\nWe care.\n## Sharing\nWe share nothing."},
		{"a range overlapping a CSS match is not doubled", Options{Select: []string{"#s1"}, SelectRanges: []Range{{Start: "#s1", End: "#s2"}}},
			"## Collection\nWe collect email.\n- one\n- two\n- three"},
		{"remove a range", Options{Select: []string{"main"}, RemoveRanges: []Range{{Start: "#s1", End: "#toc-heading", EndAfter: true}}},
			"# Privacy\nWe care.\n- Collection\nStart bold middle italic end."},
		{"remove a range and a selector", Options{Select: []string{"main"}, Remove: []string{"#mixed", "#s2"}, RemoveRanges: []Range{{Start: "h1", StartAfter: true, End: "#s2"}}},
			"# Privacy\n## Contents\n- Collection"}, // selected, a table of contents is kept whole: its heading with its list
		// Selector lists, as browsers and Open Terms Archive read them.
		{"a selector list selects in page order", Options{Select: []string{"#s2, .intro"}},
			"# Privacy\nWe care.\n## Sharing\nWe share nothing."},
		{"a list with a sibling combinator", Options{Select: []string{"h2#toc-heading, h2#toc-heading ~ *"}},
			"## Contents\n- Collection\nStart bold middle italic end."},
		{"a list in remove", Options{Select: []string{"main"}, Remove: []string{"section:nth-child(2),section:nth-child(3), #mixed"}},
			"# Privacy\nWe care.\n## Contents\n- Collection"},
		{"a list as a range's end: the first match in the page", Options{SelectRanges: []Range{{Start: "h1", End: "#toc-heading, #s2"}}},
			"# Privacy\nWe care.\n## Collection\nWe collect email.\n- one\n- two\n- three"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := HTML([]byte(page), "text/html", tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Text(); got != tt.want {
				t.Errorf("Text():\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestHTMLRangeErrors(t *testing.T) {
	page := []byte(`<html><body><h1>Policy</h1><p>Text.</p><h2 id="end">End</h2></body></html>`)
	tests := []struct {
		name string
		opts Options
		is   error  // wrapped, when set
		says string // in the message
	}{
		{"start matches nothing", Options{SelectRanges: []Range{{Start: "#nope", End: "#end"}}}, ErrRangeUnmatched, `start_before: "#nope"`},
		{"end matches nothing", Options{SelectRanges: []Range{{Start: "h1", End: "#nope"}}}, ErrRangeUnmatched, "the end"},
		{"remove range matches nothing", Options{RemoveRanges: []Range{{Start: "h1", End: "#nope"}}}, ErrRangeUnmatched, "the end"},
		{"end before start", Options{SelectRanges: []Range{{Start: "#end", End: "h1"}}}, nil, "end comes before the start"},
		{"empty range", Options{SelectRanges: []Range{{Start: "h1", StartAfter: true, End: "p"}}}, ErrNoText, "matched no text"},
		{"invalid selector", Options{SelectRanges: []Range{{Start: "h1[[", End: "p"}}}, nil, `invalid select range`},
		{"missing end", Options{SelectRanges: []Range{{Start: "h1"}}}, nil, "needs a start and an end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := HTML(page, "text/html", tt.opts)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want it to wrap %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("err = %v, want it to say %q", err, tt.says)
			}
		})
	}
}

func TestHTMLRangeLabel(t *testing.T) {
	page := []byte(`<html><body><h1>Policy</h1><p>Text.</p><h2 id="end">End</h2></body></html>`)
	d, err := HTML(page, "", Options{Select: []string{"p"}, SelectRanges: []Range{{Start: "h1", End: "#end", EndAfter: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `select: p, {start_before: "h1", end_after: "#end"}`; d.Main != want {
		t.Errorf("Main = %q, want %q", d.Main, want)
	}
}
