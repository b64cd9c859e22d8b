// Package mailtest runs a real SMTP server on loopback for tests: STARTTLS with a self-signed
// certificate, AUTH PLAIN, and a record of every message received.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
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

// Username and Password are the credentials the server accepts.
const (
	Username = "tend"
	Password = "s3cret"
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
	rejectTo string
}

// Start runs a server until the test ends; withTLS false makes one that offers no STARTTLS.
func Start(t testing.TB, withTLS bool) *Server {
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
	s := &Server{Pool: x509.NewCertPool(), CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
	s.Pool.AddCert(cert)
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s}, nil }))
	srv.Domain = "127.0.0.1"
	if withTLS {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	} else {
		srv.AllowInsecureAuth = true
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
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

type session struct{ s *Server }

func (x *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (x *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != Username || pass != Password {
			return errors.New("bad credentials")
		}
		x.s.mu.Lock()
		x.s.authUser = user
		x.s.mu.Unlock()
		return nil
	}), nil
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
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	x.s.to = append(x.s.to, to)
	return nil
}
func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	x.s.data = append(x.s.data, string(b))
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
