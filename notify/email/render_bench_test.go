package email

import (
	"testing"
)

func BenchmarkRender(b *testing.B) {
	m := loadMessageB(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := Render(m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompose(b *testing.B) {
	m := loadMessageB(b)
	n, err := New(Config{Host: "127.0.0.1", Port: 25, TLS: TLSNone, From: "a@example.org", To: []string{"b@example.org"}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := n.compose(m); err != nil {
			b.Fatal(err)
		}
	}
}
