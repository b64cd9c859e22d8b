package web

import (
	"net/http"
	"slices"
	"strings"

	"tend/internal/authz"
	"tend/internal/clients"
	"tend/internal/ledger"
	"tend/internal/messaging"
	"tend/internal/model"
	"tend/internal/psychnotes"
	"tend/internal/reflections"
	"tend/internal/store"
)

type tabDef struct{ Key, Label string }

// chartTabs are the tabs of an individual or minor chart, which opens on the first (CL-10: Overview); tabs
// not built yet say so.
var chartTabs = []tabDef{
	{"overview", "Overview"},
	{"details", "Details"}, {"clinical", "Clinical"}, {"plan", "Treatment plan"}, {"sessions", "Sessions"}, {"notes", "Notes"}, {"psychotherapy", "Psychotherapy notes"}, {"reflections", "Reflections"},
	{"tasks", "Tasks"}, {"files", "Files"}, {"payments", "Payments"}, {"portal", "Portal"},
	{"messages", "Messages"},
}

// groupTabs are a group chart's tabs: it opens on Members and has no Details (GR-3).
var groupTabs = []tabDef{
	{"members", "Members"},
	{"overview", "Overview"},
	{"clinical", "Clinical"}, {"plan", "Treatment plan"}, {"sessions", "Sessions"}, {"notes", "Notes"}, {"psychotherapy", "Psychotherapy notes"}, {"reflections", "Reflections"},
	{"tasks", "Tasks"}, {"files", "Files"}, {"payments", "Payments"}, {"portal", "Portal"},
	{"messages", "Messages"},
}

// detailsTab is the tab that holds a chart's own fields and their edit forms: Details, or a group's Members.
func detailsTab(c model.Client) string {
	if c.IsGroup() {
		return "members"
	}
	return "details"
}

type tabLink struct {
	Key, Label, URL string
	Current         bool
}

type checkItem struct {
	Label, URL string
	Done       bool
}

type chartPage struct {
	page
	C             clients.View
	ClinicianName string
	Tabs          []tabLink
	Tab           string
	Edit          string // the section being edited, or ""
	Form          form
	Tags          []store.TagCount
	TagChecked    map[string]bool
	Clinicians    []model.Staff
	BillingTypes  []model.BillingType
	Sexes         []string
	SetupStep     string // the step to resume the wizard at
	WhatsNext     []checkItem
	NextDone      int // how many of WhatsNext are done
	Age           int
	Contacts      []model.Contact      // individual and minor charts (CT-1)
	Groups        []model.GroupSummary // the groups this client belongs to (GR-3)
	Members       []clients.MemberView // group charts
	Portal        *portalTab           // the Portal tab
	Overview      *overviewTab         // the Overview tab (CL-10)
	Notes         *notesTab            // the Notes tab (issue 14, item 3)
	Sessions      *sessionsTab         // the Sessions tab (issue 16, item 8)
	// ContactsReturn is where the contact pages go back to ("setup": the wizard's contacts step).
	ContactsReturn string
	Clinical       *clinicalTab      // the Clinical tab (CL-8)
	PsychNotes     *psychnotes.List  // the Psychotherapy notes tab: the viewer's own notes
	Reflections    *reflections.List // the Reflections tab
	Plans          *plansTab         // the Treatment plan tab (issue 15)
	// Issue 16: the practice's services to choose the default from (offered ones, and the chart's own
	// default even when archived), that default, and the Insurance panel (Insurance charts).
	Services       []model.Service
	DefaultService *model.Service
	Insurance      *insuranceBlock
	// Issue 16, item 9 (PY-1): the Payments tab, and whether the header shows the chart's balance.
	Payments   *paymentsTab
	LedgerCaps ledger.Caps
	// Issue 17, item 2 (FL-1): the Files tab.
	Files *filesTab
	// Issue 17, item 1 (TK-1): the Tasks tab.
	Tasks *tasksTab
	// Issue 17, item 3 (MS-1): the Messages tab, and the chart's unread count on its label.
	Messages *messaging.ChartMessages
}

// clientChart opens a chart (the view is audited) on the tab in ?tab=.
func (s *Server) clientChart(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	data, err := s.chartData(w, r, p, "", newForm())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "client_chart", data)
	return nil
}

