// Package email delivers alerts over SMTP: STARTTLS, implicit TLS or
// plain, with PLAIN authentication, as multipart text and HTML messages.
package email

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/notify"
)

// Config is an SMTP relay and the recipients of one notifier.
type Config struct {
	Host               string
	Port               int
	TLS                string // "starttls" (default), "tls" or "none"
	Username, Password string
	From               string
	To                 []string
	Timeout            time.Duration
	InsecureSkipVerify bool           // tests only
	RootCAs            *x509.CertPool // nil: the system roots
}

// TLS modes.
const (
	TLSStart    = "starttls"
	TLSImplicit = "tls"
	TLSNone     = "none"
)

const defaultTimeout = 30 * time.Second

// Notifier sends alerts to one list of recipients.
type Notifier struct {
	cfg  Config
	from *mail.Address
	to   []*mail.Address
	now  func() time.Time
}

// New checks the configuration. Its errors never contain the password.
func New(cfg Config) (*Notifier, error) {
	cfg.Host = strings.TrimSpace(cfg.Host)
	if cfg.Host == "" {
		return nil, errors.New("email: host is required")
	}
	if cfg.Port <= 0 || cfg.Port > 65535 {
		return nil, fmt.Errorf("email: port %d: want 1-65535 (587 for starttls, 465 for tls, 25 for none)", cfg.Port)
	}
	switch cfg.TLS {
	case "":
		cfg.TLS = TLSStart
	case TLSStart, TLSImplicit, TLSNone:
	default:
		return nil, fmt.Errorf("email: tls %q: want starttls, tls or none", cfg.TLS)
	}
	if cfg.Username != "" && cfg.TLS == TLSNone && !isLocalhost(cfg.Host) {
		// net/smtp refuses PLAIN over a clear connection for good reason:
		// the password would cross the network readable.
		return nil, fmt.Errorf("email: refusing to send the password for %q unencrypted to %s: set tls to starttls or tls (plain auth without TLS is allowed only to localhost)", cfg.Username, cfg.Host)
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("email: from %q: %w", cfg.From, err)
	}
	if len(cfg.To) == 0 {
		return nil, errors.New("email: at least one recipient is required")
	}
	to := make([]*mail.Address, len(cfg.To))
	for i, s := range cfg.To {
		if to[i], err = mail.ParseAddress(s); err != nil {
			return nil, fmt.Errorf("email: to %q: %w", s, err)
		}
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultTimeout
	}
	return &Notifier{cfg: cfg, from: from, to: to, now: time.Now}, nil
}

// Channel is "email".
func (n *Notifier) Channel() string { return notify.ChannelEmail }

// Target is the recipients as configured, joined by ", ".
func (n *Notifier) Target() string { return strings.Join(n.cfg.To, ", ") }

func (n *Notifier) tlsConfig() *tls.Config {
	return &tls.Config{
		ServerName:         n.cfg.Host,
		RootCAs:            n.cfg.RootCAs,
		InsecureSkipVerify: n.cfg.InsecureSkipVerify, //nolint:gosec // tests only, documented on Config
		MinVersion:         tls.VersionTLS12,
	}
}

func isLocalhost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
