// Package guard tells a real policy from what servers send instead: bot
// walls, captchas, "access denied" pages, "page not found" served with 200,
// maintenance and "Oops" error pages, login forms, cookie-consent shells and
// JavaScript shells with no text, in the languages policies are written in.
// Such pages must never become versions, however often they are seen.
package guard

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

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
	{"please enable javascript", jsOnlyReason},
	{"you need to enable javascript", jsOnlyReason},
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

	// Maintenance and error pages.
	{"under maintenance", "a maintenance page"},
	{"down for maintenance", "a maintenance page"},
	{"scheduled maintenance", "a maintenance page"},
	{"maintenance mode", "a maintenance page"},
	{"we'll be back soon", "a maintenance page"},
	{"we will be back soon", "a maintenance page"},
	{"be right back", "a maintenance page"},
	{"something went wrong", "an error page"},
	{"an error occurred", "an error page"},
	{"an error has occurred", "an error page"},
	{"an unexpected error", "an error page"},
	{"internal server error", "an error page"},
	{"bad gateway", "an error page"},
	{"gateway timeout", "an error page"},
	{"oops", "an error page"},
	{"whoops", "an error page"},
	// German, French, Spanish, Italian, Portuguese, Dutch, Polish,
	// Russian, Japanese, Chinese: the same pages in the languages of the
	// policies tracker watches.
	{"wartungsarbeiten", "a maintenance page"},
	{"wartungsmodus", "a maintenance page"},
	{"ein fehler ist aufgetreten", "an error page"},
	{"seite nicht gefunden", "a \"page not found\" page"},
	{"zugriff verweigert", "an \"access denied\" page"},
	{"ich bin kein roboter", "a bot-protection challenge page"},
	{"en maintenance", "a maintenance page"},
	{"en cours de maintenance", "a maintenance page"},
	{"une erreur est survenue", "an error page"},
	{"une erreur s'est produite", "an error page"},
	{"page introuvable", "a \"page not found\" page"},
	{"accès refusé", "an \"access denied\" page"},
	{"je ne suis pas un robot", "a bot-protection challenge page"},
	{"vérifiez que vous êtes humain", "a bot-protection challenge page"},
	{"en mantenimiento", "a maintenance page"},
	{"se ha producido un error", "an error page"},
	{"ha ocurrido un error", "an error page"},
	{"página no encontrada", "a \"page not found\" page"},
	{"acceso denegado", "an \"access denied\" page"},
	{"no soy un robot", "a bot-protection challenge page"},
	{"in manutenzione", "a maintenance page"},
	{"si è verificato un errore", "an error page"},
	{"pagina non trovata", "a \"page not found\" page"},
	{"accesso negato", "an \"access denied\" page"},
	{"em manutenção", "a maintenance page"},
	{"ocorreu um erro", "an error page"},
	{"página não encontrada", "a \"page not found\" page"},
	{"acesso negado", "an \"access denied\" page"},
	{"in onderhoud", "a maintenance page"},
	{"er is iets misgegaan", "an error page"},
	{"pagina niet gevonden", "a \"page not found\" page"},
	{"przerwa techniczna", "a maintenance page"},
	{"wystąpił błąd", "an error page"},
	{"технические работы", "a maintenance page"},
	{"произошла ошибка", "an error page"},
	{"страница не найдена", "a \"page not found\" page"},
	{"メンテナンス中", "a maintenance page"},
	{"エラーが発生しました", "an error page"},
	{"ページが見つかりません", "a \"page not found\" page"},
	{"维护中", "a maintenance page"},
	{"系统维护", "a maintenance page"},
	{"出错了", "an error page"},
	{"页面不存在", "a \"page not found\" page"},
	{"找不到页面", "a \"page not found\" page"},
}

// consent are the buttons of cookie-consent dialogs; a short page that
// offers them is the dialog alone, its policy not yet loaded.
var consent = []string{
	"accept all", "reject all", "allow all cookies", "accept cookies", "accept all cookies", "manage cookies",
	"cookie settings", "alle akzeptieren", "alle ablehnen", "tout accepter", "tout refuser",
	"aceptar todas", "aceptar todo", "rechazar todas", "accetta tutti", "rifiuta tutti",
	"aceitar todos", "rejeitar todos", "alles accepteren", "alles weigeren", "zaakceptuj wszystkie",
	"принять все", "すべて受け入れる", "全部接受", "接受所有",
}

// passwordField is the structural mark of a login form.
var passwordField = [][]byte{[]byte(`type="password"`), []byte(`type='password'`), []byte(`type=password`)}

// Check returns an error wrapping ErrNotPolicy when d is not a policy text.
func Check(d *doc.Document) error { return CheckPage(d, nil) }

// CheckPage is Check with the page's raw bytes for structural cues (a
// password field), when there are any.
func CheckPage(d *doc.Document, raw []byte) error {
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
		return jsOnly{fmt.Errorf("%w: the page has no text (a JavaScript-only page? try another URL or a select)", ErrNotPolicy)}
	}
	var b strings.Builder
	b.WriteString(strings.ToLower(d.Title))
	for _, bl := range d.Blocks {
		b.WriteByte('\n')
		b.WriteString(strings.ToLower(bl.Text))
	}
	text := b.String()
	for _, w := range walls {
		if containsPhrase(text, w.phrase) {
			err := fmt.Errorf("%w: looks like %s (%q, %d words); nothing stored, the next crawl tries again", ErrNotPolicy, w.reason, w.phrase, words)
			if w.reason == jsOnlyReason {
				return jsOnly{err}
			}
			return err
		}
	}
	title := strings.ToLower(d.Title)
	for _, p := range errorTitles {
		if containsPhrase(title, p) {
			return fmt.Errorf("%w: looks like an error page (title %q, %d words); nothing stored, the next crawl tries again", ErrNotPolicy, d.Title, words)
		}
	}
	for _, c := range consent {
		if containsPhrase(text, c) {
			return fmt.Errorf("%w: looks like a cookie-consent dialog without the policy (%q, %d words); nothing stored, the next crawl tries again", ErrNotPolicy, c, words)
		}
	}
	if raw != nil {
		lower := bytes.ToLower(raw)
		for _, f := range passwordField {
			if bytes.Contains(lower, f) {
				return fmt.Errorf("%w: looks like a login page (a password field, %d words); nothing stored; find a URL that opens without signing in", ErrNotPolicy, words)
			}
		}
	}
	return nil
}

// errorTitles mark error pages by their title alone: "Error", "503
// Service Unavailable", "Maintenance".
var errorTitles = []string{"error", "service unavailable", "maintenance", "500", "502", "503", "504",
	"fehler", "erreur", "wartung", "mantenimiento", "manutenzione", "manutenção", "onderhoud"}

// containsPhrase finds phrase in text as whole words: "oops" is not in
// "troops", "en maintenance" not in "open maintenance". Phrases in scripts
// written without spaces (Chinese, Japanese) match anywhere.
func containsPhrase(text, phrase string) bool {
	first, _ := utf8.DecodeRuneInString(phrase)
	if unicode.In(first, unicode.Han, unicode.Hiragana, unicode.Katakana) {
		return strings.Contains(text, phrase)
	}
	for i := 0; i <= len(text)-len(phrase); {
		j := strings.Index(text[i:], phrase)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(phrase)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if !wordRune(before) && !wordRune(after) {
			return true
		}
		i = start + 1
	}
	return false
}

func wordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
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
