package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"
)

// SMTP sends through an SMTP server with go-mail: smtps://host[:465] (TLS from the start) or
// smtp://host[:587], where STARTTLS is required — Tend never sends mail or a password in the clear.
// After a send the connection stays open for KeepAlive, so the next messages reuse it.
type SMTP struct {
	Host     string // host:port
	Implicit bool   // smtps
	Username string
	Password string // for XOAUTH2, the access token
	// PasswordFile, when set, is read again for each new connection, so a token refreshed by another
	// program (XOAUTH2 tokens last about an hour) is picked up without a restart.
	PasswordFile string
	Auth         string      // "" (PLAIN or LOGIN, whichever the server offers), "plain", "login", "cram-md5" or "xoauth2"
	TLS          *tls.Config // nil: the system's roots, checked against the host name
	Timeout      time.Duration
	KeepAlive    time.Duration // how long an idle connection waits for the next message; 0 closes it at once
	LocalName    string        // the name given in EHLO; empty: this machine's host name
	now          func() time.Time

	mu    sync.Mutex
	idle  *gosmtp.Client // an open, authenticated connection waiting for the next message
	timer *time.Timer    // closes idle when KeepAlive passes
	dials int            // connections opened, for tests
}

// authTypes maps TEND_SMTP_URL's auth= values to go-mail's mechanisms.
var authTypes = map[string]gomail.SMTPAuthType{
	"plain":    gomail.SMTPAuthPlain,
	"login":    gomail.SMTPAuthLogin,
	"cram-md5": gomail.SMTPAuthCramMD5,
	"xoauth2":  gomail.SMTPAuthXOAUTH2,
}

// NewSMTP reads TEND_SMTP_URL: smtp:// or smtps://, with an optional user and password and an optional
// ?auth=plain|login|cram-md5|xoauth2; password, when not empty, replaces the one in the URL (it comes
// from TEND_SMTP_PASSWORD_FILE).
func NewSMTP(rawURL, password string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, errors.New("mail: TEND_SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465")
	}
	s := &SMTP{Timeout: 30 * time.Second, KeepAlive: 10 * time.Second, now: time.Now}
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
	} else if _, err := strconv.ParseUint(u.Port(), 10, 16); err != nil {
		return nil, fmt.Errorf("mail: TEND_SMTP_URL port %q is not a number", u.Port())
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	if password != "" {
		s.Password = password
	}
	for k := range u.Query() {
		if k != "auth" {
			return nil, fmt.Errorf("mail: TEND_SMTP_URL has an unknown setting %q; only auth= is known", k)
		}
	}
	if a := strings.ToLower(u.Query().Get("auth")); a != "" {
		if _, ok := authTypes[a]; !ok {
			return nil, fmt.Errorf("mail: TEND_SMTP_URL auth=%q: use plain, login, cram-md5 or xoauth2", a)
		}
		if s.Username == "" {
			return nil, fmt.Errorf("mail: TEND_SMTP_URL auth=%s needs a user name", a)
		}
		s.Auth = a
	}
	return s, nil
}

// client returns a go-mail client with the settings; it holds no connection of its own.
func (s *SMTP) client() (*gomail.Client, error) {
	host, port, err := net.SplitHostPort(s.Host)
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP host %q: %w", s.Host, err)
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP port %q: %w", port, err)
	}
	cfg := s.tlsConfig(host)
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithPort(p), gomail.WithTLSConfig(cfg), gomail.WithTimeout(timeout),
		gomail.WithTLSPolicy(gomail.TLSMandatory)}
	if s.Implicit {
		opts = append(opts, gomail.WithSSL())
	}
	if s.LocalName != "" {
		opts = append(opts, gomail.WithHELO(s.LocalName))
	}
	if s.Username != "" {
		password := s.Password
		if s.PasswordFile != "" {
			b, err := os.ReadFile(s.PasswordFile)
			if err != nil {
				return nil, fmt.Errorf("mail: reading the SMTP password file: %w", err)
			}
			password = strings.TrimSpace(string(b))
		}
		opts = append(opts, gomail.WithUsername(s.Username), gomail.WithPassword(password))
		if a, ok := authTypes[s.Auth]; ok {
			opts = append(opts, gomail.WithSMTPAuth(a))
		} else {
			// Microsoft 365 offers LOGIN but not PLAIN; most others offer both.
			opts = append(opts, gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin))
		}
	}
	c, err := gomail.NewClient(host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP settings: %w", err)
	}
	return c, nil
}

// tlsConfig is TLS checked against the host name, with the trusted roots from TEND_SMTP_CA_FILE.
func (s *SMTP) tlsConfig(host string) *tls.Config {
	cfg := &tls.Config{}
	if s.TLS != nil {
		cfg = s.TLS.Clone()
	}
	cfg.ServerName, cfg.MinVersion = host, tls.VersionTLS12
	return cfg
}

// Send delivers one message. A 5xx answer is permanent (see IsPermanent); anything else may pass.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	return s.SendBatch(ctx, []Message{m})[0]
}

