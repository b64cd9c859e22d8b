package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/store"
)

// Issue 15, items 1–3 (TP-1): the chart's Treatment plan tab and a plan's page. What a person may do is
// the use case's Caps; nothing here looks at roles.

// plansTab is the Treatment plan tab: the chart's plans, active first.
type plansTab struct {
	plans.List
	Draft draftForm // the "Draft a plan" form (TP-2)
}

// Due reports whether an active plan's review date has come.
func (t plansTab) Due(p store.PlanSummary) bool {
	return p.State == model.PlanActive && p.ReviewDate != "" && p.ReviewDate <= t.Today
}

// CanCreate reports whether the person may start a plan: they may change plans and the client is in care.
func (t plansTab) CanCreate() bool { return t.Caps.Change && t.Chart.State == model.StateActive }

// shownObjective is an objective with its progress, when it is measured.
type shownObjective struct {
	model.PlanObjective
	Progress *plans.Progress
}

type shownGoal struct {
	Statement  string
	Objectives []shownObjective
}

type shownProblem struct {
	Statement     string
	Goals         []shownGoal
	Interventions []model.PlanIntervention
}

// planPage is one version of a plan, with the actions the person may take on it.
type planPage struct {
	page
	V         plans.View
	Problems  []shownProblem
	Narrative template.HTML
	Source    string
	SignForm  form
	Form      form      // messages of an action refused on this page
	Draft     draftForm // the "Generate a new draft" form (TP-2), shown with CanEdit
}

// Signed reports whether the version shown carries a signature in role.
func (pp planPage) Signed(role string) bool { return pp.V.Version.SignedBy(role) }

// Previous is the version before the one shown (0 for version 1), to compare with.
func (pp planPage) Previous() int { return pp.V.Version.Number - 1 }

// Active reports whether the plan is active (a closed plan is read-only).
func (pp planPage) Active() bool { return pp.V.Plan.State == model.PlanActive }

// CanEdit: the newest version of an active plan, for someone who may change plans.
func (pp planPage) CanEdit() bool { return pp.V.Caps.Change && pp.Active() && pp.V.Newest() }

// CanSign: the newest version of an active plan, not yet signed by the clinician.
func (pp planPage) CanSign() bool {
	return pp.V.Caps.Sign && pp.Active() && pp.V.Newest() && !pp.Signed(model.PlanSignerClinician)
}

// versionSource says what made a version, in words.
func versionSource(v model.PlanVersion) string {
	switch v.Source {
	case model.PlanRestored:
		return "restored from " + v.SourceNote
	case model.PlanBuiltin:
		return "drafted by Tend's generator"
	case model.PlanLLM:
		return "drafted by the language model"
	}
	return "written"
}

// showContent pairs each measured objective of c with its progress.
func showContent(c model.PlanContent, progress map[string]plans.Progress) []shownProblem {
	out := make([]shownProblem, 0, len(c.Problems))
	for i, pr := range c.Problems {
		sp := shownProblem{Statement: pr.Statement, Interventions: pr.Interventions}
		for j, g := range pr.Goals {
			sg := shownGoal{Statement: g.Statement}
			for k, o := range g.Objectives {
				so := shownObjective{PlanObjective: o}
				if pg, ok := progress[plans.ObjectiveKey(i, j, k)]; ok {
					so.Progress = &pg
				}
				sg.Objectives = append(sg.Objectives, so)
			}
			sp.Goals = append(sp.Goals, sg)
		}
		out = append(out, sp)
	}
	return out
}

// versionNumber reads {n} of the path; 0 (the newest) when the path has none.
func versionNumber(r *http.Request) (int, error) {
	s := r.PathValue("n")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("web: plan version %q: %w", s, model.ErrNotFound)
	}
	return n, nil
}

// planPageData opens a version of the plan (an audited read) and renders its narrative.
func (s *Server) planPageData(w http.ResponseWriter, r *http.Request, p model.Principal, number int) (planPage, error) {
	v, err := s.Plans.Get(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), number)
	if err != nil {
		return planPage{}, err
	}
	pg, err := s.base(w, r, p, "Treatment plan", "clients")
	if err != nil {
		return planPage{}, err
	}
	data := planPage{page: pg, V: v, Problems: showContent(v.Version.Content, v.Progress), Narrative: s.Plans.Narrative(v.Version.Content.Narrative),
		Source: versionSource(v.Version), SignForm: newForm(), Form: newForm()}
	if data.CanEdit() {
		if data.Draft, err = s.newDraftForm(r.Context(), p, planURL(v.Chart.ID, v.Plan.ID)+"/generate", false); err != nil {
			return planPage{}, err
		}
	}
	return data, nil
}

// planView shows the plan's newest version, or the version in the path.
func (s *Server) planView(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	data, err := s.planPageData(w, r, p, n)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "plan", data)
	return nil
}

