package teams

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/chat"
	"github.com/tracker-dev/tracker/notify/chat/chattest"
)

const flowPath = "/workflows/abc123/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sig=SECRETSIGNATURE"

func TestSendShape(t *testing.T) {
	r := chattest.Start(t)
	r.Status = 202
	n, err := New(chat.Config{URL: r.URL + flowPath})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Send(t.Context(), chattest.Message()); err != nil {
		t.Fatal(err)
	}
	got := r.Requests()
	if len(got) != 1 || got[0].Path != "/workflows/abc123/triggers/manual/paths/invoke" || !strings.Contains(got[0].RawQuery, "sig=SECRETSIGNATURE") {
		t.Fatalf("request %+v", got)
	}
	// The documented envelope: a message with one Adaptive Card attachment.
	var m struct {
		Type        string `json:"type"`
		Attachments []struct {
			ContentType string           `json:"contentType"`
			ContentURL  *string          `json:"contentUrl"`
			Content     *json.RawMessage `json:"content"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(got[0].Body, &m); err != nil {
		t.Fatal(err)
	}
	if m.Type != "message" || len(m.Attachments) != 1 || m.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" ||
		m.Attachments[0].ContentURL != nil || !strings.Contains(string(got[0].Body), `"contentUrl":null`) {
		t.Fatalf("envelope: %s", got[0].Body)
	}
	var c struct {
		Schema  string `json:"$schema"`
		Type    string `json:"type"`
		Version string `json:"version"`
		Body    []struct {
			Type  string `json:"type"`
			Text  string `json:"text"`
			Facts []struct{ Title, Value string }
		} `json:"body"`
		Actions []struct{ Type, Title, URL string } `json:"actions"`
	}
	if err := json.Unmarshal(*m.Attachments[0].Content, &c); err != nil {
		t.Fatal(err)
	}
	if c.Type != "AdaptiveCard" || c.Version != "1.4" || c.Schema != "http://adaptivecards.io/schemas/adaptive-card.json" {
		t.Errorf("card header %+v", c)
	}
	if len(c.Body) < 5 || c.Body[0].Type != "TextBlock" || c.Body[1].Type != "FactSet" || len(c.Body[1].Facts) != 4 {
		t.Fatalf("card body %s", *m.Attachments[0].Content)
	}
	if c.Body[1].Facts[0].Value != `Acme <!channel> \*Corp\*` || c.Body[1].Facts[2].Value != "HIGH" || c.Body[1].Facts[3].Value != "sharing, retention" {
		t.Errorf("facts %+v", c.Body[1].Facts)
	}
	if !strings.Contains(c.Body[2].Text, "**HIGH** Added in Sharing: We may sell your personal information to data brokers.") {
		t.Errorf("first change %q", c.Body[2].Text)
	}
	if last := c.Body[len(c.Body)-1].Text; last != "2 more changes (2 low)" {
		t.Errorf("last block %q", last)
	}
	if len(c.Actions) != 1 || c.Actions[0].Type != "Action.OpenUrl" || c.Actions[0].URL != "https://tracker.example.org/vendors/acme/privacy/diff?from=12&to=13" {
		t.Errorf("actions %+v", c.Actions)
	}
}

func TestAnswers(t *testing.T) {
	chattest.CheckAnswers(t, flowPath, func(url string) (notify.Notifier, error) { return New(chat.Config{URL: url}) })
}
