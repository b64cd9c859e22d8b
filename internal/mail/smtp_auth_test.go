package mail_test

import (
	"context"
	"crypto/tls"
	"os"
	"strings"
	"testing"
	"time"

	"tend/internal/mail"
	"tend/internal/mail/mailtest"
)

// sender returns an SMTP sender for the test server at rawURL's place, trusting its certificate.
func sender(t *testing.T, srv *mailtest.Server, rawURL, password string) *mail.SMTP {
	t.Helper()
	s, err := mail.NewSMTP(strings.Replace(rawURL, "HOST", srv.Addr, 1), password)
	if err != nil {
		t.Fatal(err)
	}
	s.TLS = &tls.Config{RootCAs: srv.Pool}
	t.Cleanup(func() { s.Close() })
	return s
}

// Issue 11, item 4: the mechanism comes from ?auth= in TEND_SMTP_URL, or, without it, PLAIN or LOGIN,
// whichever the server offers (Microsoft 365 offers LOGIN and XOAUTH2, not PLAIN); XOAUTH2 takes the
// access token as the password.
func TestSMTPAuthMechanisms(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, url, password string
		offer               []string
		want                string // the mechanism the server saw; "" when the send must fail
	}{
		{"default picks PLAIN", "smtp://tend@HOST", mailtest.Password, []string{"PLAIN", "LOGIN", "CRAM-MD5"}, "PLAIN"},
		{"default falls back to LOGIN (Microsoft 365)", "smtp://tend@HOST", mailtest.Password, []string{"LOGIN", "XOAUTH2"}, "LOGIN"},
		{"auth=plain", "smtp://tend@HOST?auth=plain", mailtest.Password, nil, "PLAIN"},
		{"auth=login", "smtp://tend@HOST?auth=login", mailtest.Password, nil, "LOGIN"},
		{"auth=cram-md5", "smtp://tend@HOST?auth=CRAM-MD5", mailtest.Password, nil, "CRAM-MD5"},
		{"auth=xoauth2", "smtp://tend@HOST?auth=xoauth2", mailtest.Token, nil, "XOAUTH2"},
		{"password in the URL", "smtp://tend:" + mailtest.Password + "@HOST?auth=login", "", nil, "LOGIN"},
		{"wrong password", "smtp://tend@HOST?auth=login", "nope", nil, ""},
		{"wrong CRAM-MD5 secret", "smtp://tend@HOST?auth=cram-md5", "nope", nil, ""},
		{"wrong token", "smtp://tend@HOST?auth=xoauth2", mailtest.Password, nil, ""},
		{"mechanism not offered", "smtp://tend@HOST?auth=cram-md5", mailtest.Password, []string{"PLAIN"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.Start(t, true)
			if tc.offer != nil {
				srv.Offer(tc.offer...)
			}
			s := sender(t, srv, tc.url, tc.password)
			err := s.Send(context.Background(), message())
			user, mech := srv.Auth()
			if tc.want == "" {
				if err == nil || len(srv.Messages()) != 0 {
					t.Fatalf("sent with bad credentials: err %v, %d messages", err, len(srv.Messages()))
				}
				if strings.Contains(err.Error(), "rosa@") || strings.Contains(err.Error(), tc.password) {
					t.Fatalf("the error names the address or the secret: %v", err)
				}
				// The refused connection is closed, not left for the server to time out.
				for deadline := time.Now().Add(2 * time.Second); srv.Open() != 0; time.Sleep(10 * time.Millisecond) {
					if time.Now().After(deadline) {
						t.Fatalf("%d connections left open after a refused login", srv.Open())
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if mech != tc.want || user != mailtest.Username || len(srv.Messages()) != 1 {
				t.Fatalf("got %s as %q, %d messages; want %s", mech, user, len(srv.Messages()), tc.want)
			}
		})
	}
}

// Issue 11, item 4: smtps:// speaks TLS from the first byte; the certificate is checked against the
// trusted roots (TEND_SMTP_CA_FILE) and a stranger's certificate is refused.
func TestSMTPImplicitTLS(t *testing.T) {
	t.Parallel()
	srv := mailtest.StartImplicit(t)
	s := sender(t, srv, "smtps://tend@HOST?auth=plain", mailtest.Password)
	if err := s.Send(context.Background(), message()); err != nil {
		t.Fatal(err)
	}
	if len(srv.Messages()) != 1 {
		t.Fatalf("%d messages", len(srv.Messages()))
	}
	untrusted, _ := mail.NewSMTP("smtps://tend@"+srv.Addr, mailtest.Password)
	if err := untrusted.Send(context.Background(), message()); err == nil || mail.IsPermanent(err) {
		t.Fatalf("an unknown certificate should fail, and be worth a retry once mended: %v", err)
	}
	if len(srv.Messages()) != 1 {
		t.Fatal("sent over an unchecked connection")
	}
}

// Issue 11, item 4: a batch goes over one connection, and the connection stays open for the next sends
// for KeepAlive; one refused recipient fails only its own message; a connection the server closed
// while idle is replaced without losing the message.
func TestSMTPReusesConnection(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t, true)
	s := sender(t, srv, "smtp://tend@HOST", mailtest.Password)
	s.KeepAlive = time.Minute
	batch := make([]mail.Message, 3)
	for i := range batch {
		batch[i] = message()
		batch[i].ID = batch[i].ID[:len(batch[i].ID)-1] + string(rune('a'+i))
	}
	batch[1].To = "rosa@example.org"
	srv.Reject("rosa@example.org")
	batch[0].To, batch[2].To = "ana@example.org", "li@example.org"
	errs := s.SendBatch(context.Background(), batch)
	if errs[0] != nil || errs[2] != nil || !mail.IsPermanent(errs[1]) {
		t.Fatalf("errors %v; want only the second, permanent", errs)
	}
	for i := 0; i < 2; i++ {
		if err := s.Send(context.Background(), batch[0]); err != nil {
			t.Fatal(err)
		}
	}
	if n, per := srv.Connections(); n != 1 || len(per) != 1 || per[0] != 4 || s.Dials() != 1 {
		t.Fatalf("%d connections carrying %v messages, %d dials; want 1 carrying 4", n, per, s.Dials())
	}

	srv.DropConnections()
	if err := s.Send(context.Background(), batch[2]); err != nil {
		t.Fatalf("after the server dropped the idle connection: %v", err)
	}
	if n, per := srv.Connections(); n != 2 || per[1] != 1 {
		t.Fatalf("%d connections carrying %v messages; want a second one carrying 1", n, per)
	}

	s.KeepAlive = 0 // closes after each send
	s.Close()
	for i := 0; i < 2; i++ {
		if err := s.Send(context.Background(), batch[0]); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := srv.Connections(); n != 4 {
		t.Fatalf("%d connections; want one per send without KeepAlive", n)
	}
	if got := len(srv.Messages()); got != 7 {
		t.Fatalf("%d messages delivered, want 7", got)
	}
}

// Issue 11, item 4: the auth mechanism and the other parts of TEND_SMTP_URL are checked at start.
func TestSMTPURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url      string
		ok       bool
		host     string
		implicit bool
		auth     string
	}{
		{"smtp://mail.example", true, "mail.example:587", false, ""},
		{"smtps://u@mail.example", true, "mail.example:465", true, ""},
		{"smtp://u@mail.example:2525?auth=LOGIN", true, "mail.example:2525", false, "login"},
		{"smtp://u@mail.example?auth=xoauth2", true, "mail.example:587", false, "xoauth2"},
		{"smtp://u@mail.example?auth=ntlm", false, "", false, ""},
		{"smtp://mail.example?auth=plain", false, "", false, ""}, // a mechanism needs a user
		{"smtp://u@mail.example?tls=off", false, "", false, ""},
		{"http://x", false, "", false, ""},
		{"smtp://", false, "", false, ""},
		{"ftp://host", false, "", false, ""},
	} {
		s, err := mail.NewSMTP(tc.url, "")
		if (err == nil) != tc.ok {
			t.Errorf("NewSMTP(%q): %v", tc.url, err)
			continue
		}
		if err == nil && (s.Host != tc.host || s.Implicit != tc.implicit || s.Auth != tc.auth) {
			t.Errorf("NewSMTP(%q) = %s implicit %v auth %q", tc.url, s.Host, s.Implicit, s.Auth)
		}
	}
}

// Issue 11, item 4: the password file is read at each new connection, so a refreshed XOAUTH2 token is
// used without a restart.
func TestSMTPPasswordFileReread(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t, true)
	file := t.TempDir() + "/token"
	if err := os.WriteFile(file, []byte("expired-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := sender(t, srv, "smtp://tend@HOST?auth=xoauth2", "expired-token")
	s.PasswordFile, s.KeepAlive = file, 0
	if err := s.Send(context.Background(), message()); err == nil {
		t.Fatal("sent with an expired token")
	}
	if err := os.WriteFile(file, []byte(mailtest.Token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), message()); err != nil {
		t.Fatalf("with the refreshed token: %v", err)
	}
}
