package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Issue 21 point 8: text from the configuration reaches the terminal
// without escape sequences, bells or bidi overrides; a held text is shown
// as held, with its reason.
func TestTerminalOutputIsSanitisedAndHeldIsShown(t *testing.T) {
	dir := t.TempDir()
	policy := filepath.Join(dir, "policy.md")
	var full strings.Builder
	full.WriteString("# Privacy Policy\n\n")
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&full, "## Section %d\n\nWe collect your e-mail address for purpose %d and keep it %d days.\n\n", i, i, 30+i)
	}
	write := func(body string, at time.Time) {
		if err := os.WriteFile(policy, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(policy, at, at)
	}
	now := time.Now()
	write(full.String(), now.Add(-time.Hour))
	conf := writeConfig(t, dir, `database: tracker.db
vendors:
  - id: evil
    name: "Evil\e[2J\e]0;pwned\a Corp\u202Egnp.exe"
    documents:
      - {type: privacy, url: "file:policy.md"}
`)
	if code, out, errOut := tracker(t, "crawl", "--config", conf); code != 0 {
		t.Fatalf("crawl: exit %d\n%s%s", code, out, errOut)
	}
	half := full.String()[:strings.Index(full.String(), "## Section 6")]
	write(half, now)
	if code, out, errOut := tracker(t, "crawl", "--config", conf); code != 0 || !strings.Contains(out, "held") {
		t.Fatalf("crawl of half the sections: exit %d, want it held\n%s%s", code, out, errOut)
	}
	for _, args := range [][]string{{"history", "evil"}, {"show", "evil"}, {"vendors"}} {
		code, out, errOut := tracker(t, append(args, "--config", conf)...)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", args[0], code, out, errOut)
		}
		for _, bad := range []string{"\x1b", "\a", "\u202e", "[2J"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s prints %q:\n%q", args[0], bad, out)
			}
		}
		if !strings.Contains(out, "Evil") && args[0] != "vendors" {
			t.Errorf("%s does not name the vendor:\n%s", args[0], out)
		}
		if args[0] == "vendors" && !strings.Contains(out, "held: the new text has 5 clauses where the previous one had 10") {
			t.Errorf("vendors does not show the held text and why:\n%s", out)
		}
	}
}

// A crawl busy comparing a long single-line page ends on SIGTERM instead
// of finishing the comparison (it once held a crawl for over ten minutes).
func TestCrawlStopsOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts tracker processes")
	}
	dir := t.TempDir()
	policy := filepath.Join(dir, "policy.md")
	line := func(seed int) string {
		vocab := []string{"we", "share", "your", "data", "with", "partners", "for", "advertising", "and", "analytics", "may", "sell"}
		var b strings.Builder
		x := uint32(seed)
		for range 2 << 20 / 6 {
			x = x*1664525 + 1013904223
			b.WriteString(vocab[x>>28%uint32(len(vocab))])
			b.WriteByte(' ')
		}
		return b.String()
	}
	conf := writeConfig(t, dir, "database: tracker.db\nvendors:\n  - {id: long, name: Long, documents: [{type: privacy, url: \"file:policy.md\"}]}\n")
	os.WriteFile(policy, []byte(line(1)), 0o644)
	if code, out, errOut := tracker(t, "crawl", "--config", conf); code != 0 {
		t.Fatalf("first crawl: exit %d\n%s%s", code, out, errOut)
	}
	os.WriteFile(policy, []byte(line(2)), 0o644)
	later := time.Now().Add(time.Minute)
	os.Chtimes(policy, later, later)
	p := startTracker(t, nil, "crawl", "--config", conf)
	time.Sleep(500 * time.Millisecond) // reading, extracting, comparing
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if _, exited := p.wait(t, 20*time.Second); !exited {
		t.Fatalf("the crawl was still running 20s after SIGTERM\n%s", p.out.String())
	}
}
