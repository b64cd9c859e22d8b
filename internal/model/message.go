package model

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxMessageChars is the longest message a person may send (MS-1): longer ones are refused with a field
// error that keeps the text.
const MaxMessageChars = 10000

// Conversation is the secure-messaging thread of one chart and one portal account (MS-1): the client,
// a guardian or a family member each have their own with the chart's care team (PT-12).
type Conversation struct {
	ID              string
	PracticeID      string
	ChartID         string
	PortalAccountID string
	CreatedAt       time.Time
	LastMessageAt   time.Time // zero before the first message
	LastSeq         int64     // the seq of the newest message
	ClientSeq       int64     // the seq of the newest message from the portal user
	StaffSeq        int64     // the seq of the newest message from staff
	ClientNoticeAt  time.Time // when the portal user was last emailed that a message waits
	StaffNoticeAt   time.Time // when staff were last emailed that a message waits
}

// Message is one message of a conversation, written by a staff member or by the conversation's portal
// account.
type Message struct {
	ID              string
	ConversationID  string
	PracticeID      string
	Seq             int64
	AuthorStaffID   string // set when staff wrote it
	AuthorAccountID string // set when the portal user wrote it
	FromClient      bool
	Body            string // plain text
	FileID          string // the attachment, "" for none
	// The attachment's name and size as listed with the message; FileName is "" when the file was
	// deleted from the chart since.
	FileName  string
	FileSize  int64
	CreatedAt time.Time
}

// CleanMessage checks a message's text: not empty unless a file goes with it (attached), at most
// MaxMessageChars characters. It returns the text with its surrounding blank space trimmed, or a field
// error on "body".
func CleanMessage(body string, attached bool) (string, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(body); {
	case n == 0 && !attached:
		return "", FieldError("body", "Write a message before sending.")
	case n > MaxMessageChars:
		return "", FieldError("body", "A message can be at most 10,000 characters; this one has "+Commas(n)+". Shorten it or send it in parts.")
	}
	return body, nil
}

// Commas writes n with thousands separators: 12345 is "12,345".
func Commas(n int) string {
	d := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
