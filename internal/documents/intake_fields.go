package documents

import (
	"regexp"
	"strings"

	"tend/internal/model"
)

// intakePart is one chart field a question of the built-in intake fills: its name as the chart's
// validation names it ("phone", "address.city"), so a refusal lands next to it.
type intakePart struct {
	Field, Label string
	Choices      []string // the allowed values, for a choice (legal sex); nil for text
	Date         bool
}

// intakeField ties a question of the built-in intake to the chart (issue 13, item 10).
type intakeField struct {
	ID, Label string
	Parts     []intakePart
	// current is the chart's value of each part.
	current func(c model.Client) map[string]string
	// propose splits an answer into the parts' values.
	propose func(answer string) map[string]string
	// set puts the parts' values on a change of the chart.
	set func(ch *model.ClientChange, v map[string]string, c model.Client)
	// asAnswer is the chart's value as the question's answer, for a client to confirm.
	asAnswer func(c model.Client) string
}

// held reports whether the chart holds something for the question already.
func (f intakeField) held(c model.Client) bool {
	for _, v := range f.current(c) {
		if v != "" {
			return true
		}
	}
	return false
}

// same reports whether the values say what the chart says, whatever their spacing, case or phone formatting.
func (f intakeField) same(v map[string]string, c model.Client) bool {
	cur := f.current(c)
	for _, p := range f.Parts {
		a, b := strings.TrimSpace(v[p.Field]), strings.TrimSpace(cur[p.Field])
		if strings.HasSuffix(p.Field, "phone") {
			a, b = model.PhoneDigits(a), model.PhoneDigits(b)
		}
		if model.Fold(a) != model.Fold(b) {
			return false
		}
	}
	return true
}

// sexAnswers are the built-in intake's legal-sex options and the chart's values.
var sexAnswers = map[string]string{"Female": "female", "Male": "male", "X": "x", "Unknown": "unknown"}

// plain reads one plain chart field by its name, for the questions that fill one field.
func plain(field string) func(model.Client) map[string]string {
	return func(c model.Client) map[string]string {
		var v string
		switch field {
		case "pronouns":
			v = c.Pronouns
		case "gender_identity":
			v = c.GenderIdentity
		case "phone":
			v = c.Phone
		case "date_of_birth":
			v = c.DateOfBirth
		}
		return map[string]string{field: v}
	}
}

func one(field string) func(string) map[string]string {
	return func(a string) map[string]string { return map[string]string{field: strings.TrimSpace(a)} }
}