func (s *Server) chartData(w http.ResponseWriter, r *http.Request, p model.Principal, edit string, f form) (chartPage, error) {
	v, err := s.Clients.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return chartPage{}, err
	}
	pg, err := s.base(w, r, p, v.Name(), "clients")
	if err != nil {
		return chartPage{}, err
	}
	tabs := chartTabs
	if v.IsGroup() {
		tabs = groupTabs
	}
	tabs = slices.DeleteFunc(slices.Clone(tabs), func(t tabDef) bool { return t.Key == "clinical" && !v.SeesClinical }) // CL-8
	// A tab the person may not see is not listed (billing staff never see session notes).
	noteCaps, err := s.Notes.CapsOn(r.Context(), p, v.Client)
	if err != nil {
		return chartPage{}, err
	}
	if !noteCaps.List {
		tabs = slices.DeleteFunc(tabs, func(t tabDef) bool { return t.Key == "notes" })
	}
	planCaps, err := s.Plans.CapsOn(r.Context(), p, v.Client)
	if err != nil {
		return chartPage{}, err
	}
	if !planCaps.View { // TP-1: billing, and admins unless the practice allows, never see plans
		tabs = slices.DeleteFunc(tabs, func(t tabDef) bool { return t.Key == "plan" })
	}
	ledgerCaps, err := s.Ledger.CapsOn(r.Context(), p, v.Client)
	if err != nil {
		return chartPage{}, err
	}
	if !ledgerCaps.View {
		tabs = slices.DeleteFunc(tabs, func(t tabDef) bool { return t.Key == "payments" })
	}
	fileCaps, err := s.Files.CapsOn(r.Context(), p, v.Client)
	if err != nil {
		return chartPage{}, err
	}
	if !fileCaps.View { // files may be clinical: billing, and admins unless the practice allows, never see them
		tabs = slices.DeleteFunc(tabs, func(t tabDef) bool { return t.Key == "files" })
	}
	tabs = privateTabs(tabs, v)
	taskCaps, err := s.Tasks.CapsOn(r.Context(), p, v.Client)
	if err != nil {
		return chartPage{}, err
	}
	if !taskCaps.View { // TK-1: billing, and admins unless the practice allows, never see tasks
		tabs = slices.DeleteFunc(tabs, func(t tabDef) bool { return t.Key == "tasks" })
	}
	if !pg.SeesMessages { // MS-1: billing, and admins unless the practice allows, never see messages
		tabs = slices.DeleteFunc(tabs, func(t tabDef) bool { return t.Key == "messages" })
	}
	tab := r.URL.Query().Get("tab")
	known := false
	for _, t := range tabs {
		known = known || t.Key == tab
	}
	switch {
	case edit != "":
		tab = detailsTab(v.Client) // a section's form shows where the section is
	case !known:
		tab = tabs[0].Key
	}
	data := chartPage{page: pg, C: v, Tab: tab, Edit: edit, Form: f, BillingTypes: model.BillingTypes(), Sexes: model.Sexes(),
		TagChecked: map[string]bool{}, Age: v.Age(pg.Loc.In(s.Accounts.Now())), LedgerCaps: ledgerCaps}
	for _, t := range tabs {
		data.Tabs = append(data.Tabs, tabLink{t.Key, t.Label, "/clients/" + v.ID + "?tab=" + t.Key, t.Key == tab})
	}
	if err := s.loadMessagesTab(r, p, &data); err != nil {
		return chartPage{}, err
	}
	data.Contacts, data.Groups, data.Members = v.Contacts, v.Groups, v.Members
	if tab == "overview" {
		o, err := s.Overview.Of(r.Context(), p, v)
		if err != nil {
			return chartPage{}, err
		}
		data.Overview = newOverviewTab(o, pg.Loc)
	}
	if tab == "clinical" {
		if data.Clinical, err = s.clinicalTabOf(r, p, v.ID); err != nil {
			return chartPage{}, err
		}
	}
	if err := s.loadPrivateTab(r, p, &data); err != nil {
		return chartPage{}, err
	}
	if tab == "portal" {
		pv, err := s.Clients.Portal(r.Context(), p, v.ID)
		if err != nil {
			return chartPage{}, err
		}
		var docs []model.DocumentRequest
		if pg.Can.ReadDocuments { // billing staff never see documents' content
			if docs, err = s.Documents.ChartDocuments(r.Context(), p, v.ID); err != nil {
				return chartPage{}, err
			}
		}
		data.Portal = &portalTab{View: pv, Features: model.AllFeatures(), Docs: docs, ScoreChart: scoreChart(docs, pg.Loc.Date)}
		if data.Portal.Templates, err = s.docBoxes(r, p, pg, nil); err != nil {
			return chartPage{}, err
		}
		if v.CanChange {
			if data.Portal.Intakes, err = s.Documents.IntakeStates(r.Context(), p, v.Client, docs); err != nil {
				return chartPage{}, err
			}
		}
	}
	if tab == "plan" {
		l, err := s.Plans.List(r.Context(), p, v.ID)
		if err != nil {
			return chartPage{}, err
		}
		data.Plans = &plansTab{List: l}
		if data.Plans.CanCreate() {
			if data.Plans.Draft, err = s.newDraftForm(r.Context(), p, "/clients/"+v.ID+"/plans/generate", true); err != nil {
				return chartPage{}, err
			}
		}
	}
	if tab == detailsTab(v.Client) && edit != "insurance" { // the Insurance pages load it with their form
		if err := s.loadBilling(r, p, &data, nil, "", ""); err != nil {
			return chartPage{}, err
		}
	}
	if tab == "payments" {
		if data.Payments, err = s.loadPaymentsTab(r, p, pg, v.ID); err != nil {
			return chartPage{}, err
		}
	}
	if tab == "files" {
		if data.Files, err = s.loadFilesTab(r, p, v.ID, newForm()); err != nil {
			return chartPage{}, err
		}
	}
	if tab == "tasks" {
		if data.Tasks, err = s.loadTasksTab(r, p, v.ID); err != nil {
			return chartPage{}, err
		}
	}
	if tab == "sessions" {
		if data.Sessions, err = s.loadSessionsTab(r, p, v.ID); err != nil {
			return chartPage{}, err
		}
	}
	if tab == "notes" {
		if data.Notes, err = s.loadNotesTab(r, p, pg, v.ID, noteCaps); err != nil {
			return chartPage{}, err
		}
	}
	staff, err := s.Accounts.ListStaff(r.Context(), p)
	if err != nil {
		return chartPage{}, err
	}
	for _, st := range staff {
		if st.ID == v.AssignedClinicianID {
			data.ClinicianName = st.Name
		}
		if authz.Assignable(st) {
			data.Clinicians = append(data.Clinicians, st)
		}
	}
	if data.Tags, err = s.Clients.Tags(r.Context(), p); err != nil {
		return chartPage{}, err
	}
	for _, t := range v.Tags {
		data.TagChecked[t.ID] = true
	}
	data.SetupStep = v.SetupStep
	if data.SetupStep == "" {
		data.SetupStep = clients.SetupSteps()[0].Key
	}
	// CL-5: the use case works the items out (the API shows the same); they tick themselves.
	for _, st := range v.WhatsNext {
		url := "/clients/" + v.ID + "?tab=portal"
		switch {
		case st.Key == "portal" && !v.SetupComplete():
			url = "/clients/" + v.ID + "/setup/portal"
		case st.Key == "documents":
			url = "/clients/" + v.ID + "/documents"
		case st.Key == "first_session":
			url = "/clients/" + v.ID + "?tab=sessions"
		case st.Key == "treatment_plan":
			url = "/clients/" + v.ID + "?tab=plan"
		}
		data.WhatsNext = append(data.WhatsNext, checkItem{st.Label, url, st.Done})
		if st.Done {
			data.NextDone++
		}
	}
	return data, nil
}

