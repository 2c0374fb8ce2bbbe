package main

import (
	"fmt"
	"html"
	"net/http"
	"slices"
	"strings"

	"github.com/tracker-dev/tracker/pdf/pdftest"
)

// kind is how a document is published.
type kind string

const (
	kindHTML kind = "html" // server-rendered
	kindJS   kind = "js"   // written into the page by its scripts
	kindPDF  kind = "pdf"  // a PDF file
)

// document is one of the site's documents: its path, and the path of an
// HTML page holding the same text, server-rendered, to check what tracker
// stored against.
type document struct {
	id, path, twin string
	kind           kind
}

// site serves 20 documents: 8 server-rendered pages, 6 pages built by
// JavaScript (inline, from fetched JSON, after a delay, under a cookie
// dialog) and 6 PDFs (sub-processor lists, two-column policies, DPAs with
// running headers and footers), each with its server-rendered twin.
type site struct {
	docs   []document
	routes map[string]func(http.ResponseWriter)
}

func newSite() *site {
	s := &site{routes: map[string]func(http.ResponseWriter){}}
	for i := range 8 {
		paras := policyParas(i)
		id := fmt.Sprintf("html%02d", i+1)
		page := ssrPage("Privacy Policy", paras)
		s.add(document{id: id, path: "/" + id, twin: "/" + id, kind: kindHTML}, "text/html; charset=utf-8", []byte(page), nil)
	}
	scripts := []string{
		"show(DATA);",
		"fetch('/data/ID.json').then(function (r) { return r.json(); }).then(show);",
		"setTimeout(function () { show(DATA); }, 400);",
		"show(DATA);\ndocument.body.insertAdjacentHTML('beforeend', '<div role=\"dialog\" aria-modal=\"true\" class=\"consent\"><h2>Your privacy choices</h2><p>We use cookies to measure and improve our site.</p><button>Accept all</button><button>Reject all</button></div>');",
		"fetch('/data/ID.json').then(function (r) { return r.json(); }).then(function (d) { setTimeout(function () { show(d); }, 200); });",
		"document.addEventListener('DOMContentLoaded', function () { show(DATA); });",
	}
	for i, script := range scripts {
		id := fmt.Sprintf("js%02d", i+1)
		paras := policyParas(100 + i)
		data := jsonData("Privacy Policy", paras)
		body := jsShell(strings.ReplaceAll(strings.ReplaceAll(script, "DATA", data), "ID", id))
		s.add(document{id: id, path: "/" + id, twin: "/" + id + "-twin", kind: kindJS}, "text/html; charset=utf-8", []byte(body), []byte(ssrPage("Privacy Policy", paras)))
		s.routes["/data/"+id+".json"] = static("application/json", []byte(data))
	}
	for i := range 6 {
		id := fmt.Sprintf("pdf%02d", i+1)
		var body []byte
		var twin string
		switch i % 3 {
		case 0:
			rows := slices.Clone(pdftest.DefaultSubprocessors)
			rows = append(rows, pdftest.Subprocessor{Name: fmt.Sprintf("Vendor %d Ltd.", i), Purpose: "Document storage", Location: "Ireland"})
			body, twin = pdftest.SubprocessorList(rows), subprocessorTwin(rows)
		case 1:
			body, twin = pdftest.TwoColumnPolicy(), twoColumnTwin()
		case 2:
			pages := 4 + i
			body, twin = pdftest.DPA(pages, pdftest.DPAClause), dpaTwin(pages)
		}
		s.add(document{id: id, path: "/" + id + ".pdf", twin: "/" + id + "-twin", kind: kindPDF}, "application/pdf", body, []byte(twin))
	}
	return s
}

func (s *site) add(d document, contentType string, body, twin []byte) {
	s.docs = append(s.docs, d)
	s.routes[d.path] = static(contentType, body)
	if twin != nil {
		s.routes[d.twin] = static("text/html; charset=utf-8", twin)
	}
}

