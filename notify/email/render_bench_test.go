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

func BenchmarkMessageBytes(b *testing.B) {
	m := loadMessageB(b)
	subject, text, html, err := Render(m)
	if err != nil {
		b.Fatal(err)
	}
	n, err := New(Config{Host: "127.0.0.1", Port: 25, TLS: TLSNone, From: "a@example.org", To: []string{"b@example.org"}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		msg := message{From: n.from, To: n.to, Subject: subject, MessageID: "x@example.org", Date: sentAt, Text: text, HTML: html}
		if _, err := msg.bytes(); err != nil {
			b.Fatal(err)
		}
	}
}
