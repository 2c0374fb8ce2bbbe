package email

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"strconv"
	"strings"

	gomail "github.com/wneessen/go-mail"

	"github.com/tracker-dev/tracker/notify"
)

// maxLine is the longest line SMTP allows, CRLF excluded (RFC 5322 2.1.1).
const maxLine = 998

// Send renders m and hands it to the relay. SMTP 5xx answers are
// permanent; 4xx answers, timeouts and network errors are retryable.
func (n *Notifier) Send(ctx context.Context, m notify.Message) error {
	msg, err := n.compose(m)
	if err != nil {
		return notify.Permanent(err)
	}
	if err := n.deliver(ctx, msg); err != nil {
		return n.classify(err)
	}
	return nil
}

// compose builds the message: go-mail folds the headers, encodes the
// subject and names as RFC 2047 words, and writes both parts as
// quoted-printable UTF-8. The result is checked line by line, so a message
// a relay would refuse for a line over 998 bytes is never sent.
func (n *Notifier) compose(m notify.Message) (*gomail.Msg, error) {
	subject, text, html, err := Render(m)
	if err != nil {
		return nil, err
	}
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	msg.FromMailAddress(n.from)
	msg.ToMailAddress(n.recipients(m)...)
	msg.Subject(subject)
	msg.SetMessageIDWithValue(messageID(m.ID(), n.from.Address))
	msg.SetDateWithValue(n.now())
	msg.SetUserAgent("tracker")
	// Tells auto-responders not to answer (RFC 3834).
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, text)
	msg.AddAlternativeString(gomail.TypeTextHTML, html)
	var raw bytes.Buffer
	if _, err := msg.WriteTo(&raw); err != nil {
		return nil, fmt.Errorf("email: compose: %w", err)
	}
	if err := checkLines(raw.Bytes()); err != nil {
		return nil, err
	}
	return msg, nil
}

// checkLines refuses a message with a line longer than SMTP allows.
func checkLines(raw []byte) error {
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 0, 4096), len(raw)+1)
	for i := 1; sc.Scan(); i++ {
		if l := len(bytes.TrimSuffix(sc.Bytes(), []byte("\r"))); l > maxLine {
			return fmt.Errorf("email: compose: line %d is %d bytes, more than the %d SMTP allows", i, l, maxLine)
		}
	}
	return sc.Err()
}

// messageID is stable for an alert, so a resent alert threads with (or is
// deduplicated against) the first copy.
func messageID(alertID, from string) string {
	domain := "tracker.invalid"
	if at := strings.LastIndexByte(from, '@'); at >= 0 && at < len(from)-1 {
		domain = from[at+1:]
	}
	id := strings.Map(func(r rune) rune {
		if r < 0x80 && (r == '-' || r == '_' || r == '.' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')) {
			return r
		}
		return -1
	}, alertID)
	if id == "" {
		id = "alert"
	}
	return id + "@" + domain
}

// deliver runs one SMTP session under the timeout and ctx: cancelling ctx
// closes the connection at once, whatever command is under way.
func (n *Notifier) deliver(ctx context.Context, msg *gomail.Msg) error {
	ctx, cancel := context.WithTimeout(ctx, n.cfg.Timeout)
	defer cancel()
	opts := []gomail.Option{
		gomail.WithPort(n.cfg.Port),
		gomail.WithTimeout(n.cfg.Timeout),
		gomail.WithHELO(helloName),
		gomail.WithTLSConfig(n.tlsConfig()),
		gomail.WithDialContextFunc(n.dialer(ctx)),
	}
	switch n.cfg.TLS {
	case TLSStart:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default: // implicit TLS is set up by the dialer
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if n.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain),
			gomail.WithUsername(n.cfg.Username), gomail.WithPassword(n.cfg.Password))
	}
	c, err := gomail.NewClient(n.cfg.Host, opts...)
	if err != nil {
		return notify.Permanent(fmt.Errorf("email: %w", err))
	}
	addr := net.JoinHostPort(n.cfg.Host, strconv.Itoa(n.cfg.Port))
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("email: %s: %w (%w)", addr, ctx.Err(), err)
		}
		return fmt.Errorf("email: %s: %w", addr, err)
	}
	return nil
}

// dialer connects (with TLS first for implicit TLS), and ties the
// connection to ctx: go-mail bounds each command by its timeout, but a
// shutdown must not wait for it.
func (n *Notifier) dialer(ctx context.Context) gomail.DialContextFunc {
	return func(dialCtx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		conn, err := d.DialContext(dialCtx, network, addr)
		if err != nil {
			return nil, fmt.Errorf("connect: %w", err)
		}
		if n.cfg.TLS == TLSImplicit {
			tc := tls.Client(conn, n.tlsConfig())
			if err := tc.HandshakeContext(dialCtx); err != nil {
				conn.Close()
				return nil, fmt.Errorf("tls handshake: %w", err)
			}
			conn = tc
		}
		context.AfterFunc(ctx, func() { conn.Close() })
		return conn, nil
	}
}

// classify marks SMTP 5xx answers and refusals that configuration must
// fix permanent, and keeps the password out of the error text, whatever a
// server echoes back.
func (n *Notifier) classify(err error) error {
	if n.cfg.Password != "" && strings.Contains(err.Error(), n.cfg.Password) {
		err = redacted{err: err, secret: n.cfg.Password}
	}
	if notify.IsPermanent(err) {
		return err
	}
	var se *gomail.SendError
	if errors.As(err, &se) {
		if code := se.ErrorCode(); code >= 500 && code < 600 {
			return notify.Permanent(err)
		}
		return err
	}
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 && te.Code < 600 {
		return notify.Permanent(err)
	}
	msg := err.Error()
	for _, s := range permanentDialErrors {
		if strings.Contains(msg, s) {
			return notify.Permanent(fmt.Errorf("%w (%s)", err, permanentHint))
		}
	}
	return err
}

// Refusals before any message is sent that no retry cures: the relay lacks
// what the configuration asks for.
var permanentDialErrors = []string{
	"does not support STARTTLS",
	"does not support SMTP AUTH",
	"unencrypted connection",
	"not supported by server",
}

const permanentHint = `check alerts.email: tls "starttls" needs a relay offering STARTTLS (use "tls" for implicit TLS, usually port 465), and a username needs a relay offering AUTH PLAIN`

type redacted struct {
	err    error
	secret string
}

func (r redacted) Error() string { return strings.ReplaceAll(r.err.Error(), r.secret, "[redacted]") }
func (r redacted) Unwrap() error { return r.err }

// helloName is the name given in EHLO: net/smtp's own default, which
// relays accept from clients that have no stable public name.
const helloName = "localhost"
