package pdf

import (
	"math"
	"strings"
)

// colTolerance is how far, in points, the left edges of one table
// column's cells may stray.
const colTolerance = 6

// table is a run of rows read as a table: its column starts and its
// records (one per table row, which may span several lines).
type table struct {
	end     int // index after the table's last row
	records [][]string
}

// tableAt reads a table starting at rows[i], if one starts there: at
// least two lines with several cells whose left edges line up, followed by
// the lines that continue them (a cell's text wrapped onto more lines).
func tableAt(rs []row, i int) (table, bool) {
	if len(rs[i].segs) < 2 {
		return table{}, false
	}
	cols := starts(rs[i])
	// The next multi-cell line must come soon and share the columns.
	second := -1
	for j := i + 1; j < len(rs) && j <= i+6 && rs[j].page == rs[i].page; j++ {
		if len(rs[j].segs) >= 2 {
			second = j
			break
		}
	}
	if second < 0 || shared(cols, starts(rs[second])) < 2 {
		return table{}, false
	}
	for _, x := range starts(rs[second]) {
		cols = addStart(cols, x)
	}

	// First the extent: lines that keep to the columns, close together.
	end := i + 1
	var gaps []float64
	for ; end < len(rs); end++ {
		r, prev := rs[end], rs[end-1]
		gap := r.y0 - prev.y1
		idx, ok := cellColumns(r, cols)
		if r.page != prev.page || gap > 2.5*r.size() || gap < -0.5*r.size() || !ok {
			break
		}
		if len(r.segs) == 1 && !withinColumn(r.segs[0], idx[0], cols) {
			break // a line across the columns: the text after the table
		}
		gaps = append(gaps, gap)
	}
	// Then the records. A table that sets its rows apart with extra space
	// starts a row after each wider gap; one that does not starts a row at
	// each line with a first cell and more, the others continuing cells.
	minGap := math.Inf(1)
	for _, g := range gaps {
		minGap = min(minGap, g)
	}
	spaced := false
	for _, g := range gaps {
		spaced = spaced || g > 1.25*minGap+1
	}
	t := table{end: end}
	var rec []string
	for j := i; j < end; j++ {
		r := rs[j]
		idx, _ := cellColumns(r, cols)
		if j > i {
			gap := gaps[j-i-1]
			var fresh bool
			if spaced {
				fresh = gap > 1.25*minGap+1
			} else {
				fresh = idx[0] == 0 && len(r.segs) >= 2
			}
			if fresh {
				t.records = append(t.records, rec)
				rec = nil
			}
		}
		if rec == nil {
			rec = make([]string, len(cols))
		}
		for k, s := range r.segs {
			if c := idx[k]; rec[c] != "" {
				rec[c] = joinLine(rec[c], s.text)
			} else {
				rec[c] = s.text
			}
		}
	}
	t.records = append(t.records, rec)
	return t, true
}

// starts are a row's cell left edges.
func starts(r row) []float64 {
	xs := make([]float64, len(r.segs))
	for i, s := range r.segs {
		xs[i] = s.x0
	}
	return xs
}

func shared(a, b []float64) int {
	n := 0
	for _, x := range b {
		if nearest(a, x) >= 0 {
			n++
		}
	}
	return n
}

func nearest(cols []float64, x float64) int {
	for i, c := range cols {
		if math.Abs(c-x) <= colTolerance {
			return i
		}
	}
	return -1
}

// addStart inserts x into the sorted column starts unless one is close.
func addStart(cols []float64, x float64) []float64 {
	if nearest(cols, x) >= 0 {
		return cols
	}
	for i, c := range cols {
		if x < c {
			return append(cols[:i], append([]float64{x}, cols[i:]...)...)
		}
	}
	return append(cols, x)
}

// cellColumns places each segment of r in a column; ok is false when one
// starts where no column does.
func cellColumns(r row, cols []float64) ([]int, bool) {
	idx := make([]int, len(r.segs))
	for k, s := range r.segs {
		c := nearest(cols, s.x0)
		if c < 0 {
			return nil, false
		}
		idx[k] = c
	}
	return idx, true
}

// withinColumn reports whether a lone line stays inside its column, as the
// wrapped text of a cell does; a paragraph after the table runs across.
func withinColumn(s segment, c int, cols []float64) bool {
	return c+1 >= len(cols) || s.x1 <= cols[c+1]+1
}

// rowText joins a record's cells as the HTML extraction joins table cells.
func rowText(cells []string) string {
	kept := cells[:0:0]
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			kept = append(kept, c)
		}
	}
	return strings.Join(kept, " | ")
}
