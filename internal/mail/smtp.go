package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"net/url"
	"os"
	"time"
)

// SMTP sends through an SMTP server: smtps://host[:465] (TLS from the start) or smtp://host[:587], where
// STARTTLS is required — Tend never sends mail or a password in the clear.
type SMTP struct {
	Host      string // host:port
	Implicit  bool   // smtps
	Username  string
	Password  string
	TLS       *tls.Config // nil: the system's roots, checked against the host name
	Timeout   time.Duration
	LocalName string // the name given in EHLO
	now       func() time.Time
}

// NewSMTP reads TEND_SMTP_URL: smtp:// or smtps://, with an optional user and password; password, when
// not empty, replaces the one in the URL (it comes from TEND_SMTP_PASSWORD_FILE).
func NewSMTP(rawURL, password string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, errors.New("mail: TEND_SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465")
	}
	s := &SMTP{Timeout: 30 * time.Second, LocalName: "localhost", now: time.Now}
	port := ""
	switch u.Scheme {
	case "smtp":
		port = "587"
	case "smtps":
		s.Implicit, port = true, "465"
	default:
		return nil, fmt.Errorf("mail: TEND_SMTP_URL scheme %q: use smtp (STARTTLS) or smtps", u.Scheme)
	}
	s.Host = u.Host
	if u.Port() == "" {
		s.Host = net.JoinHostPort(u.Hostname(), port)
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	if password != "" {
		s.Password = password
	}
	return s, nil
}

// Send delivers one message. A 5xx answer is permanent (see IsPermanent); anything else may pass.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	now := time.Now
	if s.now != nil {
		now = s.now
	}
	body, err := m.Bytes(now())
	if err != nil {
		return err
	}
	from, to, err := envelope(m)
	if err != nil {
		return err
	}
	host, _, _ := net.SplitHostPort(s.Host)
	cfg := s.TLS
	if cfg == nil {
		cfg = &tls.Config{}
	}
	cfg = cfg.Clone()
	cfg.ServerName, cfg.MinVersion = host, tls.VersionTLS12
	d := net.Dialer{Timeout: s.Timeout}
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	var conn net.Conn
	if s.Implicit {
		conn, err = (&tls.Dialer{NetDialer: &d, Config: cfg}).DialContext(ctx, "tcp", s.Host)
	} else {
		conn, err = d.DialContext(ctx, "tcp", s.Host)
	}
	if err != nil {
		return fmt.Errorf("mail: connecting to %s: %w", s.Host, err)
	}
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail: greeting from %s: %w", s.Host, err)
	}
	defer c.Close()
	if err := c.Hello(s.LocalName); err != nil {
		return classify("EHLO", err)
	}
	if !s.Implicit {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fmt.Errorf("mail: %s does not offer STARTTLS; Tend does not send mail unencrypted", s.Host)
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("mail: STARTTLS with %s: %w", s.Host, err)
		}
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return classify("AUTH", err)
		}
	}
	if err := c.Mail(from); err != nil {
		return classify("MAIL FROM", err)
	}
	if err := c.Rcpt(to); err != nil {
		return classify("RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return classify("DATA", err)
	}
	if _, err := w.Write(body); err != nil {
		return fmt.Errorf("mail: writing the message: %w", err)
	}
	if err := w.Close(); err != nil {
		return classify("end of DATA", err)
	}
	// The server accepted the message at the end of DATA: it is delivered. A failed goodbye must not
	// make the job send it again.
	_ = c.Quit()
	return nil
}

// classify wraps an SMTP answer; 5xx answers are permanent.
func classify(step string, err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return permanent{fmt.Errorf("mail: %s refused: %w", step, err)}
	}
	return fmt.Errorf("mail: %s: %w", step, err)
}

// envelope returns the bare addresses of the sender and the recipient.
func envelope(m Message) (string, string, error) {
	from, err := parse(m.From)
	if err != nil {
		return "", "", err
	}
	to, err := parse(m.To)
	return from, to, err
}

// TrustFile returns a TLS configuration that trusts the system's roots and the PEM certificates in path
// (TEND_SMTP_CA_FILE), for a mail server with a private certificate authority.
func TrustFile(path string) (*tls.Config, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("mail: reading TEND_SMTP_CA_FILE: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, errors.New("mail: TEND_SMTP_CA_FILE holds no PEM certificate")
	}
	return &tls.Config{RootCAs: pool}, nil
}
