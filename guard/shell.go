package guard

import (
	"bytes"
	"errors"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tracker-dev/tracker/doc"
)

// ErrJavaScriptOnly is wrapped, beside ErrNotPolicy, by a verdict of Check
// that the page has no text or asks to enable JavaScript: a browser may
// make a policy of it (see Shell), which no browser does of a bot wall.
var ErrJavaScriptOnly = errors.New("the page needs JavaScript")

const jsOnlyReason = "a JavaScript-only page"

// jsOnly marks a verdict as ErrJavaScriptOnly without changing its text.
type jsOnly struct{ error }

func (e jsOnly) Is(target error) bool { return target == ErrJavaScriptOnly }
func (e jsOnly) Unwrap() error        { return e.error }

// Shells are told apart from short pages by word counts: a shell's chrome
// (a header, a footer, a "loading" line) stays under shellWords, and its
// app root holds fewer than rootWords before the scripts run.
const (
	shellWords = 60
	rootWords  = 10
)

// appRoots are the ids single-page frameworks mount into (React, Next.js,
// Vue, Nuxt, Gatsby, Angular, Svelte, Ember…).
var appRoots = map[string]bool{
	"root": true, "app": true, "__next": true, "__nuxt": true, "___gatsby": true,
	"app-root": true, "svelte": true, "ember-app": true, "main-app": true, "react-root": true,
}

// Shell reports whether a fetched HTML page is a JavaScript shell: the
// skeleton a single-page application sends before its scripts build the
// text in the browser. d is what extraction made of the page, nil when it
// found no text at all. The reason says what gave the shell away. Only
// short pages are read: a page with a policy's worth of words is not a
// shell, whatever its markup.
func Shell(body []byte, d *doc.Document) (string, bool) {
	words := 0
	if d != nil {
		for _, bl := range d.Blocks {
			if words += countWords(bl.Text); words >= shortWords {
				return "", false
			}
		}
	}
	s := scanShell(body)
	switch {
	case s.scripts == 0:
		return "", false // no script could ever fill it
	case words == 0:
		return "no text, only scripts", true
	case d != nil && asksForJavaScript(d), words < shellWords && s.askJS:
		return "it asks to enable JavaScript", true
	case words < shellWords && s.root != "" && s.rootWords < rootWords:
		return "an empty app root (#" + s.root + ") and scripts", true
	}
	return "", false
}

func asksForJavaScript(d *doc.Document) bool {
	for _, bl := range d.Blocks {
		t := strings.ToLower(bl.Text)
		if strings.Contains(t, "enable javascript") || strings.Contains(t, "javascript is disabled") ||
			strings.Contains(t, "javascript is required") || strings.Contains(t, "requires javascript") {
			return true
		}
	}
	return false
}

type shellScan struct {
	scripts   int
	root      string // id of the app root, if the page has one
	rootWords int    // words inside it
	askJS     bool   // a <noscript> asks for JavaScript
}

// scanShell reads the page's tokens once: its scripts, its app root and
// the words in it, and what its <noscript> says.
func scanShell(body []byte) shellScan {
	var s shellScan
	z := html.NewTokenizer(bytes.NewReader(body))
	depth := 0 // inside the app root: its element depth
	noscript := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return s
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Script:
				s.scripts++
			case a == atom.Noscript:
				noscript = true
			}
			if depth > 0 && tt == html.StartTagToken && !voidElement(a) {
				depth++
			}
			if s.root == "" && hasAttr && tt == html.StartTagToken {
				for {
					k, v, more := z.TagAttr()
					if string(k) == "id" && appRoots[strings.ToLower(string(v))] {
						s.root, depth = string(v), 1
					}
					if !more {
						break
					}
				}
			}
			if s.root == "" && string(name) == "app-root" {
				s.root, depth = "app-root", 1
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if atom.Lookup(name) == atom.Noscript {
				noscript = false
			}
			if depth > 0 {
				depth--
			}
		case html.TextToken:
			text := strings.ToLower(string(z.Text()))
			if noscript && strings.Contains(text, "javascript") {
				s.askJS = true
			}
			if depth > 0 {
				s.rootWords += countWords(text)
			}
		}
	}
}

func voidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}
