package records_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"tend/internal/appointments"
	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/files"
	"tend/internal/model"
	"tend/internal/pdftest"
	"tend/internal/plans"
	"tend/internal/testdb"
)

func strp(s string) *string { return &s }

// Proves IM-2 (a chart's full record as a PDF bundle for a records request): the PDF is a real PDF whose
// text holds the cover page, the client's details, diagnoses, medications, the signed note, the plan,
// the appointment and the file's name, and never an unsigned draft or a psychotherapy note; the download
// is audited; admins, billing and another practice get 404 like a missing chart; both engines.
func TestRecordBundle(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d)
		_, owner := h.Setup()
		admin := h.AddStaff(owner, "Adam Admin", "adam@example.org", model.RoleAdmin)
		billing := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		_, other := h.AddPractice("Elsewhere", "other@example.org")
		p := apptest.As(owner)
		c, err := h.App.Clients.Create(ctx, p, model.ClientChange{FirstName: strp("Ada"), LastName: strp("Quill"),
			LegalFirstName: strp("Adaline"), LegalLastName: strp("Quill"), Email: strp("ada@example.net"), DateOfBirth: strp("1990-04-05"), AssignedClinicianID: &owner.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Clinical.AddDiagnosis(ctx, p, c.ID, model.DiagnosisInput{Code: "F41.1", Primary: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Clinical.AddMedication(ctx, p, c.ID, model.MedicationInput{Name: "Sertraline", Dose: "50 mg", Frequency: "daily"}); err != nil {
			t.Fatal(err)
		}
		today := h.Clock.Now().Format("2006-01-02")
		n, err := h.App.Notes.Create(ctx, p, c.ID, "soap", model.NoteInput{ServiceDate: &today,
			Sections: map[string]string{"subjective": "Signedtextmarker slept better."}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Notes.Sign(ctx, p, c.ID, n.ID, owner.Name, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Notes.Create(ctx, p, c.ID, "free", model.NoteInput{ServiceDate: &today,
			Sections: map[string]string{"note": "Draftmarker not finished."}}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.PsychNotes.Create(ctx, p, c.ID, model.PsychotherapyNoteChange{Date: &today, Body: strp("Processmarker private thoughts")}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Plans.Create(ctx, p, c.ID, plans.SaveInput{Content: model.PlanContent{Title: "Anxiety plan", ReviewDate: today}}); err != nil {
			t.Fatal(err)
		}
		dur := 50
		if _, err := h.App.Appointments.Book(ctx, p, appointments.BookInput{ChartIDs: []string{c.ID}, Start: h.Clock.Now().Add(48 * 3600e9).Format("2006-01-02T15:04:05Z07:00"),
			DurationMinutes: &dur, ConfirmOverlap: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Files.Upload(ctx, p, c.ID, files.Upload{Name: "referral-letter.txt", Content: strings.NewReader("Referral for Ada.\n")}); err != nil {
			t.Fatal(err)
		}

		out, err := h.App.Records.Bundle(ctx, p, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(out.Bytes, []byte("%PDF-")) || !bytes.Contains(out.Bytes, []byte("%%EOF")) {
			t.Fatal("not a PDF")
		}
		if strings.Contains(out.Filename, "Ada") || !strings.HasSuffix(out.Filename, ".pdf") {
			t.Fatalf("file name %q", out.Filename)
		}
		text, err := pdftest.Text(out.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Harbor Counseling", "Client record", "Adaline Quill", "Requested by: Olivia Owner (Owner)",
			"ada@example.net", "F41.1", "Sertraline", "Signedtextmarker", "Anxiety plan", "50 minutes", "referral-letter.txt",
			"Psychotherapy notes are kept apart"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF lacks %q", want)
			}
		}
		for _, never := range []string{"Draftmarker", "Processmarker"} {
			if strings.Contains(text, never) {
				t.Errorf("the PDF holds %q", never)
			}
		}
		if pages := bytes.Count(out.Bytes, []byte("/Type /Page\n")); pages < 5 {
			t.Errorf("%d pages, want a cover and a page per section", pages)
		}
		if f := h.App.Audit.Flush; f != nil {
			if err := f(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var n2 int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE action = 'chart.record.export' AND chart_id = $1 AND outcome = 'success'`, c.ID).Scan(&n2); err != nil || n2 != 1 {
			t.Fatalf("audited %d times (%v)", n2, err)
		}

		for name, who := range map[string]model.Staff{"admin": admin, "billing": billing, "another practice": other} {
			if _, err := h.App.Records.Bundle(ctx, apptest.As(who), c.ID); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("%s: %v, want not found", name, err)
			}
		}
		if _, err := h.App.Records.Bundle(ctx, p, "not-an-id"); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("a malformed id: %v", err)
		}

		// Both front doors: the page's download and the API's.
		web := h.Client()
		web.Login(owner.Email, apptest.StrongPassword)
		r := web.Get("/clients/" + c.ID + "/record.pdf")
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(r.Body, []byte("%PDF-")) {
			t.Fatalf("page download: %d %q", r.StatusCode, r.Header.Get("Content-Type"))
		}
		if page := string(web.Get("/clients/" + c.ID).Body); !strings.Contains(page, `/clients/`+c.ID+`/record.pdf`) {
			t.Error("the chart has no records-request button")
		}
		elsewhere := h.Client()
		elsewhere.Login(other.Email, apptest.StrongPassword)
		if r := elsewhere.API("GET", "/api/v1/clients/"+c.ID+"/record.pdf", nil); r.StatusCode != http.StatusNotFound {
			t.Fatalf("another practice through the API: %d", r.StatusCode)
		}
	})
}
