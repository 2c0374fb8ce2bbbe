package pdf

import (
	"regexp"
	"strings"
	"unicode"
)

// marginBand is the share of the page height, at its top and at its
// bottom, where running headers, footers and page numbers stand.
const marginBand = 0.12

// pageNumber matches what is left of a page-number line once its digits
// are replaced by '#': "#", "page #", "page # of #", "- # -", "#/#".
var pageNumber = regexp.MustCompile(`^(?:page|p\.|seite|pagina|página)?\s*[-–—(]?\s*#+\s*[-–—)]?\s*(?:(?:of|/|von|de|sur|di)\s*#+)?$`)

// dropMargins removes running headers and footers: lines in a page's top
// or bottom band whose text (digits aside) recurs on at least half of the
// pages, and lone page numbers. They would otherwise become clauses that
// appear once per page and change with every page added.
func dropMargins(pages [][]row, heights []float64) [][]row {
	counts := map[string]int{}
	for i, rs := range pages {
		seen := map[string]bool{}
		for _, r := range rs {
			if inMargin(r, heights[i]) {
				for _, s := range r.segs {
					k := marginKey(s.text)
					if !seen[k] {
						seen[k] = true
						counts[k]++
					}
				}
			}
		}
	}
	need := max(2, (len(pages)+1)/2)
	out := make([][]row, len(pages))
	for i, rs := range pages {
		for _, r := range rs {
			if inMargin(r, heights[i]) {
				kept := r.segs[:0:0]
				for _, s := range r.segs {
					k := marginKey(s.text)
					// A lone number is a page number; a number among
					// other cells is a table's.
					if counts[k] >= need || (len(r.segs) == 1 && pageNumber.MatchString(k)) {
						continue
					}
					kept = append(kept, s)
				}
				if len(kept) == 0 {
					continue
				}
				r.segs = kept
			}
			out[i] = append(out[i], r)
		}
	}
	return out
}

func inMargin(r row, height float64) bool {
	return height > 0 && (r.y1 <= marginBand*height || r.y0 >= (1-marginBand)*height)
}

// marginKey is a header's text with its digits folded, so "Page 3 of 12"
// and "Page 4 of 12", or a date that differs per page, count as one.
func marginKey(s string) string {
	var b strings.Builder
	lastHash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsDigit(r):
			if !lastHash {
				b.WriteByte('#')
			}
			lastHash = true
			continue
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
		lastHash = false
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
