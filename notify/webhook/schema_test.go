package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/internal/payloadtest"
	"github.com/tracker-dev/tracker/notify"
)

// Every kind of body tracker posts matches the published JSON Schema, as
// received by a real HTTP server.
func TestPayloadsMatchSchema(t *testing.T) {
	restored := testMessage()
	restored.Type = notify.TypeRestored
	restored.Data.Restored = &notify.Restored{Version: 11, CapturedAt: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)}
	withURL := testMessage()
	withURL.Data.DiffURL = "https://tracker.example.org/vendors/grandstream/privacy/diff?from=12&to=13"

	big := testMessage()
	var cs []classify.Change
	for i := range 400 {
		cs = append(cs, classify.Change{Kind: "modified", Section: "S", OldText: fmt.Sprint(i, strings.Repeat(" old words", 40)),
			NewText: fmt.Sprint(i, strings.Repeat(" new words", 40)), Severity: classify.Low, Categories: []string{"other"}, Reasons: []string{"reworded"}})
	}
	cs = append(cs, big.Data.Changes[0].Change)
	notify.SetChanges(&big, cs)

	legacy, err := notify.Decode([]byte(`{"type":"document.changed","id":"msg_legacy1","vendor":{"id":"a","name":"A"},
		"document":{"type":"privacy","url":"https://a.example/p"},"from_version":1,"to_version":2,
		"from_time":"2024-01-01T00:00:00Z","to_time":"2024-01-02T00:00:00Z","detected_at":"2024-01-02T00:00:05Z",
		"summary":{"material":true,"max_severity":"high","categories":["sharing"]},
		"changes":[{"kind":"added","section":"","old_text":"","new_text":"x","severity":"high","categories":["sharing"],"reasons":["r"]}],
		"diff_command":"tracker diff a --doc privacy --from 1 --to 2"}`))
	if err != nil {
		t.Fatal(err)
	}

	for name, m := range map[string]notify.Message{
		"changed": testMessage(), "restored": restored, "with diff url": withURL,
		"over 64 KiB": big, "queued by an older tracker": legacy, "ping": notify.Ping("msg_ping01", time.Now()),
	} {
		t.Run(name, func(t *testing.T) {
			rc := &recorder{statuses: []int{http.StatusOK}}
			srv := httptest.NewServer(rc)
			defer srv.Close()
			if err := newTestNotifier(t, srv.URL).Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			body := rc.requests()[0].body
			if len(body) > notify.MaxBody {
				t.Errorf("body of %d bytes", len(body))
			}
			payloadtest.Validate(t, body)
		})
	}
	t.Run("not valid", func(t *testing.T) {
		// The schema is not a sieve that lets anything through.
		for _, bad := range []string{`{"type":"document.changed","timestamp":"2024-01-01T00:00:00Z","data":{"alert_id":"msg_1"}}`,
			`{"type":"other","timestamp":"2024-01-01T00:00:00Z","data":{"alert_id":"msg_1","text":"x"}}`} {
			ft := &fakeT{TB: t}
			payloadtest.Validate(ft, []byte(bad))
			if !ft.failed {
				t.Errorf("%s passed the schema", bad)
			}
		}
	})
}

// The example in README's alert section is a valid payload.
func TestReadmeExampleMatchesSchema(t *testing.T) {
	path, err := payloadtest.RepoFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "### Webhook payload")
	_, rest, ok2 := strings.Cut(rest, "```json\n")
	example, _, ok3 := strings.Cut(rest, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README has no JSON example under ### Webhook payload")
	}
	payloadtest.Validate(t, []byte(example))
	var m notify.Message
	if err := json.Unmarshal([]byte(example), &m); err != nil || m.ID() == "" || len(m.Data.Changes) == 0 {
		t.Errorf("the example does not decode as a message: %v", err)
	}
}

// fakeT records a failure instead of failing the test.
type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Errorf(string, ...any) { f.failed = true }
func (f *fakeT) Fatalf(string, ...any) { f.failed = true }
func (f *fakeT) Helper()               {}
