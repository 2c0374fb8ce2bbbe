package email

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/smtptest"
)

func newNotifier(t *testing.T, srv *smtptest.Server, mode, user, pass string) *Notifier {
	t.Helper()
	n, err := New(Config{
		Host: srv.Host, Port: srv.Port, TLS: mode, Username: user, Password: pass,
		From: "Tracker <tracker@example.org>", To: []string{"privacy@example.org", "Legal Team <legal@example.org>"},
		Timeout: 5 * time.Second, RootCAs: srv.RootCAs,
	})
	if err != nil {
		t.Fatal(err)
	}
	n.now = func() time.Time { return sentAt }
	return n
}

var sentAt = time.Date(2024, 6, 12, 9, 32, 0, 0, time.UTC)

func TestSendEndToEnd(t *testing.T) {
	tests := []struct {
		name       string
		opts       smtptest.Options
		mode       string
		user, pass string
		wantTLS    bool
	}{
		{"starttls with auth", smtptest.Options{STARTTLS: true, Username: "alerts", Password: "s3cret-pw"}, TLSStart, "alerts", "s3cret-pw", true},
		{"implicit tls", smtptest.Options{ImplicitTLS: true}, TLSImplicit, "", "", true},
		{"none", smtptest.Options{}, TLSNone, "", "", false},
		{"none with auth on localhost", smtptest.Options{Username: "alerts", Password: "pw"}, TLSNone, "alerts", "pw", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := smtptest.Start(t, tt.opts)
			n := newNotifier(t, srv, tt.mode, tt.user, tt.pass)
			m := loadMessage(t)
			if err := n.Send(context.Background(), m); err != nil {
				t.Fatalf("send: %v", err)
			}
			got := srv.Messages()
			if len(got) != 1 {
				t.Fatalf("server got %d messages, want 1", len(got))
			}
			rec := got[0]
			if rec.TLS != tt.wantTLS || rec.Auth != tt.user {
				t.Errorf("session tls=%v auth=%q, want tls=%v auth=%q", rec.TLS, rec.Auth, tt.wantTLS, tt.user)
			}
			if rec.From != "tracker@example.org" || strings.Join(rec.To, ",") != "privacy@example.org,legal@example.org" {
				t.Errorf("envelope from %q to %q", rec.From, rec.To)
			}
			checkMessage(t, rec.Data, m)
		})
	}
}

// checkMessage parses the mail as a client would and compares it with
// what Render produced.
func checkMessage(t *testing.T, data []byte, m notify.Message) {
	t.Helper()
	subject, text, html, err := Render(m)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse message: %v", err)
	}
	h := msg.Header
	dec := new(mime.WordDecoder)
	gotSubject, err := dec.DecodeHeader(h.Get("Subject"))
	if err != nil {
		t.Fatalf("subject: %v", err)
	}
	if gotSubject != subject {
		t.Errorf("Subject %q, want %q", gotSubject, subject)
	}
	if h.Get("MIME-Version") != "1.0" || h.Get("Message-ID") != "<msg_0123456789abcdef01234567@example.org>" {
		t.Errorf("MIME-Version %q, Message-ID %q", h.Get("MIME-Version"), h.Get("Message-ID"))
	}
	if d, err := h.Date(); err != nil || !d.Equal(sentAt) {
		t.Errorf("Date %q: %v", h.Get("Date"), err)
	}
	if to, err := h.AddressList("To"); err != nil || len(to) != 2 || to[1].Name != "Legal Team" {
		t.Errorf("To %q: %v", h.Get("To"), err)
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q: %v", h.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	want := []struct{ ctype, body string }{{"text/plain; charset=utf-8", text}, {"text/html; charset=utf-8", html}}
	for i, w := range want {
		p, err := mr.NextPart() // decodes quoted-printable
		if err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
		if p.Header.Get("Content-Type") != w.ctype {
			t.Errorf("part %d Content-Type %q, want %q", i, p.Header.Get("Content-Type"), w.ctype)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
		if got := strings.ReplaceAll(string(b), "\r\n", "\n"); got != w.body {
			t.Errorf("part %d differs from Render:\n got %q\nwant %q", i, truncate(got, 300), truncate(w.body, 300))
		}
	}
	if _, err := mr.NextPart(); err != io.EOF {
		t.Errorf("more than two parts: %v", err)
	}
	for i, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line %d is %d bytes, over SMTP's limit", i, len(line))
		}
	}
}

