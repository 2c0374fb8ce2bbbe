package pdftest

import "fmt"

// Fixtures: the kinds of PDF vendors publish, made here so that tests
// can change one word and see what tracker reports.

// Subprocessor is one row of a sub-processor list.
type Subprocessor struct{ Name, Purpose, Location string }

// DefaultSubprocessors is a typical list: some purposes long enough to
// wrap onto a second line of their cell.
var DefaultSubprocessors = []Subprocessor{
	{"Amazon Web Services, Inc.", "Cloud hosting and storage of customer data", "United States"},
	{"Stripe, Inc.", "Payment processing", "United States"},
	{"Zendesk, Inc.", "Customer support ticketing and the help centre, including e-mail and chat transcripts", "United States"},
	{"Mailgun Technologies, Inc.", "Transactional e-mail delivery", "European Union"},
	{"Datadog, Inc.", "Infrastructure monitoring and application logs", "European Union"},
}

// SubprocessorList is a one-page list: a title, an introduction, a table
// with a bold header row and rows set apart by a little space, and a
// closing paragraph.
func SubprocessorList(rows []Subprocessor) []byte {
	d := New("Acme Sub-processors")
	p := d.AddPage()
	p.Text(56, 780, HelveticaBold, 18, "Acme Sub-processors")
	y := p.Paragraph(56, 750, 480, Helvetica, 10,
		"Acme engages the following sub-processors to provide the Services. Each is bound by a written agreement with data protection obligations no less protective than those of the Data Processing Agreement.")
	y -= 14
	cols := []float64{56, 220, 440}
	widths := []float64{150, 200, 110}
	header := []string{"Sub-processor", "Purpose", "Location"}
	for i, h := range header {
		p.Text(cols[i], y, HelveticaBold, 10, h)
	}
	p.Line(56, y-4, 540, y-4)
	y -= 18
	for _, r := range rows {
		lowest := y
		for i, cell := range []string{r.Name, r.Purpose, r.Location} {
			cy := p.Paragraph(cols[i], y, widths[i], Helvetica, 10, cell)
			lowest = min(lowest, cy)
		}
		y = lowest - 6
		p.Line(56, y+8, 540, y+8)
	}
	y -= 10
	p.Paragraph(56, y, 480, Helvetica, 10,
		"We will notify customers at least 30 days before engaging a new sub-processor, by e-mail to the account owner.")
	return d.Bytes()
}

// twoColumnSections is the text of TwoColumnPolicy.
var twoColumnSections = []struct{ heading, text string }{
	{"1. Information we collect", "We collect the information you give us when you create an account, such as your name, e-mail address and company. We also collect information about how you use the Services, including log data and device information."},
	{"2. How we use information", "We use the information to provide, maintain and improve the Services, to communicate with you, and to secure our systems. We do not sell your personal information."},
	{"3. Sharing", "We share information with service providers who process it on our behalf under written contracts. We may disclose information when the law requires it."},
	{"4. Retention", "We keep account information for as long as your account is active and delete it within 90 days after the account is closed, unless the law requires us to keep it longer."},
	{"5. Your rights", "You may access, correct or delete your personal information at any time from your account settings, or by writing to privacy@acme.example."},
	{"6. Contact", "Acme Inc., 1 Main Street, Springfield. Our data protection officer can be reached at dpo@acme.example."},
}

// TwoColumnPolicy is a privacy policy set in two columns under a title
// that spans both; the left column ends in the middle of a paragraph,
// which goes on at the top of the right one.
func TwoColumnPolicy() []byte {
	d := New("Acme Privacy Policy")
	p := d.AddPage()
	p.Text(56, 780, HelveticaBold, 20, "Acme Privacy Policy")
	p.Text(56, 760, Helvetica, 10, "Last updated: March 2, 2026")
	const top, bottom, width = 730.0, 470.0, 220.0
	x, y := 56.0, top
	next := func(step float64) {
		if y -= step; y < bottom && x == 56 {
			x, y = 316, top
		}
	}
	for _, s := range twoColumnSections {
		p.Text(x, y, HelveticaBold, 12, s.heading)
		next(16)
		for _, line := range Wrap(s.text, width, 10) {
			p.Text(x, y, TimesRoman, 10, line)
			next(13)
		}
		next(8)
	}
	return d.Bytes()
}

// TwoColumnPolicyText is the text TwoColumnPolicy holds, in reading order,
// one block a line, headings first in their sections.
func TwoColumnPolicyText() []string {
	out := []string{"Acme Privacy Policy", "Last updated: March 2, 2026"}
	for _, s := range twoColumnSections {
		out = append(out, s.heading, s.text)
	}
	return out
}

// DPA is a data processing agreement of the given number of pages, each
// with a running header (the agreement's name and version) and footer
// ("Page N of M" and a confidentiality notice), clauses numbered 1.1, 1.2…
// under bold section headings; clause is called with the section and
// clause numbers and returns the clause's text.
func DPA(pages int, clause func(section, n int) string) []byte {
	d := New("Acme Data Processing Agreement")
	for pg := 1; pg <= pages; pg++ {
		p := d.AddPage()
		p.Text(56, 806, Helvetica, 8, "Acme Data Processing Agreement - version 4.2")
		p.Text(400, 806, Helvetica, 8, "Confidential")
		p.Text(56, 30, Helvetica, 8, "Acme Inc. - all rights reserved")
		p.Text(480, 30, Helvetica, 8, fmt.Sprintf("Page %d of %d", pg, pages))
		y := 770.0
		p.Text(56, y, HelveticaBold, 12, fmt.Sprintf("%d. %s", pg, DPASectionTitle(pg)))
		y -= 20
		for n := 1; n <= 5; n++ {
			y = p.Paragraph(56, y, 480, TimesRoman, 10, fmt.Sprintf("%d.%d %s", pg, n, clause(pg, n))) - 8
		}
	}
	return d.Bytes()
}

var dpaSections = []string{"Definitions", "Processing of Personal Data", "Sub-processors", "Security", "International Transfers", "Audits", "Data Subject Requests", "Deletion and Return", "Liability", "Term"}

// DPASectionTitle names section n (1-based) of DPA.
func DPASectionTitle(n int) string { return dpaSections[(n-1)%len(dpaSections)] }

// DPAClause is the default clause text of DPA.
func DPAClause(section, n int) string {
	return fmt.Sprintf("The Processor shall process Personal Data under section %s only on documented instructions from the Controller, and shall inform the Controller within %d business days if an instruction infringes applicable data protection law.",
		DPASectionTitle(section), n+2)
}
