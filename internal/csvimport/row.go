package csvimport

import (
	"fmt"
	"strings"
	"time"

	"tend/internal/model"
)

// Problem is why a row cannot be imported: its row (1 is the first client under the header), the line
// of the file it starts on, the column at fault as the file names it ("" for the whole row) and the reason.
type Problem struct {
	Row     int
	Line    int
	Column  string
	Message string
}

// Row is one client of the file as Tend will store it, or with the problems that stop it.
type Row struct {
	N, Line int
	// Client holds the cleaned fields (no ids yet); Kind is minor when guardian columns are filled.
	Client model.Client
	// Guardian is the minor's parent or guardian, a contact of the new chart; nil for an adult.
	Guardian *model.ContactInput
	// Clinician and Tags are as written: the practice's staff and tags resolve them.
	Clinician string
	Tags      []string
	// Values is the row's mapped fields as written in the file, for the preview.
	Values   map[Field]string
	Problems []Problem
	// DuplicateOf is the earlier row of the file with the same email (0 when none): only the first is imported.
	DuplicateOf int
}

// OK reports a row without problems.
func (r Row) OK() bool { return len(r.Problems) == 0 }

// Reader turns a parsed table's records into rows by a mapping.
type Reader struct {
	Table   *Table
	Mapping []Field // the field of each column, by position
	// Order is how numeric dates are read: detected from the file, else the practice's date format.
	Order DateOrder
	Today time.Time // the practice's date, for birth dates
	cols  map[Field]int
}

