package wayback

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// parseCDX reads one page of the CDX server's JSON output: a header row of
// field names, one row per capture, and, when more pages follow, an empty
// row then a one-element row holding the resume key. An empty body, "[]" or
// a lone header row mean no captures.
func parseCDX(body []byte) ([]Capture, string, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, "", nil
	}
	var rows [][]string
	if err := json.Unmarshal(body, &rows); err != nil {
		return nil, "", fmt.Errorf("cdx: not a JSON array of string rows: %w", err)
	}
	if len(rows) == 0 {
		return nil, "", nil
	}
	col, err := cdxColumns(rows[0])
	if err != nil {
		return nil, "", err
	}
	var caps []Capture
	for i := 1; i < len(rows); i++ {
		row := rows[i]
		if len(row) == 0 {
			if err := checkResumeTail(rows, i); err != nil {
				return nil, "", err
			}
			return caps, rows[i+1][0], nil
		}
		if len(row) != len(rows[0]) {
			return nil, "", fmt.Errorf("cdx: row %d has %d fields, the header %d", i, len(row), len(rows[0]))
		}
		cp := Capture{
			Timestamp:  row[col.timestamp],
			Original:   row[col.original],
			MimeType:   field(row, col.mimetype),
			StatusCode: field(row, col.statuscode),
			Digest:     field(row, col.digest),
		}
		if _, err := cp.Time(); err != nil {
			return nil, "", fmt.Errorf("cdx: row %d: %w", i, err)
		}
		if cp.Original == "" {
			return nil, "", fmt.Errorf("cdx: row %d: empty original URL", i)
		}
		caps = append(caps, cp)
	}
	return caps, "", nil
}

// checkResumeTail checks that the empty row at i is followed by the resume
// key and nothing else.
func checkResumeTail(rows [][]string, i int) error {
	if i+2 != len(rows) || len(rows[i+1]) != 1 || rows[i+1][0] == "" {
		return fmt.Errorf("cdx: row %d: an empty row must be followed by exactly one resume key row", i)
	}
	return nil
}

// cdxCols are the positions of the fields in a row; -1 when absent.
type cdxCols struct{ timestamp, original, mimetype, statuscode, digest int }

func cdxColumns(header []string) (cdxCols, error) {
	c := cdxCols{-1, -1, -1, -1, -1}
	for i, name := range header {
		switch name {
		case "timestamp":
			c.timestamp = i
		case "original":
			c.original = i
		case "mimetype":
			c.mimetype = i
		case "statuscode":
			c.statuscode = i
		case "digest":
			c.digest = i
		}
	}
	if c.timestamp < 0 || c.original < 0 {
		return c, fmt.Errorf("cdx: header row %q lacks timestamp or original", header)
	}
	return c, nil
}

func field(row []string, i int) string {
	if i < 0 {
		return ""
	}
	return row[i]
}
