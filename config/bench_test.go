package config

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkParse reads a configuration of 2000 vendors, as large as the
// bench's scaling run: every crawl starts with it.
func BenchmarkParse(b *testing.B) {
	var y strings.Builder
	y.WriteString("database: tracker.db\nvendors:\n")
	for i := range 2000 {
		fmt.Fprintf(&y, "  - id: vendor-%04d\n    name: Vendor %d\n    documents:\n", i, i)
		fmt.Fprintf(&y, "      - type: privacy\n        url: https://vendor-%04d.example/privacy\n", i)
	}
	data := []byte(y.String())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, "bench.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}
