package email

import (
	"bytes"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// message is one e-mail ready for SMTP DATA.
type message struct {
	From      *mail.Address
	To        []*mail.Address
	Subject   string
	MessageID string // without angle brackets
	Date      time.Time
	Text      string
	HTML      string
}

// bytes encodes m as multipart/alternative, both parts UTF-8 and
// quoted-printable, lines ending in CRLF.
func (m message) bytes() ([]byte, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, p := range []struct{ ctype, text string }{
		{"text/plain; charset=utf-8", m.Text},
		{"text/html; charset=utf-8", m.HTML},
	} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {p.ctype},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, fmt.Errorf("email: mime part: %w", err)
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(p.text)); err != nil {
			return nil, fmt.Errorf("email: encode part: %w", err)
		}
		if err := qp.Close(); err != nil {
			return nil, fmt.Errorf("email: encode part: %w", err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("email: mime: %w", err)
	}

	to := make([]string, len(m.To))
	for i, a := range m.To {
		to[i] = a.String()
	}
	var out bytes.Buffer
	header := func(k, v string) { out.WriteString(k + ": " + v + "\r\n") }
	header("From", m.From.String())
	header("To", strings.Join(to, ", "))
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	header("Date", m.Date.Format(time.RFC1123Z))
	header("Message-ID", "<"+m.MessageID+">")
	header("MIME-Version", "1.0")
	header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	// Tells auto-responders not to answer (RFC 3834).
	header("Auto-Submitted", "auto-generated")
	out.WriteString("\r\n")
	out.Write(body.Bytes())
	return out.Bytes(), nil
}

// oneLine keeps a header value from starting new header lines.
func oneLine(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}

// messageID is stable for an alert, so a resent alert threads with (or is
// deduplicated against) the first copy.
func messageID(alertID string, from *mail.Address) string {
	domain := "tracker.invalid"
	if at := strings.LastIndexByte(from.Address, '@'); at >= 0 && at < len(from.Address)-1 {
		domain = from.Address[at+1:]
	}
	id := strings.Map(func(r rune) rune {
		if r < 0x80 && (r == '-' || r == '_' || r == '.' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')) {
			return r
		}
		return -1
	}, alertID)
	if id == "" {
		id = "alert"
	}
	return id + "@" + domain
}
