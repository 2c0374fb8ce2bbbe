package telegram

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/chat"
	"github.com/tracker-dev/tracker/notify/chat/chattest"
)

const botPath = "/bot123456:SECRETbotTOKEN/sendMessage?chat_id=-1001234567890"

func TestSendShape(t *testing.T) {
	r := chattest.Start(t)
	r.Reply = `{"ok":true,"result":{"message_id":1}}`
	n, err := New(chat.Config{URL: r.URL + botPath})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Send(t.Context(), chattest.Message()); err != nil {
		t.Fatal(err)
	}
	got := r.Requests()
	if len(got) != 1 || got[0].Path != "/bot123456:SECRETbotTOKEN/sendMessage" || got[0].RawQuery != "" {
		t.Fatalf("request %+v", got)
	}
	var m struct {
		ChatID             string `json:"chat_id"`
		Text               string `json:"text"`
		ParseMode          string `json:"parse_mode"`
		LinkPreviewOptions struct {
			IsDisabled bool `json:"is_disabled"`
		} `json:"link_preview_options"`
	}
	dec := json.NewDecoder(strings.NewReader(string(got[0].Body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("body: %v\n%s", err, got[0].Body)
	}
	if m.ChatID != "-1001234567890" || m.ParseMode != "HTML" || !m.LinkPreviewOptions.IsDisabled {
		t.Errorf("message %+v", m)
	}
	for _, want := range []string{
		"<b>Acme &lt;!channel&gt; *Corp* privacy: material change (high)</b>",
		"<b>HIGH</b> Added in Sharing: We may sell your personal information to data brokers.",
		"2 more changes (2 low)",
		`<a href="https://tracker.example.org/vendors/acme/privacy/diff?from=12&amp;to=13">Full diff</a>`,
	} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	if len([]rune(m.Text)) > maxText {
		t.Error("over the API's limit")
	}
}

func TestURLChecks(t *testing.T) {
	for _, u := range []string{"https://api.telegram.org/bot1:x/sendMessage", "https://api.telegram.org/bot1:x/getMe?chat_id=1"} {
		if _, err := New(chat.Config{URL: u}); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
}

func TestAnswers(t *testing.T) {
	chattest.CheckAnswers(t, botPath, func(url string) (notify.Notifier, error) { return New(chat.Config{URL: url}) })
}
