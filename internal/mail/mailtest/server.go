// Package mailtest runs a real SMTP server on loopback for tests: STARTTLS (or TLS from the start) with
// a self-signed certificate, AUTH PLAIN, LOGIN, CRAM-MD5 and XOAUTH2, and a record of every message
// received and of every connection.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Username and Password are the credentials the server accepts; Token is the XOAUTH2 access token.
const (
	Username = "tend"
	Password = "s3cret"
	Token    = "ya29.test-access-token"
)

// Server is a running test SMTP server.
type Server struct {
	Addr    string         // host:port
	Pool    *x509.CertPool // trusts the server's certificate
	CertPEM []byte         // the server's certificate, for a CA file

	mu       sync.Mutex
	from, to []string
	data     []string
	authUser string
	authMech string
	rejectTo string
	deferTo  string
	mechs    []string
	conns    int
	perConn  []int // messages received on each connection, in order of opening
	open     []net.Conn
	live     int // connections accepted and not yet closed
	byRemote map[string]int
}

// Start runs a server until the test ends; withTLS false makes one that offers no STARTTLS.
func Start(t testing.TB, withTLS bool) *Server {
	t.Helper()
	return start(t, withTLS, false)
}

// StartImplicit runs a server that speaks TLS from the first byte, as on port 465 (smtps).
func StartImplicit(t testing.TB) *Server {
	t.Helper()
	return start(t, true, true)
}

func start(t testing.TB, withTLS, implicit bool) *Server {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Pool: x509.NewCertPool(), CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		mechs: []string{sasl.Plain, sasl.Login, "CRAM-MD5", "XOAUTH2"}, byRemote: map[string]int{}}
	s.Pool.AddCert(cert)
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		// go-smtp starts a new session after STARTTLS on the same connection: the client's address and
		// port tell connections apart.
		remote := c.Conn().RemoteAddr().String()
		if i, ok := s.byRemote[remote]; ok {
			return &session{s: s, conn: i}, nil
		}
		s.open = append(s.open, c.Conn())
		s.conns++
		s.perConn = append(s.perConn, 0)
		s.byRemote[remote] = len(s.perConn) - 1
		return &session{s: s, conn: len(s.perConn) - 1}, nil
	}))
	srv.Domain = "127.0.0.1"
	srv.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are what some tests expect
	tlsConfig := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	if withTLS && !implicit {
		srv.TLSConfig = tlsConfig
	} else {
		srv.AllowInsecureAuth = true // with implicit TLS, the whole connection is encrypted
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l = countingListener{l, s}
	if implicit {
		l = tls.NewListener(l, tlsConfig)
	}
	s.Addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

// Offer sets the AUTH mechanisms the server announces (and accepts), e.g. only LOGIN and XOAUTH2 as
// Microsoft 365 does.
func (s *Server) Offer(mechs ...string) { s.mu.Lock(); s.mechs = mechs; s.mu.Unlock() }

// Auth returns the user and the mechanism of the last successful AUTH.
func (s *Server) Auth() (user, mechanism string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authUser, s.authMech
}

// Connections returns how many connections the server has accepted, and how many messages came over
// each.
func (s *Server) Connections() (int, []int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns, append([]int(nil), s.perConn...)
}

// DropConnections closes every connection from the server's side, as a server does with an idle client.
func (s *Server) DropConnections() {
	s.mu.Lock()
	open := s.open
	s.open = nil
	s.mu.Unlock()
	for _, c := range open { // closing takes the lock to count the connection as closed
		_ = c.Close()
	}
}

// Defer makes the server answer 451 (try again later) for this recipient.
func (s *Server) Defer(to string) { s.mu.Lock(); s.deferTo = to; s.mu.Unlock() }

// Open returns how many connections are open now; the server closes its side when the client does.
func (s *Server) Open() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.live
}

// countingListener keeps Server.live.
type countingListener struct {
	net.Listener
	s *Server
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.s.mu.Lock()
	l.s.live++
	l.s.mu.Unlock()
	return &countedConn{Conn: c, s: l.s}, nil
}

type countedConn struct {
	net.Conn
	s    *Server
	once sync.Once
}

func (c *countedConn) Close() error {
	c.once.Do(func() {
		c.s.mu.Lock()
		c.s.live--
		c.s.mu.Unlock()
	})
	return c.Conn.Close()
}