// NewReader checks the mapping (one column per field, first and last name mapped) and chooses the
// date order: the file's own when its dates say, otherwise the practice's date format.
func NewReader(t *Table, mapping []Field, practiceFormat model.DateFormat, today time.Time) (*Reader, error) {
	if len(mapping) != len(t.Header) {
		return nil, model.FieldError("mapping", fmt.Sprintf("Map each of the %d columns, or leave it out.", len(t.Header)))
	}
	r := &Reader{Table: t, Mapping: mapping, Today: today, cols: map[Field]int{}}
	problems := model.Problems{}
	for i, f := range mapping {
		if !Known(f) {
			problems.Add(fmt.Sprintf("mapping.%d", i), "Choose one of the listed fields, or leave the column out.")
			continue
		}
		if f == Ignore {
			continue
		}
		if j, ok := r.cols[f]; ok {
			problems.Add(fmt.Sprintf("mapping.%d", i), fmt.Sprintf("“%s” is already the column “%s”. Leave one of them out.", f.Label(), t.Header[j]))
			continue
		}
		r.cols[f] = i
	}
	_, first := r.cols[FirstName]
	_, pref := r.cols[PreferredName]
	if !first && !pref {
		problems.Add("mapping", "Choose the column with the first name: every client needs one.")
	}
	if _, ok := r.cols[LastName]; !ok {
		problems.Add("mapping", "Choose the column with the last name: every client needs one.")
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	r.Order = OrderUnknown
	if i, ok := r.cols[DateOfBirth]; ok {
		col := make([]string, len(t.Rows))
		for k, rec := range t.Rows {
			if i < len(rec) {
				col[k] = rec[i]
			}
		}
		r.Order = DetectOrder(col)
	}
	if r.Order == OrderUnknown || r.Order == OrderConflict {
		fileOrder := r.Order
		r.Order = MonthFirst
		if practiceFormat == model.DateDayFirst || practiceFormat == model.DateLong {
			r.Order = DayFirst
		}
		if fileOrder == OrderConflict {
			r.Order = OrderConflict
		}
	}
	return r, nil
}

// Has reports whether a field is mapped.
func (r *Reader) Has(f Field) bool {
	_, ok := r.cols[f]
	return ok
}

// Column is the header name of a mapped field's column.
func (r *Reader) Column(f Field) string {
	if i, ok := r.cols[f]; ok {
		return strings.TrimSpace(r.Table.Header[i])
	}
	return ""
}

// Rows reads every row, checks it by the rules of the New client form (model.ClientChange.Apply, and a
// minor's contact like MN-1's) and marks repeated emails within the file.
func (r *Reader) Rows() []Row {
	out := make([]Row, len(r.Table.Rows))
	firstByEmail := map[string]int{}
	for i, rec := range r.Table.Rows {
		out[i] = r.row(i, rec)
		if e := model.NormalizeEmail(out[i].Client.Email); e != "" && out[i].OK() {
			if n, ok := firstByEmail[e]; ok {
				out[i].DuplicateOf = n
			} else {
				firstByEmail[e] = out[i].N
			}
		}
	}
	return out
}

func (r *Reader) get(rec []string, f Field) string {
	if i, ok := r.cols[f]; ok && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// row reads record i.
func (r *Reader) row(i int, rec []string) Row {
	row := Row{N: i + 1, Line: r.Table.Lines[i], Values: map[Field]string{}}
	for f := range r.cols {
		if v := r.get(rec, f); v != "" {
			row.Values[f] = v
		}
	}
	add := func(f Field, msg string) {
		row.Problems = append(row.Problems, Problem{Row: row.N, Line: row.Line, Column: r.Column(f), Message: msg})
	}
	if n := len(r.Table.Header); len(rec) > n && !blank(rec[n:]) {
		row.Problems = append(row.Problems, Problem{Row: row.N, Line: row.Line,
			Message: fmt.Sprintf("This row has %d fields but the header has %d. Check this row's quotes and delimiters.", len(rec), n)})
		return row
	}
	v := func(f Field) string { return r.get(rec, f) }
	kind := model.KindIndividual
	guardian := v(GuardianName) + v(GuardianFirstName) + v(GuardianLastName) + v(GuardianEmail) + v(GuardianPhone)
	if guardian != "" {
		kind = model.KindMinor
	}
	first, pref, last := v(FirstName), v(PreferredName), v(LastName)
	ch := model.ClientChange{LastName: &last}
	chosen := first
	if pref != "" {
		chosen = pref
		if first != "" && first != pref {
			ch.LegalFirstName = &first
		}
	}
	ch.FirstName = &chosen
	set := func(dst **string, f Field) {
		if r.Has(f) {
			s := v(f)
			*dst = &s
		}
	}
	set(&ch.Email, Email)
	set(&ch.Pronouns, Pronouns)
	set(&ch.GenderIdentity, GenderIdentity)
	if phone := firstOf(v(Phone), v(HomePhone)); phone != "" {
		ch.Phone = &phone
	}
	if s := v(DateOfBirth); s != "" {
		switch d, ok := ParseDate(s, r.Order); {
		case r.Order == OrderConflict && isNumericDate(s):
			add(DateOfBirth, fmt.Sprintf("“%s” cannot be read for sure: this file writes some dates day first and others month first. Write it as YYYY-MM-DD.", s))
		case !ok:
			add(DateOfBirth, fmt.Sprintf("“%s” is not a date Tend can read. Write it as YYYY-MM-DD, like 1990-04-25.", s))
		default:
			ch.DateOfBirth = &d
		}
	}
	if s := v(Sex); s != "" {
		sex := normalSex(s)
		ch.Sex = &sex
	}
	if r.Has(AddressLine1) || r.Has(AddressLine2) || r.Has(City) || r.Has(Region) || r.Has(PostalCode) || r.Has(Country) {
		ch.Address = &model.Address{Line1: v(AddressLine1), Line2: v(AddressLine2), City: v(City), Region: v(Region), PostalCode: v(PostalCode), Country: v(Country)}
	}
	if r.Has(EmergencyName) || r.Has(EmergencyPhone) || r.Has(EmergencyEmail) || r.Has(EmergencyRelationship) {
		ch.Emergency = &model.EmergencyContact{Name: v(EmergencyName), Phone: v(EmergencyPhone), Email: v(EmergencyEmail), Relationship: v(EmergencyRelationship)}
	}
	if s := v(BillingType); s != "" {
		bt := normalBilling(s)
		ch.BillingType = &bt
	}
	c := model.Client{Kind: kind, State: model.StateActive, MessagingOn: true}
	problems := ch.Apply(&c, r.Today)
	for field, msg := range problems {
		f := fieldOfProblem(field, pref != "")
		if strings.HasPrefix(field, "confirm_") {
			continue // an import has no box to confirm with: the date's own problem says it
		}
		add(f, msg)
	}
	if s := v(Status); s != "" {
		st, ok := normalStatus(s)
		if !ok {
			add(Status, fmt.Sprintf("“%s” is not a status Tend knows: use active, inactive or archived.", s))
		}
		c.State = st
	}
	row.Client = c
	row.Clinician = v(Clinician)
	row.Tags = splitTags(v(Tags))
	if kind == model.KindMinor {
		row.Guardian = r.guardian(rec, c, add)
	}
	sortProblems(row.Problems)
	return row
}

// guardian reads the guardian columns into the minor's contact, checked like the New client form's.
func (r *Reader) guardian(rec []string, c model.Client, add func(Field, string)) *model.ContactInput {
	v := func(f Field) string { return r.get(rec, f) }
	first, last := v(GuardianFirstName), v(GuardianLastName)
	nameField := GuardianFirstName
	if first == "" && last == "" {
		first, last = splitName(v(GuardianName))
		nameField = GuardianName
	}
	rel, other := normalRelationship(v(GuardianRelationship))
	in := &model.ContactInput{Relationship: rel, RelationshipOther: other,
		New:          model.NewPerson{FirstName: first, LastName: last, Email: v(GuardianEmail), Phone: v(GuardianPhone)},
		ContactFlags: model.ContactFlags{HandlesBilling: true, MaySign: true, Reminders: true, SeesAppointments: true, Emergency: true}}
	p := model.Problems{}
	in.CleanLink(p, "")
	in.New.Clean(p, "")
	for field, msg := range p {
		switch field {
		case "first_name", "last_name":
			if nameField == GuardianName || field == "first_name" {
				add(nameField, "Guardian: "+msg)
			} else {
				add(GuardianLastName, "Guardian: "+msg)
			}
		case "email":
			add(GuardianEmail, "Guardian: "+msg)
		case "phone":
			add(GuardianPhone, "Guardian: "+msg)
		default:
			add(GuardianRelationship, "Guardian: "+msg)
		}
	}
	if e := model.NormalizeEmail(in.New.Email); e != "" && e == model.NormalizeEmail(c.Email) {
		add(GuardianEmail, "The guardian's email is the client's own: give the guardian their own email, or leave it empty.")
	}
	return in
}

// fieldOfProblem is the column a problem of model.ClientChange.Apply is about.
func fieldOfProblem(field string, preferred bool) Field {
	switch field {
	case "first_name":
		if preferred {
			return PreferredName
		}
		return FirstName
	case "legal_first_name":
		return FirstName
	case "last_name", "legal_last_name":
		return LastName
	case "email":
		return Email
	case "phone":
		return Phone
	case "date_of_birth", "confirm_adult_minor":
		return DateOfBirth
	case "sex":
		return Sex
	case "gender_identity":
		return GenderIdentity
	case "pronouns":
		return Pronouns
	case "billing_type":
		return BillingType
	case "address.line1":
		return AddressLine1
	case "address.line2":
		return AddressLine2
	case "address.city":
		return City
	case "address.region":
		return Region
	case "address.postal_code":
		return PostalCode
	case "address.country":
		return Country
	case "emergency_contact.name":
		return EmergencyName
	case "emergency_contact.phone":
		return EmergencyPhone
	case "emergency_contact.email":
		return EmergencyEmail
	case "emergency_contact.relationship":
		return EmergencyRelationship
	}
	return Ignore
}

func sortProblems(ps []Problem) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && (ps[j].Column < ps[j-1].Column || ps[j].Column == ps[j-1].Column && ps[j].Message < ps[j-1].Message); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func isNumericDate(s string) bool {
	_, _, _, ok := numericParts(strings.TrimSpace(s))
	return ok
}

// normalSex reads the usual ways of writing legal sex; anything else is left for the model to refuse.
func normalSex(s string) string {
	switch Fold(s) {
	case "f", "female", "woman", "w":
		return "female"
	case "m", "male", "man":
		return "male"
	case "x", "nonbinary", "other", "intersex":
		return "x"
	case "u", "unknown", "unk", "notknown", "unspecified", "declined", "prefernottosay":
		return "unknown"
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// normalBilling reads the usual names of billing types.
func normalBilling(s string) model.BillingType {
	switch Fold(s) {
	case "cash", "cashpay", "selfpay", "privatepay", "private", "self", "outofpocket", "cashpayment":
		return model.BillingCash
	case "insurance", "ins", "insured", "insurancepay":
		return model.BillingInsurance
	case "notbilled", "none", "probono", "free", "nobilling", "nocharge":
		return model.BillingNone
	}
	return model.BillingType(strings.ToLower(strings.TrimSpace(s)))
}

// normalStatus reads a client status; an empty one is active.
func normalStatus(s string) (model.RecordState, bool) {
	switch Fold(s) {
	case "", "active", "current", "yes", "true", "1", "open":
		return model.StateActive, true
	case "inactive", "discharged", "former", "closed", "no", "false", "0", "terminated", "onhold":
		return model.StateInactive, true
	case "archived", "archive":
		return model.StateArchived, true
	}
	return model.StateActive, false
}

// normalRelationship reads a guardian's relationship; empty is parent.
func normalRelationship(s string) (model.Relationship, string) {
	switch Fold(s) {
	case "", "parent", "mother", "father", "mom", "dad", "mum", "stepparent", "stepmother", "stepfather":
		return model.RelParent, ""
	case "guardian", "legalguardian":
		return model.RelLegalGuardian, ""
	case "grandparent", "grandmother", "grandfather", "grandma", "grandpa":
		return model.RelGrandparent, ""
	case "spouse", "partner", "spousepartner":
		return model.RelSpousePartner, ""
	}
	return model.RelOther, strings.TrimSpace(s)
}

// splitName splits "Jane Doe" or "Doe, Jane" into first and last name.
func splitName(s string) (string, string) {
	s = strings.TrimSpace(s)
	if last, first, ok := strings.Cut(s, ","); ok {
		return strings.TrimSpace(first), strings.TrimSpace(last)
	}
	i := strings.LastIndex(s, " ")
	if i < 0 {
		return s, ""
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
}

// splitTags splits a tag cell at semicolons, pipes or commas.
func splitTags(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' || r == ',' }) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}
