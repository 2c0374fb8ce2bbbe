package email

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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
		if mt, params, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); mt+"; charset="+strings.ToLower(params["charset"]) != w.ctype {
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
	m.Data.Vendor.Name = "Société Générale"
	if err := n.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	data := srv.Messages()[0].Data
	if raw := rawHeader(data, "Subject"); !strings.Contains(strings.ToLower(raw), "=?utf-8?q?") || strings.Contains(raw, "é") {
		t.Errorf("non-ASCII subject not Q-encoded:\n%s", data[:400])
	}
	checkMessage(t, data, m)
}

// The case: a long non-ASCII vendor name and 50 recipients made
// Subject and To lines over 998 bytes, which relays refuse. The server
// here refuses such lines too; the message goes through, folded, and
// reads back whole.
func TestSendLongSubjectAndFiftyRecipients(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	var to []string
	for i := range 50 {
		to = append(to, fmt.Sprintf("Équipe conformité n°%d de la Société <compliance-team-%02d@subsidiary-%02d.example.org>", i, i, i))
	}
	n, err := New(Config{Host: srv.Host, Port: srv.Port, TLS: TLSNone, From: "Tracker <tracker@example.org>", To: to, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	n.now = func() time.Time { return sentAt }
	m := loadMessage(t)
	m.Data.Vendor.Name = strings.Repeat("Compagnie Générale des Établissements Numériques — Société Européenne ", 4)
	if err := n.Send(context.Background(), m); err != nil {
		t.Fatalf("send: %v", err)
	}
	got := srv.Messages()
	if len(got) != 1 || len(got[0].To) != 50 {
		t.Fatalf("server got %d messages", len(got))
	}
	data := got[0].Data
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	list, err := msg.Header.AddressList("To")
	if err != nil || len(list) != 50 || list[49].Name != "Équipe conformité n°49 de la Société" || list[49].Address != "compliance-team-49@subsidiary-49.example.org" {
		t.Errorf("To reads back as %d addresses (%v); last %+v", len(list), err, list[len(list)-1])
	}
	subject, _, _, _ := Render(m)
	if got, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil || got != subject {
		t.Errorf("Subject reads back as %q (%v), want %q", got, err, subject)
	}
	if !strings.Contains(subject, "Compagnie Générale") || len(subject) < 150 {
		t.Errorf("subject %q is not the long one", subject)
	}
	for i, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line %d is %d bytes", i, len(line))
		}
	}
	for _, name := range []string{"To", "Subject"} {
		if raw := rawHeader(data, name); !strings.Contains(raw, "\r\n ") {
			t.Errorf("%s is not folded: %.200q", name, raw)
		}
	}
}

// rawHeader is a header as sent, folding included.
func rawHeader(data []byte, name string) string {
	head, _, _ := strings.Cut(string(data), "\r\n\r\n")
	start := strings.Index("\r\n"+head, "\r\n"+name+":")
	if start < 0 {
		return ""
	}
	rest := head[start:]
	end := len(rest)
	for i := 0; i+2 < len(rest); i++ {
		if rest[i] == '\r' && rest[i+1] == '\n' && rest[i+2] != ' ' && rest[i+2] != '\t' {
			end = i
			break
		}
	}
	return rest[:end]
}

// No input makes a line over 998 bytes: whatever the vendor name, the
// recipients or the page text, every line of the composed message fits,
// or the message is refused before it is sent.
func TestNoLineOver998(t *testing.T) {
	n, err := New(Config{Host: "127.0.0.1", Port: 25, TLS: TLSNone, From: "a@example.org",
		To: []string{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 180) + ".example"}})
	if err != nil {
		t.Fatal(err)
	}
	m := loadMessage(t)
	words := []string{strings.Repeat("x", 3000), strings.Repeat("é", 1500), "Société", "\u202e", "a\r\nBcc: x@y", strings.Repeat("日本語", 400)}
	for i, w := range words {
		for j, w2 := range words {
			m.Data.Vendor.Name = w + " " + w2
			m.Data.Document.Type = w2
			m.Data.Changes[0].NewText = w + w2
			msg, err := n.compose(m)
			if err != nil {
				t.Errorf("compose %d/%d: %v", i, j, err)
				continue
			}
			var buf bytes.Buffer
			if _, err := msg.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			if err := checkLines(buf.Bytes()); err != nil {
				t.Errorf("%d/%d: %v", i, j, err)
			}
		}
	}
	if err := checkLines([]byte("Subject: " + strings.Repeat("x", 990) + "\r\n")); err == nil {
		t.Error("checkLines let a 999-byte line through")
	}
}

// Each vendor's own recipients get its alerts; the others get the list.
func TestRecipientsByVendor(t *testing.T) {
	n, err := New(Config{Host: "127.0.0.1", Port: 25, TLS: TLSNone, From: "a@example.org", To: []string{"team@example.org"},
		ToVendor: map[string][]string{"grandstream": {"owner@example.org", "legal@example.org"}}})
	if err != nil {
		t.Fatal(err)
	}
	m := loadMessage(t)
	if got := n.Target(m); got != "owner@example.org, legal@example.org" {
		t.Errorf("target for grandstream = %q", got)
	}
	m.Data.Vendor.ID = "other"
	if got := n.Target(m); got != "team@example.org" {
		t.Errorf("target for another vendor = %q", got)
	}
	if got := n.Target(notify.Ping("msg_1", sentAt)); got != "team@example.org" {
		t.Errorf("target for a ping = %q", got)
	}
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
		{"address too long", func(c *Config) { c.To = []string{strings.Repeat("a", 250) + "@example.org"} }, "longer than"},
		{"bad vendor recipient", func(c *Config) { c.ToVendor = map[string][]string{"acme": {"y"}} }, `to "y": mail: missing '@' or angle-addr (vendor acme)`},
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
				if n.Target(notify.Message{}) != strings.Join(c.To, ", ") || n.Kind() != "email" {
					t.Errorf("target %q kind %q", n.Target(notify.Message{}), n.Kind())
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
