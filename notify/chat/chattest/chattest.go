// Package chattest is a chat service stand-in for tests: an HTTP server on
// 127.0.0.1 that records each request and answers with a scripted status.
package chattest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/notify"
)

// Request is one request received.
type Request struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   []byte
	JSON                   map[string]any // the body decoded
}

// Receiver records requests and answers Status (200 when zero) with Reply.
type Receiver struct {
	URL    string
	Status int
	Reply  string
	Header http.Header // extra response headers

	mu  sync.Mutex
	got []Request
}

// Start runs a receiver until the test ends.
func Start(tb testing.TB) *Receiver {
	tb.Helper()
	r := &Receiver{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<20))
		rq := Request{Method: req.Method, Path: req.URL.Path, RawQuery: req.URL.RawQuery, Header: req.Header.Clone(), Body: body}
		if err := json.Unmarshal(body, &rq.JSON); err != nil {
			tb.Errorf("chattest: body is not a JSON object: %v\n%s", err, body)
		}
		r.mu.Lock()
		r.got = append(r.got, rq)
		status, reply := r.Status, r.Reply
		for k, v := range r.Header {
			w.Header()[k] = v
		}
		r.mu.Unlock()
		if status == 0 {
			status = http.StatusOK
		}
		w.WriteHeader(status)
		io.WriteString(w, reply)
	}))
	tb.Cleanup(srv.Close)
	r.URL = srv.URL
	return r
}

// Requests returns what was received so far.
func (r *Receiver) Requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.got...)
}

// Message is an alert with five changes (one high, two medium, two low),
// page text that tries markup, and a diff page link.
func Message() notify.Message {
	m := notify.Message{Type: notify.TypeChanged, Timestamp: time.Date(2026, 3, 2, 6, 0, 4, 0, time.UTC), Data: notify.Data{
		AlertID:     "msg_0123456789abcdef01234567",
		Vendor:      &notify.Vendor{ID: "acme", Name: "Acme <!channel> *Corp*"},
		Document:    &notify.DocumentRef{Type: "privacy", URL: "https://acme.example/privacy"},
		FromVersion: 12, ToVersion: 13,
		Summary:     classify.Summary{Material: true, MaxSeverity: classify.High, Added: 1, Modified: 4, Categories: []string{"sharing", "retention"}},
		DiffCommand: "tracker diff acme --doc privacy --from 12 --to 13",
		DiffURL:     "https://tracker.example.org/vendors/acme/privacy/diff?from=12&to=13",
	}}
	ch := func(sev classify.Severity, kind, section, text string) classify.Change {
		return classify.Change{Kind: "modified", Section: section, OldText: "old", NewText: text, Severity: sev, Categories: []string{"sharing"}, Reasons: []string{kind}}
	}
	notify.SetChanges(&m, []classify.Change{
		ch(classify.Low, "typo", "Intro", "We fixed a typo."),
		ch(classify.Medium, "retention", "Retention", "We keep logs for 2 years."),
		ch(classify.Low, "typo", "Contact", "Write to [us](http://evil.example) @everyone."),
		ch(classify.Medium, "sharing", "Sharing", "We share data with affiliates."),
		{Kind: "added", Section: "Sharing", NewText: "We may sell your personal information to data brokers.", Severity: classify.High, Categories: []string{"sharing"}, Reasons: []string{"sale"}},
	})
	return m
}

// CheckAnswers runs the answers every channel must judge alike against a
// notifier built for a receiver's URL (plus suffix, for services whose URL
// carries a path or query): 410 disables the endpoint, 429 is retried
// after the wait asked, a redirect is not followed, a 400 is permanent, a
// closed port is retried, and the secret parts of the URL never show.
func CheckAnswers(t *testing.T, suffix string, build func(url string) (notify.Notifier, error)) {
	t.Helper()
	cases := []struct {
		name      string
		status    int
		header    http.Header
		reply     string
		permanent bool
		gone      bool
		after     time.Duration
	}{
		{"410 gone", http.StatusGone, nil, "channel_is_archived", true, true, 0},
		{"429 retry after header", http.StatusTooManyRequests, http.Header{"Retry-After": {"30"}}, "", false, false, 30 * time.Second},
		{"429 retry after in the body", http.StatusTooManyRequests, nil, `{"ok":false,"error_code":429,"parameters":{"retry_after":7}}`, false, false, 7 * time.Second},
		{"503", http.StatusServiceUnavailable, nil, "", false, false, 0},
		{"302 not followed", http.StatusFound, http.Header{"Location": {"https://elsewhere.example/"}}, "", true, false, 0},
		{"400 permanent", http.StatusBadRequest, nil, "invalid_payload", true, false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Start(t)
			r.Status, r.Header, r.Reply = tc.status, tc.header, tc.reply
			n, err := build(r.URL + suffix)
			if err != nil {
				t.Fatal(err)
			}
			err = n.Send(t.Context(), Message())
			if err == nil {
				t.Fatal("no error")
			}
			if notify.IsPermanent(err) != tc.permanent || notify.IsGone(err) != tc.gone {
				t.Errorf("permanent %v gone %v, want %v %v: %v", notify.IsPermanent(err), notify.IsGone(err), tc.permanent, tc.gone, err)
			}
			if after, _ := notify.RetryAfter(err); after != tc.after {
				t.Errorf("retry after %s, want %s", after, tc.after)
			}
			if len(r.Requests()) != 1 {
				t.Errorf("%d requests, want 1 (no redirect followed)", len(r.Requests()))
			}
			if len(suffix) > 1 && containsAny(err.Error(), suffix) {
				t.Errorf("the error shows the URL's secret part: %v", err)
			}
			if target := n.Target(Message()); len(suffix) > 1 && containsAny(target, suffix) {
				t.Errorf("the target shows the URL's secret part: %q", target)
			}
		})
	}
	t.Run("closed port", func(t *testing.T) {
		n, err := build("http://127.0.0.1:1" + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := n.Send(t.Context(), Message()); err == nil || notify.IsPermanent(err) {
			t.Errorf("want a retryable error, got %v", err)
		}
	})
	t.Run("not a URL", func(t *testing.T) {
		if _, err := build("ftp://example.org" + suffix); err == nil {
			t.Error("an ftp URL was accepted")
		}
	})
}

// containsAny reports whether s shows the secret-looking part of suffix
// (its path or query, at least 8 characters of it).
func containsAny(s, suffix string) bool {
	for i := 0; i+8 <= len(suffix); i++ {
		if part := suffix[i : i+8]; !isSeparatorRun(part) && strings.Contains(s, part) {
			return true
		}
	}
	return false
}

func isSeparatorRun(s string) bool {
	for _, c := range s {
		if c != '/' && c != '?' && c != '=' && c != '&' {
			return false
		}
	}
	return true
}
