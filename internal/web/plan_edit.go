package web

import (
	"fmt"
	"net/http"

	"tend/internal/model"
	"tend/internal/plans"
)

// diagnosisChoice is a checkbox of the editor's diagnoses: one of the chart's, or one the plan names that
// the chart no longer has.
type diagnosisChoice struct {
	ID, Code, Description, Label string
	Resolved, Missing, Checked   bool
}

// rowTemplates are empty rows named with placeholders, which plan_editor.js copies to add rows in place:
// it replaces __PREFIX__ with the new row's name prefix and __NUM__ with its shown number.
type rowTemplates struct {
	Problem      problemRow
	Goal         goalRow
	Objective    objectiveRow
	Intervention interventionRow
}

func newRowTemplates(scorings []string) rowTemplates {
	f := planForm{Problems: []problemRow{newProblemRow()}, scorings: scorings}
	f.number()
	pr := f.Problems[0]
	const pre, num = "__PREFIX__", "__NUM__"
	base := func(prefix, n string) rowBase {
		return rowBase{Prefix: prefix, Num: n, errs: map[string]string{}, scorings: scorings}
	}
	pr.rowBase = base(pre, num)
	pr.Goals[0].rowBase = base(pre+"goals.0.", num+".1")
	pr.Goals[0].Objectives[0].rowBase = base(pre+"goals.0.objectives.0.", num+".1.1")
	pr.Interventions[0].rowBase = base(pre+"interventions.0.", num+".1")
	g := newGoalRow()
	g.rowBase = base(pre, num)
	g.Objectives[0].rowBase = base(pre+"objectives.0.", num+".1")
	return rowTemplates{Problem: pr, Goal: g, Objective: objectiveRow{rowBase: base(pre, num)}, Intervention: interventionRow{rowBase: base(pre, num)}}
}

// planEditPage is the editor of a new plan or of a new version of one.
type planEditPage struct {
	page
	Chart     model.Client
	Plan      *model.TreatmentPlan // nil for a new plan
	F         planForm
	Diagnoses []diagnosisChoice
	Action    string
	Rows      rowTemplates
	Newest    int // after a conflict: the version saved meanwhile, to read before saving again
}

// renderPlanEditor fills the editor's choices (the chart's diagnoses, the practice's assessments) and shows it.
func (s *Server) renderPlanEditor(w http.ResponseWriter, r *http.Request, p model.Principal, status int, data planEditPage) error {
	title := "New treatment plan"
	data.Action = "/clients/" + data.Chart.ID + "/plans/new"
	if data.Plan != nil {
		title = "Edit treatment plan"
		data.Action = planURL(data.Chart.ID, data.Plan.ID) + "/edit"
	}
	pg, err := s.base(w, r, p, title, "clients")
	if err != nil {
		return err
	}
	data.page = pg
	if data.F.scorings, err = s.Plans.Scorings(r.Context(), p); err != nil {
		return err
	}
	data.F.number()
	data.Rows = newRowTemplates(data.F.scorings)
	ds, err := s.Clinical.Diagnoses(r.Context(), p, data.Chart.ID)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, d := range ds {
		seen[d.ID] = true
		data.Diagnoses = append(data.Diagnoses, diagnosisChoice{ID: d.ID, Code: d.DottedCode(), Description: d.Description, Label: d.Label,
			Resolved: !d.Active(), Checked: data.F.Diagnoses[d.ID]})
	}
	// A diagnosis the plan names that the chart no longer has stays listed, ticked: saving it so is refused
	// with a message, never dropped unseen.
	for _, id := range data.F.picked {
		if !seen[id] {
			data.Diagnoses = append(data.Diagnoses, diagnosisChoice{ID: id, Missing: true, Checked: true})
		}
	}
	s.render(w, r, status, "plan_edit", data)
	return nil
}

// absorb puts a refusal's messages on the form, or reports false when err is something else.
func (f *planForm) absorb(err error) bool {
	hf := newForm()
	if !validation(err, &hf) {
		return false
	}
	for k, v := range hf.Errors {
		f.Errors[k] = v
	}
	f.Message = hf.Message
	return true
}

