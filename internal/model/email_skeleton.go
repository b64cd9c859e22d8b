package model

import (
	"fmt"

	"github.com/mtibben/confusables"
)

// EmailSkeleton is the confusable skeleton of an email address (Unicode TR39, section 4, with the
// confusables.txt data of Unicode 13.0 that github.com/mtibben/confusables ships): every character that
// looks like another maps to one prototype, so the all-Cyrillic "рара@example.org" and the Latin
// "papa@example.org" share a skeleton, as do "rn" and "m", and "1" and "l". Digit zero and the letter o
// stay apart (TR39 maps 0 to a capital O, and addresses are lower-cased first). "" for no email.
func EmailSkeleton(email string) string {
	e := NormalizeEmail(email)
	if e == "" {
		return ""
	}
	return confusables.Skeleton(e)
}

// ConfusableEmailError says an email looks like the email of another record of the practice without
// being the same address (the two share a skeleton): perhaps the same person, with a mistyped or a
// spoofed address. The change goes ahead once the person making it confirms the address is another one.
// The other record is named only when the person may see it. It is not an ErrConflict: code that turns a
// duplicate into its own message must not swallow it.
type ConfusableEmailError struct {
	Field      string // the email field: "email", "contacts.0.email"
	RecordType string // "client", "contact" or "staff"; "" when the record is not the principal's to see
	RecordID   string // the client's chart id, the contact's person id or the staff member's id
	Name       string // the record's name
}

// Error names the record by id only: errors end up in logs, names must not.
func (e *ConfusableEmailError) Error() string {
	return fmt.Sprintf("email looks like the email of %s %s", e.RecordType, e.RecordID)
}

// Message tells the person what was found and how to go on.
func (e *ConfusableEmailError) Message() string {
	var whose string
	switch e.RecordType {
	case "client":
		whose = "client " + e.Name
	case "contact":
		whose = e.Name + ", a contact in this practice"
	case "staff":
		whose = "staff member " + e.Name
	default:
		whose = "another person in this practice"
	}
	return "This address looks like the email of " + whose + ", but is not the same. Is this the same person? " +
		"If it is a different address, tick “This is a different address” and save again."
}
