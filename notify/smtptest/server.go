// Package smtptest is an SMTP server for tests, listening on 127.0.0.1. It
// speaks enough of the protocol for SMTP clients (EHLO, optional STARTTLS
// or implicit TLS, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT), refuses
// a message with a line over 998 bytes as strict relays do, records what
// it receives, and can be told to refuse a command.
package smtptest

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"

	"fmt"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options choose what the server offers.
type Options struct {
	STARTTLS    bool   // offer STARTTLS
	ImplicitTLS bool   // speak TLS from the first byte (port 465 style)
	Username    string // if set, AUTH PLAIN is offered and required
	Password    string
}

// Message is one mail the server accepted.
type Message struct {
	From string
	To   []string
	Data []byte // as received, dot-unstuffed, CRLF line ends
	TLS  bool   // the session was encrypted when DATA came
	Auth string // the authenticated user, if any
}

// Server is a running test server.
type Server struct {
	Addr    string         // host:port
	Host    string         // "127.0.0.1"
	Port    int            //
	RootCAs *x509.CertPool // trusts the server's certificate

	opts Options
	tls  *tls.Config
	ln   net.Listener
	wg   sync.WaitGroup

	mu       sync.Mutex
	messages []Message
	replies  map[string]string // verb → forced reply
	conns    map[net.Conn]bool
	closed   bool
}

// Start runs a server until the test ends.
func Start(tb testing.TB, opts Options) *Server {
	tb.Helper()
	cert, pool, err := selfSigned()
	if err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("smtptest: listen: %v", err)
	}
	s := &Server{
		Addr:    ln.Addr().String(),
		Host:    "127.0.0.1",
		Port:    ln.Addr().(*net.TCPAddr).Port,
		RootCAs: pool,
		opts:    opts,
		tls:     &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		ln:      ln,
		replies: map[string]string{},
		conns:   map[net.Conn]bool{},
	}
	s.wg.Add(1)
	go s.accept()
	tb.Cleanup(s.Close)
	return s
}

// Respond makes the server answer verb (e.g. "RCPT", "DATA" for the end
// of the message, "MAIL", "AUTH") with reply, such as "550 5.1.1 no such
// user" or "451 4.3.0 try later", until called again with an empty reply.
func (s *Server) Respond(verb, reply string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if reply == "" {
		delete(s.replies, strings.ToUpper(verb))
		return
	}
	s.replies[strings.ToUpper(verb)] = reply
}

// Messages returns what was accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Close stops the server and waits for its sessions to end.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.ln.Close()
	s.wg.Wait()
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = true
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			s.serve(c)
		}()
	}
}

func (s *Server) forced(verb string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.replies[verb]
}

// session is the state of one connection.
type session struct {
	conn  net.Conn
	tp    *textproto.Conn
	tls   bool
	auth  string
	from  string
	to    []string
	greet bool
}

func (s *Server) serve(c net.Conn) {
	// A stuck client must not hang the test's cleanup for ever.
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	ss := &session{conn: c}
	if s.opts.ImplicitTLS {
		tc := tls.Server(c, s.tls)
		if err := tc.Handshake(); err != nil {
			return
		}
		ss.conn, ss.tls = tc, true
	}
	ss.tp = textproto.NewConn(ss.conn)
	if ss.reply("220 smtptest ready") != nil {
		return
	}
	for {
		line, err := ss.tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		verb = strings.ToUpper(verb)
		if r := s.forced(verb); r != "" && verb != "DATA" {
			if ss.reply(r) != nil {
				return
			}
			continue
		}
		if done := s.command(ss, verb, arg); done {
			return
		}
	}
}

