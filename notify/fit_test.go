package notify_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/notify"
)

func change(sev classify.Severity, text string) classify.Change {
	return classify.Change{Kind: "modified", Section: "S", OldText: text, NewText: text + " (edited)", Severity: sev,
		Categories: []string{}, Reasons: []string{"r"}}
}

func changedMessage(cs []classify.Change) notify.Message {
	m := notify.Message{Type: notify.TypeChanged, Timestamp: t0, Data: notify.Data{
		AlertID: "msg_1", Vendor: &notify.Vendor{ID: "acme", Name: "Acme"}, Document: &notify.DocumentRef{Type: "privacy", URL: "https://acme.example/p"},
		FromVersion: 1, ToVersion: 2, FromTime: t0, ToTime: t0, DiffCommand: "tracker diff acme --doc privacy --from 1 --to 2",
	}}
	notify.SetChanges(&m, cs)
	return m
}

func severities(cs []notify.Change) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Severity.String()[:1])
	}
	return b.String()
}

func TestSetChangesOrdersBySeverityThenPosition(t *testing.T) {
	m := changedMessage([]classify.Change{
		change(classify.Low, "a"), change(classify.High, "b"), change(classify.None, "c"),
		change(classify.Medium, "d"), change(classify.High, "e"), change(classify.Low, "f"),
	})
	var got []string
	for _, c := range m.Data.Changes {
		got = append(got, c.OldText)
	}
	if strings.Join(got, "") != "bedafc" {
		t.Errorf("order %q, want high b e, medium d, low a f, none c", got)
	}
}

func TestShownCapsMinorOnly(t *testing.T) {
	var cs []classify.Change
	for i := range 60 {
		cs = append(cs, change(classify.Low, fmt.Sprint("typo ", i)))
	}
	for i := range 3 {
		cs = append(cs, change(classify.None, fmt.Sprint("date ", i)))
	}
	for i := range 25 {
		cs = append(cs, change(classify.Medium, fmt.Sprint("medium ", i)))
	}
	cs = append(cs, change(classify.High, "We may sell your personal information to data brokers."))
	shown, omitted := notify.Shown(changedMessage(cs), 10)
	if got := severities(shown); got != "h"+strings.Repeat("m", 25)+strings.Repeat("l", 10) {
		t.Errorf("shown %s", got)
	}
	if omitted != (notify.Omitted{Count: 53, Low: 50, None: 3}) {
		t.Errorf("omitted %+v", omitted)
	}
	top, rest := notify.Top(changedMessage(cs), 3)
	if severities(top) != "hmm" || rest.Count != 86 || rest.Medium != 23 {
		t.Errorf("top %s, rest %+v", severities(top), rest)
	}
}

// The case, in the webhook body: 60 low changes and one high one
// at the end of the page; the high one is first, and nothing is left out
// while the body is small.
func TestFitKeepsEverythingThatFits(t *testing.T) {
	var cs []classify.Change
	for i := range 60 {
		cs = append(cs, change(classify.Low, fmt.Sprint("Teh term ", i)))
	}
	cs = append(cs, change(classify.High, "We may sell your personal information to data brokers."))
	m := changedMessage(cs)
	b, err := notify.Fit(&m, notify.MaxBody)
	if err != nil {
		t.Fatal(err)
	}
	var back notify.Message
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Data.Changes) != 61 || back.Data.Changes[0].Severity != classify.High || back.Data.Omitted.Count != 0 {
		t.Errorf("%d changes, first %s, omitted %+v", len(back.Data.Changes), back.Data.Changes[0].Severity, back.Data.Omitted)
	}
	if strings.Contains(string(b), `"omitted"`) {
		t.Error("an empty omitted count is sent")
	}
}

