package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"tend/internal/clinical"
	"tend/internal/icd10"
	"tend/internal/model"
)

// Clinical information of a chart (CL-8): /api/v1/clients/{id}/diagnoses, /medications,
// /clinical-summary, and the ICD-10-CM list at /api/v1/icd10.

// diagnosisJSON is a diagnosis on a chart.
type diagnosisJSON struct {
	ID           string    `json:"id"`
	ClientID     string    `json:"client_id"`
	Code         string    `json:"code"`
	Description  string    `json:"description"`
	Label        string    `json:"label"`
	Primary      bool      `json:"primary"`
	OnsetDate    *string   `json:"onset_date"`
	Status       string    `json:"status"`
	ResolvedDate *string   `json:"resolved_date"`
	RevisionID   string    `json:"revision_id"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func toDiagnosis(d model.Diagnosis) diagnosisJSON {
	return diagnosisJSON{d.ID, d.ChartID, d.DottedCode(), d.Description, d.Label, d.Primary, optional(d.OnsetDate), string(d.Status),
		optional(d.ResolvedDate), d.RevisionID, d.CreatedAt, d.UpdatedAt}
}

// diagnosisRequest adds a diagnosis, or (PATCH) changes some of its fields.
type diagnosisRequest struct {
	Code         *string `json:"code"`
	Label        *string `json:"label"`
	Primary      *bool   `json:"primary"`
	OnsetDate    *string `json:"onset_date"`
	Status       *string `json:"status"`
	ResolvedDate *string `json:"resolved_date"`
}

// merge lays the request over cur's values.
func (in diagnosisRequest) merge(cur model.DiagnosisInput) model.DiagnosisInput {
	if in.Code != nil {
		cur.Code = *in.Code
	}
	if in.Label != nil {
		cur.Label = *in.Label
	}
	if in.Primary != nil {
		cur.Primary = *in.Primary
	}
	if in.OnsetDate != nil {
		cur.OnsetDate = *in.OnsetDate
	}
	if in.Status != nil {
		cur.Status = model.DiagnosisStatus(*in.Status)
		if cur.Status == "" {
			cur.Status = "?" // an empty status is refused, not taken as active
		}
		if cur.Status == model.DiagnosisActive && in.ResolvedDate == nil {
			cur.ResolvedDate = "" // reactivating clears the date
		}
	}
	if in.ResolvedDate != nil {
		cur.ResolvedDate = *in.ResolvedDate
	}
	return cur
}

func (s *Server) listDiagnoses(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	ds, err := s.Clinical.Diagnoses(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := items[diagnosisJSON]{Items: make([]diagnosisJSON, 0, len(ds))}
	for _, d := range ds {
		out.Items = append(out.Items, toDiagnosis(d))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) addDiagnosis(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in diagnosisRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	d, err := s.Clinical.AddDiagnosis(r.Context(), p, r.PathValue("id"), in.merge(model.DiagnosisInput{}))
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/clients/%s/diagnoses/%s", d.ChartID, d.ID))
	writeJSON(w, http.StatusCreated, toDiagnosis(d))
	return nil
}

func (s *Server) getDiagnosis(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	d, err := s.Clinical.Diagnosis(r.Context(), p, r.PathValue("id"), r.PathValue("diagnosis_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toDiagnosis(d))
	return nil
}

func (s *Server) updateDiagnosis(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in diagnosisRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	cur, err := s.Clinical.Diagnosis(r.Context(), p, r.PathValue("id"), r.PathValue("diagnosis_id"))
	if err != nil {
		return err
	}
	base := model.DiagnosisInput{Code: cur.Code, Label: cur.Label, Primary: cur.Primary, OnsetDate: cur.OnsetDate, Status: cur.Status,
		ResolvedDate: cur.ResolvedDate}
	if in.Status != nil && model.DiagnosisStatus(*in.Status) == model.DiagnosisResolved && in.Primary == nil {
		base.Primary = false // resolving takes the primary mark off
	}
	d, err := s.Clinical.UpdateDiagnosis(r.Context(), p, r.PathValue("id"), cur.ID, in.merge(base))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toDiagnosis(d))
	return nil
}

func (s *Server) removeDiagnosis(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Clinical.RemoveDiagnosis(r.Context(), p, r.PathValue("id"), r.PathValue("diagnosis_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// medicationJSON is a medication on a chart.
type medicationJSON struct {
	ID         string    `json:"id"`
	ClientID   string    `json:"client_id"`
	Name       string    `json:"name"`
	Dose       string    `json:"dose"`
	Frequency  string    `json:"frequency"`
	Prescriber string    `json:"prescriber"`
	StartDate  *string   `json:"start_date"`
	StopDate   *string   `json:"stop_date"`
	RevisionID string    `json:"revision_id"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

func toMedication(m model.Medication) medicationJSON {
	return medicationJSON{m.ID, m.ChartID, m.Name, m.Dose, m.Frequency, m.Prescriber, optional(m.StartDate), optional(m.StopDate),
		m.RevisionID, m.CreatedAt, m.UpdatedAt}
}

// medicationRequest adds a medication, or (PATCH) changes some of its fields.
type medicationRequest struct {
	Name       *string `json:"name"`
	Dose       *string `json:"dose"`
	Frequency  *string `json:"frequency"`
	Prescriber *string `json:"prescriber"`
	StartDate  *string `json:"start_date"`
	StopDate   *string `json:"stop_date"`
}

func (in medicationRequest) merge(cur model.MedicationInput) model.MedicationInput {
	for _, f := range []struct {
		from *string
		to   *string
	}{{in.Name, &cur.Name}, {in.Dose, &cur.Dose}, {in.Frequency, &cur.Frequency}, {in.Prescriber, &cur.Prescriber},
		{in.StartDate, &cur.StartDate}, {in.StopDate, &cur.StopDate}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	return cur
}

func (s *Server) listMedications(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	ms, err := s.Clinical.Medications(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := items[medicationJSON]{Items: make([]medicationJSON, 0, len(ms))}
	for _, m := range ms {
		out.Items = append(out.Items, toMedication(m))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) addMedication(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in medicationRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	m, err := s.Clinical.AddMedication(r.Context(), p, r.PathValue("id"), in.merge(model.MedicationInput{}))
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/clients/%s/medications/%s", m.ChartID, m.ID))
	writeJSON(w, http.StatusCreated, toMedication(m))
	return nil
}

func (s *Server) getMedication(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	m, err := s.Clinical.Medication(r.Context(), p, r.PathValue("id"), r.PathValue("medication_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toMedication(m))
	return nil
}

func (s *Server) updateMedication(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in medicationRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	cur, err := s.Clinical.Medication(r.Context(), p, r.PathValue("id"), r.PathValue("medication_id"))
	if err != nil {
		return err
	}
	base := model.MedicationInput{Name: cur.Name, Dose: cur.Dose, Frequency: cur.Frequency, Prescriber: cur.Prescriber, StartDate: cur.StartDate,
		StopDate: cur.StopDate}
	m, err := s.Clinical.UpdateMedication(r.Context(), p, r.PathValue("id"), cur.ID, in.merge(base))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toMedication(m))
	return nil
}

func (s *Server) removeMedication(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Clinical.RemoveMedication(r.Context(), p, r.PathValue("id"), r.PathValue("medication_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// clinicalSummaryJSON is a chart's mental-health history and presenting concerns.
type clinicalSummaryJSON struct {
	ClientID   string     `json:"client_id"`
	History    string     `json:"history"`
	Concerns   string     `json:"concerns"`
	RevisionID *string    `json:"revision_id"`
	UpdatedAt  *time.Time `json:"updated_at"`
}

func toSummary(chartID string, c model.ClinicalSummary) clinicalSummaryJSON {
	out := clinicalSummaryJSON{ClientID: chartID, History: c.History, Concerns: c.Concerns, RevisionID: optional(c.RevisionID)}
	if !c.UpdatedAt.IsZero() {
		out.UpdatedAt = &c.UpdatedAt
	}
	return out
}

// summaryRequest changes the history, the concerns or both; an absent field stays as it is.
type summaryRequest struct {
	History  *string `json:"history"`
	Concerns *string `json:"concerns"`
}

func (s *Server) getClinicalSummary(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Clinical.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toSummary(v.ChartID, v.Summary))
	return nil
}

func (s *Server) putClinicalSummary(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in summaryRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c, err := s.Clinical.UpdateSummary(r.Context(), p, r.PathValue("id"), clinical.SummaryInput{History: in.History, Concerns: in.Concerns})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toSummary(r.PathValue("id"), c))
	return nil
}

// icd10JSON is one code of the ICD-10-CM list.
type icd10JSON struct {
	Code        string `json:"code"`
	Description string `json:"description"`
	Billable    bool   `json:"billable"`
}

// icd10Search finds codes as a person types; billable=true keeps only codes a diagnosis may use.
func (s *Server) icd10Search(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
	q := r.URL.Query()
	limit := icd10.DefaultLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > icd10.MaxLimit {
			return model.FieldError("limit", fmt.Sprintf("Give a number from 1 to %d.", icd10.MaxLimit))
		}
		limit = n
	}
	want := limit
	onlyBillable := q.Get("billable") == "true"
	if onlyBillable {
		want = icd10.MaxLimit
	}
	out := items[icd10JSON]{Items: []icd10JSON{}}
	for _, c := range s.Clinical.SearchCodes(q.Get("q"), want) {
		if len(out.Items) == limit {
			break
		}
		if onlyBillable && !c.Billable {
			continue
		}
		out.Items = append(out.Items, icd10JSON{c.Dotted(), c.Description, c.Billable})
	}
	w.Header().Set("Cache-Control", "private, max-age=3600")
	writeJSON(w, http.StatusOK, out)
	return nil
}