func TestSendNonASCIISubject(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	n := newNotifier(t, srv, TLSNone, "", "")
	m := loadMessage(t)
	m.Vendor.Name = "Société Générale"
	if err := n.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	data := srv.Messages()[0].Data
	if !bytes.Contains(data, []byte("Subject: =?utf-8?q?")) {
		t.Errorf("non-ASCII subject not Q-encoded:\n%s", data[:200])
	}
	checkMessage(t, data, m)
}

func TestSendErrors(t *testing.T) {
	tests := []struct {
		name      string
		opts      smtptest.Options
		mode      string
		pass      string
		verb      string
		reply     string
		permanent bool
	}{
		{"rcpt 550 is permanent", smtptest.Options{}, TLSNone, "", "RCPT", "550 5.1.1 no such user", true},
		{"data 451 is retryable", smtptest.Options{}, TLSNone, "", "DATA", "451 4.3.0 try again later", false},
		{"mail 421 is retryable", smtptest.Options{}, TLSNone, "", "MAIL", "421 4.7.0 too busy", false},
		{"wrong password is permanent", smtptest.Options{STARTTLS: true, Username: "alerts", Password: "right"}, TLSStart, "wrong-Pa55word", "", "", true},
		{"no starttls offered is permanent", smtptest.Options{}, TLSStart, "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := smtptest.Start(t, tt.opts)
			if tt.verb != "" {
				srv.Respond(tt.verb, tt.reply)
			}
			user := ""
			if tt.pass != "" {
				user = "alerts"
			}
			n := newNotifier(t, srv, tt.mode, user, tt.pass)
			err := n.Send(context.Background(), loadMessage(t))
			if err == nil {
				t.Fatal("send succeeded, want an error")
			}
			if notify.IsPermanent(err) != tt.permanent {
				t.Errorf("permanent = %v, want %v: %v", notify.IsPermanent(err), tt.permanent, err)
			}
			if tt.pass != "" && strings.Contains(err.Error(), tt.pass) {
				t.Errorf("error shows the password: %v", err)
			}
			if len(srv.Messages()) != 0 {
				t.Error("server accepted a message")
			}
		})
	}
}

func TestSendTimeoutAndCancel(t *testing.T) {
	// A server that accepts and then says nothing.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { <-done; c.Close() }()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port

	tests := []struct {
		name    string
		timeout time.Duration
		ctx     func() (context.Context, context.CancelFunc)
	}{
		{"timeout", 200 * time.Millisecond, func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }},
		{"cancelled", time.Minute, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 200*time.Millisecond)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := New(Config{Host: "127.0.0.1", Port: port, TLS: TLSNone, From: "a@example.org", To: []string{"b@example.org"}, Timeout: tt.timeout})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := tt.ctx()
			defer cancel()
			start := time.Now()
			err = n.Send(ctx, loadMessage(t))
			if err == nil || notify.IsPermanent(err) {
				t.Fatalf("want a retryable error, got %v", err)
			}
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				t.Errorf("want a timeout, got %v", err)
			}
			if waited := time.Since(start); waited > 10*time.Second {
				t.Errorf("send hung for %s", waited)
			}
		})
	}
}

func TestNewValidates(t *testing.T) {
	ok := Config{Host: "smtp.example.org", Port: 587, From: "a@example.org", To: []string{"b@example.org"}}
	tests := []struct {
		name    string
		edit    func(c *Config)
		wantErr string
	}{
		{"valid", func(*Config) {}, ""},
		{"no host", func(c *Config) { c.Host = "" }, "host is required"},
		{"bad port", func(c *Config) { c.Port = 0 }, "port 0"},
		{"bad tls", func(c *Config) { c.TLS = "ssl" }, `tls "ssl"`},
		{"bad from", func(c *Config) { c.From = "not an address" }, "from"},
		{"no recipients", func(c *Config) { c.To = nil }, "recipient"},
		{"bad recipient", func(c *Config) { c.To = []string{"x"} }, `to "x"`},
		{"plain auth in clear to remote host", func(c *Config) {
			c.TLS, c.Username, c.Password = TLSNone, "u", "hunter2-secret"
		}, "unencrypted"},
		{"plain auth in clear to localhost", func(c *Config) {
			c.Host, c.TLS, c.Username, c.Password = "localhost", TLSNone, "u", "p"
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			n, err := New(c)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if n.Target() != strings.Join(c.To, ", ") || n.Channel() != "email" {
					t.Errorf("target %q channel %q", n.Target(), n.Channel())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
			if c.Password != "" && strings.Contains(err.Error(), c.Password) {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}