// A rewritten 200 KB page: the body stays under 64 KB, none and low
// changes go first (the payload counts them), every medium and high one
// stays.
func TestFitDropsMinorFirst(t *testing.T) {
	para := strings.Repeat("This paragraph was reworded from top to bottom. ", 20) // ~1 KB
	var cs []classify.Change
	for i := range 200 {
		sev := []classify.Severity{classify.None, classify.Low, classify.Low, classify.Medium, classify.Low}[i%5]
		cs = append(cs, change(sev, fmt.Sprint(i, " ", para)))
	}
	cs = append(cs, change(classify.High, "We may sell your personal information to data brokers."))
	m := changedMessage(cs)
	full, _ := json.Marshal(m)
	b, err := notify.Fit(&m, notify.MaxBody)
	if err != nil {
		t.Fatal(err)
	}
	if len(full) < 300<<10 || len(b) > notify.MaxBody {
		t.Fatalf("full body %d bytes, fitted %d (limit %d)", len(full), len(b), notify.MaxBody)
	}
	var back notify.Message
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	counts := map[classify.Severity]int{}
	for _, c := range back.Data.Changes {
		counts[c.Severity]++
	}
	o := back.Data.Omitted
	if counts[classify.High] != 1 || counts[classify.Medium] != 40 || counts[classify.None] != 0 || o.None != 40 || o.Medium != 0 || o.High != 0 {
		t.Errorf("kept %v, omitted %+v: want every medium and high kept, none changes dropped first", counts, o)
	}
	if o.Count != o.None+o.Low || counts[classify.Low]+o.Low != 120 {
		t.Errorf("omitted %+v does not add up with %d low kept", o, counts[classify.Low])
	}
	if back.Data.Changes[0].Severity != classify.High {
		t.Error("the high change is not first")
	}
}

// When even the medium and high changes are too big, their texts are
// shortened, marked truncated, and all of them stay.
func TestFitShortensSevereChanges(t *testing.T) {
	huge := strings.Repeat("We may share your data with partners. ", 800) // ~30 KB
	var cs []classify.Change
	for i := range 10 {
		c := change(classify.High, fmt.Sprint(i, huge))
		cs = append(cs, c)
	}
	m := changedMessage(cs)
	b, err := notify.Fit(&m, notify.MaxBody)
	if err != nil {
		t.Fatal(err)
	}
	var back notify.Message
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(b) > notify.MaxBody || len(back.Data.Changes) != 10 || !back.Data.Changes[0].Truncated || back.Data.Omitted.Count != 0 {
		t.Errorf("%d bytes, %d changes, truncated %v, omitted %+v", len(b), len(back.Data.Changes), back.Data.Changes[0].Truncated, back.Data.Omitted)
	}
}

func TestDecodeLegacyPayload(t *testing.T) {
	old := `{"type":"document.changed","id":"msg_old","vendor":{"id":"acme","name":"Acme"},"document":{"type":"privacy","url":"u"},
		"from_version":1,"to_version":2,"detected_at":"2024-06-12T10:00:00Z","summary":{"material":true,"max_severity":"high"},
		"changes":[{"kind":"added","severity":"low","new_text":"a"},{"kind":"added","severity":"high","new_text":"b"}],"diff_command":"tracker diff acme"}`
	m, err := notify.Decode([]byte(old))
	if err != nil {
		t.Fatal(err)
	}
	if m.Type != notify.TypeChanged || m.ID() != "msg_old" || m.VendorID() != "acme" || !m.Timestamp.Equal(time.Date(2024, 6, 12, 10, 0, 0, 0, time.UTC)) ||
		len(m.Data.Changes) != 2 || m.Data.Changes[0].NewText != "b" {
		t.Errorf("decoded %+v", m)
	}
	if m, err := notify.Decode([]byte(`{"type":"test","id":"msg_t"}`)); err != nil || m.Type != notify.TypePing || m.ID() != "msg_t" {
		t.Errorf("old test message: %+v, %v", m, err)
	}
	if _, err := notify.Decode([]byte(`{"type":"document.changed"}`)); err == nil {
		t.Error("a payload without id decoded")
	}
}
