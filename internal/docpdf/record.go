package docpdf

import (
	"fmt"
	"strings"
	"time"

	"tend/internal/model"
)

// RecordDocument is a chart's full record as one PDF for a records request (issue 18, item 2; IM-2): a
// cover page, then the client's details and contacts, diagnoses, medications, signed session notes,
// treatment plans, completed documents, appointments, and a list of the chart's files. Psychotherapy
// notes are never part of it; files are listed, not included.
type RecordDocument struct {
	Practice    string
	Locale      model.Locale
	RequestedBy string // who made the PDF: their name and role
	Generated   time.Time
	Client      model.Client
	Clinician   string // the assigned clinician's name, "" for none
	Contacts    []model.Contact
	Diagnoses   []model.Diagnosis
	Medications []model.Medication
	Notes       []model.Note        // signed session notes with bodies and addenda, oldest first
	Plans       []model.PlanVersion // each plan's current version
	Documents   []model.DocumentRequest
	// Appointments are the chart's appointments, oldest first.
	Appointments []RecordAppointment
	Files        []model.File
	Fonts        *Fonts
}

// RecordAppointment is one appointment as the record lists it.
type RecordAppointment struct {
	StartsAt        time.Time
	DurationMinutes int
	Status          string
	Service         string
	Clinician       string
}

// RenderRecord makes the records-request PDF; like Render, a failing fallback font falls back to the Go
// fonts.
func RenderRecord(d RecordDocument) ([]byte, error) {
	return withFallback(d.Fonts, "chart", d.Client.ID, func(fonts *Fonts, useFallbacks bool) ([]byte, error) {
		return renderRecord(d, fonts, useFallbacks)
	})
}

