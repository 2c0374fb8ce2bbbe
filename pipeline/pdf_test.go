package pipeline

import (
	"context"
	"encoding/json"
	htmlpkg "html"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/pdf/pdftest"
	"github.com/tracker-dev/tracker/wayback/waybacktest"
)

// subprocessorSite serves one sub-processor list twice: as a PDF and as the
// HTML page the same vendor could have published instead.
type subprocessorSite struct {
	mu   sync.Mutex
	rows []pdftest.Subprocessor
}

func (s *subprocessorSite) set(rows []pdftest.Subprocessor) {
	s.mu.Lock()
	s.rows = rows
	s.mu.Unlock()
}

func (s *subprocessorSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	rows := s.rows
	s.mu.Unlock()
	switch r.URL.Path {
	case "/subprocessors.pdf":
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdftest.SubprocessorList(rows))
	case "/subprocessors.html":
		var b strings.Builder
		b.WriteString("<html><head><title>Acme Sub-processors</title></head><body><main><h1>Acme Sub-processors</h1>")
		b.WriteString("<p>Acme engages the following sub-processors to provide the Services. Each is bound by a written agreement with data protection obligations no less protective than those of the Data Processing Agreement.</p>")
		b.WriteString("<table><tr><th>Sub-processor</th><th>Purpose</th><th>Location</th></tr>")
		for _, r := range rows {
			b.WriteString("<tr><td>" + htmlpkg.EscapeString(r.Name) + "</td><td>" + htmlpkg.EscapeString(r.Purpose) + "</td><td>" + htmlpkg.EscapeString(r.Location) + "</td></tr>")
		}
		b.WriteString("</table><p>We will notify customers at least 30 days before engaging a new sub-processor, by e-mail to the account owner.</p></main></body></html>")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(b.String()))
	default:
		http.NotFound(w, r)
	}
}

// TestPDFRowChangeRatedAsInHTML: a sub-processor list published as a PDF
// is stored as text with one table row per sub-processor, and a change to
// the list is reported as that row, at the severity the same change gets
// in the HTML version of the list.
func TestPDFRowChangeRatedAsInHTML(t *testing.T) {
	site := &subprocessorSite{rows: pdftest.DefaultSubprocessors}
	srv := httptest.NewServer(site)
	defer srv.Close()
	a := openTestApp(t, "database: tracker.db\nhost_delay: 0s\nvendors:\n"+
		"  - id: pdf\n    name: Acme\n    documents:\n      - {type: subprocessors, url: "+srv.URL+"/subprocessors.pdf}\n"+
		"  - id: html\n    name: Acme\n    documents:\n      - {type: subprocessors, url: "+srv.URL+"/subprocessors.html}\n")
	ctx := context.Background()
	targets, _ := a.Select(nil, "")
	outs, err := a.Crawl(ctx, targets)
	if err != nil {
		t.Fatalf("first crawl: %v %+v", err, outs)
	}
	pdfV, _, _ := a.store.LatestVersion(ctx, targets[0].Stored.ID)
	htmlV, _, _ := a.store.LatestVersion(ctx, targets[1].Stored.ID)
	if pdfV.Text != htmlV.Text {
		t.Errorf("the PDF and the HTML page hold the same list but read differently:\nPDF:\n%s\nHTML:\n%s", pdfV.Text, htmlV.Text)
	}
	if !strings.Contains(pdfV.Text, "\n| Zendesk, Inc. | Customer support ticketing and the help centre, including e-mail and chat transcripts | United States\n") {
		t.Errorf("the wrapped row is not one table row:\n%s", pdfV.Text)
	}

	// Each change applies to the list the one before left.
	rows := slices.Clone(pdftest.DefaultSubprocessors)
	changes := []struct {
		name string
		edit func()
		row  string // the row reported as changed
	}{
		{"new sub-processor", func() {
			rows = append(rows, pdftest.Subprocessor{Name: "OpenAI, L.L.C.", Purpose: "AI features: summaries of support tickets", Location: "United States"})
		}, "OpenAI, L.L.C. | AI features: summaries of support tickets | United States"},
		{"moved abroad", func() { rows[3].Location = "United States" },
			"Mailgun Technologies, Inc. | Transactional e-mail delivery | United States"},
	}
	for _, c := range changes {
		c.edit()
		site.set(slices.Clone(rows))
		outs, err := a.Crawl(ctx, targets)
		if err != nil {
			t.Fatalf("%s: crawl: %v", c.name, err)
		}
		var reports [2]classify.Report
		for i := range outs {
			if outs[i].Status != StatusChanged {
				t.Fatalf("%s: %s is %s, want changed", c.name, outs[i].Target.Key(), outs[i].Status)
			}
			vs, err := a.store.Versions(ctx, targets[i].Stored.ID)
			if err != nil || len(vs) < 2 {
				t.Fatalf("%s: versions of %s: %d, %v", c.name, targets[i].Key(), len(vs), err)
			}
			ch, ok, err := a.store.ChangeBetween(ctx, vs[len(vs)-2].ID, vs[len(vs)-1].ID)
			if !ok || err != nil {
				t.Fatalf("%s: change of %s: %v", c.name, targets[i].Key(), err)
			}
			if err := json.Unmarshal(ch.Report, &reports[i]); err != nil {
				t.Fatal(err)
			}
		}
		pdfR, htmlR := reports[0], reports[1]
		if len(pdfR.Changes) != 1 || len(htmlR.Changes) != 1 {
			t.Fatalf("%s: %d changes in the PDF, %d in the HTML page, want one each:\n%+v\n%+v", c.name, len(pdfR.Changes), len(htmlR.Changes), pdfR.Changes, htmlR.Changes)
		}
		p, h := pdfR.Changes[0], htmlR.Changes[0]
		t.Logf("%s: PDF %s %s %v, HTML %s %s %v", c.name, p.Kind, p.Severity, p.Categories, h.Kind, h.Severity, h.Categories)
		if p.NewText != c.row {
			t.Errorf("%s: PDF change reads %q, want the row %q", c.name, p.NewText, c.row)
		}
		if p.Kind != h.Kind || p.Severity != h.Severity || !slices.Equal(p.Categories, h.Categories) {
			t.Errorf("%s: PDF change %s %s %v, HTML change %s %s %v: want the same", c.name, p.Kind, p.Severity, p.Categories, h.Kind, h.Severity, h.Categories)
		}
		if p.Severity < classify.Low {
			t.Errorf("%s: rated %s, want a rated change (%v)", c.name, p.Severity, p.Reasons)
		}
	}

	// The raw PDF is the snapshot: extraction runs again without a fetch.
	if outs, err := a.Reextract(ctx, targets[:1]); err != nil || outs[0].Status != StatusUnchanged {
		t.Fatalf("reextract of the PDF: %v %+v", err, outs)
	}
	v, _, _ := a.store.LatestVersion(ctx, targets[0].Stored.ID)
	snap, err := a.store.Snapshot(ctx, v.SnapshotID)
	if err != nil || !strings.HasPrefix(string(snap.Body), "%PDF-") || snap.ContentType != "application/pdf" {
		t.Errorf("snapshot %q %.10q: %v", snap.ContentType, snap.Body, err)
	}
}

