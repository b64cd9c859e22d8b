package model

import (
	"golang.org/x/text/unicode/norm"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ClientChange holds the client fields to set; nil fields stay as they are. Creating a client uses it
// too, with first and last name required (CL-1).
type ClientChange struct {
	GroupName                     *string // group charts only (GR-1)
	FirstName, LastName           *string
	LegalFirstName, LegalLastName *string
	Pronouns                      *string
	Email, Phone                  *string
	DateOfBirth                   *string
	Sex, GenderIdentity           *string
	Address                       *Address
	Emergency                     *EmergencyContact
	BillingType                   *BillingType
	DefaultServiceID              *string // a service of the practice, not archived; "" for none (checked by package clients)
	MessagingOn                   *bool
	AssignedClinicianID           *string
	// ConfirmDistinctEmail goes ahead with an email that looks like another record's (model.ConfusableEmailError).
	ConfirmDistinctEmail bool
	// ConfirmAdultMinor keeps a date of birth that makes a minor's chart's client an adult (issue 13, item 6).
	ConfirmAdultMinor bool
}

// AdultAge is the age from which a minor's chart asks staff to confirm the date of birth.
const AdultAge = 18

// Apply sets the changed fields on c, cleaned, and returns the problems found. today is the practice's
// current date, for birth dates. Field names in the problems match the form and the API.
func (ch ClientChange) Apply(c *Client, today time.Time) Problems {
	p := Problems{}
	text := func(field string, dst *string, src *string, max int, required bool, missing string) {
		if src == nil {
			return
		}
		v, msg := CleanText(*src, max)
		switch {
		case msg != "":
			p.Add(field, msg)
		case v == "" && required:
			p.Add(field, missing)
		default:
			*dst = v
		}
	}
	if c.Kind == KindGroup {
		text("name", &c.GroupName, ch.GroupName, 200, true, "Name the chart, for example the family's surname or both partners' names.")
		// A group chart has no person: names and the other personal details live on each member's chart.
		personal := ClientChange{FirstName: ch.FirstName, LastName: ch.LastName, LegalFirstName: ch.LegalFirstName, LegalLastName: ch.LegalLastName,
			Pronouns: ch.Pronouns, Email: ch.Email, Phone: ch.Phone, DateOfBirth: ch.DateOfBirth, Sex: ch.Sex, GenderIdentity: ch.GenderIdentity,
			Address: ch.Address, Emergency: ch.Emergency}
		if personal != (ClientChange{}) {
			p.Add("name", "A couple or family chart has only a name; change each member's details on their own chart.")
		}
		ch = ClientChange{BillingType: ch.BillingType, DefaultServiceID: ch.DefaultServiceID, MessagingOn: ch.MessagingOn, AssignedClinicianID: ch.AssignedClinicianID}
	} else if ch.GroupName != nil {
		p.Add("name", "Only a couple or family chart has a chart name; change first_name and last_name instead.")
	}
	text("first_name", &c.FirstName, ch.FirstName, 100, true, "Enter a first name.")
	text("last_name", &c.LastName, ch.LastName, 100, true, "Enter a last name.")
	text("legal_first_name", &c.LegalFirstName, ch.LegalFirstName, 100, false, "")
	text("legal_last_name", &c.LegalLastName, ch.LegalLastName, 100, false, "")
	text("pronouns", &c.Pronouns, ch.Pronouns, 40, false, "")
	text("gender_identity", &c.GenderIdentity, ch.GenderIdentity, 100, false, "")
	if ch.Email != nil {
		v := strings.TrimSpace(*ch.Email)
		ValidateEmail(p, "email", v, false)
		if _, ok := p["email"]; !ok {
			c.Email = v
		}
	}
	if ch.Phone != nil {
		if v, msg := cleanPhone(*ch.Phone); msg != "" {
			p.Add("phone", msg)
		} else {
			c.Phone = v
		}
	}
	if ch.DateOfBirth != nil {
		before := c.DateOfBirth
		if v, msg := cleanBirthDate(*ch.DateOfBirth, today); msg != "" {
			p.Add("date_of_birth", msg)
		} else {
			c.DateOfBirth = v
		}
		// A minor's chart whose new date of birth makes the client an adult is most likely a typo (or the
		// wrong kind of chart): say so, and go ahead only once confirmed.
		if age := c.Age(today); c.Kind == KindMinor && c.DateOfBirth != before && age >= AdultAge && !ch.ConfirmAdultMinor {
			p.Add("date_of_birth", "This date of birth makes them "+itoa(age)+", an adult, but this is a minor's chart. Check the date.")
			p.Add("confirm_adult_minor", "If the date is right, confirm it to keep it on this minor's chart.")
		}
	}
	if ch.Sex != nil {
		v := strings.TrimSpace(*ch.Sex)
		if v != "" && !contains(Sexes(), v) {
			p.Add("sex", "Choose female, male, X or unknown, or leave it empty.")
		} else {
			c.Sex = v
		}
	}
	if ch.Address != nil {
		a := *ch.Address
		text("address.line1", &c.Address.Line1, &a.Line1, 200, false, "")
		text("address.line2", &c.Address.Line2, &a.Line2, 200, false, "")
		text("address.city", &c.Address.City, &a.City, 100, false, "")
		text("address.region", &c.Address.Region, &a.Region, 100, false, "")
		text("address.postal_code", &c.Address.PostalCode, &a.PostalCode, 20, false, "")
		text("address.country", &c.Address.Country, &a.Country, 100, false, "")
	}
	if ch.Emergency != nil {
		e := *ch.Emergency
		text("emergency_contact.name", &c.Emergency.Name, &e.Name, 200, false, "")
		text("emergency_contact.relationship", &c.Emergency.Relationship, &e.Relationship, 60, false, "")
		if v, msg := cleanPhone(e.Phone); msg != "" {
			p.Add("emergency_contact.phone", msg)
		} else {
			c.Emergency.Phone = v
		}
		v := strings.TrimSpace(e.Email)
		ValidateEmail(p, "emergency_contact.email", v, false)
		if _, bad := p["emergency_contact.email"]; !bad {
			c.Emergency.Email = v
		}
	}
	if ch.BillingType != nil {
		if *ch.BillingType != "" && !contains(BillingTypes(), *ch.BillingType) {
			p.Add("billing_type", "Choose cash pay, insurance or not billed.")
		} else {
			c.BillingType = *ch.BillingType
		}
	}
	if (ch.BillingType != nil || ch.Sex != nil) && c.BillingType == BillingInsurance && c.Sex == "" && c.Kind != KindGroup {
		// CL-6: legal sex is optional unless the client's insurance is billed.
		p.Add("billing_type", "Record the client's legal sex (under Demographics, or next to the billing type on a new client) before choosing insurance: payers require it.")
	}
	if ch.DefaultServiceID != nil {
		c.DefaultServiceID = strings.TrimSpace(*ch.DefaultServiceID)
	}
	if ch.MessagingOn != nil {
		c.MessagingOn = *ch.MessagingOn
	}
	if ch.AssignedClinicianID != nil {
		c.AssignedClinicianID = strings.TrimSpace(*ch.AssignedClinicianID)
	}
	return p
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// CleanText trims s and checks its length and that it holds no control characters. HTML and script are
// allowed as text: pages escape everything they show.
func CleanText(s string, max int) (string, string) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", "Use plain text."
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", "Use at most " + itoa(max) + " characters."
	}
	for _, r := range s {
		if unicode.IsControl(r) || isBidiControl(r) || invisible(r) {
			return "", "Remove the line breaks or invisible characters."
		}
	}
	return norm.NFC.String(s), ""
}