// intakeFields are the built-in intake's questions the chart has a place for. Presenting concerns,
// history and safety stay in the intake: they belong to clinical notes, not to the chart's details.
var intakeFields = []intakeField{
	{ID: "legal_name", Label: "Legal name",
		Parts: []intakePart{{Field: "legal_first_name", Label: "Legal first name"}, {Field: "legal_last_name", Label: "Legal last name"}},
		current: func(c model.Client) map[string]string {
			return map[string]string{"legal_first_name": c.LegalFirstName, "legal_last_name": c.LegalLastName}
		},
		propose: func(a string) map[string]string {
			words := strings.Fields(a)
			if len(words) < 2 {
				return map[string]string{"legal_first_name": strings.Join(words, " "), "legal_last_name": ""}
			}
			return map[string]string{"legal_first_name": strings.Join(words[:len(words)-1], " "), "legal_last_name": words[len(words)-1]}
		},
		set: func(ch *model.ClientChange, v map[string]string, _ model.Client) {
			first, last := v["legal_first_name"], v["legal_last_name"]
			ch.LegalFirstName, ch.LegalLastName = &first, &last
		},
		asAnswer: func(c model.Client) string {
			if !c.HasLegalName() {
				return ""
			}
			return c.LegalName()
		}},
	{ID: "date_of_birth", Label: "Date of birth", Parts: []intakePart{{Field: "date_of_birth", Label: "Date of birth", Date: true}},
		current: plain("date_of_birth"), propose: one("date_of_birth"),
		set: func(ch *model.ClientChange, v map[string]string, _ model.Client) {
			d := v["date_of_birth"]
			ch.DateOfBirth = &d
		},
		asAnswer: func(c model.Client) string { return c.DateOfBirth }},
	{ID: "pronouns", Label: "Pronouns", Parts: []intakePart{{Field: "pronouns", Label: "Pronouns"}},
		current: plain("pronouns"), propose: one("pronouns"),
		set: func(ch *model.ClientChange, v map[string]string, _ model.Client) {
			x := v["pronouns"]
			ch.Pronouns = &x
		},
		asAnswer: func(c model.Client) string { return c.Pronouns }},
	{ID: "gender_identity", Label: "Gender identity", Parts: []intakePart{{Field: "gender_identity", Label: "Gender identity"}},
		current: plain("gender_identity"), propose: one("gender_identity"),
		set: func(ch *model.ClientChange, v map[string]string, _ model.Client) {
			x := v["gender_identity"]
			ch.GenderIdentity = &x
		},
		asAnswer: func(c model.Client) string { return c.GenderIdentity }},
	{ID: "legal_sex", Label: "Sex (legal, as the payer has it)", Parts: []intakePart{{Field: "sex", Label: "Sex", Choices: model.Sexes()}},
		current: func(c model.Client) map[string]string { return map[string]string{"sex": c.Sex} },
		propose: func(a string) map[string]string { return map[string]string{"sex": sexAnswers[strings.TrimSpace(a)]} },
		set:     func(ch *model.ClientChange, v map[string]string, _ model.Client) { x := v["sex"]; ch.Sex = &x },
		asAnswer: func(c model.Client) string {
			for answer, v := range sexAnswers {
				if v == c.Sex {
					return answer
				}
			}
			return ""
		}},
	{ID: "phone", Label: "Phone", Parts: []intakePart{{Field: "phone", Label: "Phone"}},
		current: plain("phone"), propose: one("phone"),
		set:      func(ch *model.ClientChange, v map[string]string, _ model.Client) { x := v["phone"]; ch.Phone = &x },
		asAnswer: func(c model.Client) string { return c.Phone }},
	{ID: "address", Label: "Address",
		Parts: []intakePart{{Field: "address.line1", Label: "Address"}, {Field: "address.line2", Label: "Address line 2"},
			{Field: "address.city", Label: "City"}, {Field: "address.region", Label: "State, province or region"},
			{Field: "address.postal_code", Label: "Postal code"}, {Field: "address.country", Label: "Country"}},
		current: func(c model.Client) map[string]string {
			a := c.Address
			return map[string]string{"address.line1": a.Line1, "address.line2": a.Line2, "address.city": a.City, "address.region": a.Region,
				"address.postal_code": a.PostalCode, "address.country": a.Country}
		},
		propose: proposeAddress,
		set: func(ch *model.ClientChange, v map[string]string, _ model.Client) {
			ch.Address = &model.Address{Line1: v["address.line1"], Line2: v["address.line2"], City: v["address.city"], Region: v["address.region"],
				PostalCode: v["address.postal_code"], Country: v["address.country"]}
		},
		asAnswer: func(c model.Client) string {
			a := c.Address
			var lines []string
			for _, l := range []string{a.Line1, a.Line2, strings.TrimSpace(strings.Trim(a.City+", "+a.Region, ", ") + " " + a.PostalCode), a.Country} {
				if l = strings.TrimSpace(l); l != "" {
					lines = append(lines, l)
				}
			}
			return strings.Join(lines, "\n")
		}},
	{ID: "emergency_contact", Label: "Emergency contact",
		Parts: []intakePart{{Field: "emergency_contact.name", Label: "Emergency contact's name"}, {Field: "emergency_contact.phone", Label: "Emergency contact's phone"}},
		current: func(c model.Client) map[string]string {
			return map[string]string{"emergency_contact.name": c.Emergency.Name, "emergency_contact.phone": c.Emergency.Phone}
		},
		propose: proposeEmergency,
		set: func(ch *model.ClientChange, v map[string]string, c model.Client) {
			ch.Emergency = &model.EmergencyContact{Name: v["emergency_contact.name"], Phone: v["emergency_contact.phone"],
				Relationship: c.Emergency.Relationship, Email: c.Emergency.Email}
		},
		asAnswer: func(c model.Client) string {
			return strings.Trim(strings.TrimSpace(c.Emergency.Name)+", "+strings.TrimSpace(c.Emergency.Phone), ", ")
		}},
}