// planRefused shows the plan's newest version again with the refusal's messages, or passes err on.
func (s *Server) planRefused(w http.ResponseWriter, r *http.Request, p model.Principal, err error, sign *form) error {
	f := newForm()
	if !validation(err, &f) {
		return err
	}
	data, derr := s.planPageData(w, r, p, 0)
	if derr != nil {
		return derr
	}
	if sign != nil {
		sign.Errors, sign.Message = f.Errors, f.Message
		data.SignForm = *sign
	} else {
		data.Form = f
	}
	s.render(w, r, http.StatusUnprocessableEntity, "plan", data)
	return nil
}

// planSign signs the newest version as its clinician, with the typed full name.
func (s *Server) planSign(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	number, _ := strconv.Atoi(r.PostFormValue("version"))
	v, err := s.Plans.Sign(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), number, r.PostFormValue("full_name"))
	if err != nil {
		f := formFrom(r, "full_name")
		return s.planRefused(w, r, p, err, &f)
	}
	s.setFlash(w, fmt.Sprintf("Version %d signed. A later change makes a new version, which needs signing again.", v.Number))
	http.Redirect(w, r, planURL(r.PathValue("id"), r.PathValue("plan")), http.StatusSeeOther)
	return nil
}

// planShare shares the plan to the portal (on) or stops sharing it.
func (s *Server) planShare(on bool) staffHandler {
	return func(w http.ResponseWriter, r *http.Request, p model.Principal) error {
		if _, err := s.Plans.Share(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), on); err != nil {
			return s.planRefused(w, r, p, err, nil)
		}
		msg := "The plan is shared: the portal shows the newest version you signed."
		if !on {
			msg = "The plan is no longer shared: the portal does not show it."
		}
		s.setFlash(w, msg)
		http.Redirect(w, r, planURL(r.PathValue("id"), r.PathValue("plan")), http.StatusSeeOther)
		return nil
	}
}

// planSetState closes or reopens the plan.
func (s *Server) planSetState(state model.PlanState) staffHandler {
	return func(w http.ResponseWriter, r *http.Request, p model.Principal) error {
		if _, err := s.Plans.SetState(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), state); err != nil {
			return s.planRefused(w, r, p, err, nil)
		}
		msg := "The plan is closed. It stays readable; reopen it to change it."
		if state == model.PlanActive {
			msg = "The plan is open again."
		}
		s.setFlash(w, msg)
		http.Redirect(w, r, planURL(r.PathValue("id"), r.PathValue("plan")), http.StatusSeeOther)
		return nil
	}
}

// planRestore copies an older version into a new one.
func (s *Server) planRestore(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	saved, err := s.Plans.Restore(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), n)
	if err != nil {
		return s.planRefused(w, r, p, err, nil)
	}
	s.setFlash(w, fmt.Sprintf("Version %d restored as version %d. It is unsigned until you sign it.", n, saved.Version.Number))
	http.Redirect(w, r, planURL(r.PathValue("id"), r.PathValue("plan")), http.StatusSeeOther)
	return nil
}

// historyPage is a page of a plan's versions, newest first.
type historyPage struct {
	page
	H        plans.History
	OlderURL string
	Paged    bool // not the first page
}

// CanCompare: the plan has two versions or more.
func (hp historyPage) CanCompare() bool { return hp.H.Plan.CurrentVersion > 1 }

// From and To are the versions the compare columns start on: on the first page, the newest version
// against the one before it; on an older page, the page's first two.
func (hp historyPage) From() int {
	if len(hp.H.Versions) < 2 {
		return 0
	}
	return hp.H.Versions[1].Number
}

func (hp historyPage) To() int {
	if len(hp.H.Versions) == 0 {
		return 0
	}
	return hp.H.Versions[0].Number
}

// Source says what made a version.
func (historyPage) Source(v model.PlanVersion) string { return versionSource(v) }

// CanRestore: an older version of an active plan, for someone who may change plans.
func (hp historyPage) CanRestore(v model.PlanVersion) bool {
	return hp.H.Caps.Change && hp.H.Plan.State == model.PlanActive && v.Number != hp.H.Plan.CurrentVersion
}

// planHistory lists the plan's versions, paged by version number (?before=).
func (s *Server) planHistory(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	before, _ := strconv.Atoi(r.URL.Query().Get("before"))
	if before < 0 {
		before = 0
	}
	h, err := s.Plans.Versions(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), before)
	if err != nil {
		return err
	}
	pg, err := s.base(w, r, p, "Treatment plan history", "clients")
	if err != nil {
		return err
	}
	data := historyPage{page: pg, H: h, Paged: before > 0}
	if h.Before > 0 {
		data.OlderURL = fmt.Sprintf("%s/history?before=%d", planURL(h.Chart.ID, h.Plan.ID), h.Before)
	}
	s.render(w, r, http.StatusOK, "plan_history", data)
	return nil
}
