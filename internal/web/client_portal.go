package web

import (
	"html/template"
	"net/http"
	"strings"

	"tend/internal/clients"
	"tend/internal/model"
)

// portalTab is what the chart's Portal tab shows: each possible portal user with their access.
type portalTab struct {
	View       clients.PortalView
	Features   []model.Feature
	Open       string // the person whose form is open (after an error), else ""
	Docs       []model.DocumentRequest
	ScoreChart template.HTML
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
}

func featureBoxes(t *portalTab, u clients.PortalUser, f form) featureBoxesView {
	v := featureBoxesView{User: u}
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
	_, err := s.Clients.Invite(r.Context(), p, r.PathValue("id"), clients.InviteInput{PersonID: f.Get("person_id"),
		Email: f.Get("email"), Features: features, ConfirmDistinctEmail: f.Distinct("email")})
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
