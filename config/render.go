package config

import (
	"slices"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/extract"
)

// Render modes: how a document's page is read.
const (
	RenderAuto    = "auto"    // as served, in a browser when it is a JavaScript shell
	RenderBrowser = "browser" // always in a browser
	RenderStatic  = "static"  // as served, never in a browser
)

// RenderModes are the accepted values of render.
var RenderModes = []string{RenderAuto, RenderBrowser, RenderStatic}

// Bounds of the browser settings.
const (
	maxBrowserParallelism = 16
	maxRenderTimeout      = 5 * time.Minute
)

// RenderMode is how a document is read: its own render, else its vendor's,
// else the file's.
func (c *Config) RenderMode(v Vendor, d Document) string {
	switch {
	case d.Render != "":
		return d.Render
	case v.Render != "":
		return v.Render
	case c.Render != "":
		return c.Render
	}
	return RenderAuto
}

const renderHint = "auto (a browser renders pages that turn out to be built by JavaScript), browser (always) or static (never)"

func (ck *checker) renderMode(field, mode string) {
	if mode != "" && !slices.Contains(RenderModes, mode) {
		ck.failHint(field, renderHint, "%q is not a render mode", mode)
	}
}

func (ck *checker) browserSettings(c *Config) {
	ck.renderMode("render", c.Render)
	if strings.TrimSpace(c.BrowserPath) != c.BrowserPath {
		ck.failHint("browser_path", "the path of the Chromium executable, such as /usr/bin/chromium", "%q has spaces around it", c.BrowserPath)
	}
	if c.BrowserParallelism < 1 || c.BrowserParallelism > maxBrowserParallelism {
		ck.failHint("browser_parallelism", "pages rendered at once, one browser tab each; 2 by default", "must be between 1 and %d, got %d", maxBrowserParallelism, c.BrowserParallelism)
	}
	if c.RenderTimeout <= 0 || c.RenderTimeout > maxRenderTimeout {
		ck.failHint("render_timeout", "how long a page may take in the browser; 30s by default", "must be between 1s and %s, got %s", maxRenderTimeout, c.RenderTimeout)
	}
}

// documentRender checks a document's render and wait_for against the mode
// it runs with.
func (ck *checker) documentRender(c *Config, dp string, v Vendor, d Document) {
	ck.renderMode(dp+".render", d.Render)
	if d.WaitFor == "" {
		return
	}
	if err := extract.CheckSelector(d.WaitFor); err != nil {
		ck.failHint(dp+".wait_for", selectorHint, "invalid CSS selector %q: %s", d.WaitFor, err)
	}
	if c.RenderMode(v, d) == RenderStatic {
		ck.failHint(dp+".wait_for", "set render: browser on the document, or remove wait_for", "is only used in a browser, and this document is read with render: static")
	}
}
