package web

import (
	"cmp"
	"net/http"
	"strings"

	"tend/internal/clients"
	"tend/internal/model"
)

// wizardSection is the Details section each setup step edits ("" for steps not built yet).
var wizardSection = map[string]string{
	"account": "account", "contact": "contact", "demographics": "demographics", "billing": "preferences",
}

type wizardPage struct {
	chartPage
	Step     clients.SetupStep
	Steps    []clients.SetupStep
	StepNo   int
	Section  string
	NextStep string
}

func (s *Server) setupData(w http.ResponseWriter, r *http.Request, p model.Principal, key string, f *form) (wizardPage, error) {
	var sp wizardPage
	sp.Steps = clients.SetupSteps()
	for i, st := range sp.Steps {
		if st.Key == key {
			sp.Step, sp.StepNo = st, i+1
		}
	}
	if sp.StepNo == 0 {
		return sp, model.ErrNotFound
	}
	sp.Section = wizardSection[key]
	sp.NextStep = clients.NextSetupStep(key)
	data, err := s.chartData(w, r, p, "", newForm())
	if err != nil {
		return sp, err
	}
	if !data.C.CanChange {
		return sp, model.ErrForbidden
	}
	if f == nil {
		fresh := sectionForm(data.C.Client, sp.Section)
		f = &fresh
	}
	if key == "portal" {
		// PT-2, MN-3: each person who may use the portal, with documents to send along.
		pv, err := s.Clients.Portal(r.Context(), p, data.C.ID)
		if err != nil {
			return sp, err
		}
		t := &portalTab{View: pv, Features: model.AllFeatures(), Wizard: true}
		if len(f.Errors) > 0 || f.Message != "" {
			t.Open = cmp.Or(f.Get("person_id"), data.C.PersonID) // the wizard's own form sends none
		}
		if t.Templates, err = s.docBoxes(r, p, data.page, nil); err != nil {
			return sp, err
		}
		if t.Ticked, err = s.intakePacket(r, p, data.page); err != nil {
			return sp, err
		}
		data.Portal = t
	}
	if key == "billing" {
		// CL-4: the default service, and on an Insurance chart its policies (their own forms, after the step's).
		if err := s.loadBilling(r, p, &data, nil, "", "setup"); err != nil {
			return sp, err
		}
	}
	data.ContactsReturn = "setup"
	data.Form = *f
	data.Edit = sp.Section
	data.Title = "Set up " + data.C.Name()
	sp.chartPage = data
	return sp, nil
}

// clientSetupForm shows one step of the new-client setup wizard (CL-4).
func (s *Server) clientSetupForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	data, err := s.setupData(w, r, p, r.PathValue("step"), nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "client_setup", data)
	return nil
}

// clientSetupSubmit saves a step (or skips it) and moves on; "complete" ends the wizard at any step.
func (s *Server) clientSetupSubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	key, id := r.PathValue("step"), r.PathValue("id")
	action := r.PostFormValue("action")
	var ch model.ClientChange
	f := newForm()
	if section := wizardSection[key]; section != "" && action != "skip" {
		ch, f = sectionChange(r, section)
	}
	var c model.Client
	var err error
	invited := ""
	if key == "portal" && action == "invite" {
		// PT-2: invite from the wizard (with documents) and move on, together; a minor's wizard stays for
		// the next person (MN-3).
		f = formFrom(r, "email", "person_id")
		f.Values["features"] = strings.Join(r.PostForm["features"], " ")
		f.Values["template_ids"] = strings.Join(r.PostForm["template_id"], " ")
		c, err = s.Clients.InviteDuringSetup(r.Context(), p, id, clients.InviteInput{PersonID: f.Get("person_id"), Email: f.Get("email"),
			Features: r.PostForm["features"], TemplateIDs: r.PostForm["template_id"], ConfirmDistinctEmail: f.Distinct("email")})
		invited = "Invitation sent."
	} else {
		c, err = s.Clients.SaveSetupStep(r.Context(), p, id, key, ch, action == "complete")
	}
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		for k, v := range f.Errors {
			f.Errors[formField(k)] = v
		}
		data, err := s.setupData(w, r, p, key, &f)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "client_setup", data)
		return nil
	}
	if invited != "" && c.SetupStep == "portal" {
		s.setFlash(w, invited+" Invite someone else, or continue.")
	}
	if key == "billing" && action == "save" && c.BillingType == model.BillingInsurance && !c.SetupComplete() {
		// CL-4: an Insurance client's policies are added on this step, below its own form.
		ins, err := s.Clients.Insurance(r.Context(), p, id)
		if err != nil {
			return err
		}
		if len(ins.Policies) == 0 {
			s.setFlash(w, "Saved. Add the insurance policy below, then continue.")
			http.Redirect(w, r, "/clients/"+id+"/setup/billing#insurance", http.StatusSeeOther)
			return nil
		}
	}
	if c.SetupComplete() {
		s.setFlash(w, strings.TrimSpace(invited+" Setup is complete."))
		http.Redirect(w, r, "/clients/"+id, http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/clients/"+id+"/setup/"+c.SetupStep, http.StatusSeeOther)
	return nil
}