// intakeFieldByID returns the chart mapping of a built-in intake question.
func intakeFieldByID(id string) (intakeField, bool) {
	for _, f := range intakeFields {
		if f.ID == id {
			return f, true
		}
	}
	return intakeField{}, false
}

// cityLine reads "Springfield, IL 62704", "Springfield IL 62704" or "Leeds LS1 4AP" as city, region (when
// there is one) and postal code.
var cityLine = regexp.MustCompile(`^(.+?),?\s+(?:([A-Za-z][A-Za-z .]{0,30}?)\s+)?([A-Za-z0-9][A-Za-z0-9 -]{2,9})$`)

// parseCityLine splits a city line; a postal code has a digit, so "United Kingdom" is no city line.
func parseCityLine(line string) (city, region, postal string, ok bool) {
	m := cityLine.FindStringSubmatch(line)
	if m == nil || !strings.ContainsAny(m[3], "0123456789") {
		return "", "", "", false
	}
	return strings.TrimSpace(m[1]), strings.TrimSpace(m[2]), strings.TrimSpace(m[3]), true
}

// proposeAddress splits a home address typed as free text into the chart's address parts: the first
// line is the street, a last line like "City, ST 12345" gives city, region and postal code, lines in
// between are line 2. Staff check and correct the parts before applying them.
func proposeAddress(a string) map[string]string {
	out := map[string]string{"address.line1": "", "address.line2": "", "address.city": "", "address.region": "", "address.postal_code": "", "address.country": ""}
	var lines []string
	for _, l := range strings.Split(a, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 1 && strings.Count(lines[0], ",") >= 2 {
		// "12 Oak St, Springfield, IL 62704": street, then the rest.
		street, rest, _ := strings.Cut(lines[0], ",")
		lines = []string{strings.TrimSpace(street), strings.TrimSpace(rest)}
	}
	switch len(lines) {
	case 0:
		return out
	case 1:
		out["address.line1"] = lines[0]
		return out
	}
	out["address.line1"] = lines[0]
	last := lines[len(lines)-1]
	middle := lines[1 : len(lines)-1]
	if city, region, postal, ok := parseCityLine(last); ok {
		out["address.city"], out["address.region"], out["address.postal_code"] = city, region, postal
	} else if len(middle) > 0 {
		if city, region, postal, ok := parseCityLine(middle[len(middle)-1]); ok {
			// "… / City, ST 12345 / Country"
			out["address.city"], out["address.region"], out["address.postal_code"], out["address.country"] = city, region, postal, last
			middle = middle[:len(middle)-1]
		} else {
			out["address.city"] = last
		}
	} else {
		out["address.city"] = last
	}
	out["address.line2"] = strings.Join(middle, ", ")
	return out
}

// phoneTail finds a phone number at the end of "Name, phone" or "Name (phone)".
var phoneTail = regexp.MustCompile(`[+(]?[0-9][0-9 ()./–-]{5,}[0-9](\s*(x|ext\.?)\s*[0-9]+)?\)?\s*$`)

// proposeEmergency splits "Maria Lima, 555 010 0199" into a name and a phone number.
func proposeEmergency(a string) map[string]string {
	a = strings.TrimSpace(a)
	name, phone := a, ""
	if loc := phoneTail.FindStringIndex(a); loc != nil {
		name, phone = a[:loc[0]], strings.TrimSpace(a[loc[0]:])
	}
	name = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(name), ",;:-–(/"))
	return map[string]string{"emergency_contact.name": name, "emergency_contact.phone": phone}
}