// static answers with a body and validators, so that an unchanged
// document costs a 304 where tracker may ask for one.
func static(contentType string, body []byte) func(http.ResponseWriter) {
	etag := fmt.Sprintf(`"%x"`, len(body)*31+int(body[len(body)/2]))
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("ETag", etag)
		w.Write(body)
	}
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, ok := s.routes[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		rec := &headerOnly{h: http.Header{}}
		h(rec)
		if rec.h.Get("ETag") == inm {
			w.Header().Set("ETag", inm)
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h(w)
}

// headerOnly records the headers a route would send.
type headerOnly struct{ h http.Header }

func (h *headerOnly) Header() http.Header         { return h.h }
func (h *headerOnly) Write(b []byte) (int, error) { return len(b), nil }
func (h *headerOnly) WriteHeader(int)             {}

var sentences = []string{
	"We collect the name, e-mail address and company you give us when you create an account.",
	"We collect usage data such as the pages you visit and the features you use.",
	"We use your information to provide, maintain and improve the service.",
	"We do not sell your personal information to anyone.",
	"We share information with service providers who process it on our behalf under written contracts.",
	"We keep account data for as long as your account is open and delete it within 90 days after it is closed.",
	"You may access, correct or delete your personal information from your account settings.",
	"We protect your information with encryption in transit and at rest.",
	"We transfer information to the United States under the Standard Contractual Clauses.",
	"Children under 16 may not use the service.",
	"We will notify you by e-mail at least 30 days before a material change to this policy.",
	"You can reach our data protection officer at dpo@example.org.",
}

// policyParas is a policy of a dozen paragraphs, different per seed.
func policyParas(seed int) []string {
	out := make([]string, 0, 14)
	for j := range 14 {
		s := sentences[(seed+j)%len(sentences)]
		out = append(out, fmt.Sprintf("%d.%d %s", j/3+1, j%3+1, s))
	}
	return out
}

func ssrPage(title string, paras []string) string {
	var b strings.Builder
	b.WriteString("<!doctype html><html><head><title>Acme</title></head><body><header><nav><a href=\"/\">Home</a> <a href=\"/blog\">Blog</a></nav></header><div id=\"root\"><h1>" + html.EscapeString(title) + "</h1>")
	for _, p := range paras {
		b.WriteString("<p>" + html.EscapeString(p) + "</p>")
	}
	b.WriteString("</div><footer>© 2026 Acme Inc.</footer></body></html>")
	return b.String()
}

func jsonData(title string, paras []string) string {
	q := make([]string, len(paras))
	for i, p := range paras {
		q[i] = fmt.Sprintf("%q", p)
	}
	return fmt.Sprintf(`{"title":%q,"paras":[%s]}`, title, strings.Join(q, ","))
}

const showScript = `function show(d) {
  var h = '<h1>' + d.title + '</h1>';
  d.paras.forEach(function (p) { h += '<p>' + p + '</p>'; });
  document.getElementById('root').innerHTML = h;
}`

func jsShell(script string) string {
	return "<!doctype html><html><head><title>Acme</title></head><body><header><nav><a href=\"/\">Home</a> <a href=\"/blog\">Blog</a></nav></header><div id=\"root\"></div><script>" +
		showScript + "\n" + script + "</script><footer>© 2026 Acme Inc.</footer></body></html>"
}

func subprocessorTwin(rows []pdftest.Subprocessor) string {
	var b strings.Builder
	b.WriteString("<html><body><main><h1>Acme Sub-processors</h1><p>Acme engages the following sub-processors to provide the Services. Each is bound by a written agreement with data protection obligations no less protective than those of the Data Processing Agreement.</p><table><tr><th>Sub-processor</th><th>Purpose</th><th>Location</th></tr>")
	for _, r := range rows {
		b.WriteString("<tr><td>" + html.EscapeString(r.Name) + "</td><td>" + html.EscapeString(r.Purpose) + "</td><td>" + html.EscapeString(r.Location) + "</td></tr>")
	}
	b.WriteString("</table><p>We will notify customers at least 30 days before engaging a new sub-processor, by e-mail to the account owner.</p></main></body></html>")
	return b.String()
}

func twoColumnTwin() string {
	text := pdftest.TwoColumnPolicyText()
	var b strings.Builder
	b.WriteString("<html><body><main><h1>" + html.EscapeString(text[0]) + "</h1><p>" + html.EscapeString(text[1]) + "</p>")
	for i := 2; i+1 < len(text); i += 2 {
		b.WriteString("<h2>" + html.EscapeString(text[i]) + "</h2><p>" + html.EscapeString(text[i+1]) + "</p>")
	}
	b.WriteString("</main></body></html>")
	return b.String()
}

func dpaTwin(pages int) string {
	var b strings.Builder
	b.WriteString("<html><body><main>")
	for pg := 1; pg <= pages; pg++ {
		b.WriteString(fmt.Sprintf("<h1>%d. %s</h1>", pg, html.EscapeString(pdftest.DPASectionTitle(pg))))
		for n := 1; n <= 5; n++ {
			b.WriteString(fmt.Sprintf("<p>%d.%d %s</p>", pg, n, html.EscapeString(pdftest.DPAClause(pg, n))))
		}
	}
	b.WriteString("</main></body></html>")
	return b.String()
}
