package pipeline

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/tracker-dev/tracker/crawler"
)

// fetchLocal reads a document configured as a file: URL the way the
// crawler fetches a page: the file's modification time is its
// Last-Modified, so an untouched file costs a stat and no parsing.
func (a *App) fetchLocal(req crawler.Request) crawler.Result {
	path := a.cfg.LocalPath(req.URL)
	res := crawler.Result{Key: req.Key, URL: req.URL, FinalURL: req.URL, StartedAt: a.now()}
	fail := func(err error, hint string) crawler.Result {
		res.Err = &crawler.FetchError{URL: req.URL, Reason: crawler.ReasonOther, Err: err, Hint: hint}
		res.Duration = a.now().Sub(res.StartedAt)
		return res
	}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fail(fmt.Errorf("no file %s", path), "check the path; a relative path is relative to the configuration's folder")
	case err != nil:
		return fail(err, "check the file's permissions")
	case st.IsDir():
		return fail(fmt.Errorf("%s is a folder", path), "name a file")
	case st.Size() > int64(a.cfg.MaxBodySize):
		return fail(fmt.Errorf("file exceeds the %d-byte limit", a.cfg.MaxBodySize), "raise max_body_size")
	}
	modified := st.ModTime().UTC().Format(http.TimeFormat)
	if req.LastModified == modified {
		res.Status, res.NotModified, res.LastModified = http.StatusNotModified, true, modified
		res.Duration = a.now().Sub(res.StartedAt)
		return res
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return fail(err, "check the file's permissions")
	}
	res.Status, res.Body, res.LastModified = http.StatusOK, body, modified
	res.Duration = time.Since(res.StartedAt)
	return res
}
