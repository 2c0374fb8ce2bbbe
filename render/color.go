package render

import (
	"io"
	"os"
)

// ColorEnabled reports whether ANSI colour suits w: only a terminal (an
// *os.File on a character device), and only when NO_COLOR is unset or empty
// (https://no-color.org) and TERM is not "dumb". A nil env reads the
// process environment.
func ColorEnabled(w io.Writer, env func(string) string) bool {
	if env == nil {
		env = os.Getenv
	}
	if env("NO_COLOR") != "" || env("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice != 0
}
