package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/notify"
)

// Send renders m and hands it to the relay. SMTP 5xx answers are
// permanent; 4xx answers, timeouts and network errors are retryable.
func (n *Notifier) Send(ctx context.Context, m notify.Message) error {
	subject, text, html, err := Render(m)
	if err != nil {
		return notify.Permanent(err)
	}
	raw, err := message{
		From: n.from, To: n.to, Subject: subject,
		MessageID: messageID(m.ID, n.from), Date: n.now(),
		Text: text, HTML: html,
	}.bytes()
	if err != nil {
		return notify.Permanent(err)
	}
	if err := n.deliver(ctx, raw); err != nil {
		return n.classify(err)
	}
	return nil
}

// deliver runs one SMTP session under the timeout and ctx: the deadline
// bounds every read and write, and cancelling ctx expires it at once.
func (n *Notifier) deliver(ctx context.Context, raw []byte) error {
	ctx, cancel := context.WithTimeout(ctx, n.cfg.Timeout)
	defer cancel()
	addr := net.JoinHostPort(n.cfg.Host, strconv.Itoa(n.cfg.Port))
	d := net.Dialer{Timeout: n.cfg.Timeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("email: connect %s: %w", addr, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		if err := conn.SetDeadline(dl); err != nil {
			return fmt.Errorf("email: %s: set deadline: %w", addr, err)
		}
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if n.cfg.TLS == TLSImplicit {
		tc := tls.Client(conn, n.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			return fmt.Errorf("email: tls handshake with %s: %w", addr, err)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, n.cfg.Host)
	if err != nil {
		return fmt.Errorf("email: %s: greeting: %w", addr, err)
	}
	defer c.Close()
	if err := c.Hello(helloName); err != nil {
		return fmt.Errorf("email: %s: EHLO: %w", addr, err)
	}
	if n.cfg.TLS == TLSStart {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return notify.Permanent(fmt.Errorf("email: %s does not offer STARTTLS: set tls to \"tls\" for implicit TLS (usually port 465) or \"none\"", addr))
		}
		if err := c.StartTLS(n.tlsConfig()); err != nil {
			return fmt.Errorf("email: %s: STARTTLS: %w", addr, err)
		}
	}
	if n.cfg.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return notify.Permanent(fmt.Errorf("email: %s does not offer AUTH, but a username is configured", addr))
		}
		auth := smtp.PlainAuth("", n.cfg.Username, n.cfg.Password, n.cfg.Host)
		if err := c.Auth(auth); err != nil {
			return fmt.Errorf("email: %s: authenticate as %q: %w", addr, n.cfg.Username, err)
		}
	}
	if err := c.Mail(n.from.Address); err != nil {
		return fmt.Errorf("email: %s: MAIL FROM: %w", addr, err)
	}
	for _, to := range n.to {
		if err := c.Rcpt(to.Address); err != nil {
			return fmt.Errorf("email: %s: RCPT TO %s: %w", addr, to.Address, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("email: %s: DATA: %w", addr, err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("email: %s: write message: %w", addr, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("email: %s: end of message: %w", addr, err)
	}
	// The relay has taken the message; a failing QUIT does not undo that.
	_ = c.Quit()
	return nil
}

// classify marks SMTP 5xx answers permanent and keeps the password out of
// the error text, whatever a server echoes back.
func (n *Notifier) classify(err error) error {
	if n.cfg.Password != "" && strings.Contains(err.Error(), n.cfg.Password) {
		err = redacted{err: err, secret: n.cfg.Password}
	}
	if notify.IsPermanent(err) {
		return err
	}
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 && te.Code < 600 {
		return notify.Permanent(err)
	}
	if isPlainAuthRefusal(err) {
		return notify.Permanent(err)
	}
	return err
}

// isPlainAuthRefusal spots net/smtp's own refusal to send a password over
// an unencrypted connection (New already rejects such configurations
// unless the host is local; a relay that hides STARTTLS could still hit it).
func isPlainAuthRefusal(err error) bool {
	return strings.Contains(err.Error(), "unencrypted connection")
}

type redacted struct {
	err    error
	secret string
}

func (r redacted) Error() string { return strings.ReplaceAll(r.err.Error(), r.secret, "[redacted]") }
func (r redacted) Unwrap() error { return r.err }

// helloName is the name given in EHLO: net/smtp's own default, which
// relays accept from clients that have no stable public name.
const helloName = "localhost"