// TestBackfillPDFCaptures: archived captures of a PDF become versions of
// its text, and the change between them is the row that changed.
func TestBackfillPDFCaptures(t *testing.T) {
	arch := waybacktest.New(t)
	rows := slices.Clone(pdftest.DefaultSubprocessors)
	before := string(pdftest.SubprocessorList(rows))
	rows = append(rows, pdftest.Subprocessor{Name: "Snowflake Inc.", Purpose: "Analytics data warehouse", Location: "United States"})
	after := string(pdftest.SubprocessorList(rows))
	arch.Add(
		waybacktest.Capture{Timestamp: "20230101000000", Original: policyURL, MimeType: "application/pdf", Body: before},
		waybacktest.Capture{Timestamp: "20230601000000", Original: policyURL, MimeType: "application/pdf", Body: before, Revisit: true},
		waybacktest.Capture{Timestamp: "20240101000000", Original: policyURL, MimeType: "application/pdf", Body: after},
	)
	a, wb := backfillApp(t, arch.URL)
	ctx := context.Background()
	targets, _ := a.Select(nil, "")
	outs, err := a.Backfill(ctx, wb, targets, BackfillOptions{})
	if err != nil {
		t.Fatalf("backfill: %v %+v", err, outs)
	}
	vs, _ := a.store.Versions(ctx, targets[0].Stored.ID)
	if len(vs) != 2 {
		t.Fatalf("%d versions, want 2: %+v", len(vs), outs[0])
	}
	first, _ := a.store.Version(ctx, vs[0].ID)
	second, _ := a.store.Version(ctx, vs[1].ID)
	if second.Source != "wayback" || !strings.Contains(first.Text, "| Zendesk, Inc. | Customer support") {
		t.Errorf("versions: %s\n%s", first.Source, first.Text)
	}
	r := Compare(first.Text, second.Text)
	if len(r.Changes) != 1 || r.Changes[0].NewText != "Snowflake Inc. | Analytics data warehouse | United States" {
		t.Errorf("changes %+v, want the added row", r.Changes)
	}
}
