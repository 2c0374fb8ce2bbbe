package web

import (
	"fmt"
	"net/http"
	"testing"
)

// BenchmarkPages measures each page, JSON and feed against a real
// database holding the Grandstream excerpt's two versions.
func BenchmarkPages(b *testing.B) {
	f := newVendorFixture(b, testVendor{ID: "grandstream", Name: "Grandstream Networks"}, "grandstream-v1.html", "grandstream-v2.html")
	diff := fmt.Sprintf("/vendors/grandstream/privacy/diff?from=%d&to=%d", f.from, f.to)
	for _, p := range []struct{ name, url string }{
		{"home", "/"},
		{"document", "/vendors/grandstream/privacy"},
		{"diff", diff},
		{"diff-json", diff + "&format=json"},
		{"feed", "/feed.atom"},
	} {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				if resp, _ := f.do(b, "GET", p.url); resp.StatusCode != http.StatusOK {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
		})
	}
}
