package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/notify"
)

var testKey = []byte("tracker test signing key, 32 by!")
var testSecret = "whsec_" + base64.StdEncoding.EncodeToString(testKey)

func testMessage() notify.Message {
	m := notify.Message{
		Type: notify.TypeChanged, Timestamp: time.Date(2024, 6, 12, 9, 31, 7, 0, time.UTC),
		Data: notify.Data{
			AlertID:     "msg_test0001",
			Vendor:      &notify.Vendor{ID: "grandstream", Name: "Grandstream Networks"},
			Document:    &notify.DocumentRef{Type: "privacy", URL: "https://www.grandstream.com/legal/privacy-policy"},
			FromVersion: 12, ToVersion: 13,
			FromTime:    time.Date(2024, 3, 1, 8, 15, 0, 0, time.UTC),
			ToTime:      time.Date(2024, 6, 12, 9, 30, 0, 0, time.UTC),
			Summary:     classify.Summary{Material: true, MaxSeverity: classify.High, Modified: 1, Categories: []string{"sharing"}},
			DiffCommand: "tracker diff grandstream --doc privacy --from 12 --to 13",
		},
	}
	notify.SetChanges(&m, []classify.Change{{Kind: "modified", Section: "Sharing", OldText: "We do not sell data.", NewText: "We may sell data.",
		Severity: classify.High, Categories: []string{"sharing"}, Reasons: []string{"negation removed"}}})
	return m
}

// recorder is a receiver that answers with a scripted list of statuses
// (the last one repeats) and keeps what it got.
type recorder struct {
	mu       sync.Mutex
	statuses []int
	header   http.Header // extra response headers
	got      []received
}

type received struct {
	header http.Header
	body   []byte
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.got = append(rc.got, received{r.Header.Clone(), body})
	status := rc.statuses[min(len(rc.got), len(rc.statuses))-1]
	for k, v := range rc.header {
		w.Header()[k] = v
	}
	rc.mu.Unlock()
	w.WriteHeader(status)
	_, _ = io.WriteString(w, "receiver says\x1b[31m no\n")
}

func (rc *recorder) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

func newTestNotifier(t *testing.T, url string) *Notifier {
	t.Helper()
	n, err := New(Config{URL: url, Secrets: []string{testSecret}, Timeout: 5 * time.Second, UserAgent: "tracker-test/1"})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSendSigned(t *testing.T) {
	rc := &recorder{statuses: []int{http.StatusOK}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	n := newTestNotifier(t, srv.URL+"/hooks")
	m := testMessage()
	if err := n.Send(context.Background(), m); err != nil {
		t.Fatalf("send: %v", err)
	}
	got := rc.requests()
	if len(got) != 1 {
		t.Fatalf("%d requests, want 1", len(got))
	}
	h, body := got[0].header, got[0].body
	if h.Get("Content-Type") != "application/json" || h.Get("User-Agent") != "tracker-test/1" || h.Get(HeaderID) != m.ID() {
		t.Errorf("headers %v", h)
	}
	if err := Verify(testSecret, h, body, time.Minute); err != nil {
		t.Errorf("Verify: %v", err)
	}
	// The same signature computed from scratch.
	mac := hmac.New(sha256.New, testKey)
	mac.Write([]byte(h.Get(HeaderID) + "." + h.Get(HeaderTimestamp) + "." + string(body)))
	if want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)); h.Get(HeaderSignature) != want {
		t.Errorf("signature %q, want %q", h.Get(HeaderSignature), want)
	}
	ts, err := strconv.ParseInt(h.Get(HeaderTimestamp), 10, 64)
	if err != nil || time.Since(time.Unix(ts, 0)).Abs() > time.Minute {
		t.Errorf("timestamp %q is not now in Unix seconds", h.Get(HeaderTimestamp))
	}
	var back notify.Message
	if err := json.Unmarshal(body, &back); err != nil || back.ID() != m.ID() || back.Data.Changes[0].NewText != "We may sell data." {
		t.Errorf("body does not decode to the message: %v %+v", err, back)
	}
	if strings.Contains(string(body), testSecret) || strings.Contains(h.Get(HeaderSignature), testSecret) {
		t.Error("the secret was sent")
	}
}

