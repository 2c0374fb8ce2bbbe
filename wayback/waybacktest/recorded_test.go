package waybacktest

import (
	"net/http"
	"strings"
	"testing"
)

// The fake must answer the queries the recordings were made with exactly
// as web.archive.org did: same rows, repeats, resume keys, empty last page.
func TestRecordedCDXPages(t *testing.T) {
	pages := []string{
		"cdx-cnn.com-page00.http", // 25 rows, repeats, 302 rows of the bare host between www rows
		"cdx-cnn.com-page01.http",
		"cdx-cnn.com-page13.http", // the last full page still gets a resume key
		"cdx-cnn.com-page14.http", // ... which leads to an empty page
		"cdx-energystar.gov-revisits.http",
		"cdx-nasa.gov-duplicates.http", // url=nasa.gov, rows of www.nasa.gov
	}
	var index []Capture
	for _, name := range []string{"cdx-cnn.com-page00.http", "cdx-cnn.com-page01.http", "cdx-cnn.com-page13.http",
		"cdx-energystar.gov-revisits.http", "cdx-nasa.gov-duplicates.http"} {
		index = append(index, RecordedIndex(t, name)...)
	}
	srv := New(t, index...)
	for _, name := range pages {
		t.Run(name, func(t *testing.T) {
			ex := Recorded(t, name)
			status, _, body := get(t, srv.URL+ex.Target)
			if status != ex.Status || body != string(ex.Body) {
				t.Errorf("fake answered %d:\n%s\nthe archive answered %d:\n%s", status, body, ex.Status, ex.Body)
			}
		})
	}
}

func TestRecordedReplays(t *testing.T) {
	nasa := Recorded(t, "replay-nasa.gov-19961231235847.http")
	reddit := Recorded(t, "replay-reddit.com-20150129034904.http")
	whitehouse := Recorded(t, "replay-whitehouse.gov-20201027220743.http")
	srv := New(t,
		Capture{Timestamp: "19961231235847", Original: "http://www.nasa.gov:80/", Body: string(nasa.Body)},
		Capture{Timestamp: "20171124151315", Original: "https://www.fws.gov/birds/", Body: "<html>birds</html>"},
		Capture{Timestamp: "20150503090125", Original: "http://www.fws.gov/birds/", Body: "<html>birds</html>"},
		Capture{Timestamp: "20150509080314", Original: "https://www.fws.gov/birds/", Unplayable: true},
		Capture{Timestamp: "20200201023757", Original: "https://www.epa.gov/climatechange", Status: 301,
			RedirectTo: "https://www.epa.gov/sites/production/files/signpost/cc.html", Header: http.Header{"Content-Type": {"text/html; charset=iso-8859-1"}}},
		Capture{Timestamp: "20150129034904", Original: "http://www.reddit.com/r/PokemonGiveaway", Status: 429,
			Header: http.Header{"Content-Type": {"text/html; charset=UTF-8"}}, Body: string(reddit.Body)},
		Capture{Timestamp: "20201027220743", Original: "https://www.whitehouse.gov/ostp/about/student/faqs", Status: 404,
			Header: http.Header{"Content-Type": {"text/html; charset=UTF-8"}}, Body: string(whitehouse.Body)},
	)
	srv.Exclude("https://nationalpost.com/health")
	for _, name := range []string{
		"replay-nasa.gov-19961231235847.http",              // a capture: 200 with Memento-Datetime
		"replay-fws.gov-birds-20171101000000.http",         // nearest capture, 23 days later: 302 without
		"replay-fws.gov-birds-20150509080314.http",         // listed but not playable: 302 six days back
		"replay-epa.gov-climatechange-20200201020357.http", // nearest capture, on www
		"replay-epa.gov-climatechange-20200201023757.http", // an archived redirect: 301 with Memento-Datetime
		"replay-reddit.com-20150129034904.http",            // an archived 429
		"replay-whitehouse.gov-20201027220743.http",        // an archived 404
		"replay-not-archived.http",                         // the archive's own 404
		"replay-nationalpost.com-excluded.http",            // the archive's own exclusion page
		"cdx-nationalpost.com-blocked.http",                // and its CDX answer for that site
	} {
		t.Run(name, func(t *testing.T) {
			ex := Recorded(t, name)
			status, h, body := get(t, srv.URL+ex.Target)
			if status != ex.Status {
				t.Errorf("status %d, the archive answered %d", status, ex.Status)
			}
			for _, k := range []string{"Memento-Datetime", "X-Archive-Redirect-Reason", "X-Archive-Wayback-Runtime-Error", "Content-Type"} {
				if got, want := h.Get(k), ex.Header.Get(k); got != want {
					t.Errorf("%s: %q, the archive answered %q", k, got, want)
				}
			}
			if want := strings.Replace(ex.Header.Get("Location"), "https://web.archive.org", srv.URL, 1); h.Get("Location") != want {
				t.Errorf("Location %q, want %q", h.Get("Location"), want)
			}
			if strings.HasPrefix(ex.Target, ReplayPrefix) && ex.Status == http.StatusOK || ex.Status >= 400 {
				if body != string(ex.Body) {
					t.Errorf("body differs from the recording:\n%.300s\nwant\n%.300s", body, ex.Body)
				}
			}
		})
	}
}

func TestRecordedIndexRows(t *testing.T) {
	rows := RecordedIndex(t, "cdx-cnn.com-page00.http")
	if len(rows) != 25 || rows[0].URLKey != "com,cnn)/" || rows[0].Length != "12942" {
		t.Fatalf("%d rows, first %+v", len(rows), rows[0])
	}
	rows = RecordedIndex(t, "cdx-cnn.com-zero-length.txt")
	if len(rows) != 5 || rows[4].Length != "-" {
		t.Fatalf("%d rows, last %+v", len(rows), rows[len(rows)-1])
	}
	// Every row of the malformed listing has seven fields: its faults are in
	// the values (a data: URL, a mailto: host, no URL at all).
	if rows := RecordedIndex(t, "cdx-epa.gov-malformed.txt"); len(rows) != 5 {
		t.Errorf("%d rows", len(rows))
	}
}
