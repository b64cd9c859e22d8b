package csvimport

import (
	"strings"
	"unicode"
)

// Field is what a column holds, in Tend's words; "" leaves the column out.
type Field string

// The fields a column can be mapped to.
const (
	Ignore                Field = ""
	FirstName             Field = "first_name"
	PreferredName         Field = "preferred_name"
	LastName              Field = "last_name"
	Email                 Field = "email"
	Phone                 Field = "phone"
	HomePhone             Field = "home_phone"
	DateOfBirth           Field = "date_of_birth"
	AddressLine1          Field = "address_line1"
	AddressLine2          Field = "address_line2"
	City                  Field = "city"
	Region                Field = "region"
	PostalCode            Field = "postal_code"
	Country               Field = "country"
	Sex                   Field = "sex"
	GenderIdentity        Field = "gender_identity"
	Pronouns              Field = "pronouns"
	Status                Field = "status"
	Clinician             Field = "clinician"
	Tags                  Field = "tags"
	BillingType           Field = "billing_type"
	EmergencyName         Field = "emergency_name"
	EmergencyPhone        Field = "emergency_phone"
	EmergencyRelationship Field = "emergency_relationship"
	EmergencyEmail        Field = "emergency_email"
	GuardianName          Field = "guardian_name"
	GuardianFirstName     Field = "guardian_first_name"
	GuardianLastName      Field = "guardian_last_name"
	GuardianEmail         Field = "guardian_email"
	GuardianPhone         Field = "guardian_phone"
	GuardianRelationship  Field = "guardian_relationship"
)

// fieldInfo is a field's label and the header names (folded: lower case, letters and digits only) that
// the usual exports of practice systems give it.
type fieldInfo struct {
	f       Field
	label   string
	headers []string
}

