package csvimport

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"tend/internal/model"
)

var today = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

func utf16(t *testing.T, s string, order xunicode.Endianness) []byte {
	t.Helper()
	b, err := xunicode.UTF16(order, xunicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Proves IM-1: every encoding and delimiter is detected, CRLF or LF, with quoted fields holding line
// breaks, and the names with accents come out right.
func TestEncodingsAndDelimiters(t *testing.T) {
	for _, d := range []string{",", ";", "\t"} {
		for _, eol := range []string{"\n", "\r\n"} {
			text := strings.Join([]string{"First Name" + d + "Last Name" + d + "Notes", "Zoë" + d + "Müller" + d + "\"two" + eol + "lines\"", "José" + d + "Peña" + d + "x"}, eol) + eol
			w1252, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			for name, tc := range map[string]struct {
				b   []byte
				enc string
			}{
				"utf8":     {[]byte(text), EncUTF8},
				"utf8bom":  {append([]byte{0xEF, 0xBB, 0xBF}, text...), EncUTF8BOM},
				"utf16le":  {utf16(t, text, xunicode.LittleEndian), EncUTF16LE},
				"utf16be":  {utf16(t, text, xunicode.BigEndian), EncUTF16BE},
				"cp1252":   {w1252, EncWindows1252},
				"utf16nob": {utf16(t, text, xunicode.LittleEndian)[2:], EncUTF16LE},
			} {
				tb, err := Parse(tc.b)
				if err != nil {
					t.Fatalf("%s %q %q: %v", name, d, eol, err)
				}
				if tb.Encoding != tc.enc || string(tb.Delimiter) != d {
					t.Errorf("%s %q: encoding %q delimiter %q", name, d, tb.Encoding, tb.Delimiter)
				}
				if len(tb.Rows) != 2 || tb.Rows[0][0] != "Zoë" || tb.Rows[1][1] != "Peña" || !strings.Contains(tb.Rows[0][2], "lines") {
					t.Errorf("%s %q %q: rows %q", name, d, eol, tb.Rows)
				}
				if tb.Lines[1] != 4 {
					t.Errorf("%s: second row starts on line %d, want 4", name, tb.Lines[1])
				}
			}
		}
	}
}

// Proves IM-1: dates of birth in the usual formats, and the order of day and month decided per file by
// values over 12, else by the practice's date format.
func TestDates(t *testing.T) {
	for _, tc := range []struct {
		in    string
		order DateOrder
		want  string
	}{
		{"1990-03-14", MonthFirst, "1990-03-14"}, {"1990/3/4", DayFirst, "1990-03-04"}, {"3/14/1990", MonthFirst, "1990-03-14"},
		{"14/3/1990", DayFirst, "1990-03-14"}, {"14.03.1990", MonthFirst, "1990-03-14"}, {"03-04-1990", MonthFirst, "1990-03-04"},
		{"03-04-1990", DayFirst, "1990-04-03"}, {"Mar 14, 1990", DayFirst, "1990-03-14"}, {"14 March 1990", MonthFirst, "1990-03-14"},
		{"3/14/1990 0:00", MonthFirst, "1990-03-14"}, {"31/04/1990", DayFirst, ""}, {"yesterday", MonthFirst, ""}, {"2/30/1990", MonthFirst, ""},
	} {
		got, ok := ParseDate(tc.in, tc.order)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("ParseDate(%q, %s) = %q, %t; want %q", tc.in, tc.order, got, ok, tc.want)
		}
	}
	for _, tc := range []struct {
		vals []string
		want DateOrder
	}{
		{[]string{"3/4/1990", "12/25/1980"}, MonthFirst}, {[]string{"3/4/1990", "25/12/1980"}, DayFirst},
		{[]string{"3/4/1990"}, OrderUnknown}, {[]string{"13/1/1990", "1/13/1990"}, OrderConflict}, {[]string{"1990-12-25"}, OrderUnknown},
	} {
		if got := DetectOrder(tc.vals); got != tc.want {
			t.Errorf("DetectOrder(%q) = %q, want %q", tc.vals, got, tc.want)
		}
	}
	// An ambiguous file follows the practice's format.
	tb, err := Parse([]byte("First,Last,DOB\nA,B,03/04/1990\n"))
	if err != nil {
		t.Fatal(err)
	}
	for format, want := range map[model.DateFormat]string{model.DateUS: "1990-03-04", model.DateDayFirst: "1990-04-03"} {
		rd, err := NewReader(tb, Propose(tb.Header), format, today)
		if err != nil {
			t.Fatal(err)
		}
		if got := rd.Rows()[0].Client.DateOfBirth; got != want {
			t.Errorf("%s: %q, want %q", format, got, want)
		}
	}
}

// Proves IM-1: the usual export headers of practice systems are proposed as Tend's fields.
func TestPropose(t *testing.T) {
	h := []string{"Client First Name", "Preferred Name", "Last_Name", "E-mail Address", "Mobile Phone", "Home Phone", "DOB", "Street Address",
		"City", "State", "Zip Code", "Sex", "Gender Identity", "Pronouns", "Status", "Clinician Email", "Tags", "Billing Type",
		"Emergency Contact Name", "Emergency Contact Phone", "Guardian Name", "Guardian Email", "Favourite colour"}
	want := []Field{FirstName, PreferredName, LastName, Email, Phone, HomePhone, DateOfBirth, AddressLine1, City, Region, PostalCode, Sex,
		GenderIdentity, Pronouns, Status, Clinician, Tags, BillingType, EmergencyName, EmergencyPhone, GuardianName, GuardianEmail, Ignore}
	h = append(h, "Vorname", "Nachname", "Geburtsdatum", "PLZ")
	want = append(want, Ignore, Ignore, Ignore, Ignore) // each field goes to its first column only
	got := Propose(h)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%q → %q, want %q", h[i], got[i], want[i])
		}
	}
	if got := Propose([]string{"Vorname", "Nachname", "Geburtsdatum", "PLZ"}); got[0] != FirstName || got[1] != LastName || got[2] != DateOfBirth || got[3] != PostalCode {
		t.Errorf("German headers: %q", got)
	}
}

