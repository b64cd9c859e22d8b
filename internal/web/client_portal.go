package web

import (
	"html/template"
	"net/http"
	"slices"
	"strings"

	"tend/internal/clients"
	"tend/internal/model"
)

// portalTab is what the chart's Portal tab shows: each possible portal user with their access. The setup
// wizard's portal step shows the same invitation forms (Wizard).
type portalTab struct {
	View       clients.PortalView
	Features   []model.Feature
	Open       string // the person whose form is open (after an error), else ""
	Docs       []model.DocumentRequest
	ScoreChart template.HTML
	// Templates are the documents an invitation can send (PT-2); Ticked are ticked before anyone
	// chooses (the wizard's intake packet).
	Templates []docBox
	Ticked    []string
	Wizard    bool
	// Intakes are the finished built-in intakes that can be applied to the chart, with whether they were.
	Intakes map[string]bool
}

// IntakeState is "apply" for a finished built-in intake not applied to the chart yet, "applied" once it
// was, and "" for any other request.
func (t *portalTab) IntakeState(requestID string) string {
	applied, ok := t.Intakes[requestID]
	switch {
	case !ok:
		return ""
	case applied:
		return "applied"
	}
	return "apply"
}

// inviteFormView is what the "inviteform" partial renders: one person's invitation (PT-2, PT-6, CT-2).
type inviteFormView struct {
	User              clients.PortalUser
	Action, Submit    string
	Wizard            bool
	Email, EmailError string
	Lookalike         bool // show "This is a different address"
	Distinct          bool
	FeatureBoxes      featureBoxesView
	Docs              docBoxesView
}

// InviteForm builds the invitation form of portal user u; f is the submitted form when it came back.
func (t *portalTab) InviteForm(u clients.PortalUser, f form, chartID string) inviteFormView {
	open := t.Open == u.PersonID && f.Values != nil
	v := inviteFormView{User: u, Action: "/clients/" + chartID + "/portal/invite", Submit: "Send invitation", Wizard: t.Wizard,
		Email: u.Email, FeatureBoxes: featureBoxes(t, u, f)}
	if t.Wizard {
		v.Action = "/clients/" + chartID + "/setup/portal"
		if t.View.Chart.Kind == model.KindIndividual {
			v.Submit = "Send invitation and continue"
		}
	}
	ticked := t.Ticked
	if open {
		v.Email, v.EmailError = f.Get("email"), f.Errors["email"]
		v.Lookalike, v.Distinct = f.Lookalikes["email"] != nil || f.Distinct("email"), f.Distinct("email")
		ticked = strings.Fields(f.Get("template_ids"))
	}
	boxes := make([]docBox, len(t.Templates))
	for i, d := range t.Templates {
		d.Checked = slices.Contains(ticked, d.ID)
		boxes[i] = d
	}
	v.Docs = docBoxesView{Boxes: boxes, Legend: "Documents to send with the invitation",
		Hint: "They wait in the portal when the invitation is accepted; the invitation email says there are forms to fill in."}
	if open {
		v.Docs.Error = f.Errors["template_ids"]
	}
	return v
}

// Opens reports whether u's invitation form starts open: after an error, the one that was sent; in the
// wizard, the client's own, or on a minor's chart the parents' and guardians' (MN-3).
func (t *portalTab) Opens(u clients.PortalUser) bool {
	switch {
	case t.Open != "":
		return t.Open == u.PersonID
	case !t.Wizard:
		return false
	case t.View.Chart.IsMinor():
		return u.Role == model.AccessGuardian
	}
	return u.Role == model.AccessSelf
}

// Invited reports whether anyone has portal access or an invitation on the chart.
func (t *portalTab) Invited() bool {
	for _, u := range t.View.Users {
		if u.Access != nil {
			return true
		}
	}
	return false
}

// Checked tells the template which features to tick for a user's form.
func (t *portalTab) Checked(u clients.PortalUser, f model.Feature, fm form) bool {
	if t.Open == u.PersonID && fm.Values != nil {
		return strings.Contains(" "+fm.Get("features")+" ", " "+string(f)+" ")
	}
	return u.Suggested().Has(f)
}

// featureBox is one checkbox of the features or permissions of a portal user.
type featureBox struct {
	Value, Label string
	Checked      bool
}

