package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"

	"tend/internal/clinical"
	"tend/internal/icd10"
	"tend/internal/model"
)

// clinicalTab is the Clinical tab of a chart (CL-8): diagnoses, medications, history and concerns, and
// the one form open in place, if any.
type clinicalTab struct {
	clinical.View
	// Open says which form shows: "diagnosis" (add), "medication" (add), "summary", or "" for none;
	// EditID is the diagnosis or medication being edited.
	Open, EditID string
	Form         form
	// Matches are the codes found for what was typed in the code field (the Find button, or a code that
	// is not in the list): the way to choose a code without JavaScript.
	Matches []icd10.Code
	Release string // the ICD-10-CM release, named under the code field
}

// Editing reports whether the form edits record id.
func (t clinicalTab) Editing(id string) bool { return t.EditID == id }

var (
	diagnosisFields  = []string{"code", "label", "primary", "onset_date", "status", "resolved_date"}
	medicationFields = []string{"name", "dose", "frequency", "prescriber", "start_date", "stop_date"}
)

// clinicalTabOf loads the tab; ?add=diagnosis|medication, ?edit_diagnosis=, ?edit_medication= and
// ?edit=summary open a form filled with the current values.
func (s *Server) clinicalTabOf(r *http.Request, p model.Principal, chartID string) (*clinicalTab, error) {
	v, err := s.Clinical.Get(r.Context(), p, chartID)
	if err != nil {
		return nil, err
	}
	t := &clinicalTab{View: v, Form: newForm(), Release: icd10.Release}
	if !v.CanChange {
		return t, nil
	}
	q := r.URL.Query()
	switch {
	case q.Get("add") == "diagnosis":
		t.Open = "diagnosis"
		t.Form.Values["status"] = string(model.DiagnosisActive)
	case q.Get("add") == "medication":
		t.Open = "medication"
	case q.Get("edit") == "summary":
		t.Open = "summary"
		t.Form.Values["history"], t.Form.Values["concerns"] = v.Summary.History, v.Summary.Concerns
	case q.Get("edit_diagnosis") != "":
		for _, d := range v.Diagnoses {
			if d.ID == q.Get("edit_diagnosis") {
				t.Open, t.EditID = "diagnosis", d.ID
				t.Form.Values = map[string]string{"code": d.DottedCode(), "label": d.Label, "onset_date": d.OnsetDate,
					"status": string(d.Status), "resolved_date": d.ResolvedDate}
				if d.Primary {
					t.Form.Values["primary"] = "on"
				}
			}
		}
	case q.Get("edit_medication") != "":
		for _, m := range v.Medications {
			if m.ID == q.Get("edit_medication") {
				t.Open, t.EditID = "medication", m.ID
				t.Form.Values = map[string]string{"name": m.Name, "dose": m.Dose, "frequency": m.Frequency, "prescriber": m.Prescriber,
					"start_date": m.StartDate, "stop_date": m.StopDate}
			}
		}
	}
	return t, nil
}

// renderClinical shows the chart on its Clinical tab with the form open as t says, for a form that needs
// another look (a search for codes, or problems to fix).
func (s *Server) renderClinical(w http.ResponseWriter, r *http.Request, p model.Principal, open, editID string, f form,
	matches []icd10.Code, status int) error {
	r2 := r.Clone(r.Context())
	r2.URL = &url.URL{Path: "/clients/" + r.PathValue("id"), RawQuery: "tab=clinical"}
	data, err := s.chartData(w, r2, p, "", newForm())
	if err != nil {
		return err
	}
	if data.Clinical == nil { // the tab is not the person's to see
		return model.ErrNotFound
	}
	if open != "" && !data.Clinical.CanChange { // a supervisor on a supervisee's chart reads only
		return model.ErrForbidden
	}
	data.Clinical.Open, data.Clinical.EditID, data.Clinical.Form, data.Clinical.Matches = open, editID, f, matches
	s.render(w, r, status, "client_chart", data)
	return nil
}

// codeMatches are the billable codes found for what was typed in the code field.
func (s *Server) codeMatches(q string) []icd10.Code {
	found := slices.DeleteFunc(s.Clinical.SearchCodes(q, icd10.MaxLimit), func(c icd10.Code) bool { return !c.Billable })
	return found[:min(len(found), icd10.DefaultLimit)]
}

// clinicalBack is the Clinical tab, at a section.
func clinicalBack(chartID, section string) string {
	return "/clients/" + chartID + "?tab=clinical#" + section
}

// diagnosisSubmit adds (no {dx}) or saves a diagnosis. op=find lists the codes matching what was typed
// in the code field; pick=<code> chooses one of them. The form comes back with what was typed.
func (s *Server) diagnosisSubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, diagnosisFields...)
	chartID, dx := r.PathValue("id"), r.PathValue("dx")
	if pick := r.PostFormValue("pick"); pick != "" {
		f.Values["code"] = icd10.Dot(icd10.Normalize(pick))
		return s.renderClinical(w, r, p, "diagnosis", dx, f, nil, http.StatusOK)
	}
	if r.PostFormValue("op") == "find" {
		matches := s.codeMatches(f.Get("code"))
		if len(matches) == 0 {
			f.Errors["code"] = "No code matches these words. Try fewer or shorter words, or a code such as F41."
		}
		return s.renderClinical(w, r, p, "diagnosis", dx, f, matches, http.StatusOK)
	}
	in := model.DiagnosisInput{Code: f.Get("code"), Label: f.Get("label"), Primary: f.Get("primary") == "on", OnsetDate: f.Get("onset_date"),
		Status: model.DiagnosisStatus(f.Get("status")), ResolvedDate: f.Get("resolved_date")}
	var err error
	if dx == "" {
		_, err = s.Clinical.AddDiagnosis(r.Context(), p, chartID, in)
	} else {
		_, err = s.Clinical.UpdateDiagnosis(r.Context(), p, chartID, dx, in)
	}
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		var matches []icd10.Code
		if f.Errors["code"] != "" && f.Get("code") != "" {
			matches = s.codeMatches(f.Get("code"))
		}
		return s.renderClinical(w, r, p, "diagnosis", dx, f, matches, http.StatusUnprocessableEntity)
	}
	if dx == "" {
		s.setFlash(w, "The diagnosis is added.")
	} else {
		s.setFlash(w, "The diagnosis is saved.")
	}
	http.Redirect(w, r, clinicalBack(chartID, "diagnoses"), http.StatusSeeOther)
	return nil
}

