//go:build unix

package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/store"
)

const chromiumPath = "/usr/bin/chromium"

// chromiumTimeout bounds one browser run; a hung browser is killed with
// its whole process group.
const chromiumTimeout = 45 * time.Second

// severityRGB is each badge's background in style.css, to find the badges
// in screenshots: seeing them proves the stylesheet loaded under the
// Content-Security-Policy.
var severityRGB = map[string]color.RGBA{
	"high":   {0xc6, 0x28, 0x28, 0xff},
	"medium": {0xd2, 0x6a, 0x00, 0xff},
	"low":    {0x1f, 0x6f, 0xeb, 0xff},
	"none":   {0x6e, 0x77, 0x81, 0xff},
}

// TestBrowser loads each page in headless Chromium and checks what a
// person would see: the rendered DOM, and a screenshot of each page in
// which the severity badge's colour must show.
func TestBrowser(t *testing.T) {
	requireChromium(t)
	f := newFixture(t, "policy-v1.html", "policy-v2.html")
	base := serve(t, f.handler)
	target, err := f.app.Target("acme", "privacy")
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.app.Diff(context.Background(), target, "", "")
	if err != nil {
		t.Fatal(err)
	}
	sev := res.Report.Summary.MaxSeverity.String()
	badge := fmt.Sprintf(`<span class="badge sev-%s">%s</span>`, sev, sev)
	pages := []struct {
		name, path string
		want       []string
	}{
		{"home", "/", []string{"<h1>Latest changes</h1>", "Acme &amp; Co &lt;Labs&gt;", badge, `href="/vendors"`,
			fmt.Sprintf(`href="/vendors/acme/privacy/diff?from=%d&amp;to=%d"`, f.from, f.to), "1 failed its last check"}},
		{"home filtered", "/?vendor=acme&since=2000-01-01&severity=low", []string{"Acme &amp; Co &lt;Labs&gt;", badge, `value="2000-01-01"`}},
		{"vendors", "/vendors", []string{"Acme &amp; Co &lt;Labs&gt;", "Broken Ltd", badge}},
		{"vendor", "/vendors/acme", []string{"<h1>Acme &amp; Co &lt;Labs&gt;</h1>", badge, `href="/vendors/acme/privacy"`}},
		{"document", "/vendors/acme/privacy", []string{"Acme &amp; Co &lt;Labs&gt;", "Timeline", badge, "First version recorded"}},
		{"diff", fmt.Sprintf("/vendors/acme/privacy/diff?from=%d&to=%d", f.from, f.to), []string{"Acme &amp; Co &lt;Labs&gt;", badge, "<del>", "<ins>", "sections without changes"}},
	}
	start := time.Now()
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			shot := filepath.Join(t.TempDir(), p.name+".png")
			dom, img := visit(t, base+p.path, shot, "1200,1600")
			for _, w := range p.want {
				if !strings.Contains(dom, w) {
					t.Errorf("rendered page lacks %q:\n%s", w, dom)
				}
			}
			if strings.Contains(dom, rawScript) || strings.Contains(dom, "<script") {
				t.Errorf("the page holds a script element:\n%s", dom)
			}
			if n := countColor(img, severityRGB[sev]); n < 50 {
				t.Errorf("screenshot %s shows %d pixels of the %s badge colour: the stylesheet did not apply", shot, n, sev)
			}
		})
	}
	t.Logf("%d pages in %s", len(pages), time.Since(start).Round(time.Millisecond))
}

// TestScreenshot writes the README's screenshot of a diff page to the path
// in TRACKER_SCREENSHOT: an excerpt of Grandstream's privacy statement as
// archived in 2019, then a made-up 2024 version with material edits.
func TestScreenshot(t *testing.T) {
	out := os.Getenv("TRACKER_SCREENSHOT")
	if out == "" {
		t.Skip("set TRACKER_SCREENSHOT=path.png to write the diff page's screenshot")
	}
	requireChromium(t)
	f := newHistoryFixture(t, testVendor{ID: "grandstream", Name: "Grandstream Networks"}, []storedPage{
		{"grandstream-v1.html", "wayback", time.Date(2019, 5, 7, 4, 4, 51, 0, time.UTC),
			"https://web.archive.org/web/20190507040451/http://www.grandstream.com/privacy-statement"},
		{"grandstream-v2.html", "live", time.Date(2024, 3, 4, 9, 30, 0, 0, time.UTC),
			"https://www.grandstream.com/privacy-statement"},
	})
	base := serve(t, f.handler)
	path := fmt.Sprintf("/vendors/grandstream/privacy/diff?from=%d&to=%d", f.from, f.to)
	if p := os.Getenv("TRACKER_SCREENSHOT_PAGE"); p != "" {
		path = p
	}
	size := os.Getenv("TRACKER_SCREENSHOT_SIZE")
	if size == "" {
		size = "1200,1960"
	}
	visit(t, base+path, out, size)
	t.Logf("wrote %s", out)
}