// Reject makes the server answer 550 for this recipient.
func (s *Server) Reject(to string) { s.mu.Lock(); s.rejectTo = to; s.mu.Unlock() }

// Messages returns the raw messages received so far.
func (s *Server) Messages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.data...)
}

// Envelope returns the envelope senders and recipients, and the user who authenticated.
func (s *Server) Envelope() (from, to []string, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.from...), append([]string(nil), s.to...), s.authUser
}

type session struct {
	s    *Server
	conn int // index into Server.perConn
}

func (x *session) AuthMechanisms() []string {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	return append([]string(nil), x.s.mechs...)
}

func (x *session) Auth(mech string) (sasl.Server, error) {
	ok := func(user string) error {
		x.s.mu.Lock()
		x.s.authUser, x.s.authMech = user, mech
		x.s.mu.Unlock()
		return nil
	}
	check := func(user, pass string) error {
		if user != Username || pass != Password {
			return errors.New("bad credentials")
		}
		return ok(user)
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	case "CRAM-MD5":
		return &cramServer{ok: ok}, nil
	case "XOAUTH2":
		return &xoauth2Server{ok: ok}, nil
	}
	return nil, errors.New("unsupported mechanism")
}

// loginServer is the server side of AUTH LOGIN (draft-murchison-sasl-login): it asks for the user name,
// then for the password.
type loginServer struct {
	check func(user, pass string) error
	step  int
	user  string
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	l.step++
	switch l.step {
	case 1:
		if response != nil { // the user name came as an initial response
			l.user, l.step = string(response), 2
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 2:
		l.user = string(response)
		return []byte("Password:"), false, nil
	case 3:
		return nil, true, l.check(l.user, string(response))
	}
	return nil, false, errors.New("unexpected LOGIN step")
}

// cramServer is the server side of CRAM-MD5 (RFC 2195): a challenge, answered by the user name and the
// HMAC-MD5 of the challenge keyed with the password.
type cramServer struct {
	ok        func(user string) error
	challenge []byte
}

func (c *cramServer) Next(response []byte) ([]byte, bool, error) {
	if c.challenge == nil {
		c.challenge = []byte("<1896.697170952@127.0.0.1>")
		return c.challenge, false, nil
	}
	user, digest, found := strings.Cut(string(response), " ")
	mac := hmac.New(md5.New, []byte(Password))
	mac.Write(c.challenge)
	if !found || user != Username || !hmac.Equal([]byte(digest), []byte(hex.EncodeToString(mac.Sum(nil)))) {
		return nil, true, errors.New("bad credentials")
	}
	return nil, true, c.ok(user)
}

// xoauth2Server is the server side of Google's and Microsoft's XOAUTH2: one initial response,
// "user=U^Aauth=Bearer T^A^A".
type xoauth2Server struct{ ok func(user string) error }

func (o *xoauth2Server) Next(response []byte) ([]byte, bool, error) {
	var user, auth string
	for _, field := range strings.Split(string(response), "\x01") {
		if v, found := strings.CutPrefix(field, "user="); found {
			user = v
		}
		if v, found := strings.CutPrefix(field, "auth="); found {
			auth = v
		}
	}
	if user != Username || auth != "Bearer "+Token || !strings.HasSuffix(string(response), "\x01\x01") {
		return nil, true, errors.New("bad token")
	}
	return nil, true, o.ok(user)
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	x.s.from = append(x.s.from, from)
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if to == x.s.rejectTo {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox <" + to + ">"}
	}
	if to == x.s.deferTo {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 2, 1}, Message: "mailbox busy, try later"}
	}
	x.s.to = append(x.s.to, to)
	return nil
}
func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	x.s.data = append(x.s.data, string(b))
	x.s.perConn[x.conn]++
	return err
}
func (x *session) Reset()        {}
func (x *session) Logout() error { return nil }

// Text returns the decoded text/plain part of the i-th message received ("" when there is none).
func (s *Server) Text(t testing.TB, i int) string {
	t.Helper()
	msgs := s.Messages()
	if i >= len(msgs) {
		t.Fatalf("mailtest: message %d asked, %d received", i, len(msgs))
	}
	m, err := mail.ReadMessage(strings.NewReader(msgs[i]))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable parts
		if err != nil {
			return ""
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			b, _ := io.ReadAll(p)
			return string(b)
		}
	}
}

// Subject returns the decoded subject of the i-th message received.
func (s *Server) Subject(t testing.TB, i int) string {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(s.Messages()[i]))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	return subject
}
