package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/store"
)

// Treatment plans (issue 15, item 8; TP-1). A plan's content is model.PlanContent as JSON, exactly its
// tags; on input each diagnosis is named by diagnosis_id alone and the rest is copied from the chart.

// planJSON is a plan's head: its state, its newest version's number, title and review date, sharing.
type planJSON struct {
	ID             string     `json:"id"`
	ClientID       string     `json:"client_id"`
	State          string     `json:"state"`
	Title          string     `json:"title"`
	CurrentVersion int        `json:"current_version"`
	ReviewDate     string     `json:"review_date"`
	Shared         bool       `json:"shared"`
	SharedAt       *time.Time `json:"shared_at"`
	CreatedBy      string     `json:"created_by"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	// In lists only: who signed the newest version.
	ClinicianSigned *bool `json:"clinician_signed,omitempty"`
	ClientSigned    *bool `json:"client_signed,omitempty"`
	ReviewDue       *bool `json:"review_due,omitempty"`
}

func toPlan(p model.TreatmentPlan) planJSON {
	return planJSON{ID: p.ID, ClientID: p.ChartID, State: string(p.State), Title: p.Title, CurrentVersion: p.CurrentVersion,
		ReviewDate: p.ReviewDate, Shared: p.Shared(), SharedAt: timePtr(p.SharedAt), CreatedBy: p.CreatedBy, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

// planSignatureJSON is a signature of a version: who, when, and the SHA-256 of what they signed.
type planSignatureJSON struct {
	Role      string    `json:"role"`
	StaffID   string    `json:"staff_id,omitempty"`
	AccountID string    `json:"account_id,omitempty"`
	TypedName string    `json:"typed_name"`
	SignedAt  time.Time `json:"signed_at"`
	SHA256    string    `json:"sha256"`
}

// planVersionJSON is one immutable version; lists leave out its content.
type planVersionJSON struct {
	Number     int                 `json:"number"`
	SHA256     string              `json:"sha256"`
	Source     string              `json:"source"`
	SourceNote string              `json:"source_note,omitempty"`
	AuthorID   string              `json:"author_id"`
	AuthorName string              `json:"author_name"`
	CreatedAt  time.Time           `json:"created_at"`
	Signatures []planSignatureJSON `json:"signatures"`
	Content    *model.PlanContent  `json:"content,omitempty"`
}

func toPlanVersion(v model.PlanVersion, withContent bool) planVersionJSON {
	out := planVersionJSON{Number: v.Number, SHA256: v.SHA256, Source: string(v.Source), SourceNote: v.SourceNote, AuthorID: v.AuthorID,
		AuthorName: v.AuthorName, CreatedAt: v.CreatedAt, Signatures: make([]planSignatureJSON, 0, len(v.Signatures))}
	for _, s := range v.Signatures {
		out.Signatures = append(out.Signatures, planSignatureJSON{s.Role, s.StaffID, s.AccountID, s.TypedName, s.SignedAt, s.SHA256})
	}
	if withContent {
		c := v.Content // as stored: its canonical JSON is what sha256 is of
		out.Content = &c
	}
	return out
}

// planProgressJSON is how a measured objective stands by the chart's latest score of its assessment.
type planProgressJSON struct {
	Objective string     `json:"objective"` // problems.0.goals.1.objectives.2, as field errors name it
	Name      string     `json:"name"`
	Known     bool       `json:"known"`
	Latest    *int       `json:"latest"`
	Band      string     `json:"band,omitempty"`
	LatestAt  *time.Time `json:"latest_at"`
	Met       bool       `json:"met"`
	Baseline  *int       `json:"baseline"`
	Below     int        `json:"below"`
}

type planCapsJSON struct {
	View   bool `json:"view"`
	Change bool `json:"change"`
	Sign   bool `json:"sign"`
}

func toPlanCaps(c plans.Caps) planCapsJSON { return planCapsJSON{c.View, c.Change, c.Sign} }

// planViewJSON is a plan with one of its versions (the newest unless asked), what the person may do, and
// its measured objectives' progress.
type planViewJSON struct {
	planJSON
	Version       planVersionJSON    `json:"version"`
	Newest        bool               `json:"newest"`
	SignedVersion int                `json:"signed_version"`
	ReviewDue     bool               `json:"review_due"`
	Progress      []planProgressJSON `json:"progress"`
	Can           planCapsJSON       `json:"can"`
}

func toPlanView(v plans.View) planViewJSON {
	out := planViewJSON{planJSON: toPlan(v.Plan), Version: toPlanVersion(v.Version, true), Newest: v.Newest(), SignedVersion: v.SignedVersion,
		ReviewDue: v.ReviewDue(), Progress: []planProgressJSON{}, Can: toPlanCaps(v.Caps)}
	for i, pr := range v.Version.Content.Problems {
		for j, g := range pr.Goals {
			for k := range g.Objectives {
				pg, ok := v.Progress[plans.ObjectiveKey(i, j, k)]
				if !ok {
					continue
				}
				p := planProgressJSON{Objective: fmt.Sprintf("problems.%d.goals.%d.objectives.%d", i, j, k), Name: pg.Name, Known: pg.Known,
					Met: pg.Met, Baseline: pg.Baseline, Below: pg.Below}
				if pg.Known {
					latest := pg.Latest
					p.Latest, p.Band, p.LatestAt = &latest, pg.Band, timePtr(pg.Date)
				}
				out.Progress = append(out.Progress, p)
			}
		}
	}
	return out
}

// planSavedJSON answers a create, save or restore: the plan and the version now newest.
type planSavedJSON struct {
	Plan    planJSON        `json:"plan"`
	Version planVersionJSON `json:"version"`
	// Unchanged: the content sent was the newest version's, so no version was added.
	Unchanged bool `json:"unchanged"`
}

func toPlanSaved(s plans.Saved) planSavedJSON {
	return planSavedJSON{Plan: toPlan(s.Plan), Version: toPlanVersion(s.Version, true), Unchanged: s.Unchanged}
}

// listPlans lists a chart's plans, active first.
func (s *Server) listPlans(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	l, err := s.Plans.List(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := struct {
		Items []planJSON   `json:"items"`
		Can   planCapsJSON `json:"can"`
		Today string       `json:"today"`
	}{Items: make([]planJSON, 0, len(l.Plans)), Can: toPlanCaps(l.Caps), Today: l.Today}
	for _, ps := range l.Plans {
		out.Items = append(out.Items, toPlanSummary(ps, l.Today))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func toPlanSummary(ps store.PlanSummary, today string) planJSON {
	pj := toPlan(ps.TreatmentPlan)
	due := ps.State == model.PlanActive && ps.ReviewDate != "" && ps.ReviewDate <= today
	pj.ClinicianSigned, pj.ClientSigned, pj.ReviewDue = &ps.ClinicianSigned, &ps.ClientSigned, &due
	return pj
}

// createPlan adds a plan with its first version to a chart. The body is the content (model.PlanContent's
// fields); an empty one starts a plan titled "Treatment plan" with nothing in it yet.
func (s *Server) createPlan(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in model.PlanContent
	if err := decode(w, r, &in); err != nil {
		return err
	}
	saved, err := s.Plans.Create(r.Context(), p, r.PathValue("id"), plans.SaveInput{Content: in})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toPlanSaved(saved))
	return nil
}

// getPlan opens a plan's newest version.
func (s *Server) getPlan(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Plans.Get(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), 0)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPlanView(v))
	return nil
}

// planSaveRequest is a new version: the whole content (model.PlanContent's fields, so field errors name
// the body's own fields) and the version it was edited from.
type planSaveRequest struct {
	BaseVersion *int `json:"base_version"`
	model.PlanContent
}

// savePlan saves a new version; a stale base_version answers 409, content like the newest's 200 unchanged.
func (s *Server) savePlan(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in planSaveRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.BaseVersion == nil || *in.BaseVersion < 1 {
		return model.FieldError("base_version", "Send the number of the version you edited (current_version when you read the plan).")
	}
	saved, err := s.Plans.Save(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), plans.SaveInput{Content: in.PlanContent, BaseVersion: *in.BaseVersion})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPlanSaved(saved))
	return nil
}

type planStateRequest struct {
	State string `json:"state"`
}

// setPlanState closes a plan (it stays readable) or reopens it.
func (s *Server) setPlanState(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in planStateRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	pl, err := s.Plans.SetState(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), model.PlanState(in.State))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPlan(pl))
	return nil
}

// planVersionsPage is a page of a plan's versions, newest first, without content.
type planVersionsPage struct {
	Items []planVersionJSON `json:"items"`
	// NextBefore is the before= of the next (older) page; 0 on the last.
	NextBefore int `json:"next_before"`
}

// listPlanVersions pages a plan's versions newest first: ?before=N lists those older than version N.
func (s *Server) listPlanVersions(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	before := 0
	if v := r.URL.Query().Get("before"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return model.FieldError("before", "Use the next_before of the page before (a version number).")
		}
		before = n
	}
	h, err := s.Plans.Versions(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), before)
	if err != nil {
		return err
	}
	out := planVersionsPage{Items: make([]planVersionJSON, 0, len(h.Versions)), NextBefore: h.Before}
	for _, v := range h.Versions {
		out.Items = append(out.Items, toPlanVersion(v, false))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// versionNumber reads {v}; anything but a version number answers like a missing version.
func versionNumber(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("v"))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("api: plan version %q: %w", r.PathValue("v"), model.ErrNotFound)
	}
	return n, nil
}

// getPlanVersion opens one version of a plan.
func (s *Server) getPlanVersion(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	v, err := s.Plans.Get(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPlanView(v))
	return nil
}

// restorePlanVersion copies a version's content into a new version.
func (s *Server) restorePlanVersion(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	saved, err := s.Plans.Restore(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toPlanSaved(saved))
	return nil
}

type planSignRequest struct {
	Version  int    `json:"version"`
	FullName string `json:"full_name"`
}

// signPlan signs the plan's newest version as its clinician.
func (s *Server) signPlan(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in planSignRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Version < 1 {
		return model.FieldError("version", "Send the number of the version you read and sign (the plan's current_version).")
	}
	v, err := s.Plans.Sign(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), in.Version, in.FullName)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPlanVersion(v, true))
	return nil
}

type planShareRequest struct {
	Shared *bool `json:"shared"`
}

// sharePlan shares a plan to the portal, or stops sharing it.
func (s *Server) sharePlan(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in planShareRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Shared == nil {
		return model.FieldError("shared", "Send true to share the plan to the portal, false to stop sharing it.")
	}
	pl, err := s.Plans.Share(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), *in.Shared)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPlan(pl))
	return nil
}
