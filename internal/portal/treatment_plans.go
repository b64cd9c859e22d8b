package portal

import (
	"net/http"
	"strconv"

	"tend/internal/httpx"
	"tend/internal/model"
	"tend/internal/plans"
)

// plansPage is a chart's shared treatment plans (PT-10).
type plansPage struct {
	page
	L   plans.PortalList
	Loc model.Locale
}

// treatmentPlans lists the plans shared on the chart, for a portal user who may read them; anyone else
// gets the not-found page.
func (s *Server) treatmentPlans(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	l, err := s.Plans.PortalList(r.Context(), pp, r.PathValue("id"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "treatment_plans", plansPage{page: page{Title: "Treatment plan", User: &pp}, L: l, Loc: l.Access.Loc})
	return nil
}

// planPage is one shared plan, at the newest version the clinician signed, with the sign form.
type planPage struct {
	page
	V   plans.PortalView
	Loc model.Locale
}

func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal, v plans.PortalView, f httpx.Form, status int) {
	title := v.Version.Content.Title
	if title == "" {
		title = "Treatment plan"
	}
	s.render(w, r, status, "treatment_plan", planPage{page: page{Title: title, User: &pp, Notice: f.Values["notice"], Form: f}, V: v, Loc: v.Access.Loc})
}

// treatmentPlan shows one shared plan; once unshared it is gone (404) on the next request.
func (s *Server) treatmentPlan(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	v, err := s.Plans.PortalGet(r.Context(), pp, r.PathValue("id"), r.PathValue("plan"))
	if err != nil {
		return err
	}
	f := httpx.NewForm()
	if r.URL.Query().Get("signed") != "" && v.Mine != nil {
		f.Values["notice"] = "Thank you: you signed the plan. Your practice can see your signature now."
	}
	s.renderPlan(w, r, pp, v, f, http.StatusOK)
	return nil
}

// treatmentPlanSign signs the version the person read; a wrong name or a newer version shows the page
// again with the message and what they typed.
func (s *Server) treatmentPlanSign(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	if err := r.ParseForm(); err != nil {
		return model.FieldError("full_name", "The form could not be read. Try again.")
	}
	f := httpx.FormFrom(r, "full_name", "version")
	number, _ := strconv.Atoi(f.Get("version"))
	access, planID := r.PathValue("id"), r.PathValue("plan")
	_, err := s.Plans.PortalSign(r.Context(), pp, access, planID, number, f.Get("full_name"))
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		v, lerr := s.Plans.PortalGet(r.Context(), pp, access, planID)
		if lerr != nil {
			return lerr
		}
		s.renderPlan(w, r, pp, v, f, http.StatusUnprocessableEntity)
		return nil
	}
	http.Redirect(w, r, "/portal/c/"+access+"/plans/"+planID+"?signed=1", http.StatusSeeOther)
	return nil
}
