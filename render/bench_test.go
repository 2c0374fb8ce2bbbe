package render

import (
	"fmt"
	"io"
	"testing"

	"github.com/tracker-dev/tracker/classify"
)

// bigReport repeats the sample's changes up to n, with distinct sections.
func bigReport(n int) classify.Report {
	sample := sampleReport()
	r := classify.Report{Summary: sample.Summary}
	for i := range n {
		c := sample.Changes[i%len(sample.Changes)]
		c.Section = fmt.Sprintf("%s %d", c.Section, i)
		r.Changes = append(r.Changes, c)
	}
	return r
}

func benchmarkFormat(b *testing.B, f Format) {
	r := bigReport(300)
	opt := Options{Meta: sampleMeta()}
	b.ReportAllocs()
	for b.Loop() {
		if err := Report(io.Discard, f, r, opt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHTML(b *testing.B)     { benchmarkFormat(b, FormatHTML) }
func BenchmarkText(b *testing.B)     { benchmarkFormat(b, FormatText) }
func BenchmarkMarkdown(b *testing.B) { benchmarkFormat(b, FormatMarkdown) }
func BenchmarkJSON(b *testing.B)     { benchmarkFormat(b, FormatJSON) }
