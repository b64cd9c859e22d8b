package mail_test

import (
	"context"
	"crypto/tls"
	"io"
	"mime"
	stdmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tend/internal/mail"
	"tend/internal/mail/mailtest"
)

func message() mail.Message {
	return mail.Message{ID: "0193a1b2-0000-7000-8000-000000000001", From: "Harbor Counseling <noreply@harbor.example>",
		To: "rosa@example.org", Subject: "Your invitation to the client portal\r\nBcc: evil@example.org",
		Text: "Hello,\nopen https://tend.example/portal/register?t=abc to set your password.", HTML: "<p>Hello,</p><p><a href=\"https://tend.example\">Register</a></p>"}
}

// Mail goes through a real SMTP server over STARTTLS with a password; the message has both bodies, its
// id, and a subject that cannot smuggle in headers.
func TestSMTPDelivers(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t, true)
	s, err := mail.NewSMTP("smtp://tend:wrong@"+srv.Addr, mailtest.Password)
	if err != nil {
		t.Fatal(err)
	}
	s.TLS = &tls.Config{RootCAs: srv.Pool}
	if err := s.Send(context.Background(), message()); err != nil {
		t.Fatal(err)
	}
	data := srv.Messages()
	from, to, user := srv.Envelope()
	if len(data) != 1 || user != mailtest.Username || from[0] != "noreply@harbor.example" || to[0] != "rosa@example.org" {
		t.Fatalf("received %d messages, auth %q, from %v, to %v", len(data), user, from, to)
	}
	msg, err := stdmail.ReadMessage(strings.NewReader(data[0]))
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
	t.Parallel()
	plain := mailtest.Start(t, false)
	s, _ := mail.NewSMTP("smtp://tend:s3cret@"+plain.Addr, "")
	err := s.Send(context.Background(), message())
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("a server without STARTTLS: %v", err)
	}
	srv := mailtest.Start(t, true)
	srv.Reject("rosa@example.org")
	s, _ = mail.NewSMTP("smtp://tend:s3cret@"+srv.Addr, "")
	s.TLS = &tls.Config{RootCAs: srv.Pool}
	err = s.Send(context.Background(), message())
	if err == nil || !mail.IsPermanent(err) || strings.Contains(err.Error(), "rosa@") || !strings.Contains(err.Error(), "550") {
		t.Fatalf("a 550 should be permanent and name no address: %v", err)
	}
	// Issue 11, item 4: a 4xx answer stays worth a retry.
	srv.Reject("")
	srv.Defer("rosa@example.org")
	err = s.Send(context.Background(), message())
	if err == nil || mail.IsPermanent(err) || !strings.Contains(err.Error(), "451") {
		t.Fatalf("a 451 should be transient: %v", err)
	}
	for _, bad := range []string{"http://x", "smtp://", "ftp://host"} {
		if _, err := mail.NewSMTP(bad, ""); err == nil {
			t.Errorf("NewSMTP(%q) accepted", bad)
		}
	}
}

// Without an SMTP server, messages are written as .eml files only Tend's user can read.
func TestFolder(t *testing.T) {
	t.Parallel()
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

// Issue 11, item 4: a malformed address never reaches the stored failure reason or a log line, not even
// in part (net/mail's own errors quote what they could not parse).
func TestBadAddressErrorsHoldNoAddress(t *testing.T) {
	t.Parallel()
	for _, to := range []string{"rosa.reyes@example.org, bob.smith@example.org", "rosa.reyes@@example.org", "Rosa <rosa.reyes@example.org"} {
		err := mail.Folder{Dir: t.TempDir(), Now: time.Now}.Send(context.Background(), mail.Message{ID: "m1", From: "Tend <noreply@example.org>", To: to, Subject: "Hi", Text: "Hi"})
		if err == nil || !mail.IsPermanent(err) {
			t.Fatalf("%q: %v, want a permanent failure", to, err)
		}
		for _, part := range []string{"rosa", "bob", "example.org"} {
			if strings.Contains(err.Error(), part) {
				t.Errorf("%q: the error %q quotes %q", to, err, part)
			}
		}
	}
}