// planNewForm shows the editor of a new plan: a title and one empty problem to start from.
func (s *Server) planNewForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	l, err := s.Plans.List(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !l.Caps.Change {
		return fmt.Errorf("web: new plan: %w", model.ErrForbidden)
	}
	f := planForm{Title: "Treatment plan", Diagnoses: map[string]bool{}, Problems: []problemRow{newProblemRow()}}
	return s.renderPlanEditor(w, r, p, http.StatusOK, planEditPage{Chart: l.Chart, F: f})
}

// planCreate adds a row (add=…) or saves the new plan as its version 1.
func (s *Server) planCreate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	l, err := s.Plans.List(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !l.Caps.Change {
		return fmt.Errorf("web: new plan: %w", model.ErrForbidden)
	}
	data := planEditPage{Chart: l.Chart, F: planFormFrom(r)}
	if add := r.PostFormValue("add"); add != "" {
		data.F.addRow(add)
		return s.renderPlanEditor(w, r, p, http.StatusOK, data)
	}
	data.F.compact()
	c, ok := data.F.content()
	if !ok {
		return s.renderPlanEditor(w, r, p, http.StatusUnprocessableEntity, data)
	}
	saved, err := s.Plans.Create(r.Context(), p, l.Chart.ID, plans.SaveInput{Content: c})
	if err != nil {
		if !data.F.absorb(err) {
			return err
		}
		return s.renderPlanEditor(w, r, p, http.StatusUnprocessableEntity, data)
	}
	s.setFlash(w, "Plan saved as version 1. Sign it when it is ready.")
	http.Redirect(w, r, planURL(l.Chart.ID, saved.Plan.ID), http.StatusSeeOther)
	return nil
}

// editablePlan opens the plan's newest version for the editor: it must be active, and the person must
// be allowed to change plans.
func (s *Server) editablePlan(r *http.Request, p model.Principal) (plans.View, error) {
	v, err := s.Plans.Get(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), 0)
	if err != nil {
		return v, err
	}
	if !v.Caps.Change {
		return v, fmt.Errorf("web: edit plan: %w", model.ErrForbidden)
	}
	if v.Plan.State != model.PlanActive {
		return v, &model.ConflictError{Message: "This plan is closed. Reopen it to change it."}
	}
	return v, nil
}

// planEditForm shows the editor filled with the newest version.
func (s *Server) planEditForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.editablePlan(r, p)
	if err != nil {
		return err
	}
	return s.renderPlanEditor(w, r, p, http.StatusOK, planEditPage{Chart: v.Chart, Plan: &v.Plan, F: planFormOf(v.Version.Content, v.Version.Number)})
}

// planSave adds a row (add=…) or saves the form as the plan's next version. A version saved since the
// editor opened (base_version) is a conflict: the form comes back as typed, with a link to that version.
func (s *Server) planSave(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Plans.Get(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), 0)
	if err != nil {
		return err
	}
	data := planEditPage{Chart: v.Chart, Plan: &v.Plan, F: planFormFrom(r)}
	if add := r.PostFormValue("add"); add != "" {
		data.F.addRow(add)
		return s.renderPlanEditor(w, r, p, http.StatusOK, data)
	}
	data.F.compact()
	c, ok := data.F.content()
	if !ok {
		return s.renderPlanEditor(w, r, p, http.StatusUnprocessableEntity, data)
	}
	saved, err := s.Plans.Save(r.Context(), p, v.Chart.ID, v.Plan.ID, plans.SaveInput{Content: c, BaseVersion: data.F.BaseVersion})
	if err != nil {
		if !data.F.absorb(err) {
			return err
		}
		if _, stale := data.F.Errors["base_version"]; stale {
			// Saving again now saves over the newer version, after the person has read it.
			now, err := s.Plans.Get(r.Context(), p, v.Chart.ID, v.Plan.ID, 0)
			if err != nil {
				return err
			}
			data.Newest, data.F.BaseVersion = now.Plan.CurrentVersion, now.Plan.CurrentVersion
		}
		status := http.StatusUnprocessableEntity
		if _, ce := asValidation(err); ce != nil {
			status = http.StatusConflict
		}
		return s.renderPlanEditor(w, r, p, status, data)
	}
	msg := fmt.Sprintf("Saved as version %d. It is unsigned until you sign it.", saved.Version.Number)
	if saved.Unchanged {
		msg = fmt.Sprintf("Nothing changed: version %d is still the newest.", saved.Version.Number)
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, planURL(v.Chart.ID, v.Plan.ID), http.StatusSeeOther)
	return nil
}