// cleanPhone accepts a phone number as people write it: 7 to 15 digits with spaces, +, -, dots,
// slashes or parentheses, and an optional extension ("x12", "ext 12" or "ext. 12").
func cleanPhone(s string) (string, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	if utf8.RuneCountInString(s) > 40 {
		return "", "Use at most 40 characters."
	}
	main, ext, hasExt := splitExtension(s)
	if hasExt && (ext == "" || strings.Trim(ext, "0123456789") != "") {
		return "", "Write the extension as digits, like 555 0100 x12."
	}
	digits := 0
	for _, r := range main {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-().–/", r):
		default:
			return "", "Use digits, spaces, +, - and parentheses, like +1 (555) 010-0199."
		}
	}
	if digits < 7 || digits > 15 {
		return "", "A phone number has 7 to 15 digits."
	}
	return s, ""
}

// splitExtension separates "555 0100 ext. 12" into the number and "12".
func splitExtension(s string) (main, ext string, ok bool) {
	low := strings.ToLower(s)
	i := strings.Index(low, "ext")
	n := 3
	if i < 0 {
		i, n = strings.Index(low, "x"), 1
	}
	if i < 0 {
		return s, "", false
	}
	return s[:i], strings.TrimSpace(strings.TrimLeft(s[i+n:], ". :")), true
}

// PhoneDigits are the digits of a phone number without its extension, as search matches them.
func PhoneDigits(s string) string {
	main, _, _ := splitExtension(s)
	return Digits(main)
}

// cleanBirthDate accepts YYYY-MM-DD from 1900 up to today.
func cleanBirthDate(s string, today time.Time) (string, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return "", "Enter a real date like 1990-04-25."
	}
	if d.Year() < 1900 {
		return "", "Enter a birth date after 1900."
	}
	if d.After(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)) {
		return "", "A birth date cannot be in the future."
	}
	return s, ""
}

// isBidiControl reports the invisible characters that reorder text (they can make a name read as
// another); ordinary right-to-left text needs none of them.
func isBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}
