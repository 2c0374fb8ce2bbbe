package config

import (
	"strings"
	"testing"
	"time"
)

func TestRenderSettings(t *testing.T) {
	vendor := func(vendorLine, docExtra string) string {
		return "vendors:\n  - id: a\n    name: A\n" + vendorLine + "    documents:\n      - {type: privacy, url: https://a.example/p" + docExtra + "}\n"
	}
	tests := []struct {
		name, yaml string
		mode       string // the document's mode
		err        string // "" for a valid file
	}{
		{name: "default", yaml: vendor("", ""), mode: RenderAuto},
		{name: "global", yaml: "render: static\n" + vendor("", ""), mode: RenderStatic},
		{name: "vendor over global", yaml: "render: static\n" + vendor("    render: browser\n", ""), mode: RenderBrowser},
		{name: "document over vendor", yaml: vendor("    render: browser\n", ", render: auto"), mode: RenderAuto},
		{name: "wait_for", yaml: vendor("", ", render: browser, wait_for: '#policy h2'"), mode: RenderBrowser},
		{name: "unknown mode", yaml: vendor("", ", render: chrome"),
			err: `cfg.yaml:5: vendors[0].documents[0].render: "chrome" is not a render mode (auto (a browser renders pages`},
		{name: "unknown global mode", yaml: "render: js\n" + vendor("", ""), err: `cfg.yaml:1: render: "js" is not a render mode`},
		{name: "bad wait_for", yaml: vendor("", ", wait_for: 'div[[x'"), err: "vendors[0].documents[0].wait_for: invalid CSS selector"},
		{name: "wait_for without a browser", yaml: "render: static\n" + vendor("", ", wait_for: main"),
			err: "vendors[0].documents[0].wait_for: is only used in a browser, and this document is read with render: static"},
		{name: "parallelism", yaml: "browser_parallelism: 0\n" + vendor("", ""), err: "cfg.yaml:1: browser_parallelism: must be between 1 and 16, got 0"},
		{name: "timeout", yaml: "render_timeout: 0s\n" + vendor("", ""), err: "cfg.yaml:1: render_timeout: must be between 1s and 5m0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse([]byte(tt.yaml), "cfg.yaml")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			v := cfg.Vendors[0]
			if got := cfg.RenderMode(v, v.Documents[0]); got != tt.mode {
				t.Errorf("mode %q, want %q", got, tt.mode)
			}
			if cfg.BrowserParallelism != 2 || cfg.RenderTimeout != 30*time.Second {
				t.Errorf("browser defaults %d, %s", cfg.BrowserParallelism, cfg.RenderTimeout)
			}
		})
	}
}