// featureBoxesView is what the "featureboxes" partial renders.
type featureBoxesView struct {
	User  clients.PortalUser
	Boxes []featureBox
	// FromFlags says the ticks follow a contact's flags (CT-2), for a contact not yet invited.
	FromFlags bool
}

func featureBoxes(t *portalTab, u clients.PortalUser, f form) featureBoxesView {
	v := featureBoxesView{User: u, FromFlags: u.Flags != nil && u.Access == nil}
	for _, ft := range t.Features {
		v.Boxes = append(v.Boxes, featureBox{string(ft), ft.Label(), t.Checked(u, ft, f)})
	}
	return v
}

// portalInvite sends an invitation (or a connection request) from the Portal tab.
func (s *Server) portalInvite(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "person_id", "email")
	features := r.PostForm["features"]
	f.Values["features"] = strings.Join(features, " ")
	f.Values["template_ids"] = strings.Join(r.PostForm["template_id"], " ")
	_, err := s.Clients.Invite(r.Context(), p, r.PathValue("id"), clients.InviteInput{PersonID: f.Get("person_id"),
		Email: f.Get("email"), Features: features, ConfirmDistinctEmail: f.Distinct("email"), TemplateIDs: r.PostForm["template_id"]})
	if err != nil {
		return s.portalFailed(w, r, p, f, err)
	}
	// One message whether a link or a connection request went out (PT-5 keeps accounts private).
	return s.portalDone(w, r, "Invitation sent. It stays open for seven days.")
}

// portalResend sends an open invitation again with a new link.
func (s *Server) portalResend(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if _, err := s.Clients.ResendInvitation(r.Context(), p, r.PathValue("id"), r.PathValue("inv")); err != nil {
		return s.portalFailed(w, r, p, newForm(), err)
	}
	return s.portalDone(w, r, "Invitation sent again. The earlier link no longer works.")
}

// portalDeleteInvitation withdraws an open invitation.
func (s *Server) portalDeleteInvitation(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Clients.DeleteInvitation(r.Context(), p, r.PathValue("id"), r.PathValue("inv")); err != nil {
		return s.portalFailed(w, r, p, newForm(), err)
	}
	return s.portalDone(w, r, "Invitation deleted. Its link no longer works.")
}

// portalSetEnabled disables or enables a registered person's access.
func (s *Server) portalSetEnabled(enabled bool) staffHandler {
	return func(w http.ResponseWriter, r *http.Request, p model.Principal) error {
		if _, err := s.Clients.SetPortalEnabled(r.Context(), p, r.PathValue("id"), r.PathValue("access"), enabled); err != nil {
			return s.portalFailed(w, r, p, newForm(), err)
		}
		if enabled {
			return s.portalDone(w, r, "Portal access is enabled again.")
		}
		return s.portalDone(w, r, "Portal access is disabled. They were signed out of the portal.")
	}
}

// portalPermissions saves a portal user's permissions.
func (s *Server) portalPermissions(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "person_id")
	f.Values["features"] = strings.Join(r.PostForm["features"], " ")
	if _, err := s.Clients.UpdatePortalPermissions(r.Context(), p, r.PathValue("id"), r.PathValue("access"), r.PostForm["features"]); err != nil {
		return s.portalFailed(w, r, p, f, err)
	}
	return s.portalDone(w, r, "Permissions saved.")
}

func (s *Server) portalDone(w http.ResponseWriter, r *http.Request, msg string) error {
	s.setFlash(w, msg)
	http.Redirect(w, r, "/clients/"+r.PathValue("id")+"?tab=portal", http.StatusSeeOther)
	return nil
}

// portalFailed shows the Portal tab again with the problem next to the form and what was typed kept.
func (s *Server) portalFailed(w http.ResponseWriter, r *http.Request, p model.Principal, f form, err error) error {
	if !validation(err, &f) {
		return err
	}
	r.URL.RawQuery = "tab=portal"
	data, derr := s.chartData(w, r, p, "", f)
	if derr != nil {
		return derr
	}
	data.Portal.Open = f.Get("person_id")
	s.render(w, r, http.StatusUnprocessableEntity, "client_chart", data)
	return nil
}