func TestSendStatuses(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		retryAfter string
		wantErr    bool
		permanent  bool
		wantAfter  time.Duration
	}{
		{"200", http.StatusOK, "", false, false, 0},
		{"204", http.StatusNoContent, "", false, false, 0},
		{"400 permanent", http.StatusBadRequest, "", true, true, 0},
		{"401 permanent", http.StatusUnauthorized, "", true, true, 0},
		{"404 permanent", http.StatusNotFound, "", true, true, 0},
		{"410 gone", http.StatusGone, "", true, true, 0},
		{"408 retryable", http.StatusRequestTimeout, "", true, false, 0},
		{"429 retry after seconds", http.StatusTooManyRequests, "120", true, false, 120 * time.Second},
		{"429 retry after too long", http.StatusTooManyRequests, "9999999", true, false, 24 * time.Hour},
		{"429 retry after garbage", http.StatusTooManyRequests, "soon", true, false, 0},
		{"500 retryable", http.StatusInternalServerError, "", true, false, 0},
		{"503 retry after date", http.StatusServiceUnavailable, "DATE+90s", true, false, 90 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := &recorder{statuses: []int{tt.status}, header: http.Header{}}
			srv := httptest.NewServer(rc)
			defer srv.Close()
			n := newTestNotifier(t, srv.URL)
			now := time.Date(2024, 6, 12, 10, 0, 0, 0, time.UTC)
			n.now = func() time.Time { return now }
			if tt.retryAfter == "DATE+90s" {
				rc.header.Set("Retry-After", now.Add(90*time.Second).Format(http.TimeFormat))
			} else if tt.retryAfter != "" {
				rc.header.Set("Retry-After", tt.retryAfter)
			}
			err := n.Send(context.Background(), testMessage())
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err == nil {
				return
			}
			if notify.IsPermanent(err) != tt.permanent {
				t.Errorf("permanent = %v, want %v (%v)", notify.IsPermanent(err), tt.permanent, err)
			}
			after, _ := notify.RetryAfter(err)
			if after != tt.wantAfter {
				t.Errorf("retry after %s, want %s", after, tt.wantAfter)
			}
			if notify.IsGone(err) != (tt.status == http.StatusGone) {
				t.Errorf("gone = %v for %d", notify.IsGone(err), tt.status)
			}
			var se *StatusError
			if !errors.As(err, &se) || se.Status != tt.status {
				t.Errorf("want a StatusError with %d, got %v", tt.status, err)
			}
			if strings.ContainsAny(err.Error(), "\x1b\n") || !strings.Contains(err.Error(), "receiver says") {
				t.Errorf("error text not cleaned: %q", err.Error())
			}
		})
	}
}

func TestSendLargeErrorBodyIsCapped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, strings.Repeat("x", 1<<20))
	}))
	defer srv.Close()
	err := newTestNotifier(t, srv.URL).Send(context.Background(), testMessage())
	if err == nil || len(err.Error()) > 400 {
		t.Errorf("error of %d bytes: %.100v", len(err.Error()), err)
	}
}

func TestRedirects(t *testing.T) {
	other := &recorder{statuses: []int{http.StatusOK}}
	otherSrv := httptest.NewServer(other)
	defer otherSrv.Close()
	final := &recorder{statuses: []int{http.StatusOK}}

	mux := http.NewServeMux()
	mux.Handle("/final", final)
	mux.HandleFunc("/same-307", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/final", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/same-302", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/final", http.StatusFound)
	})
	mux.HandleFunc("/other-307", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherSrv.URL+"/steal", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusPermanentRedirect)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tests := []struct {
		path      string
		wantErr   bool
		wantFinal int
	}{
		{"/same-307", true, 0},  // even on the same host: the operator fixes the URL
		{"/same-302", true, 0},  // would turn the POST into a GET
		{"/other-307", true, 0}, // another host must not see the alert
		{"/loop", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			final.mu.Lock()
			final.got = nil
			final.mu.Unlock()
			err := newTestNotifier(t, srv.URL+tt.path).Send(context.Background(), testMessage())
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && (!notify.IsPermanent(err) || !strings.Contains(err.Error(), "not followed")) {
				t.Errorf("a refused redirect should be permanent and say so: %v", err)
			}
			got := final.requests()
			if len(got) != tt.wantFinal {
				t.Fatalf("final got %d requests, want %d", len(got), tt.wantFinal)
			}
			if len(got) == 1 {
				if err := Verify(testSecret, got[0].header, got[0].body, time.Minute); err != nil {
					t.Errorf("redirected delivery does not verify: %v", err)
				}
			}
		})
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
}

func TestSendNetworkErrorIsRetryable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	err := newTestNotifier(t, url).Send(context.Background(), testMessage())
	if err == nil || notify.IsPermanent(err) {
		t.Errorf("want a retryable error, got %v", err)
	}
}

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name, url, secret, wantErr string
	}{
		{"valid", "https://hooks.example.org/x", testSecret, ""},
		{"relative url", "/hooks", testSecret, "absolute http or https"},
		{"ftp url", "ftp://hooks.example.org/x", testSecret, "absolute http or https"},
		{"secret without prefix", "https://hooks.example.org/x", "c2VjcmV0LXZhbHVlLWhlcmU=", "whsec_"},
		{"secret not base64", "https://hooks.example.org/x", "whsec_sec ret!!", "whsec_"},
		{"secret of 23 bytes", "https://hooks.example.org/x", "whsec_" + base64.StdEncoding.EncodeToString([]byte("twenty-three bytes long")), "23 bytes, fewer than 24"},
		{"secret of 24 bytes", "https://hooks.example.org/x", "whsec_" + base64.StdEncoding.EncodeToString([]byte("twenty-four bytes long!!")), ""},
		{"no secret", "https://hooks.example.org/x", "", "at least one signing secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var secrets []string
			if tt.secret != "" {
				secrets = []string{tt.secret}
			}
			n, err := New(Config{URL: tt.url, Secrets: secrets})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if n.Target(notify.Message{}) != tt.url || n.Kind() != "webhook" {
					t.Errorf("target %q kind %q", n.Target(notify.Message{}), n.Kind())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			if raw := strings.TrimPrefix(tt.secret, "whsec_"); raw != "" && strings.Contains(err.Error(), raw) {
				t.Errorf("error shows the secret: %v", err)
			}
		})
	}
}

func TestSendWithoutID(t *testing.T) {
	rc := &recorder{statuses: []int{http.StatusOK}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	m := testMessage()
	m.Data.AlertID = ""
	if err := newTestNotifier(t, srv.URL).Send(context.Background(), m); !notify.IsPermanent(err) {
		t.Errorf("err = %v, want permanent", err)
	}
	if len(rc.requests()) != 0 {
		t.Error("a message without id was posted")
	}
}