// SendBatch delivers the messages over one connection (the one left open by the last send, when it
// still answers). The i-th error is the i-th message's outcome.
func (s *SMTP) SendBatch(ctx context.Context, msgs []Message) []error {
	errs := make([]error, len(msgs))
	now := time.Now
	if s.now != nil {
		now = s.now
	}
	c, err := s.client()
	if err != nil {
		for i := range errs {
			errs[i] = err
		}
		return errs
	}
	conn, fresh := s.take(), false
	var dialErr error // once a dial fails, the rest of the batch fails with it rather than dialling again
	for i, m := range msgs {
		if err := ctx.Err(); err != nil {
			errs[i] = fmt.Errorf("mail: %w", err)
			continue
		}
		msg, err := m.compose(now())
		if err != nil {
			errs[i] = err
			continue
		}
		if dialErr != nil {
			errs[i] = dialErr
			continue
		}
		for {
			if conn == nil {
				if conn, err = s.dial(ctx, c); err != nil {
					dialErr = classify(err)
					break
				}
				fresh = true
			}
			err = c.SendWithSMTPClient(conn, msg)
			var se *gomail.SendError
			if errors.As(err, &se) && se.Reason == gomail.ErrConnCheck && !fresh {
				// The kept connection was closed by the server while idle; nothing was sent on it.
				_ = conn.Close()
				conn = nil
				continue
			}
			break
		}
		if se := (*gomail.SendError)(nil); errors.As(err, &se) && se.Reason == gomail.ErrSMTPReset {
			// The server took the message (250 after DATA); only the RSET that tidies up after it failed.
			// Reporting that as a failure would send the message again, so it counts as sent and the
			// connection, in an unknown state, is dropped.
			err = nil
			if conn != nil {
				_ = conn.Close()
				conn = nil
			}
		}
		if dialErr != nil {
			errs[i] = dialErr
		} else if err != nil {
			errs[i] = classify(err)
			if conn != nil && !reusable(err) {
				_ = conn.Close()
				conn = nil
			}
		}
	}
	if conn != nil {
		s.keep(c, conn)
	}
	return errs
}

// dial opens and authenticates a connection. go-mail leaves the socket open when the greeting, STARTTLS
// or AUTH fails, so the socket is dialled here and closed on failure.
func (s *SMTP) dial(ctx context.Context, c *gomail.Client) (*gosmtp.Client, error) {
	s.mu.Lock()
	s.dials++
	s.mu.Unlock()
	var raw net.Conn
	err := gomail.WithDialContextFunc(func(ctx context.Context, network, addr string) (net.Conn, error) {
		d := &net.Dialer{}
		var err error
		if s.Implicit {
			host, _, _ := net.SplitHostPort(addr)
			raw, err = (&tls.Dialer{NetDialer: d, Config: s.tlsConfig(host)}).DialContext(ctx, network, addr)
		} else {
			raw, err = d.DialContext(ctx, network, addr)
		}
		return raw, err
	})(c)
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP settings: %w", err)
	}
	conn, err := c.DialToSMTPClientWithContext(ctx)
	if err != nil {
		if raw != nil {
			_ = raw.Close()
		}
		return nil, fmt.Errorf("connecting to %s: %w", s.Host, err)
	}
	return conn, nil
}

// reusable reports whether the connection is still in step after err: the server answered, and go-mail
// reset the transaction.
func reusable(err error) bool {
	var se *gomail.SendError
	if !errors.As(err, &se) || se.ErrorCode() == 0 {
		return false
	}
	switch se.Reason {
	case gomail.ErrSMTPMailFrom, gomail.ErrSMTPRcptTo:
		return true
	}
	return false
}

// take returns the idle connection, if any, for one sender to use.
func (s *SMTP) take() *gosmtp.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	conn := s.idle
	s.idle = nil
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	return conn
}

// keep leaves conn open for the next send, for KeepAlive; one idle connection at most.
func (s *SMTP) keep(c *gomail.Client, conn *gosmtp.Client) {
	if s.KeepAlive <= 0 {
		_ = c.CloseWithSMTPClient(conn)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idle != nil {
		go func() { _ = c.CloseWithSMTPClient(conn) }()
		return
	}
	s.idle = conn
	s.timer = time.AfterFunc(s.KeepAlive, func() {
		s.mu.Lock()
		mine := s.idle == conn
		if mine {
			s.idle, s.timer = nil, nil
		}
		s.mu.Unlock()
		if mine {
			_ = c.CloseWithSMTPClient(conn)
		}
	})
}

// Close says goodbye on the idle connection, if there is one.
func (s *SMTP) Close() error {
	conn := s.take()
	if conn == nil {
		return nil
	}
	if err := conn.Quit(); err != nil {
		return fmt.Errorf("mail: closing the SMTP connection: %w", err)
	}
	return nil
}

// Dials returns how many connections the sender has opened.
func (s *SMTP) Dials() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dials
}

// classify wraps a failure to send; 5xx answers are permanent. go-mail's own error text names the
// recipient, so the text is rebuilt from the step, the code and the server's words without addresses.
func classify(err error) error {
	var se *gomail.SendError
	if errors.As(err, &se) {
		text := se.Error()
		for _, cut := range []string{", affected recipient(s):", ", affected message ID:"} {
			if i := strings.Index(text, cut); i >= 0 {
				text = text[:i]
			}
		}
		err := errors.New("mail: " + redact(text))
		if se.ErrorCode() >= 500 || se.Reason == gomail.ErrGetSender || se.Reason == gomail.ErrGetRcpts {
			return permanent{err}
		}
		return err
	}
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return permanent{fmt.Errorf("mail: refused: %s", redact(err.Error()))}
	}
	return fmt.Errorf("mail: %s", redact(err.Error()))
}

// addressLike matches anything shaped like an email address.
var addressLike = regexp.MustCompile(`[^\s<>"',;:()\[\]]+@[^\s<>"',;:()\[\]]+`)

// redact blanks every address: a server may quote the recipient in its answer.
func redact(s string) string { return addressLike.ReplaceAllString(s, "address") }

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