var fields = []fieldInfo{
	{FirstName, "First name (legal, or as used)", []string{"firstname", "first", "givenname", "forename", "fname", "clientfirstname", "patientfirstname", "legalfirstname", "namefirst", "vorname", "prenom"}},
	{PreferredName, "Preferred name", []string{"preferredname", "preferredfirstname", "nickname", "goesby", "chosenname", "preferred", "knownas"}},
	{LastName, "Last name", []string{"lastname", "last", "surname", "familyname", "lname", "clientlastname", "patientlastname", "legallastname", "namelast", "nachname", "familienname", "nom"}},
	{Email, "Email", []string{"email", "emailaddress", "email1", "primaryemail", "clientemail", "patientemail", "mail"}},
	{Phone, "Mobile phone", []string{"mobilephone", "mobile", "cellphone", "cell", "phone", "phonenumber", "mobilenumber", "cellnumber", "primaryphone", "phonemobile", "clientphone", "telephone", "telefon", "handy", "mobil", "mobiltelefon"}},
	{HomePhone, "Home phone", []string{"homephone", "phonehome", "homenumber", "landline", "home"}},
	{DateOfBirth, "Date of birth", []string{"dateofbirth", "dob", "birthdate", "birthday", "birth", "dobmmddyyyy", "dateofbirthmmddyyyy", "dateofbirthddmmyyyy", "geburtsdatum", "datedenaissance"}},
	{AddressLine1, "Address line 1", []string{"address", "address1", "addressline1", "street", "streetaddress", "street1", "addressstreet", "strasse", "straße", "adresse"}},
	{AddressLine2, "Address line 2", []string{"address2", "addressline2", "street2", "apt", "suite", "unit"}},
	{City, "City", []string{"city", "town", "addresscity", "ort", "stadt", "wohnort"}},
	{Region, "State or region", []string{"state", "province", "region", "county", "addressstate", "stateprovince"}},
	{PostalCode, "ZIP or postal code", []string{"zip", "zipcode", "postalcode", "postcode", "addresszip", "addresspostalcode", "plz", "postleitzahl"}},
	{Country, "Country", []string{"country", "addresscountry"}},
	{Sex, "Legal sex", []string{"sex", "legalsex", "sexassignedatbirth", "birthsex", "administrativesex", "geschlecht"}},
	{GenderIdentity, "Gender identity", []string{"genderidentity", "gender"}},
	{Pronouns, "Pronouns", []string{"pronouns", "preferredpronouns", "pronoun"}},
	{Status, "Status (active, inactive, archived)", []string{"status", "clientstatus", "patientstatus", "active"}},
	{Clinician, "Clinician (name or email)", []string{"clinician", "therapist", "provider", "assignedclinician", "primaryclinician", "counselor", "counsellor", "practitioner", "clinicianname", "clinicianemail", "providername", "therapistname", "assignedto"}},
	{Tags, "Tags (separated by ; or |)", []string{"tags", "tag", "labels", "clienttags"}},
	{BillingType, "Billing type", []string{"billingtype", "paymenttype", "billing", "payertype", "paymentmethod"}},
	{EmergencyName, "Emergency contact name", []string{"emergencycontact", "emergencycontactname", "emergencyname", "icecontact", "incaseofemergency"}},
	{EmergencyPhone, "Emergency contact phone", []string{"emergencycontactphone", "emergencyphone", "emergencycontactnumber"}},
	{EmergencyRelationship, "Emergency contact relationship", []string{"emergencycontactrelationship", "emergencyrelationship"}},
	{EmergencyEmail, "Emergency contact email", []string{"emergencycontactemail", "emergencyemail"}},
	{GuardianName, "Guardian full name", []string{"guardianname", "guardian", "parentname", "parent", "parentguardian", "parentguardianname", "guardianfullname", "responsibleparty", "responsiblepartyname"}},
	{GuardianFirstName, "Guardian first name", []string{"guardianfirstname", "parentfirstname", "parentguardianfirstname", "responsiblepartyfirstname"}},
	{GuardianLastName, "Guardian last name", []string{"guardianlastname", "parentlastname", "parentguardianlastname", "responsiblepartylastname"}},
	{GuardianEmail, "Guardian email", []string{"guardianemail", "parentemail", "parentguardianemail", "responsiblepartyemail"}},
	{GuardianPhone, "Guardian phone", []string{"guardianphone", "parentphone", "parentguardianphone", "responsiblepartyphone"}},
	{GuardianRelationship, "Guardian relationship (parent, legal guardian, grandparent)", []string{"guardianrelationship", "relationshiptoclient", "parentrelationship", "relationship"}},
}

// Choice is one field offered in the mapping step.
type Choice struct {
	Field Field
	Label string
}

// Choices lists the fields a column can be mapped to, in the order the mapping step offers them.
func Choices() []Choice {
	out := []Choice{{Ignore, "Leave out"}}
	for _, f := range fields {
		out = append(out, Choice{f.f, f.label})
	}
	return out
}

// Known reports whether f is a field (or Ignore).
func Known(f Field) bool {
	if f == Ignore {
		return true
	}
	for _, fi := range fields {
		if fi.f == f {
			return true
		}
	}
	return false
}

// Label is the field's name as the mapping step shows it.
func (f Field) Label() string {
	for _, fi := range fields {
		if fi.f == f {
			return fi.label
		}
	}
	return "Left out"
}

// Fold is a header name reduced to lower-case letters and digits, as the proposals compare them.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Propose maps each header name to the field the usual exports mean by it; a field goes to the first
// column that names it, and columns Tend does not know are left out.
func Propose(header []string) []Field {
	out := make([]Field, len(header))
	taken := map[Field]bool{}
	for i, h := range header {
		key := Fold(h)
		if key == "" {
			continue
		}
		for _, fi := range fields {
			if taken[fi.f] {
				continue
			}
			for _, alias := range fi.headers {
				if key == alias {
					out[i], taken[fi.f] = fi.f, true
					break
				}
			}
			if out[i] != Ignore {
				break
			}
		}
	}
	return out
}
