// Package email delivers alerts over SMTP: STARTTLS, implicit TLS or
// plain, with PLAIN authentication, as multipart text and HTML messages
// composed by go-mail (header folding, encodings, Message-ID).
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

// Config is an SMTP relay and the recipients of one endpoint.
type Config struct {
	Host               string
	Port               int
	TLS                string // "starttls" (default), "tls" or "none"
	Username, Password string
	From               string
	To                 []string
	// ToVendor replaces To for the alerts of a vendor (by vendor id).
	ToVendor           map[string][]string
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

// maxAddress is the longest address SMTP carries (RFC 5321, 4.5.3.1.3).
const maxAddress = 254

// Notifier sends alerts to a list of recipients.
type Notifier struct {
	cfg      Config
	from     *mail.Address
	to       []*mail.Address
	toVendor map[string][]*mail.Address
	now      func() time.Time
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
		// The password would cross the network readable.
		return nil, fmt.Errorf("email: refusing to send the password for %q unencrypted to %s: set tls to starttls or tls (plain auth without TLS is allowed only to localhost)", cfg.Username, cfg.Host)
	}
	from, err := parseAddress("from", cfg.From)
	if err != nil {
		return nil, err
	}
	to, err := parseList(cfg.To)
	if err != nil {
		return nil, err
	}
	n := &Notifier{cfg: cfg, from: from, to: to, toVendor: map[string][]*mail.Address{}, now: time.Now}
	for vendor, list := range cfg.ToVendor {
		if n.toVendor[vendor], err = parseList(list); err != nil {
			return nil, fmt.Errorf("%w (vendor %s)", err, vendor)
		}
	}
	if n.cfg.Timeout <= 0 {
		n.cfg.Timeout = defaultTimeout
	}
	return n, nil
}

func parseList(list []string) ([]*mail.Address, error) {
	if len(list) == 0 {
		return nil, errors.New("email: at least one recipient is required")
	}
	out := make([]*mail.Address, len(list))
	for i, s := range list {
		a, err := parseAddress("to", s)
		if err != nil {
			return nil, err
		}
		out[i] = a
	}
	return out, nil
}

func parseAddress(field, s string) (*mail.Address, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("email: %s %q: %w", field, s, err)
	}
	if len(a.Address) > maxAddress {
		return nil, fmt.Errorf("email: %s %q: longer than the %d characters SMTP carries", field, s, maxAddress)
	}
	return a, nil
}

// Kind is "email".
func (n *Notifier) Kind() string { return notify.ChannelEmail }

// Target is the recipients of m, joined by ", ".
func (n *Notifier) Target(m notify.Message) string {
	to := n.recipients(m)
	out := make([]string, len(to))
	for i, a := range to {
		out[i] = a.Address
	}
	return strings.Join(out, ", ")
}

func (n *Notifier) recipients(m notify.Message) []*mail.Address {
	if to, ok := n.toVendor[m.VendorID()]; ok {
		return to
	}
	return n.to
}

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

var _ notify.Notifier = (*Notifier)(nil)
