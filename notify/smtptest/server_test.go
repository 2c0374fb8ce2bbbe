package smtptest

import (
	"crypto/tls"
	"encoding/base64"
	"net/smtp"
	"net/textproto"
	"strings"
	"testing"
)

// dialText opens a raw session and reads the greeting.
func dialText(t *testing.T, s *Server) *textproto.Conn {
	t.Helper()
	c, err := textproto.Dial("tcp", s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, _, err := c.ReadResponse(220); err != nil {
		t.Fatal(err)
	}
	return c
}

func expect(t *testing.T, c *textproto.Conn, code int, format string, args ...any) string {
	t.Helper()
	if err := c.PrintfLine(format, args...); err != nil {
		t.Fatal(err)
	}
	_, msg, err := c.ReadResponse(code)
	if err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return msg
}

func TestAuthPlainWithContinuation(t *testing.T) {
	s := Start(t, Options{Username: "u", Password: "p"})
	c := dialText(t, s)
	if msg := expect(t, c, 250, "EHLO test"); !strings.Contains(msg, "AUTH PLAIN") {
		t.Errorf("EHLO does not offer AUTH: %q", msg)
	}
	expect(t, c, 530, "MAIL FROM:<a@example.org>")
	expect(t, c, 334, "AUTH PLAIN")
	expect(t, c, 535, "%s", base64.StdEncoding.EncodeToString([]byte("\x00u\x00wrong")))
	expect(t, c, 334, "AUTH PLAIN")
	expect(t, c, 235, "%s", base64.StdEncoding.EncodeToString([]byte("\x00u\x00p")))
	expect(t, c, 250, "MAIL FROM:<a@example.org> SIZE=10")
	expect(t, c, 250, "RCPT TO:<b@example.org>")
	expect(t, c, 354, "DATA")
	expect(t, c, 250, "Subject: hi\r\n\r\n..dot line\r\n.")
	expect(t, c, 221, "QUIT")
	got := s.Messages()
	if len(got) != 1 || got[0].Auth != "u" || got[0].From != "a@example.org" || string(got[0].Data) != "Subject: hi\r\n\r\n.dot line\r\n" {
		t.Errorf("recorded %+v", got)
	}
}

func TestRespondAndTLS(t *testing.T) {
	s := Start(t, Options{STARTTLS: true})
	send := func() error {
		return smtp.SendMail(s.Addr, nil, "a@example.org", []string{"b@example.org"}, []byte("Subject: x\r\n\r\nbody\r\n"))
	}
	s.Respond("rcpt", "550 5.1.1 no such user")
	// SendMail checks the certificate against the system roots and fails:
	// use a client with the test pool instead.
	c, err := smtp.Dial(s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartTLS(&tls.Config{ServerName: s.Host, RootCAs: s.RootCAs}); err != nil {
		t.Fatalf("starttls: %v", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		t.Error("STARTTLS offered again inside TLS")
	}
	if err := c.Mail("a@example.org"); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("b@example.org"); err == nil || !strings.HasPrefix(err.Error(), "550") {
		t.Errorf("RCPT = %v, want the forced 550", err)
	}
	c.Close()
	s.Respond("RCPT", "")
	if err := send(); err == nil {
		t.Error("SendMail trusted the self-signed certificate")
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("%d messages recorded, want 0", n)
	}
	s.Close()
	s.Close() // idempotent
}

// A message with a line over 998 bytes is refused, as strict relays do,
// so a test that sends through this server finds such lines.
func TestRefusesLongLines(t *testing.T) {
	s := Start(t, Options{})
	c := dialText(t, s)
	expect(t, c, 250, "EHLO test")
	expect(t, c, 250, "MAIL FROM:<a@example.org>")
	expect(t, c, 250, "RCPT TO:<b@example.org>")
	expect(t, c, 354, "DATA")
	expect(t, c, 250, "Subject: %s\r\n\r\nok\r\n.", strings.Repeat("x", 989)) // 998 bytes with "Subject: "
	expect(t, c, 250, "MAIL FROM:<a@example.org>")
	expect(t, c, 250, "RCPT TO:<b@example.org>")
	expect(t, c, 354, "DATA")
	if msg := expect(t, c, 552, "To: %s\r\n\r\nok\r\n.", strings.Repeat("y", 996)); !strings.Contains(msg, "line of 1000 bytes") {
		t.Errorf("refusal %q does not say why", msg)
	}
	if n := len(s.Messages()); n != 1 {
		t.Errorf("%d messages accepted, want the first only", n)
	}
}
