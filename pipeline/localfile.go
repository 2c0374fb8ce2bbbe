package pipeline

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/tracker-dev/tracker/crawler"
	"github.com/tracker-dev/tracker/fetchbody"
)

// fetchLocal reads a document configured as a file: URL the way the
// crawler fetches a page: the file's modification time is its
// Last-Modified, so an untouched file costs a stat and no parsing. Only
// regular files are read, under the same byte budget as pages: a device
// (/dev/zero) or a named pipe would never end.
func (a *App) fetchLocal(req crawler.Request) crawler.Result {
	path := a.cfg.LocalPath(req.URL)
	res := crawler.Result{Key: req.Key, URL: req.URL, FinalURL: req.URL, StartedAt: a.now()}
	fail := func(reason crawler.Reason, err error, hint string) crawler.Result {
		res.Err = &crawler.FetchError{URL: req.URL, Reason: reason, Err: err, Hint: hint}
		res.Duration = a.now().Sub(res.StartedAt)
		return res
	}
	limit := int64(a.cfg.MaxBodySize)
	// Non-blocking, so that opening a named pipe with no writer returns at
	// once instead of waiting for one; the type is checked on the opened
	// file, so it cannot be swapped between a check and the read.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fail(crawler.ReasonOther, fmt.Errorf("no file %s", path), "check the path; a relative path is relative to the configuration's folder")
	case err != nil:
		return fail(crawler.ReasonOther, err, "check the file's permissions")
	}
	defer f.Close()
	st, err := f.Stat()
	switch {
	case err != nil:
		return fail(crawler.ReasonOther, fmt.Errorf("stat %s: %w", path, err), "check the file's permissions")
	case st.IsDir():
		return fail(crawler.ReasonOther, fmt.Errorf("%s is a folder", path), "name a file")
	case !st.Mode().IsRegular():
		return fail(crawler.ReasonOther, fmt.Errorf("%s is not a regular file (%s)", path, st.Mode().Type()), "name a regular file; devices, pipes and sockets are not documents")
	case st.Size() > limit:
		return fail(crawler.ReasonTooLarge, fmt.Errorf("%s: file exceeds %s limit", path, fetchbody.FormatSize(limit)), "raise max_body_size")
	}
	modified := st.ModTime().UTC().Format(http.TimeFormat)
	if req.LastModified == modified {
		res.Status, res.NotModified, res.LastModified = http.StatusNotModified, true, modified
		res.Duration = a.now().Sub(res.StartedAt)
		return res
	}
	// The size was checked, but a file can grow while it is read.
	body, err := fetchbody.ReadAll(f, limit)
	if errors.Is(err, fetchbody.ErrTooLarge) {
		return fail(crawler.ReasonTooLarge, fmt.Errorf("%s: %w", path, err), "raise max_body_size")
	}
	if err != nil {
		return fail(crawler.ReasonOther, fmt.Errorf("read %s: %w", path, err), "check the file's permissions")
	}
	res.Status, res.Body, res.LastModified = http.StatusOK, body, modified
	res.Duration = time.Since(res.StartedAt)
	return res
}

// ReadLocal reads a file named on the command line (compare, extract) the
// way file: documents are read: a regular file only, under limit bytes.
func ReadLocal(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	switch {
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", path, err)
	case st.IsDir():
		return nil, fmt.Errorf("read %s: it is a folder; name a file", path)
	case !st.Mode().IsRegular():
		return nil, fmt.Errorf("read %s: not a regular file (%s); devices, pipes and sockets are not documents", path, st.Mode().Type())
	}
	body, err := fetchbody.ReadAll(f, limit)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return body, nil
}
