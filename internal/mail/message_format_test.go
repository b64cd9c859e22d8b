package mail_test

import (
	"context"
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

// longLink is a portal link longer than any quoted-printable line (76), as a real one with a token
// and a long practice slug is.
const longLink = "https://tend.example/portal/join/harbor-counseling-and-family-therapy-associates-of-greater-springfield/complete?t=" +
	"3f6c0d9a1b2e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c"

// linkMessage is a rendered template carrying longLink, with a subject long enough to need folding.
func linkMessage(t *testing.T) mail.Message {
	t.Helper()
	subject, text, html, err := mail.Render(mail.PortalJoin, map[string]any{
		"Practice": "Harbor Counseling & Family Therapy Associates of Greater Springfield — Zürich office", "Link": longLink})
	if err != nil {
		t.Fatal(err)
	}
	return mail.Message{ID: "0193a1b2-0000-7000-8000-000000000002", From: "Harbor Counseling <noreply@harbor.example>",
		To: "rosa@example.org", Subject: subject, Text: text, HTML: html}
}

// checkRaw asserts what every message Tend writes must satisfy: the link whole on one line of the text
// part, CRLF line ends with none doubled or bare, no line longer than SMTP allows, header lines folded
// under 78 characters, and the subject decoding to the original.
func checkRaw(t *testing.T, raw string, m mail.Message) {
	t.Helper()
	lines := strings.Split(raw, "\r\n")
	found := false
	for _, l := range lines {
		if l == longLink {
			found = true
		}
		if len(l) > 998 {
			t.Errorf("a line of %d characters", len(l))
		}
	}
	if !found {
		t.Errorf("the link is not whole on a line of its own:\n%s", raw)
	}
	if strings.Contains(raw, "\r\r") || strings.Count(raw, "\n") != strings.Count(raw, "\r\n") {
		t.Error("a doubled CR or a bare LF")
	}
	if strings.Contains(raw, "\r\n\r\n\r\n") {
		t.Error("a doubled blank line")
	}
	header, _, ok := strings.Cut(raw, "\r\n\r\n")
	if !ok {
		t.Fatal("no end of header")
	}
	for _, l := range strings.Split(header, "\r\n") {
		if len(l) > 78 {
			t.Errorf("header line of %d characters: %q", len(l), l)
		}
	}
	msg, err := stdmail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("subject %q (%v), want %q", subject, err, m.Subject)
	}
	if !strings.Contains(header, "\r\nSubject:") || !strings.Contains(header, "\r\n =?") {
		t.Errorf("the long subject is not folded:\n%s", header)
	}
}

// Issue 11, item 4: in an .eml file the portal link can be copied: no quoted-printable soft break
// inside it; line ends are single CRLFs; a long subject is folded (RFC 5322, RFC 2047).
func TestFolderLinkOnOneLine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	m := linkMessage(t)
	if err := (mail.Folder{Dir: dir, Now: func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }}).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("%d files", len(files))
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	checkRaw(t, string(raw), m)
	if !strings.Contains(string(raw), `<a href="`+longLink+`">`) {
		t.Error("the HTML part's link is not whole")
	}
}

// Issue 11, item 4: what reaches the SMTP server is the same: link whole, single CRLFs, folded subject.
func TestSMTPLinkOnOneLine(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t, true)
	s := sender(t, srv, "smtp://tend@HOST", mailtest.Password)
	m := linkMessage(t)
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	checkRaw(t, srv.Messages()[0], m)
	if !strings.Contains(srv.Text(t, 0), "\r\n\r\n"+longLink+"\r\n\r\n") {
		t.Errorf("text part: %q", srv.Text(t, 0))
	}
}

// Issue 11, item 4: bodies with LF, CRLF or stray CR all come out with single CRLFs, and a body line
// too long for SMTP is still delivered (quoted-printable, the one case it is used).
func TestMessageLineEnds(t *testing.T) {
	t.Parallel()
	m := message()
	m.Subject = "Short"
	m.Text = "one\r\ntwo\nthree\rfour\r\n\r\n"
	m.HTML = "<p>" + strings.Repeat("x", 1200) + "</p>"
	raw, err := m.Bytes(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	if !strings.Contains(s, "\r\n\r\none\r\ntwo\r\nthree\r\nfour\r\n--") {
		t.Errorf("text part:\n%s", s)
	}
	if strings.Contains(s, "\r\r") || strings.Count(s, "\n") != strings.Count(s, "\r\n") || strings.Contains(s, "\r\n\r\n\r\n") {
		t.Error("a doubled or bare line end")
	}
	if !strings.Contains(s, "Content-Transfer-Encoding: quoted-printable") {
		t.Error("a 1200-character line went out unencoded")
	}
	for _, l := range strings.Split(s, "\r\n") {
		if len(l) > 998 {
			t.Fatalf("a line of %d characters", len(l))
		}
	}
}