// diagnosisAction resolves (today), reactivates or removes a diagnosis.
func (s *Server) diagnosisAction(action string) staffHandler {
	return func(w http.ResponseWriter, r *http.Request, p model.Principal) error {
		chartID, dx := r.PathValue("id"), r.PathValue("dx")
		var err error
		flash := ""
		switch action {
		case "resolve":
			_, err = s.Clinical.ResolveDiagnosis(r.Context(), p, chartID, dx, "")
			flash = "The diagnosis is marked resolved today."
		case "reactivate":
			_, err = s.Clinical.ReactivateDiagnosis(r.Context(), p, chartID, dx)
			flash = "The diagnosis is active again."
		default:
			err = s.Clinical.RemoveDiagnosis(r.Context(), p, chartID, dx)
			flash = "The diagnosis is removed."
		}
		if err != nil {
			var ve *model.ValidationError
			if !errors.As(err, &ve) {
				return err
			}
			flash = "The diagnosis could not be changed: edit it to fix what is missing."
		}
		s.setFlash(w, flash)
		http.Redirect(w, r, clinicalBack(chartID, "diagnoses"), http.StatusSeeOther)
		return nil
	}
}

// medicationSubmit adds (no {med}) or saves a medication.
func (s *Server) medicationSubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, medicationFields...)
	chartID, med := r.PathValue("id"), r.PathValue("med")
	in := model.MedicationInput{Name: f.Get("name"), Dose: f.Get("dose"), Frequency: f.Get("frequency"), Prescriber: f.Get("prescriber"),
		StartDate: f.Get("start_date"), StopDate: f.Get("stop_date")}
	var err error
	if med == "" {
		_, err = s.Clinical.AddMedication(r.Context(), p, chartID, in)
	} else {
		_, err = s.Clinical.UpdateMedication(r.Context(), p, chartID, med, in)
	}
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		return s.renderClinical(w, r, p, "medication", med, f, nil, http.StatusUnprocessableEntity)
	}
	if med == "" {
		s.setFlash(w, "The medication is added.")
	} else {
		s.setFlash(w, "The medication is saved.")
	}
	http.Redirect(w, r, clinicalBack(chartID, "medications"), http.StatusSeeOther)
	return nil
}

// medicationAction stops (today) or removes a medication.
func (s *Server) medicationAction(action string) staffHandler {
	return func(w http.ResponseWriter, r *http.Request, p model.Principal) error {
		chartID, med := r.PathValue("id"), r.PathValue("med")
		var err error
		flash := "The medication is removed."
		if action == "stop" {
			_, err = s.Clinical.StopMedication(r.Context(), p, chartID, med, "")
			flash = "The medication is stopped today."
		} else {
			err = s.Clinical.RemoveMedication(r.Context(), p, chartID, med)
		}
		if err != nil {
			var ve *model.ValidationError
			if !errors.As(err, &ve) {
				return err
			}
			flash = "The medication could not be stopped today: edit it and choose its stop date."
		}
		s.setFlash(w, flash)
		http.Redirect(w, r, clinicalBack(chartID, "medications"), http.StatusSeeOther)
		return nil
	}
}

// clinicalSummarySubmit saves the mental-health history and presenting concerns.
func (s *Server) clinicalSummarySubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "history", "concerns")
	history, concerns := f.Get("history"), f.Get("concerns")
	_, err := s.Clinical.UpdateSummary(r.Context(), p, r.PathValue("id"), clinical.SummaryInput{History: &history, Concerns: &concerns})
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		return s.renderClinical(w, r, p, "summary", "", f, nil, http.StatusUnprocessableEntity)
	}
	s.setFlash(w, "The history and concerns are saved.")
	http.Redirect(w, r, clinicalBack(r.PathValue("id"), "history"), http.StatusSeeOther)
	return nil
}

// clinicalRow is one diagnosis or medication of the Clinical tab with the page it is on.
type clinicalRow struct {
	Page chartPage
	D    model.Diagnosis
	M    model.Medication
}

// clinicalItem is the templates' clinicalItem: a row of the tab's lists.
func clinicalItem(p chartPage, item any) clinicalRow {
	row := clinicalRow{Page: p}
	switch v := item.(type) {
	case model.Diagnosis:
		row.D = v
	case model.Medication:
		row.M = v
	}
	return row
}

// clinicalText is the templates' clinicalText: a text area of the history and concerns form.
func clinicalText(f form, name, label, hint string) fieldView {
	return fieldView{Name: name, Label: label, Hint: hint, Value: f.Values[name], Error: f.Errors[name]}
}
