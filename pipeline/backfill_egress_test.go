package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/tracker-dev/tracker/egress"
	"github.com/tracker-dev/tracker/wayback/waybacktest"
)

// Issue 21: the archive's requests follow the egress rules pages follow.
// The configured archive is trusted, on a private address too (here the
// fake archive on 127.0.0.1); any other host is reached only at a public
// address, checked on the dialled address.
func TestArchiveRequestsFollowTheEgressRules(t *testing.T) {
	const page = "https://example.com/privacy"
	arch := waybacktest.New(t, waybacktest.Capture{Timestamp: "20200101000000", Original: page, Body: policyHTML("a", texts[0]...)})
	a := openTestApp(t, fmt.Sprintf("database: tracker.db\nwayback: {base_url: %s}\nvendors:\n  - id: ex\n    name: Example\n    documents:\n      - {type: privacy, url: %q}\n", arch.URL, page))
	targets, err := a.Select(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	outs, err := a.Backfill(context.Background(), a.NewWayback(), targets, BackfillOptions{})
	if err != nil || outs[0].Versions != 1 {
		t.Fatalf("backfill from the configured archive: %v, %+v; want one version", err, outs)
	}

	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the internal server was reached: %s", r.URL)
	}))
	t.Cleanup(internal.Close)
	ctx := a.archiveOrigin(context.Background())
	for _, target := range []string{arch.URL + "/cdx/search/cdx?url=example.com", internal.URL + "/internal-admin"} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		resp, err := a.archiveTransport().RoundTrip(req)
		if err == nil {
			resp.Body.Close()
		}
		u, _ := url.Parse(target)
		switch wantBlocked := u.Host != mustHost(t, arch.URL); {
		case wantBlocked && !errors.Is(err, egress.ErrBlocked):
			t.Errorf("%s: %v; want it refused as a non-public address", target, err)
		case !wantBlocked && err != nil:
			t.Errorf("%s (the configured archive): %v", target, err)
		}
	}
}

func mustHost(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}
