package web

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
)

// wantJSON reads ?format: "" or html for the page, json for its data.
func wantJSON(r *http.Request) (bool, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "", "html":
		return false, nil
	case "json":
		return true, nil
	default:
		return false, fmt.Errorf("format %q: use html or json", f)
	}
}

// html renders a page into memory first, so that a template error becomes
// a clean 500 rather than half a page.
func (s *server) html(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages.execute(&buf, name, data); err != nil {
		s.internal(w, r, fmt.Errorf("web: render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// json writes v the way the CLI prints it.
func (s *server) json(w http.ResponseWriter, r *http.Request, v any) {
	var buf bytes.Buffer
	if err := render.JSON(&buf, v); err != nil {
		s.internal(w, r, fmt.Errorf("web: encode %s: %w", r.URL.Path, err))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(buf.Bytes())
}

// errorPage is the data of error.html.
type errorPage struct {
	Title   string
	Status  int
	Message string
}

// fail answers with an error page, or a JSON object when ?format=json.
func (s *server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	msg = render.Sanitize(msg)
	if j, _ := wantJSON(r); j {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_ = render.JSON(w, struct {
			Error string `json:"error"`
		}{msg})
		return
	}
	var buf bytes.Buffer
	page := errorPage{Title: http.StatusText(status), Status: status, Message: msg}
	if err := s.pages.execute(&buf, "error", page); err != nil {
		s.log.Error("web: render error page", slog.Any("err", err))
		http.Error(w, msg, status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// internal logs err and tells the visitor only that something failed: the
// error may name files and queries.
func (s *server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("web: request failed", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
	s.fail(w, r, http.StatusInternalServerError, "Something went wrong while reading the database; the error is in the server's log.")
}

// target finds the document named in the path, answering 404 itself when
// the vendor or document is not configured.
func (s *server) target(w http.ResponseWriter, r *http.Request) (pipeline.Target, bool) {
	vendor, docType := r.PathValue("vendor"), r.PathValue("doc")
	if docType == "" {
		// App.Target would pick the vendor's first document; a page
		// address names exactly one.
		s.fail(w, r, http.StatusNotFound, "Name a document: /vendors/"+vendor+"/TYPE.")
		return pipeline.Target{}, false
	}
	t, err := s.app.Target(vendor, docType)
	if err == nil {
		return t, true
	}
	if unknown(err) {
		s.fail(w, r, http.StatusNotFound, err.Error())
	} else {
		s.internal(w, r, err)
	}
	return pipeline.Target{}, false
}

// unknown reports errors that mean the vendor or document is not configured.
func unknown(err error) bool {
	var v *pipeline.UnknownVendorError
	var d *pipeline.UnknownDocumentError
	return errors.As(err, &v) || errors.As(err, &d)
}
