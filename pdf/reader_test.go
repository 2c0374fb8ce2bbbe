package pdf_test

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/pdf"
	"github.com/tracker-dev/tracker/pdf/pdftest"
)

// reader is shared by the tests: starting PDFium once is what costs.
var reader *pdf.Reader

func TestMain(m *testing.M) {
	reader = pdf.NewReader(pdf.ReaderOptions{})
	code := m.Run()
	_ = reader.Close()
	os.Exit(code)
}

func read(t *testing.T, body []byte) pdf.Result {
	t.Helper()
	res, err := reader.Read(body)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// lines renders blocks as the canonical text does, one per line.
func lines(blocks []doc.Block) []string {
	d := &doc.Document{}
	for _, b := range blocks {
		b.Text = doc.Normalize(b.Text)
		d.Blocks = append(d.Blocks, b)
	}
	return strings.Split(d.Text(), "\n")
}

func TestTwoColumnsReadInOrder(t *testing.T) {
	res := read(t, pdftest.TwoColumnPolicy())
	if res.Title != "Acme Privacy Policy" || res.Pages != 1 {
		t.Errorf("title %q, %d pages", res.Title, res.Pages)
	}
	var got []string
	for _, b := range res.Blocks {
		got = append(got, doc.Normalize(b.Text))
	}
	want := pdftest.TwoColumnPolicyText()
	for i := range want {
		want[i] = doc.Normalize(want[i])
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if b := res.Blocks[0]; b.Kind != doc.Heading || b.Level != 1 {
		t.Errorf("title block %+v, want a level-1 heading", b)
	}
	if b := res.Blocks[2]; b.Kind != doc.Heading || b.Level != 2 {
		t.Errorf("section heading %+v, want a level-2 heading", b)
	}
}

func TestSubprocessorTableRows(t *testing.T) {
	res := read(t, pdftest.SubprocessorList(pdftest.DefaultSubprocessors))
	var rows []string
	for _, b := range res.Blocks {
		if b.Kind == doc.TableRow {
			rows = append(rows, doc.Normalize(b.Text))
		}
	}
	want := []string{"Sub-processor | Purpose | Location"}
	for _, s := range pdftest.DefaultSubprocessors {
		want = append(want, s.Name+" | "+s.Purpose+" | "+s.Location)
	}
	if !slices.Equal(rows, want) {
		t.Errorf("rows:\n%s\nwant:\n%s\nall blocks:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"), strings.Join(lines(res.Blocks), "\n"))
	}
	last := res.Blocks[len(res.Blocks)-1]
	if last.Kind != doc.Paragraph || !strings.HasPrefix(last.Text, "We will notify customers") {
		t.Errorf("the paragraph after the table: %+v", last)
	}
}

func TestDPAHeadersAndFootersDropped(t *testing.T) {
	const pages = 6
	res := read(t, pdftest.DPA(pages, pdftest.DPAClause))
	text := strings.Join(lines(res.Blocks), "\n")
	for _, chrome := range []string{"Confidential", "version 4.2", "Page 1 of", "all rights reserved"} {
		if strings.Contains(text, chrome) {
			t.Errorf("running header or footer %q kept:\n%s", chrome, text)
		}
	}
	var headings, paras int
	for _, b := range res.Blocks {
		switch b.Kind {
		case doc.Heading:
			headings++
		case doc.Paragraph:
			paras++
		}
	}
	if headings != pages || paras != pages*5 {
		t.Errorf("%d headings and %d paragraphs, want %d and %d:\n%s", headings, paras, pages, pages*5, text)
	}
	if !strings.Contains(text, "# 3. Sub-processors\n3.1 The Processor shall process Personal Data under section Sub-processors only") {
		t.Errorf("section 3 not read as heading then clause:\n%s", text)
	}
}

func TestNoTextLayer(t *testing.T) {
	d := pdftest.New("")
	p := d.AddPage()
	p.Line(50, 50, 500, 700) // a drawing, as a scan is an image: no text
	_, err := reader.Read(d.Bytes())
	if !errors.Is(err, pdf.ErrNoText) || !strings.Contains(err.Error(), "scanned") {
		t.Errorf("err = %v, want ErrNoText saying it looks scanned", err)
	}
}

func TestDamagedFile(t *testing.T) {
	body := pdftest.TwoColumnPolicy()
	_, err := reader.Read(body[:len(body)/3])
	if err == nil {
		t.Fatal("a third of a PDF read without error")
	}
	// The engine still reads the next document.
	if res := read(t, body); len(res.Blocks) == 0 {
		t.Fatal("no blocks after a damaged file")
	}
}

// TestInflationBombRefused: a small file whose stream inflates past the
// engine's memory cap is refused with an error that says so, and the
// engine reads the next document (a new instance: the old one aborted).
// Without the cap a 1 MiB file that inflates to 1 GiB took the process to
// 3 GiB resident and ran into the 60 s timeout.
func TestInflationBombRefused(t *testing.T) {
	small := pdf.NewReader(pdf.ReaderOptions{MaxMemory: 32 << 20})
	defer small.Close()
	bomb := pdftest.Bomb(128 << 20)
	_, err := small.Read(bomb)
	if err == nil || !strings.Contains(err.Error(), "more than 32 MiB of memory") {
		t.Fatalf("a %d-byte file inflating to 128 MiB: err = %v, want it refused for memory", len(bomb), err)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("the error carries the engine's stack trace: %q", err)
	}
	if res, err := small.Read(pdftest.TwoColumnPolicy()); err != nil || len(res.Blocks) == 0 {
		t.Fatalf("the next document: %d blocks, err %v", len(res.Blocks), err)
	}
}

func TestIs(t *testing.T) {
	for _, c := range []struct {
		body string
		want bool
	}{
		{"%PDF-1.7\n...", true},
		{"\r\n\r\n%PDF-1.4", true},
		{"<html>%PDF-", true}, // within the first kilobyte: servers prepend junk
		{"<html><body>PDF</body></html>", false},
		{"", false},
	} {
		if got := pdf.Is([]byte(c.body)); got != c.want {
			t.Errorf("Is(%q) = %v", c.body, got)
		}
	}
}

func BenchmarkReadDPA(b *testing.B) {
	for _, pages := range []int{1, 10, 50} {
		body := pdftest.DPA(pages, pdftest.DPAClause)
		b.Run(fmt.Sprintf("pages=%d", pages), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := reader.Read(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