// sectionFields names the form fields of each Details section.
var sectionFields = map[string][]string{
	"name":         {"name"},
	"account":      {"first_name", "last_name", "legal_first_name", "legal_last_name", "pronouns"},
	"contact":      {"email", "phone", "address_line1", "address_line2", "address_city", "address_region", "address_postal_code", "address_country"},
	"demographics": {"date_of_birth", "sex", "gender_identity", "confirm_adult_minor"},
	"emergency":    {"emergency_name", "emergency_relationship", "emergency_phone", "emergency_email"},
	"preferences":  {"billing_type", "default_service_id", "messaging_on"},
	"clinician":    {"assigned_clinician_id"},
	"tags":         {},
}

// groupSection marks the sections only a group chart has; sharedSection those every chart has.
var (
	groupSection  = map[string]bool{"name": true}
	sharedSection = map[string]bool{"preferences": true, "clinician": true, "tags": true}
)

// sectionForm fills a section's form with the client's current values.
func sectionForm(c model.Client, section string) form {
	f := newForm()
	all := map[string]string{
		"name": c.GroupName, "first_name": c.FirstName, "last_name": c.LastName, "legal_first_name": c.LegalFirstName, "legal_last_name": c.LegalLastName,
		"pronouns": c.Pronouns, "email": c.Email, "phone": c.Phone, "address_line1": c.Address.Line1, "address_line2": c.Address.Line2,
		"address_city": c.Address.City, "address_region": c.Address.Region, "address_postal_code": c.Address.PostalCode,
		"address_country": c.Address.Country, "date_of_birth": c.DateOfBirth, "sex": c.Sex, "gender_identity": c.GenderIdentity,
		"emergency_name": c.Emergency.Name, "emergency_relationship": c.Emergency.Relationship, "emergency_phone": c.Emergency.Phone,
		"emergency_email": c.Emergency.Email, "billing_type": string(c.BillingType), "assigned_clinician_id": c.AssignedClinicianID,
		"default_service_id": c.DefaultServiceID,
	}
	if c.MessagingOn {
		all["messaging_on"] = "on"
	}
	for _, k := range sectionFields[section] {
		f.Values[k] = all[k]
	}
	return f
}