// storedPage is a version stored directly, as a backfill would, with its
// own capture time.
type storedPage struct {
	file, source string
	at           time.Time
	url          string
}

// newHistoryFixture stores the pages as the vendor's privacy versions
// without crawling, so that they carry realistic capture times.
func newHistoryFixture(t *testing.T, v testVendor, pages []storedPage) *fixture {
	t.Helper()
	app := openApp(t, "http://127.0.0.1:9", v)
	target, err := app.Target(v.ID, "privacy")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		body := readTestdata(t, p.file)
		d, err := extract.Bytes(body, "text/html; charset=utf-8", p.url, extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = app.Store().AddVersion(context.Background(), store.NewVersion{
			Version: store.Version{
				DocumentID: target.Stored.ID, Hash: d.Hash(), Text: d.Text(), Source: p.source,
				FetchedAt: p.at, CapturedAt: p.at, URL: p.url,
			},
			Snapshot: store.Snapshot{ContentType: "text/html; charset=utf-8", Body: body},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return newFixtureFor(t, app, target)
}

func requireChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing; CI must install it (.ci/install-chromium.sh)", chromiumPath)
	}
	t.Skipf("%s is missing: install Debian's chromium (.ci/install-chromium.sh) to run the browser test", chromiumPath)
}

// serve runs h on 127.0.0.1 for the test's duration and returns its base URL.
func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}

// visit loads url in one Chromium run: it returns the rendered DOM and
// the screenshot saved as a PNG at path.
func visit(t *testing.T, url, path, size string) (string, image.Image) {
	t.Helper()
	dom := runChromium(t, "--window-size="+size, "--hide-scrollbars", "--screenshot="+path, "--dump-dom", url)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	return string(dom), img
}

// runChromium runs one headless Chromium with a fresh profile and returns
// its standard output.
func runChromium(t *testing.T, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), chromiumTimeout)
	defer cancel()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir=" + t.TempDir(),
	}
	cmd := exec.CommandContext(ctx, chromiumPath, append(base, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if cmd.Process != nil {
		// Helpers Chromium left behind share its process group.
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("chromium %s: killed after %s\n%s", strings.Join(args, " "), chromiumTimeout, stderr.String())
	}
	if err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

func countColor(img image.Image, want color.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if uint8(r>>8) == want.R && uint8(g>>8) == want.G && uint8(bl>>8) == want.B {
				n++
			}
		}
	}
	return n
}

// TestBrowserEvidence opens a stored version in Chromium: its text on its
// page, and the page as fetched, served from the database, where the
// vendor's script must not run. The same page served without the sandbox
// runs it, which shows the check can fail.
func TestBrowserEvidence(t *testing.T) {
	requireChromium(t)
	f := newFixture(t, "policy-v1.html", "policy-v2.html")
	v := addScriptedVersion(t, f)
	base := serve(t, f.handler)
	page := fmt.Sprintf("%s/vendors/acme/privacy/versions/%d", base, v.ID)

	dom, _ := visit(t, page, filepath.Join(t.TempDir(), "version.png"), "1200,900")
	if !strings.Contains(dom, "We keep your data for ten years.") || !strings.Contains(dom, "The page as fetched") {
		t.Errorf("version page:\n%s", dom)
	}
	raw, _ := visit(t, page+"/raw", filepath.Join(t.TempDir(), "raw.png"), "1200,900")
	if !strings.Contains(raw, "We keep your data for ten years.") {
		t.Errorf("the stored page did not render:\n%s", raw)
	}
	if strings.Contains(raw, `data-ran="yes"`) {
		t.Errorf("the vendor's script ran in the stored page:\n%s", raw)
	}

	open := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(scriptedPage))
	}))
	if ctl, _ := visit(t, open+"/", filepath.Join(t.TempDir(), "open.png"), "1200,900"); !strings.Contains(ctl, `data-ran="yes"`) {
		t.Errorf("control: the script did not run without the sandbox either, so the check proves nothing:\n%s", ctl)
	}
}
