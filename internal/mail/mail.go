// Package mail composes email messages and hands them to an SMTP server, or, on an installation without
// one, writes them as .eml files for the person running it to see. Messages never carry clinical
// content; callers keep client names out of subjects.
package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
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

// permanent is a refusal that retrying cannot mend (a 5xx answer, an impossible address).
type permanent struct{ err error }

func (e permanent) Error() string { return e.err.Error() }
func (e permanent) Unwrap() error { return e.err }

// IsPermanent reports whether err is a refusal that retrying cannot mend.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}

// Bytes renders the message as RFC 5322 text: headers, then multipart/alternative with both bodies in
// quoted-printable. Addresses are checked and a subject cannot add header lines.
func (m Message) Bytes(now time.Time) ([]byte, error) {
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return nil, permanent{fmt.Errorf("mail: from address: %w", err)}
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, permanent{fmt.Errorf("mail: to address: %w", err)}
	}
	if m.ID == "" {
		return nil, errors.New("mail: message has no id")
	}
	var buf bytes.Buffer
	domain := from.Address[strings.LastIndex(from.Address, "@")+1:]
	subject := strings.Join(strings.Fields(m.Subject), " ") // no line breaks, so no extra headers
	header := func(k, v string) { fmt.Fprintf(&buf, "%s: %s\r\n", k, v) }
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+m.ID+"@"+domain+">")
	header("MIME-Version", "1.0")
	mw := multipart.NewWriter(&buf)
	header("Content-Type", `multipart/alternative; boundary="`+mw.Boundary()+`"`)
	buf.WriteString("\r\n")
	for _, part := range []struct{ kind, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.kind + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(strings.ReplaceAll(part.body, "\n", "\r\n"))); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
