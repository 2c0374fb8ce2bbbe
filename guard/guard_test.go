package guard

import (
	"errors"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/doc"
)

func page(title string, paras ...string) *doc.Document {
	d := &doc.Document{Title: title}
	for _, p := range paras {
		d.Blocks = append(d.Blocks, doc.Block{Kind: doc.Paragraph, Text: p})
	}
	return d
}

func TestCheck(t *testing.T) {
	longPolicy := strings.Repeat("We collect your name and e-mail address to provide the service. ", 60) +
		"Access denied errors in your account are logged."
	tests := []struct {
		name string
		d    *doc.Document
		bad  bool
	}{
		{"policy", page("Privacy Policy", "We collect your name.", "We do not sell your data."), false},
		{"long policy mentioning access denied", page("Privacy", longPolicy), false},
		{"empty shell", page("App"), true},
		{"challenge", page("Just a moment...", "Checking your browser before accessing example.com."), true},
		{"captcha", page("Security check", "Please solve the CAPTCHA below to continue."), true},
		{"access denied", page("Access Denied", "You don't have permission to access this server."), true},
		{"soft 404", page("Oops", "Sorry, the page you are looking for cannot be found."), true},
		{"404 title", page("Page Not Found | Acme", "Try the home page."), true},
		{"maintenance", page("Acme", "We are down for maintenance. We'll be back soon!"), true},
		{"oops", page("Acme", "Oops! Something went wrong on our end."), true},
		{"error title", page("Error | Acme", "Please try again later."), true},
		{"503 title", page("503 Service Unavailable", "nginx"), true},
		{"cookie-only", page("Acme", "We use cookies to improve your experience.", "Accept all", "Reject all", "Customise"), true},
		{"login text", page("Acme", "Please sign in to continue."), true},
		{"de maintenance", page("Acme GmbH", "Wegen Wartungsarbeiten ist die Seite vorübergehend nicht erreichbar."), true},
		{"fr maintenance", page("Acme", "Le site est en cours de maintenance, merci de revenir plus tard."), true},
		{"es error", page("Acme", "Lo sentimos, se ha producido un error."), true},
		{"it maintenance", page("Acme", "Il sito è in manutenzione."), true},
		{"pt 404", page("Acme", "Página não encontrada."), true},
		{"ja maintenance", page("Acme", "ただいまメンテナンス中です。"), true},
		{"zh error", page("Acme", "抱歉，出错了，请稍后再试。"), true},
		{"ru maintenance", page("Acme", "На сайте ведутся технические работы."), true},
		{"de cookie-only", page("Acme", "Wir verwenden Cookies.", "Alle akzeptieren", "Alle ablehnen"), true},
		{"whole words only", page("Terms", "Our troops of volunteers run feedback loops. We collect your e-mail address."), false},
		{"short policy naming errors", page("Privacy Policy", "We log errors to fix our service.", "We keep logs for 30 days."), false},
		{"short policy in German", page("Datenschutz", "Wir speichern Ihre E-Mail-Adresse für 30 Tage."), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.d)
			if got := err != nil; got != tt.bad {
				t.Fatalf("Check = %v, want bad=%v", err, tt.bad)
			}
			if err != nil && !errors.Is(err, ErrNotPolicy) {
				t.Errorf("error %v does not wrap ErrNotPolicy", err)
			}
		})
	}
}

func TestCheckPageLoginForm(t *testing.T) {
	d := page("Acme", "Welcome back.", "E-mail", "Remember me")
	raw := []byte(`<form><input name="email"><INPUT TYPE="password" name="pw"></form>`)
	if err := CheckPage(d, raw); !errors.Is(err, ErrNotPolicy) {
		t.Errorf("CheckPage of a login form = %v, want ErrNotPolicy", err)
	}
	if err := CheckPage(d, []byte(`<p>Welcome back.</p>`)); err != nil {
		t.Errorf("CheckPage without a password field = %v", err)
	}
}

func TestCountWordsMatchesFields(t *testing.T) {
	for _, s := range []string{
		"",
		"   ",
		"one",
		" two  words ",
		"tabs\tand\nnewlines\r\nhere",
		"no\u00a0break\u2003em space",
		"ünïcödé wörds, with punctuation!",
		"\u200bzero-width is not a space",
	} {
		if got, want := countWords(s), len(strings.Fields(s)); got != want {
			t.Errorf("countWords(%q) = %d, strings.Fields gives %d", s, got, want)
		}
	}
}
