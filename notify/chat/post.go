package chat

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

// Config is one chat endpoint: the URL its service documents (it often
// holds the endpoint's secret), read from the configuration or the
// environment by the caller.
type Config struct {
	URL       string
	Timeout   time.Duration
	UserAgent string
}

const (
	defaultTimeout = 30 * time.Second
	maxErrorBody   = 1024
	maxDrainBody   = 64 << 10
	maxRetryAfter  = 24 * time.Hour
)

// Poster posts JSON to one service URL and judges the answer as every
// channel does: 2xx is delivered; 408, 429, 5xx and network errors are
// retried (honouring Retry-After); 410 Gone disables the endpoint;
// redirects are never followed; any other answer is permanent.
type Poster struct {
	kind   string
	URL    *url.URL
	shown  string
	agent  string
	client *http.Client
	now    func() time.Time
}

// NewPoster checks the URL: absolute http or https. Its errors never show
// the URL's path or query, where services keep their tokens.
func NewPoster(kind string, cfg Config) (*Poster, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("%s: the URL must be an absolute http or https URL (as the service gave it)", kind)
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	agent := cfg.UserAgent
	if agent == "" {
		agent = "tracker-notify/1"
	}
	return &Poster{
		kind: kind, URL: u, shown: u.Scheme + "://" + u.Host + "/…", agent: agent, now: time.Now,
		client: &http.Client{
			Timeout:       timeout,
			Transport:     http.DefaultTransport.(*http.Transport).Clone(),
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}, nil
}

// Shown is the URL without its path: where messages go, never the secret.
func (p *Poster) Shown() string { return p.shown }

// Post sends body as JSON to target (the endpoint's URL when nil), with
// extra headers.
func (p *Poster) Post(ctx context.Context, target *url.URL, header http.Header, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return notify.Permanent(fmt.Errorf("%s: encode message: %w", p.kind, err))
	}
	if target == nil {
		target = p.URL
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target.String(), bytes.NewReader(b))
	if err != nil {
		return notify.Permanent(fmt.Errorf("%s: build request: %w", p.kind, err))
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", p.agent)
	resp, err := p.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) { // its text repeats the URL, token included
			err = ue.Err
		}
		return fmt.Errorf("%s: post %s: %w", p.kind, p.shown, err)
	}
	defer func() {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrainBody))
		resp.Body.Close()
	}()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	return p.statusError(resp, snippet)
}

func (p *Poster) statusError(resp *http.Response, snippet []byte) error {
	code := resp.StatusCode
	err := fmt.Errorf("%s: post %s: status %d %s", p.kind, p.shown, code, http.StatusText(code))
	if s := cleanSnippet(snippet); s != "" {
		err = fmt.Errorf("%w: %s", err, s)
	}
	switch {
	case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500:
		if after, ok := retryAfter(resp.Header.Get("Retry-After"), snippet, p.now()); ok {
			return &notify.RetryAfterError{After: after, Err: err}
		}
		return err
	case code == http.StatusGone:
		return &notify.GoneError{Err: err}
	case code >= 300 && code < 400:
		return notify.Permanent(fmt.Errorf("%w (redirects are never followed: configure the service's own URL)", err))
	default:
		return notify.Permanent(err)
	}
}

// retryAfter reads the Retry-After header (seconds or a date), else the
// retry_after the JSON answer gives (Discord at the top, Telegram under
// parameters).
func retryAfter(header string, body []byte, now time.Time) (time.Duration, bool) {
	var d time.Duration
	header = strings.TrimSpace(header)
	if secs, err := strconv.ParseFloat(header, 64); err == nil && secs > 0 {
		d = time.Duration(secs * float64(time.Second))
	} else if t, err := http.ParseTime(header); err == nil {
		d = t.Sub(now)
	} else {
		var v struct {
			RetryAfter float64 `json:"retry_after"`
			Parameters struct {
				RetryAfter float64 `json:"retry_after"`
			} `json:"parameters"`
		}
		if json.Unmarshal(body, &v) == nil {
			d = time.Duration(max(v.RetryAfter, v.Parameters.RetryAfter) * float64(time.Second))
		}
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
	return shorten(strings.Join(strings.Fields(s), " "), 300)
}
