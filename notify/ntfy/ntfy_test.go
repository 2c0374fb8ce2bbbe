package ntfy

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/chat"
	"github.com/tracker-dev/tracker/notify/chat/chattest"
)

// ntfy's JSON publishing: POST to the server's root with the topic in the
// body.
func TestSendShape(t *testing.T) {
	r := chattest.Start(t)
	u := strings.Replace(r.URL, "http://", "http://alerts:s3cret@", 1) + "/acme-privacy-7f3k"
	n, err := New(chat.Config{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Send(t.Context(), chattest.Message()); err != nil {
		t.Fatal(err)
	}
	got := r.Requests()
	if len(got) != 1 || got[0].Path != "/" {
		t.Fatalf("request %+v", got)
	}
	if auth := got[0].Header.Get("Authorization"); auth != "Basic "+base64.StdEncoding.EncodeToString([]byte("alerts:s3cret")) {
		t.Errorf("Authorization %q", auth)
	}
	var m struct {
		Topic    string   `json:"topic"`
		Title    string   `json:"title"`
		Message  string   `json:"message"`
		Markdown bool     `json:"markdown"`
		Priority int      `json:"priority"`
		Tags     []string `json:"tags"`
		Click    string   `json:"click"`
	}
	dec := json.NewDecoder(strings.NewReader(string(got[0].Body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("body: %v\n%s", err, got[0].Body)
	}
	if m.Topic != "acme-privacy-7f3k" || !m.Markdown || m.Priority != 5 || len(m.Tags) != 1 || m.Tags[0] != "rotating_light" ||
		m.Click != "https://tracker.example.org/vendors/acme/privacy/diff?from=12&to=13" || !strings.HasPrefix(m.Title, "Acme <!channel> *Corp* privacy") {
		t.Errorf("message %+v", m)
	}
	lines := strings.Split(m.Message, "\n")
	if len(lines) != 5 || !strings.Contains(lines[1], "**HIGH** Added in Sharing: We may sell your personal information to data brokers.") || lines[4] != "2 more changes (2 low)" {
		t.Errorf("message text:\n%s", m.Message)
	}
	if strings.Contains(n.Target(notify.Message{}), "acme-privacy") || strings.Contains(n.Target(notify.Message{}), "s3cret") {
		t.Errorf("target %q shows the topic or the password", n.Target(notify.Message{}))
	}
}

func TestAccessToken(t *testing.T) {
	r := chattest.Start(t)
	n, err := New(chat.Config{URL: strings.Replace(r.URL, "http://", "http://:tk_abc123@", 1) + "/sub/path/topic"})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Send(t.Context(), notify.Ping("msg_1", chattest.Message().Timestamp)); err != nil {
		t.Fatal(err)
	}
	got := r.Requests()[0]
	if got.Header.Get("Authorization") != "Bearer tk_abc123" || got.Path != "/sub/path/" || got.JSON["topic"] != "topic" {
		t.Errorf("request %+v", got)
	}
	if _, err := New(chat.Config{URL: r.URL + "/"}); err == nil {
		t.Error("a URL without a topic was accepted")
	}
}

func TestAnswers(t *testing.T) {
	chattest.CheckAnswers(t, "/a-secret-topic-name", func(url string) (notify.Notifier, error) { return New(chat.Config{URL: url}) })
}
