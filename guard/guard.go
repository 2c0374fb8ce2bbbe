// Package guard tells a real policy from what servers send instead: bot
// walls, captchas, "access denied" pages, "page not found" served with 200,
// and JavaScript shells with no text. Such pages must never become versions.
package guard

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/tracker-dev/tracker/doc"
)

// ErrNotPolicy is wrapped by every verdict of Check.
var ErrNotPolicy = errors.New("not a policy page")

// shortWords is the size under which a page is judged by its phrases: a real
// policy is long, and a long policy may well mention "access denied".
const shortWords = 350

// walls are phrases of challenge, block and error pages, in lower case.
var walls = []struct{ phrase, reason string }{
	{"checking your browser", "a bot-protection challenge page"},
	{"verify you are human", "a bot-protection challenge page"},
	{"verifying you are human", "a bot-protection challenge page"},
	{"are you a robot", "a bot-protection challenge page"},
	{"are you human", "a bot-protection challenge page"},
	{"complete the security check", "a bot-protection challenge page"},
	{"just a moment", "a bot-protection challenge page"},
	{"pardon our interruption", "a bot-protection challenge page"},
	{"unusual traffic", "a bot-protection challenge page"},
	{"ddos protection", "a bot-protection challenge page"},
	{"captcha", "a captcha page"},
	{"attention required", "a bot-protection challenge page"},
	{"access denied", "an \"access denied\" page"},
	{"access to this page has been denied", "an \"access denied\" page"},
	{"you don't have permission to access", "an \"access denied\" page"},
	{"request blocked", "a \"request blocked\" page"},
	{"403 forbidden", "an \"access denied\" page"},
	{"enable javascript and cookies", "a bot-protection challenge page"},
	{"please enable javascript", "a JavaScript-only page"},
	{"you need to enable javascript", "a JavaScript-only page"},
	{"page not found", "a \"page not found\" page"},
	{"page cannot be found", "a \"page not found\" page"},
	{"page could not be found", "a \"page not found\" page"},
	{"page you requested", "a \"page not found\" page"},
	{"page you are looking for", "a \"page not found\" page"},
	{"page you were looking for", "a \"page not found\" page"},
	{"page doesn't exist", "a \"page not found\" page"},
	{"page does not exist", "a \"page not found\" page"},
	{"404 not found", "a \"page not found\" page"},
	{"error 404", "a \"page not found\" page"},
	{"sign in to continue", "a login page"},
	{"log in to continue", "a login page"},
}

// Check returns an error wrapping ErrNotPolicy when d is not a policy text.
func Check(d *doc.Document) error {
	words := 0
	for _, bl := range d.Blocks {
		words += countWords(bl.Text)
		if words >= shortWords {
			// Most pages end here: only short ones are read for phrases,
			// so the lower-cased copy below is built for them alone.
			return nil
		}
	}
	if words == 0 {
		return fmt.Errorf("%w: the page has no text (a JavaScript-only page? try another URL or a select)", ErrNotPolicy)
	}
	var b strings.Builder
	b.WriteString(strings.ToLower(d.Title))
	for _, bl := range d.Blocks {
		b.WriteByte('\n')
		b.WriteString(strings.ToLower(bl.Text))
	}
	text := b.String()
	for _, w := range walls {
		if strings.Contains(text, w.phrase) {
			return fmt.Errorf("%w: looks like %s (%q, %d words); nothing stored, the next crawl tries again", ErrNotPolicy, w.reason, w.phrase, words)
		}
	}
	return nil
}

// countWords counts what strings.Fields would return, without building it.
func countWords(s string) int {
	n := 0
	inWord := false
	for _, r := range s {
		space := unicode.IsSpace(r)
		if !space && !inWord {
			n++
		}
		inWord = !space
	}
	return n
}
