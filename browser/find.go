package browser

import (
	"errors"
	"fmt"
	"os/exec"
)

// ErrNotFound is wrapped when no browser can be found.
var ErrNotFound = errors.New("no Chromium or Chrome browser found")

// candidates are the names Chromium and Chrome are installed under.
var candidates = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}

// Find returns the browser executable: path when given (a name is looked up
// in PATH), else the first of the usual names found in PATH.
func Find(path string) (string, error) {
	if path != "" {
		p, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("browser: %s: %w (%w)", path, ErrNotFound, err)
		}
		return p, nil
	}
	for _, name := range candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("browser: %w in PATH (looked for %v)", ErrNotFound, candidates)
}
