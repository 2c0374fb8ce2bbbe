package export

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// readme describes an ota-layout dataset for whoever opens it: what it
// holds, how it is laid out, what each index column means, and where the
// texts come from.
func readme(c Counts, now time.Time) string {
	var b strings.Builder
	day := func(t time.Time) string { return t.UTC().Format("2006-01-02") }
	fmt.Fprintf(&b, "# Policy versions exported by tracker — %s\n\n", day(now))
	fmt.Fprintf(&b, "This dataset holds %d versions of %d documents of %d vendors, captured between %s and %s.\n\n",
		c.Versions, c.Documents, len(c.Vendors), day(c.First), day(c.Last))
	b.WriteString("It follows the layout of [Open Terms Archive](https://opentermsarchive.org)'s datasets, so that\n")
	b.WriteString("tools written for those read it as they are:\n\n")
	b.WriteString("```\n├ README.md\n├ index.csv\n├┬ Vendor name\n│├┬ Terms type (e.g. Privacy Policy)\n││├ YYYY-MM-DDTHH-MM-SSZ.md\n┆┆┆\n```\n\n")
	b.WriteString("Each file is one version of a document: its text as tracker extracted it, in Markdown\n")
	b.WriteString("(headings, paragraphs, list items and table rows; page chrome, links and markup left out),\n")
	b.WriteString("named by the time the text was captured, in UTC. A version is stored only when the text\n")
	b.WriteString("changed: the file holds the document from that time until the next file.\n\n")
	b.WriteString("## index.csv\n\nOne row per file, in the order written (by vendor, document, time):\n\n")
	for _, col := range [][2]string{
		{"path", "the file, relative to this folder"},
		{"vendor, vendor_name", "tracker's id and the name of the vendor"},
		{"document, terms_type", "tracker's document type and the Open Terms Archive terms type the folder is named after"},
		{"version", "tracker's version id"},
		{"captured_at", "when the text was on the page (RFC 3339, UTC): the fetch time of a live version, the capture time of a Wayback Machine version, the fetch time Open Terms Archive recorded for an imported one"},
		{"fetched_at", "when tracker stored it"},
		{"source", "live (fetched by tracker), wayback (from the Internet Archive's Wayback Machine) or ota (imported from Open Terms Archive)"},
		{"technical", "true when the version comes from extracting the same page again with better rules: its difference from the version before is not a change of the document"},
		{"hash", "SHA-256 of the canonical text: equal hashes, equal texts"},
		{"version_url, document_url", "where this version was read, and the document's address"},
		{"from_version", "the version before it, empty for the first"},
		{"material, max_severity, added, removed, modified, moved, categories", "tracker's rating of the change from the version before: whether it matters, its highest severity (none, low, medium, high), the clauses added, removed, modified and moved, and its categories (sharing, retention, collection, tracking, rights, security, transfer, children, ai, …; separated by ';')"},
	} {
		fmt.Fprintf(&b, "- `%s`: %s.\n", col[0], col[1])
	}
	b.WriteString("\n## Sources\n\n")
	sources := make([]string, 0, len(c.Sources))
	for s := range c.Sources {
		sources = append(sources, s)
	}
	sort.Strings(sources)
	for _, s := range sources {
		fmt.Fprintf(&b, "- %s: %d versions\n", s, c.Sources[s])
	}
	b.WriteString("\nVersions from the Wayback Machine were read from the Internet Archive's captures.\n")
	b.WriteString("Versions imported from Open Terms Archive come from its versions repositories, published\n")
	b.WriteString("under the Open Data Commons Attribution License (ODC-BY 1.0): credit Open Terms Archive\n")
	b.WriteString("contributors when you use them.\n")
	return b.String()
}
