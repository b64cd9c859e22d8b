package mail_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"net"
	stdmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"tend/internal/mail"
)

// received is what the test SMTP server got.
type received struct {
	mu       sync.Mutex
	from, to []string
	data     []string
	authUser string
	rejectTo string // a recipient answered with 550
}

type session struct{ r *received }

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "tend" || pass != "s3cret" {
			return errors.New("bad credentials")
		}
		s.r.mu.Lock()
		s.r.authUser = user
		s.r.mu.Unlock()
		return nil
	}), nil
}
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	s.r.from = append(s.r.from, from)
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	if to == s.r.rejectTo {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	s.r.to = append(s.r.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	s.r.data = append(s.r.data, string(b))
	return err
}
func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }

// startServer runs a real SMTP server on loopback with a self-signed certificate; withTLS false makes
// one that offers no STARTTLS.
func startServer(t *testing.T, withTLS bool) (*received, string, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	r := &received{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{r}, nil }))
	srv.Domain = "127.0.0.1"
	srv.ErrorLog = nil
	if withTLS {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	} else {
		srv.AllowInsecureAuth = true
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return r, l.Addr().String(), pool
}

func message() mail.Message {
	return mail.Message{ID: "0193a1b2-0000-7000-8000-000000000001", From: "Harbor Counseling <noreply@harbor.example>",
		To: "rosa@example.org", Subject: "Your invitation to the client portal\r\nBcc: evil@example.org",
		Text: "Hello,\nopen https://tend.example/portal/register?t=abc to set your password.", HTML: "<p>Hello,</p><p><a href=\"https://tend.example\">Register</a></p>"}
}

// Mail goes through a real SMTP server over STARTTLS with a password; the message has both bodies, its
// id, and a subject that cannot smuggle in headers.
func TestSMTPDelivers(t *testing.T) {
	r, addr, pool := startServer(t, true)
	s, err := mail.NewSMTP("smtp://tend:wrong@"+addr, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	s.TLS = &tls.Config{RootCAs: pool}
	if err := s.Send(context.Background(), message()); err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.data) != 1 || r.authUser != "tend" || r.from[0] != "noreply@harbor.example" || r.to[0] != "rosa@example.org" {
		t.Fatalf("received %d messages, auth %q, from %v, to %v", len(r.data), r.authUser, r.from, r.to)
	}
	msg, err := stdmail.ReadMessage(strings.NewReader(r.data[0]))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mimeDecoder).decode(msg.Header.Get("Subject"))
	if msg.Header.Get("Bcc") != "" || !strings.Contains(subject, "Your invitation") || strings.Contains(msg.Header.Get("Subject"), "\n") {
		t.Fatalf("headers: %v", msg.Header)
	}
	if !strings.Contains(msg.Header.Get("Message-ID"), "0193a1b2-0000-7000-8000-000000000001@harbor.example") ||
		!strings.HasPrefix(msg.Header.Get("Content-Type"), "multipart/alternative") {
		t.Fatalf("headers: %v", msg.Header)
	}
	body, _ := io.ReadAll(msg.Body)
	if !strings.Contains(string(body), "text/plain") || !strings.Contains(string(body), "text/html") {
		t.Fatal("a body part is missing")
	}
}

// Tend refuses to send in the clear, and a 5xx answer is permanent (no retry).
func TestSMTPRefusals(t *testing.T) {
	_, addr, _ := startServer(t, false)
	s, _ := mail.NewSMTP("smtp://tend:s3cret@"+addr, "")
	err := s.Send(context.Background(), message())
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("a server without STARTTLS: %v", err)
	}
	r, addr, pool := startServer(t, true)
	r.rejectTo = "rosa@example.org"
	s, _ = mail.NewSMTP("smtp://tend:s3cret@"+addr, "")
	s.TLS = &tls.Config{RootCAs: pool}
	err = s.Send(context.Background(), message())
	if err == nil || !mail.IsPermanent(err) || strings.Contains(err.Error(), "rosa@") {
		t.Fatalf("a 550 should be permanent and name no address: %v", err)
	}
	for _, bad := range []string{"http://x", "smtp://", "ftp://host"} {
		if _, err := mail.NewSMTP(bad, ""); err == nil {
			t.Errorf("NewSMTP(%q) accepted", bad)
		}
	}
}

// Without an SMTP server, messages are written as .eml files only Tend's user can read.
func TestFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail")
	f := mail.Folder{Dir: dir, Now: func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }}
	if err := f.Send(context.Background(), message()); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("%d files", len(files))
	}
	info, _ := os.Stat(files[0])
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", info.Mode().Perm())
	}
	m := message()
	m.To = "not an address"
	if err := f.Send(context.Background(), m); !mail.IsPermanent(err) {
		t.Fatalf("a bad address: %v", err)
	}
}

type mimeDecoder struct{}

func (mimeDecoder) decode(s string) (string, error) { return new(mime.WordDecoder).DecodeHeader(s) }
