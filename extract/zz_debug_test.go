package extract

import (
	"compress/gzip"
	"io"
	"os"
	"strings"
	"testing"
)

func TestZZDump(t *testing.T) {
	p := os.Getenv("DUMP")
	if p == "" {
		t.Skip()
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	var r io.Reader = f
	if strings.HasSuffix(p, ".gz") {
		r, _ = gzip.NewReader(f)
	}
	body, _ := io.ReadAll(r)
	name := strings.TrimSuffix(p, ".gz")
	d, err := Bytes(body, os.Getenv("CT"), name, Options{Select: strings.Fields(os.Getenv("SEL"))})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/dump.txt", []byte("TITLE: "+d.Title+"\nMAIN: "+d.Main+"\n"+d.Text()+"\n"), 0o644)
}