// Proves IM-1: each row is checked by the New client rules, problems by row and column; a guardian
// makes a minor; repeated emails within the file are marked.
func TestRows(t *testing.T) {
	csv := "First,Preferred,Last,Email,DOB,Sex,Guardian Name,Guardian Email\n" +
		"Robert,Bob,Smith,bob@example.org,1980-01-02,M,,\n" +
		"Ann,,Lee,not-an-email,1980-02-30,F,,\n" +
		"Kid,,Lee,,2015-05-05,,Ann Lee,ann@example.org\n" +
		"Rob,,Smith,BOB@example.org,,,,\n" +
		",,NoFirst,,,,,\n"
	tb, err := Parse([]byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	rd, err := NewReader(tb, Propose(tb.Header), model.DateUS, today)
	if err != nil {
		t.Fatal(err)
	}
	rows := rd.Rows()
	if c := rows[0].Client; c.FirstName != "Bob" || c.LegalFirstName != "Robert" || c.Sex != "male" || !rows[0].OK() {
		t.Errorf("row 1: %+v %v", c, rows[0].Problems)
	}
	if got := rows[1].Problems; len(got) != 2 || got[0].Column != "DOB" || got[1].Column != "Email" || got[0].Row != 2 || got[0].Line != 3 {
		t.Errorf("row 2 problems: %+v", got)
	}
	if r := rows[2]; r.Client.Kind != model.KindMinor || r.Guardian == nil || r.Guardian.New.FirstName != "Ann" || r.Guardian.New.LastName != "Lee" || !r.OK() {
		t.Errorf("row 3: %+v %+v", r.Client, r.Problems)
	}
	if rows[3].DuplicateOf != 1 {
		t.Errorf("row 4 duplicate of %d, want 1", rows[3].DuplicateOf)
	}
	if got := rows[4].Problems; len(got) != 1 || got[0].Column != "First" {
		t.Errorf("row 5 problems: %+v", got)
	}
}

// Proves IM-1 (bad input): each is refused with a clear message.
func TestBadFiles(t *testing.T) {
	wide := "First,Last\nA,B" + strings.Repeat(",x", 498) + "\n"
	for name, tc := range map[string]struct {
		b    []byte
		want string
	}{
		"empty":       {nil, "empty"},
		"blank":       {[]byte("\xEF\xBB\xBF  \r\n"), "empty"},
		"header only": {[]byte("First,Last\r\n"), "no clients"},
		"binary":      {append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0, 1, 2, 200}, 100)...), "binary"},
		"dup header":  {[]byte("Email,First,email\nx,y,z\n"), "both named"},
		"bare quote":  {[]byte("First,Last\nA\"b,C\n"), "Line 2"},
		"500 columns": {[]byte(strings.Repeat("c,", 499) + "c\n" + strings.Repeat("v,", 499) + "v\n"), "500 columns"},
	} {
		_, err := Parse(tc.b)
		if err == nil || !IsFileError(err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want a file error with %q", name, err, tc.want)
		}
	}
	tb, err := Parse([]byte(wide))
	if err != nil {
		t.Fatal(err)
	}
	rd, _ := NewReader(tb, Propose(tb.Header), model.DateUS, today)
	if p := rd.Rows()[0].Problems; len(p) != 1 || !strings.Contains(p[0].Message, "500 fields") {
		t.Errorf("a row of 500 fields: %+v", p)
	}
}
