package email

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/diff"
	"github.com/tracker-dev/tracker/notify"
)

func loadMessage(t *testing.T) notify.Message { return loadMessageB(t) }

func loadMessageB(t testing.TB) notify.Message {
	t.Helper()
	b, err := os.ReadFile("testdata/grandstream-change.json")
	if err != nil {
		t.Fatal(err)
	}
	// The fixture is a payload queued before schema version 4: reading it
	// checks the conversion too.
	m, err := notify.Decode(b)
	if err != nil {
		t.Fatalf("decode fixture: %v", err)
	}
	return m
}

func TestRenderSubject(t *testing.T) {
	base := loadMessage(t)
	tests := []struct {
		name string
		edit func(m *notify.Message)
		want string
	}{
		{"material", func(*notify.Message) {}, "[tracker] Grandstream Networks privacy: material change (sharing, retention)"},
		{"not material, medium", func(m *notify.Message) {
			m.Data.Summary.Material, m.Data.Summary.MaxSeverity = false, classify.Medium
		}, "[tracker] Grandstream Networks privacy: change (sharing, retention)"},
		{"low", func(m *notify.Message) {
			m.Data.Summary.Material, m.Data.Summary.MaxSeverity = false, classify.Low
		}, "[tracker] Grandstream Networks privacy: low-severity change"},
		{"categories from changes", func(m *notify.Message) {
			m.Data.Summary.Categories = nil
		}, "[tracker] Grandstream Networks privacy: material change (sharing, ai, retention, security)"},
		{"vendor id when no name", func(m *notify.Message) { m.Data.Vendor.Name = "" }, "[tracker] grandstream privacy: material change (sharing, retention)"},
		{"header injection", func(m *notify.Message) {
			m.Data.Vendor.Name = "Evil\r\nBcc: victim@example.org"
		}, "[tracker] Evil Bcc: victim@example.org privacy: material change (sharing, retention)"},
		{"restored", func(m *notify.Message) {
			m.Type = notify.TypeRestored
			m.Data.Restored = &notify.Restored{Version: 11}
		}, "[tracker] Grandstream Networks privacy: restored (the text of version 11 is back)"},
		{"test message", func(m *notify.Message) { *m = notify.Ping("msg_1", sentAt) }, "[tracker] test alert: delivery works"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := base
			m.Data.Summary.Categories = append([]string(nil), base.Data.Summary.Categories...)
			vendor := *base.Data.Vendor
			m.Data.Vendor = &vendor
			tt.edit(&m)
			got, _, _, err := Render(m)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("subject\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestRenderBodies(t *testing.T) {
	_, text, html, err := Render(loadMessage(t))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		body    string
		want    []string
		notWant []string
	}{
		{"text", text, []string{
			"Grandstream Networks privacy\n",
			"Material change (highest severity: high)",
			"Document: https://www.grandstream.com/legal/privacy-policy",
			"Version 12, captured 2024-03-01 08:15 UTC",
			"Version 13, captured 2024-06-12 09:30 UTC",
			"Clauses: 1 added, 1 removed, 2 modified",
			"1. [HIGH] Modified in HOW WE MAY SHARE YOUR INFORMATION",
			"   Before: We [-do not-] rent, sell",
			"   After: We {+may+} rent, sell",
			`   - a negation was removed: "do not" became "may"`,
			"{+for as long as necessary <script>alert(1)</script> +}to provide",
			"   Added: {+We may share any information with our AI partners to train models.+}",
			"   Removed: [-Data access will be protected",
			"Full diff: tracker diff grandstream --doc privacy --from 12 --to 13",
		}, []string{"\x1b", "\x07", "[31m"}},
		{"html", html, []string{
			`max-width:700px`,
			`<a href="https://www.grandstream.com/legal/privacy-policy"`,
			`We <del style="background:#fee4e2;color:#912018;text-decoration:line-through;">do not</del> rent`,
			`We <ins style="background:#dcfae6;color:#085d3a;text-decoration:none;">may</ins> rent`,
			`&lt;script&gt;alert(1)&lt;/script&gt;`,
			`&#34;do not&#34; became &#34;may&#34;`,
			`color:#b42318;`,
			`<span style="color:#475467;">in HOW WE MAY SHARE YOUR INFORMATION</span>`,
			`tracker diff grandstream --doc privacy --from 12 --to 13`,
		}, []string{"<script>", "\x1b", "\x07", "ZgotmplZ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, w := range tt.want {
				if !strings.Contains(tt.body, w) {
					t.Errorf("missing %q in\n%s", w, tt.body)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(tt.body, w) {
					t.Errorf("unexpected %q in\n%s", w, tt.body)
				}
			}
		})
	}
}

func TestRenderUnsafeURL(t *testing.T) {
	m := loadMessage(t)
	m.Data.Document.URL = "javascript:alert(1)"
	m.Data.DiffURL = "javascript:alert(2)"
	_, _, html, err := Render(m)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, `href="javascript:`) || strings.Contains(html, "alert(2)") {
		t.Errorf("javascript: URL kept as a link:\n%s", html)
	}
}

func TestRenderLimits(t *testing.T) {
	m := loadMessage(t)
	long := strings.Repeat("word ", 2000)
	var cs []classify.Change
	for range 3 {
		cs = append(cs, classify.Change{Kind: "added", Section: "S", NewText: long, Severity: classify.High})
	}
	notify.SetChanges(&m, cs)
	_, text, _, err := Render(m)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(text, "   Added: "); n != 3 {
		t.Errorf("text shows %d changes, want 3", n)
	}
	if len(text) > 3*(maxClauseRunes*5+200)+2000 {
		t.Errorf("text is %d bytes: clauses are not truncated", len(text))
	}
}

// The case: 60 typo fixes and, at the end of the page, one clause
// that now sells data. The high change leads the e-mail; the low ones are
// capped, and the e-mail says how many were left out and where they are.
func TestNothingHidden(t *testing.T) {
	m := loadMessage(t)
	var cs []classify.Change
	for i := range 60 {
		cs = append(cs, classify.Change{Kind: "modified", Section: "Definitions", OldText: fmt.Sprintf("Teh term %d.", i),
			NewText: fmt.Sprintf("The term %d.", i), Severity: classify.Low, Reasons: []string{"typo fixed"}})
	}
	cs = append(cs, classify.Change{Kind: "added", Section: "Sharing", NewText: "We may sell your personal information to data brokers.",
		Severity: classify.High, Categories: []string{"sharing"}, Reasons: []string{"sale of data added"}})
	notify.SetChanges(&m, cs)
	m.Data.DiffURL = "https://tracker.example.org/vendors/grandstream/privacy/diff?from=12&to=13"
	_, text, html, err := Render(m)
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"text": text, "html": html} {
		sell := strings.Index(body, "We may sell your personal information to data brokers.")
		typo := strings.Index(body, "The term 0.")
		if sell < 0 || typo < 0 || sell > typo {
			t.Errorf("%s: the high change is missing or not first (at %d, first low at %d)", name, sell, typo)
		}
		if !strings.Contains(body, "50 lower-severity changes not shown (50 low)") {
			t.Errorf("%s: the cap is not announced", name)
		}
		if !strings.Contains(body, m.Data.DiffURL) && !strings.Contains(body, strings.ReplaceAll(m.Data.DiffURL, "&", "&amp;")) {
			t.Errorf("%s: no link to the diff page", name)
		}
		if !strings.Contains(body, "tracker diff grandstream --doc privacy --from 12 --to 13") {
			t.Errorf("%s: no diff command", name)
		}
	}
	if n := strings.Count(text, "[LOW]"); n != maxMinor {
		t.Errorf("%d low changes shown, want %d", n, maxMinor)
	}
	if !strings.Contains(text, "1. [HIGH] Added in Sharing") {
		t.Errorf("the high change is not number 1:\n%s", text)
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"red \x1b[31mtext\x1b[0m here", "red text here"},
		{"title \x1b]0;owned\x07 ok", "title  ok"},
		{"bell\x07 nul\x00 del\x7f", "bell nul del"},
		{"line\nbreak\ttab", "line break tab"},
		{"rtl \u202eevil\u202c end", "rtl evil end"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := clean(tt.in); got != tt.want {
				t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestChangeLayout(t *testing.T) {
	tests := []struct {
		name string
		c    classify.Change
		want string // the change as the text part shows it
	}{
		{"moved between sections", classify.Change{Kind: "moved", Section: "Sharing", OldSection: "Use", OldText: "We sell data.", NewText: "We sell data.", Severity: classify.Low},
			"1. [LOW] Moved from \"Use\" to \"Sharing\"\n   Clause: We sell data.\n"},
		{"modified without words", classify.Change{Kind: "modified", Section: "Use", OldText: "a b", NewText: "a c", Severity: classify.Medium},
			"1. [MEDIUM] Modified in Use\n   Before: a b\n   After: a c\n"},
		{"no section", classify.Change{Kind: "added", NewText: "New clause.", Severity: classify.High, Reasons: []string{"r"}},
			"1. [HIGH] Added\n   - r\n   Added: {+New clause.+}\n"},
		{"adjacent ops merge", classify.Change{Kind: "modified", Section: "S", Severity: classify.Low, Words: []diff.Op{
			{Type: diff.Equal, Text: "keep "}, {Type: diff.Delete, Text: "old"}, {Type: diff.Delete, Text: " gone"}, {Type: diff.Insert, Text: "new"}}},
			"1. [LOW] Modified in S\n   Before: keep [-old gone-]\n   After: keep {+new+}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := notify.Message{Type: notify.TypeChanged}
			notify.SetChanges(&m, []classify.Change{tt.c})
			_, text, _, err := Render(m)
			if err != nil {
				t.Fatal(err)
			}
			_, block, ok := strings.Cut(text, "\n1. ")
			if !ok || !strings.HasPrefix("1. "+block, tt.want) {
				t.Errorf("change block\n got %q\nwant %q", "1. "+block, tt.want)
			}
		})
	}
}
