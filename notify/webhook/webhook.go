// Package webhook delivers alerts as signed HTTP POSTs, following the
// Standard Webhooks specification (webhook-id, webhook-timestamp and
// webhook-signature headers, HMAC-SHA256 with a "whsec_" secret).
package webhook

import (
	"bytes"
	"context"
	"encoding/json"
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

// Config is one webhook receiver. Secret is the "whsec_<base64>" value,
// already read from the environment by the caller.
type Config struct {
	URL       string
	Secret    string
	Timeout   time.Duration
	UserAgent string
}

const (
	defaultTimeout   = 30 * time.Second
	defaultUserAgent = "tracker-webhook/1"
	maxRedirects     = 3
	maxErrorBody     = 512      // bytes of a failed response kept for the error
	maxDrainBody     = 64 << 10 // bytes read so the connection can be reused
)

// Notifier posts alerts to one URL.
type Notifier struct {
	url       string
	shown     string // url without a password, for errors
	key       []byte
	userAgent string
	client    *http.Client
	now       func() time.Time
}

// New checks the configuration. Its errors never contain the secret.
func New(cfg Config) (*Notifier, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("webhook: url: %w", err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("webhook: url %q: want an absolute http or https URL", cfg.URL)
	}
	key, err := DecodeSecret(cfg.Secret)
	if err != nil {
		return nil, err
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	ua := cfg.UserAgent
	if ua == "" {
		ua = defaultUserAgent
	}
	n := &Notifier{url: cfg.URL, shown: u.Redacted(), key: key, userAgent: ua, now: time.Now}
	n.client = &http.Client{
		Timeout:       timeout,
		Transport:     http.DefaultTransport.(*http.Transport).Clone(),
		CheckRedirect: checkRedirect,
	}
	return n, nil
}

// checkRedirect follows only 307 and 308 (which keep the POST and its
// body) and only on the same scheme and host: the signed alert must not
// be handed to anyone but the configured receiver.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	switch {
	case len(via) > maxRedirects:
		return http.ErrUseLastResponse
	case req.Response == nil || (req.Response.StatusCode != http.StatusTemporaryRedirect && req.Response.StatusCode != http.StatusPermanentRedirect):
		return http.ErrUseLastResponse
	case req.URL.Scheme != first.Scheme || !strings.EqualFold(req.URL.Host, first.Host):
		return http.ErrUseLastResponse
	}
	return nil
}

// Channel is "webhook".
func (n *Notifier) Channel() string { return notify.ChannelWebhook }

// Target is the configured URL, as written in the configuration.
func (n *Notifier) Target() string { return n.url }

// Send posts m, signed. A 2xx is success; 408, 429, 5xx and network errors
// are retryable (carrying Retry-After when given); other statuses are
// permanent.
func (n *Notifier) Send(ctx context.Context, m notify.Message) error {
	if m.ID == "" {
		// Receivers deduplicate retries by webhook-id; without one they cannot.
		return notify.Permanent(errors.New("webhook: message has no id"))
	}
	body, err := json.Marshal(m)
	if err != nil {
		return notify.Permanent(fmt.Errorf("webhook: encode message: %w", err))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url, bytes.NewReader(body))
	if err != nil {
		return notify.Permanent(fmt.Errorf("webhook: build request: %w", err))
	}
	ts := n.now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", n.userAgent)
	req.Header.Set(HeaderID, m.ID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set(HeaderSignature, Sign(n.key, m.ID, ts, body))

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
	case code >= 300 && code < 400:
		loc := resp.Header.Get("Location")
		return notify.Permanent(fmt.Errorf("%w (redirect to %q not followed: only 307/308 to the same host are; update the configured URL)", err, loc))
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
