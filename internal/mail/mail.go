// Package mail composes email messages and hands them to an SMTP server, or, on an installation without
// one, writes them as .eml files for the person running it to see. Messages never carry clinical
// content; callers keep client names out of subjects. Bodies come from the embedded templates (Render).
package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one email with a plain-text and an HTML body.
type Message struct {
	ID      string // unique; becomes the Message-ID, so a receiver can tell a repeat
	From    string // "Name <address>" or an address
	To      string
	Subject string
	Text    string
	HTML    string
}

// Sender delivers a message.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// BatchSender delivers several messages at once, over one connection where it has one; the i-th error
// is the i-th message's outcome.
type BatchSender interface {
	SendBatch(ctx context.Context, msgs []Message) []error
}

// SendAll delivers msgs through s, as one batch when s can send batches.
func SendAll(ctx context.Context, s Sender, msgs []Message) []error {
	if b, ok := s.(BatchSender); ok {
		return b.SendBatch(ctx, msgs)
	}
	errs := make([]error, len(msgs))
	for i, m := range msgs {
		errs[i] = s.Send(ctx, m)
	}
	return errs
}

// permanent is a refusal that retrying cannot mend (a 5xx answer, an impossible address).
type permanent struct{ err error }

func (e permanent) Error() string { return e.err.Error() }
func (e permanent) Unwrap() error { return e.err }

// IsPermanent reports whether err is a refusal that retrying cannot mend.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}

// maxLine is the longest line SMTP allows (RFC 5321 §4.5.3.1.6: 1000 with the CRLF).
const maxLine = 998

// compose builds the go-mail message: checked addresses, a subject that cannot add header lines, and
// both bodies unencoded (8bit) with CRLF line ends, so a long link stays whole on its line in an .eml
// file and in the receiver's raw view. Only a body with a line too long for SMTP falls back to
// quoted-printable.
func (m Message) compose(now time.Time) (*gomail.Msg, error) {
	// net/mail's errors quote parts of the address; these stay out of the stored reason and the logs.
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return nil, permanent{errors.New("mail: the sender is not a valid email address")}
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, permanent{errors.New("mail: the recipient is not a valid email address")}
	}
	if m.ID == "" {
		return nil, errors.New("mail: message has no id")
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent(), gomail.WithCharset(gomail.CharsetUTF8))
	msg.FromMailAddress(from)
	msg.ToMailAddress(to)
	msg.Subject(strings.Join(strings.Fields(m.Subject), " ")) // no line breaks, so no extra headers; go-mail folds it
	msg.SetDateWithValue(now)
	msg.SetMessageIDWithValue(m.ID + "@" + from.Address[strings.LastIndex(from.Address, "@")+1:])
	text, html := crlf(m.Text), crlf(m.HTML)
	msg.SetBodyString(gomail.TypeTextPlain, text, gomail.WithPartEncoding(encodingFor(text)))
	msg.AddAlternativeString(gomail.TypeTextHTML, html, gomail.WithPartEncoding(encodingFor(html)))
	return msg, nil
}

// crlf gives a body CRLF line ends, whatever it had, and no trailing blank lines: the CRLF before the
// next MIME boundary belongs to the boundary, so a body ending in one would show an empty line more.
func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimRight(s, " \t\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

// encodingFor is 8bit unless a line is longer than SMTP allows.
func encodingFor(body string) gomail.Encoding {
	for line := range strings.SplitSeq(body, "\r\n") {
		if len(line) > maxLine {
			return gomail.EncodingQP
		}
	}
	return gomail.NoEncoding
}

// Bytes renders the message as RFC 5322 text, as it goes over SMTP: headers, then multipart/alternative
// with the text and HTML bodies.
func (m Message) Bytes(now time.Time) ([]byte, error) {
	msg, err := m.compose(now)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("mail: rendering message %s: %w", m.ID, err)
	}
	return buf.Bytes(), nil
}