// command handles one line; it reports whether the session is over.
func (s *Server) command(ss *session, verb, arg string) bool {
	switch verb {
	case "EHLO", "HELO":
		ss.greet = true
		lines := []string{"smtptest"}
		if s.opts.STARTTLS && !ss.tls {
			lines = append(lines, "STARTTLS")
		}
		if s.opts.Username != "" {
			lines = append(lines, "AUTH PLAIN")
		}
		lines = append(lines, "8BITMIME")
		for i, l := range lines {
			sep := "-"
			if i == len(lines)-1 {
				sep = " "
			}
			if ss.reply("250"+sep+l) != nil {
				return true
			}
		}
		return false
	case "STARTTLS":
		if !s.opts.STARTTLS || ss.tls {
			return ss.reply("502 5.5.1 STARTTLS not offered") != nil
		}
		if ss.reply("220 2.0.0 go ahead") != nil {
			return true
		}
		tc := tls.Server(ss.conn, s.tls)
		if err := tc.Handshake(); err != nil {
			return true
		}
		// RFC 3207: everything learnt before TLS is forgotten.
		*ss = session{conn: tc, tp: textproto.NewConn(tc), tls: true}
		return false
	case "AUTH":
		return ss.reply(s.authenticate(ss, arg)) != nil
	case "MAIL":
		switch {
		case !ss.greet:
			return ss.reply("503 5.5.1 EHLO first") != nil
		case s.opts.Username != "" && ss.auth == "":
			return ss.reply("530 5.7.0 authentication required") != nil
		}
		ss.from, ss.to = address(arg, "FROM:"), nil
		return ss.reply("250 2.1.0 ok") != nil
	case "RCPT":
		if ss.from == "" {
			return ss.reply("503 5.5.1 MAIL first") != nil
		}
		ss.to = append(ss.to, address(arg, "TO:"))
		return ss.reply("250 2.1.5 ok") != nil
	case "DATA":
		if len(ss.to) == 0 {
			return ss.reply("503 5.5.1 RCPT first") != nil
		}
		if ss.reply("354 end with <CRLF>.<CRLF>") != nil {
			return true
		}
		data, err := ss.tp.ReadDotBytes()
		if err != nil {
			return true
		}
		if r := s.forced("DATA"); r != "" {
			return ss.reply(r) != nil
		}
		if n := longestLine(data); n > maxLine {
			// What strict relays do (RFC 5321 4.5.3.1.6): the message is
			// refused, not folded.
			return ss.reply(fmt.Sprintf("552 5.6.0 message has a line of %d bytes, over the %d SMTP allows", n, maxLine)) != nil
		}
		s.mu.Lock()
		s.messages = append(s.messages, Message{From: ss.from, To: ss.to, Data: crlf(data), TLS: ss.tls, Auth: ss.auth})
		s.mu.Unlock()
		ss.from, ss.to = "", nil
		return ss.reply("250 2.0.0 queued") != nil
	case "RSET":
		ss.from, ss.to = "", nil
		return ss.reply("250 2.0.0 ok") != nil
	case "NOOP":
		return ss.reply("250 2.0.0 ok") != nil
	case "QUIT":
		_ = ss.reply("221 2.0.0 bye")
		return true
	}
	return ss.reply("502 5.5.2 command not recognized") != nil
}

func (s *Server) authenticate(ss *session, arg string) string {
	mech, initial, _ := strings.Cut(arg, " ")
	if s.opts.Username == "" || !strings.EqualFold(mech, "PLAIN") {
		return "504 5.5.4 mechanism not supported"
	}
	if initial == "" {
		if ss.reply("334 ") != nil {
			return "421 4.4.2 lost connection"
		}
		line, err := ss.tp.ReadLine()
		if err != nil {
			return "421 4.4.2 lost connection"
		}
		initial = line
	}
	raw, err := base64.StdEncoding.DecodeString(initial)
	if err != nil {
		return "501 5.5.2 bad base64"
	}
	parts := strings.Split(string(raw), "\x00")
	if len(parts) != 3 || parts[1] != s.opts.Username || parts[2] != s.opts.Password {
		return "535 5.7.8 authentication failed"
	}
	ss.auth = parts[1]
	return "235 2.7.0 authenticated"
}

func (ss *session) reply(line string) error {
	if err := ss.tp.PrintfLine("%s", line); err != nil {
		return fmt.Errorf("smtptest: reply: %w", err)
	}
	return nil
}

// address pulls the path out of "FROM:<a@b> SIZE=1".
func address(arg, prefix string) string {
	if len(arg) < len(prefix) || !strings.EqualFold(arg[:len(prefix)], prefix) {
		return ""
	}
	rest := strings.TrimSpace(arg[len(prefix):])
	if i := strings.IndexByte(rest, '>'); strings.HasPrefix(rest, "<") && i > 0 {
		return rest[1:i]
	}
	path, _, _ := strings.Cut(rest, " ")
	return path
}

// maxLine is the longest text line SMTP carries, CRLF excluded.
const maxLine = 998

func longestLine(data []byte) int {
	longest := 0
	for _, l := range strings.Split(string(data), "\n") {
		longest = max(longest, len(strings.TrimSuffix(l, "\r")))
	}
	return longest
}

// crlf puts back the CRLF line ends textproto turned into LF.
func crlf(b []byte) []byte {
	var out strings.Builder
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		out.WriteString(sc.Text())
		out.WriteString("\r\n")
	}
	return []byte(out.String())
}