func renderRecord(d RecordDocument, fonts *Fonts, useFallbacks bool) (out []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("docpdf: the PDF library failed: %v", v)
		}
	}()
	loc, c := d.Locale, d.Client
	title := "Client record"
	pdf, g, text := startA4(fonts, useFallbacks, title, d.Generated, d.Practice+" · client record")
	line := func(style string, size float64, s string) { g.text(style, size, size*0.5, text, s) }
	heading := func(s string) {
		pdf.Ln(4)
		line("B", 13, s)
		pdf.Ln(1)
	}
	muted := func(s string) {
		pdf.SetTextColor(70, 78, 84)
		line("", 10, s)
		pdf.SetTextColor(30, 40, 45)
	}
	orNone := func(items int, none string) bool {
		if items == 0 {
			muted(none)
		}
		return items > 0
	}

	// The cover page.
	pdf.SetTextColor(30, 40, 45)
	line("B", 12, d.Practice)
	pdf.Ln(8)
	line("B", 20, title)
	pdf.Ln(2)
	line("B", 14, c.LegalName())
	pdf.Ln(4)
	cover := []string{"Chart: " + c.ID}
	if c.DateOfBirth != "" {
		cover = append(cover, "Date of birth: "+loc.Day(c.DateOfBirth))
	}
	cover = append(cover, "Requested by: "+d.RequestedBy, "Made: "+zoned(loc, d.Generated))
	line("", 11, strings.Join(cover, "\n"))
	pdf.Ln(6)
	line("B", 11, "Contents")
	line("", 10, strings.Join([]string{
		"Client details and contacts",
		fmt.Sprintf("Diagnoses (%d) and medications (%d)", len(d.Diagnoses), len(d.Medications)),
		fmt.Sprintf("Signed session notes (%d)", len(d.Notes)),
		fmt.Sprintf("Treatment plans (%d)", len(d.Plans)),
		fmt.Sprintf("Completed documents (%d)", len(d.Documents)),
		fmt.Sprintf("Appointments (%d)", len(d.Appointments)),
		fmt.Sprintf("Files (%d, listed by name and date; their contents are not included)", len(d.Files)),
	}, "\n"))
	pdf.Ln(6)
	muted("This record was made for a records request. Psychotherapy notes are kept apart from the " +
		"record and are not included. Unsigned draft notes are not included.")

	// The client's details.
	pdf.AddPage()
	line("B", 16, "Client details")
	pdf.Ln(2)
	details := [][2]string{
		{"Name", c.Name()}, {"Legal name", c.LegalName()}, {"Pronouns", c.Pronouns},
		{"Date of birth", loc.Day(c.DateOfBirth)}, {"Sex", c.Sex}, {"Gender identity", c.GenderIdentity},
		{"Email", c.Email}, {"Phone", c.Phone}, {"Address", address(c.Address)},
		{"Status", c.Status().Label()}, {"Clinician", d.Clinician}, {"Billing", c.BillingType.Label()},
		{"Client since", loc.Date(c.CreatedAt)},
	}
	if c.IsGroup() {
		details = [][2]string{{"Group", c.GroupName}, {"Status", c.Status().Label()}, {"Clinician", d.Clinician}, {"Client since", loc.Date(c.CreatedAt)}}
	}
	var rows []string
	for _, kv := range details {
		if strings.TrimSpace(kv[1]) != "" {
			rows = append(rows, kv[0]+": "+kv[1])
		}
	}
	line("", 10, strings.Join(rows, "\n"))
	if e := c.Emergency; e.Name != "" {
		heading("Emergency contact")
		line("", 10, strings.Join(nonEmpty(e.Name, e.Relationship, e.Phone, e.Email), "\n"))
	}
	heading("Contacts")
	if orNone(len(d.Contacts), "No contacts.") {
		for _, ct := range d.Contacts {
			var roles []string
			for _, f := range []struct {
				on   bool
				name string
			}{{ct.HandlesBilling, "billing"}, {ct.MaySign, "may sign"}, {ct.Reminders, "reminders"}, {ct.SeesAppointments, "sees appointments"}, {ct.Emergency, "emergency"}} {
				if f.on {
					roles = append(roles, f.name)
				}
			}
			s := ct.Person.Name() + " — " + ct.RelationshipLabel()
			if len(roles) > 0 {
				s += " (" + strings.Join(roles, ", ") + ")"
			}
			line("B", 10, s)
			if more := nonEmpty(ct.Person.Email, ct.Person.Phone); len(more) > 0 {
				line("", 10, strings.Join(more, " · "))
			}
			pdf.Ln(1)
		}
	}
	heading("Diagnoses")
	if orNone(len(d.Diagnoses), "No diagnoses.") {
		for _, dg := range d.Diagnoses {
			s := dg.DottedCode() + " — " + dg.Description
			if dg.Label != "" {
				s += " (" + dg.Label + ")"
			}
			if dg.Primary {
				s += ", primary"
			}
			line("", 10, s)
			meta := []string{"Status: " + string(dg.Status)}
			if dg.OnsetDate != "" {
				meta = append(meta, "onset "+loc.Day(dg.OnsetDate))
			}
			if dg.ResolvedDate != "" {
				meta = append(meta, "resolved "+loc.Day(dg.ResolvedDate))
			}
			muted(strings.Join(meta, ", "))
			pdf.Ln(1)
		}
	}
	heading("Medications")
	if orNone(len(d.Medications), "No medications.") {
		for _, m := range d.Medications {
			line("", 10, strings.Join(nonEmpty(m.Name, m.Dose, m.Frequency), ", "))
			var meta []string
			if m.Prescriber != "" {
				meta = append(meta, "prescribed by "+m.Prescriber)
			}
			if m.StartDate != "" {
				meta = append(meta, "from "+loc.Day(m.StartDate))
			}
			if m.StopDate != "" {
				meta = append(meta, "until "+loc.Day(m.StopDate))
			}
			if len(meta) > 0 {
				muted(strings.Join(meta, ", "))
			}
			pdf.Ln(1)
		}
	}

	section := func(name string, n int, none string) bool {
		pdf.AddPage()
		line("B", 16, name)
		pdf.Ln(2)
		if n == 0 {
			muted(none)
		}
		return n > 0
	}
	if section("Signed session notes", len(d.Notes), "No signed session notes.") {
		for i, n := range d.Notes {
			if i > 0 {
				pdf.AddPage()
			}
			drawNote(pdf, g, text, NoteDocument{Practice: d.Practice, ClientName: c.Name(), Locale: loc, Note: n}, n.TemplateName+" session note")
		}
	}
	if section("Treatment plans", len(d.Plans), "No treatment plans.") {
		for i, v := range d.Plans {
			if i > 0 {
				pdf.AddPage()
			}
			t := v.Content.Title
			if strings.TrimSpace(t) == "" {
				t = "Treatment plan"
			}
			drawPlan(pdf, g, text, PlanDocument{Practice: d.Practice, Locale: loc, ClientName: c.LegalName(), ChartID: c.ID, Version: v}, t)
		}
	}
	if section("Completed documents", len(d.Documents), "No completed documents.") {
		for i, r := range d.Documents {
			if i > 0 {
				pdf.AddPage()
			}
			name := c.Name()
			if r.UsesLegalName {
				name = c.LegalName()
			}
			drawRequest(pdf, g, text, Document{Practice: d.Practice, ClientName: name, Locale: loc, Request: r})
		}
	}
	if section("Appointments", len(d.Appointments), "No appointments.") {
		for _, a := range d.Appointments {
			s := fmt.Sprintf("%s, %d minutes — %s", zoned(loc, a.StartsAt), a.DurationMinutes, a.Status)
			line("", 10, s)
			if more := nonEmpty(a.Service, a.Clinician); len(more) > 0 {
				muted(strings.Join(more, " · "))
			}
			pdf.Ln(1)
		}
	}
	if section("Files", len(d.Files), "No files.") {
		muted("Listed by name and date; their contents are not part of this PDF.")
		pdf.Ln(2)
		for _, f := range d.Files {
			line("", 10, fmt.Sprintf("%s — %s, %s, %s", f.Name, loc.Date(f.CreatedAt), f.ContentType, byteSize(f.Size)))
		}
	}
	return output(pdf)
}

// address writes an address on one line.
func address(a model.Address) string {
	return strings.Join(nonEmpty(a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country), ", ")
}

// nonEmpty keeps the strings that are not blank.
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// byteSize writes a size in bytes as people read it.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