// sectionChange reads a submitted section into a change; only that section's fields are set.
func sectionChange(r *http.Request, section string) (model.ClientChange, form) {
	f := formFrom(r, sectionFields[section]...)
	g := func(k string) *string { v := f.Get(k); return &v }
	var ch model.ClientChange
	switch section {
	case "name":
		ch.GroupName = g("name")
	case "account":
		ch.FirstName, ch.LastName, ch.LegalFirstName, ch.LegalLastName, ch.Pronouns = g("first_name"), g("last_name"), g("legal_first_name"), g("legal_last_name"), g("pronouns")
	case "contact":
		ch.Email, ch.Phone, ch.ConfirmDistinctEmail = g("email"), g("phone"), f.Distinct("email")
		ch.Address = &model.Address{Line1: f.Get("address_line1"), Line2: f.Get("address_line2"), City: f.Get("address_city"),
			Region: f.Get("address_region"), PostalCode: f.Get("address_postal_code"), Country: f.Get("address_country")}
	case "demographics":
		ch.DateOfBirth, ch.Sex, ch.GenderIdentity = g("date_of_birth"), g("sex"), g("gender_identity")
		ch.ConfirmAdultMinor = f.Get("confirm_adult_minor") == "on"
	case "emergency":
		ch.Emergency = &model.EmergencyContact{Name: f.Get("emergency_name"), Relationship: f.Get("emergency_relationship"),
			Phone: f.Get("emergency_phone"), Email: f.Get("emergency_email")}
	case "preferences":
		b := model.BillingType(f.Get("billing_type"))
		on := f.Get("messaging_on") == "on"
		ch.BillingType, ch.MessagingOn, ch.DefaultServiceID = &b, &on, g("default_service_id")
	case "clinician":
		ch.AssignedClinicianID = g("assigned_clinician_id")
	}
	return ch, f
}

// fieldSection maps a problem's field name to the form field it belongs to ("address.city" → "address_city").
func formField(name string) string {
	return strings.NewReplacer("address.", "address_", "emergency_contact.", "emergency_").Replace(name)
}

// clientEditForm shows one Details section as a form, in place on the chart.
func (s *Server) clientEditForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	section := r.PathValue("section")
	if _, ok := sectionFields[section]; !ok {
		return model.ErrNotFound
	}
	data, err := s.chartData(w, r, p, section, newForm())
	if err != nil {
		return err
	}
	if groupSection[section] != data.C.IsGroup() && !sharedSection[section] {
		return model.ErrNotFound
	}
	if !data.C.CanChange {
		return model.ErrForbidden
	}
	data.Form = sectionForm(data.C.Client, section)
	s.render(w, r, http.StatusOK, "client_chart", data)
	return nil
}

// clientEditSubmit saves one section; a refusal shows the section again with messages and what was typed.
func (s *Server) clientEditSubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	section := r.PathValue("section")
	if _, ok := sectionFields[section]; !ok {
		return model.ErrNotFound
	}
	ch, f := sectionChange(r, section)
	var tagIDs *[]string
	if section == "tags" {
		ids := r.PostForm["tag"]
		if ids == nil {
			ids = []string{}
		}
		tagIDs = &ids
	}
	c, err := s.Clients.Update(r.Context(), p, r.PathValue("id"), ch, tagIDs)
	if err == nil {
		s.setFlash(w, "Saved.")
		http.Redirect(w, r, "/clients/"+r.PathValue("id")+"?tab="+detailsTab(c)+"#"+section, http.StatusSeeOther)
		return nil
	}
	if !validation(err, &f) {
		return err
	}
	for k, v := range f.Errors {
		f.Errors[formField(k)] = v
		if !slices.Contains(sectionFields[section], formField(k)) && f.Message == "" {
			f.Message = v // a problem outside this section's fields still shows
		}
	}
	data, err := s.chartData(w, r, p, section, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusUnprocessableEntity, "client_chart", data)
	return nil
}
