// Package webhook delivers alerts as signed HTTP POSTs, following the
// Standard Webhooks specification (webhook-id, webhook-timestamp and
// webhook-signature headers, HMAC-SHA256 with a "whsec_" secret).
package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/tracker-dev/tracker/notify"
)

// Config is one webhook receiver. Secrets are "whsec_<base64>" values,
// already read from the environment by the caller: every delivery carries
// one signature per secret, so a receiver can move to a new secret while
// the old one still verifies.
type Config struct {
	URL       string
	Secrets   []string
	Timeout   time.Duration
	UserAgent string
}

const (
	defaultTimeout   = 30 * time.Second
	defaultUserAgent = "tracker-webhook/1"
	maxErrorBody     = 512      // bytes of a failed response kept for the error
	maxDrainBody     = 64 << 10 // bytes read so the connection can be reused
)

// Notifier posts alerts to one URL.
type Notifier struct {
	url       string
	shown     string // url without a password, for errors
	keys      [][]byte
	userAgent string
	client    *http.Client
	now       func() time.Time
}

// New checks the configuration. Its errors never contain a secret.
func New(cfg Config) (*Notifier, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("webhook: url: %w", err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("webhook: url %q: want an absolute http or https URL", u.Redacted())
	}
	if len(cfg.Secrets) == 0 {
		return nil, errors.New("webhook: at least one signing secret is required")
	}
	keys := make([][]byte, len(cfg.Secrets))
	for i, s := range cfg.Secrets {
		if keys[i], err = DecodeSecret(s); err != nil {
			return nil, err
		}
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	ua := cfg.UserAgent
	if ua == "" {
		ua = defaultUserAgent
	}
	n := &Notifier{url: cfg.URL, shown: u.Redacted(), keys: keys, userAgent: ua, now: time.Now}
	n.client = &http.Client{
		Timeout:   timeout,
		Transport: http.DefaultTransport.(*http.Transport).Clone(),
		// A redirect is never followed: the signed alert goes to the
		// configured receiver or nowhere, and a moved receiver is told
		// to the operator (the error names the new location).
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return n, nil
}

// Kind is "webhook".
func (n *Notifier) Kind() string { return notify.ChannelWebhook }

// Target is the configured URL, without a password it may hold.
func (n *Notifier) Target(notify.Message) string { return n.shown }

// Send posts m, signed with every secret. A 2xx is success; 408, 429, 5xx
// and network errors are retryable (carrying Retry-After when given); 410
// Gone says the endpoint is gone; other statuses are permanent.
func (n *Notifier) Send(ctx context.Context, m notify.Message) error {
	id := m.ID()
	if id == "" {
		// Receivers deduplicate retries by webhook-id; without one they cannot.
		return notify.Permanent(errors.New("webhook: message has no id"))
	}
	body, err := notify.Fit(&m, notify.MaxBody)
	if err != nil {
		return notify.Permanent(fmt.Errorf("webhook: %w", err))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url, bytes.NewReader(body))
	if err != nil {
		return notify.Permanent(fmt.Errorf("webhook: build request: %w", err))
	}
	ts := n.now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", n.userAgent)
	req.Header.Set(HeaderID, id)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set(HeaderSignature, SignAll(n.keys, id, ts, body))

	resp, err := n.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) { // its text repeats the method and URL
			err = ue.Err
		}
		return fmt.Errorf("webhook: post %s: %w", n.shown, err)
	}
	defer func() {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrainBody))
		resp.Body.Close()
	}()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	return n.statusError(resp)
}

// StatusError is a non-2xx answer.
type StatusError struct {
	URL    string
	Status int
	Body   string // start of the response body, control characters removed
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("webhook: post %s: status %d %s", e.URL, e.Status, http.StatusText(e.Status))
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

func (n *Notifier) statusError(resp *http.Response) error {
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	err := &StatusError{URL: n.shown, Status: resp.StatusCode, Body: cleanSnippet(snippet)}
	code := resp.StatusCode
	switch {
	case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500:
		if after, ok := parseRetryAfter(resp.Header.Get("Retry-After"), n.now()); ok {
			return &notify.RetryAfterError{After: after, Err: err}
		}
		return err
	case code == http.StatusGone:
		return &notify.GoneError{Err: err}
	case code >= 300 && code < 400:
		loc := resp.Header.Get("Location")
		return notify.Permanent(fmt.Errorf("%w (redirect to %q not followed: redirects never are; put the receiver's own URL in the configuration)", err, redactURL(loc)))
	default:
		return notify.Permanent(err)
	}
}

// maxRetryAfter keeps a receiver's answer from parking an alert for ever;
// the Sender still gives up at its MaxAge.
const maxRetryAfter = 24 * time.Hour

// parseRetryAfter reads delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		d = time.Duration(min(secs, int64(maxRetryAfter/time.Second))) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	} else {
		return 0, false
	}
	if d <= 0 {
		return 0, false
	}
	return min(d, maxRetryAfter), true
}

// redactURL hides a password in a Location header, if any.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return cleanSnippet([]byte(raw))
	}
	return cleanSnippet([]byte(u.Redacted()))
}

func cleanSnippet(b []byte) string {
	s := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(string(b), ""))
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = strings.ToValidUTF8(s[:200], "") + "…"
	}
	return s
}

var _ notify.Notifier = (*Notifier)(nil)
