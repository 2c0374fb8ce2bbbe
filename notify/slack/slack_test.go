package slack

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/chat"
	"github.com/tracker-dev/tracker/notify/chat/chattest"
)

const hookPath = "/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX"

func TestSendShape(t *testing.T) {
	r := chattest.Start(t)
	r.Reply = "ok"
	n, err := New(chat.Config{URL: r.URL + hookPath})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Send(t.Context(), chattest.Message()); err != nil {
		t.Fatal(err)
	}
	got := r.Requests()
	if len(got) != 1 || got[0].Method != "POST" || got[0].Path != hookPath || got[0].Header.Get("Content-Type") != "application/json" {
		t.Fatalf("request %+v", got)
	}
	// Slack's incoming webhook body: text (the notification fallback) and
	// blocks of the documented types.
	var m struct {
		Text   string `json:"text"`
		Blocks []struct {
			Type string `json:"type"`
			Text *struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"text"`
			Elements []struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"elements"`
		} `json:"blocks"`
	}
	dec := json.NewDecoder(strings.NewReader(string(got[0].Body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("body: %v\n%s", err, got[0].Body)
	}
	types := []string{}
	for _, b := range m.Blocks {
		types = append(types, b.Type)
	}
	if strings.Join(types, ",") != "header,section,section,context" {
		t.Fatalf("blocks %v", types)
	}
	if m.Blocks[0].Text.Type != "plain_text" || m.Blocks[1].Text.Type != "mrkdwn" || m.Blocks[3].Elements[0].Type != "mrkdwn" {
		t.Errorf("text types: %s", got[0].Body)
	}
	about, changes, foot := m.Blocks[1].Text.Text, m.Blocks[2].Text.Text, m.Blocks[3].Elements[0].Text
	for _, want := range []string{"Acme &lt;!channel&gt; *Corp*", "privacy", "*HIGH*", "sharing, retention", "https://acme.example/privacy"} {
		if !strings.Contains(about, want) {
			t.Errorf("vendor section lacks %q: %s", want, about)
		}
	}
	lines := strings.Split(changes, "\n")
	if len(lines) != chat.TopChanges || !strings.Contains(lines[0], "*HIGH* Added in Sharing: We may sell your personal information to data brokers.") || !strings.Contains(lines[1], "*MEDIUM*") {
		t.Errorf("top changes:\n%s", changes)
	}
	if !strings.Contains(foot, "2 more changes (2 low)") || !strings.Contains(foot, "<https://tracker.example.org/vendors/acme/privacy/diff?from=12&amp;to=13|Full diff>") {
		t.Errorf("footer %q", foot)
	}
	if !strings.HasPrefix(m.Text, "Acme &lt;!channel&gt; *Corp* privacy: material change (high)") {
		t.Errorf("fallback text %q", m.Text)
	}
	if strings.Contains(string(got[0].Body), "<!") {
		t.Error("page text can ping the channel")
	}
	if n.Target(notify.Message{}) != r.URL+"/…" || n.Kind() != "slack" {
		t.Errorf("target %q kind %q", n.Target(notify.Message{}), n.Kind())
	}
}

func TestPing(t *testing.T) {
	r := chattest.Start(t)
	n, _ := New(chat.Config{URL: r.URL + hookPath})
	if err := n.Send(t.Context(), notify.Ping("msg_1", chattest.Message().Timestamp)); err != nil {
		t.Fatal(err)
	}
	if body := string(r.Requests()[0].Body); !strings.Contains(body, "test alert from tracker") {
		t.Errorf("ping body %s", body)
	}
}

func TestAnswers(t *testing.T) {
	chattest.CheckAnswers(t, hookPath, func(url string) (notify.Notifier, error) { return New(chat.Config{URL: url}) })
}
