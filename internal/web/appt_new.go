package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"tend/internal/appointments"
	"tend/internal/authz"
	"tend/internal/clients"
	"tend/internal/model"
)

// apptNewPage is the new-appointment form (issue 16, item 4; CL-3, GR-6): the client or clients, found
// by name (or added in place), the clinician, service, time, length, place and recurrence. It works as a
// plain form; calendar.js shows it in a dialog on the calendar.
type apptNewPage struct {
	page
	Form          form
	Chosen        []chartChoice // the charts to book
	Results       choicesView   // the charts found by the search
	Clinicians    []model.Staff
	Services      []model.Service
	GroupService  bool // the chosen service books a group session: more than one client may be chosen
	Overlaps      []overlapView
	AddClient     string // the kind of client being added in place, "" when closed
	Kinds         []kindChoice
	Relationships []model.Relationship
}

// chartChoice is a chart to choose in the form.
type chartChoice struct {
	ID, Name string
	Kind     model.ChartKind
}

// choicesView is the search's results, also served alone as the dialog's find-as-you-type fragment.
type choicesView struct {
	Searched bool
	Query    string
	Multiple bool // checkboxes (a group service) rather than radio buttons
	Items    []chartChoice
}

// overlapView is an appointment in the clinician's way, as the double-booking warning lists it.
type overlapView struct {
	When, Name, URL string
}

// apptFields are the booking fields a refused form keeps.
var apptFields = []string{"q", "clinician_id", "service_id", "starts_at", "duration_minutes", "location_kind", "location",
	"recurrence.frequency", "recurrence.end", "recurrence.until", "recurrence.count", "new.kind", "new.first_name", "new.last_name",
	"new.contacts.0.first_name", "new.contacts.0.last_name", "new.contacts.0.relationship", "new.name",
	"new.members.0.first_name", "new.members.0.last_name", "new.members.1.first_name", "new.members.1.last_name"}

// apptNewForm opens the form: ?start=YYYY-MM-DDTHH:MM&clinician=ID&chart=ID fill it in.
func (s *Server) apptNewForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	q := r.URL.Query()
	f := newForm()
	f.Values["starts_at"] = q.Get("start")
	if _, err := time.Parse(appointments.LocalLayout, f.Values["starts_at"]); err != nil {
		pr, err := s.Accounts.Practice(r.Context(), p)
		if err != nil {
			return err
		}
		now := s.Accounts.Now().In(pr.Location()) // the next whole hour
		f.Values["starts_at"] = time.Date(now.Year(), now.Month(), now.Day(), now.Hour()+1, 0, 0, 0, now.Location()).Format(appointments.LocalLayout)
	}
	f.Values["clinician_id"] = q.Get("clinician")
	f.Values["location_kind"] = model.LocationOffice
	var chosen []string
	if c := q.Get("chart"); c != "" {
		v, err := s.Clients.Get(r.Context(), p, c)
		if err != nil {
			return err
		}
		chosen = []string{v.ID}
		f.Values["service_id"] = v.DefaultServiceID
		if f.Values["clinician_id"] == "" {
			f.Values["clinician_id"] = v.AssignedClinicianID
		}
	}
	if f.Values["clinician_id"] == "" {
		f.Values["clinician_id"] = p.StaffID
	}
	return s.renderApptNew(w, r, p, f, chosen, nil, "", http.StatusOK)
}

// apptNewSubmit books, or (op) finds clients, adds one in place, or takes one off; every typed value stays.
func (s *Server) apptNewSubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, apptFields...)
	services, err := s.Services.List(r.Context(), p, false)
	if err != nil {
		return err
	}
	group := isGroupService(services, f.Get("service_id"))
	chosen := dedupeIDs(r.PostForm["chart_id"])
	picks := dedupeIDs(r.PostForm["pick"])
	if len(picks) > 0 {
		if group {
			chosen = dedupeIDs(append(chosen, picks...))
		} else {
			chosen = picks[:1]
		}
	}
	op := r.PostFormValue("op")
	if len(picks) > 0 && f.Get("service_id") == "" { // a chart just chosen brings its default service
		v, err := s.Clients.Get(r.Context(), p, picks[0])
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			return err
		}
		f.Values["service_id"] = v.DefaultServiceID
	}
	switch {
	case op == "find":
		return s.renderApptNew(w, r, p, f, chosen, nil, "", http.StatusOK)
	case strings.HasPrefix(op, "add:"):
		return s.renderApptNew(w, r, p, f, chosen, nil, kindOf(strings.TrimPrefix(op, "add:")), http.StatusOK)
	case op == "cancel_add":
		return s.renderApptNew(w, r, p, f, chosen, nil, "", http.StatusOK)
	case strings.HasPrefix(op, "remove:"):
		chosen = slices.DeleteFunc(chosen, func(id string) bool { return id == strings.TrimPrefix(op, "remove:") })
		return s.renderApptNew(w, r, p, f, chosen, nil, "", http.StatusOK)
	case op == "create_client":
		kind := kindOf(f.Get("new.kind"))
		c, err := s.createInPlace(r, p, kind, f)
		if err != nil {
			tmp := newForm()
			if !validation(err, &tmp) {
				return err
			}
			for k, v := range tmp.Errors {
				f.Errors["new."+k] = v
			}
			f.Message = "The new client needs attention: look for the messages below."
			return s.renderApptNew(w, r, p, f, chosen, nil, kind, http.StatusUnprocessableEntity)
		}
		if !group {
			chosen = nil
		}
		chosen = append(chosen, c.ID)
		if f.Get("service_id") == "" {
			f.Values["service_id"] = c.DefaultServiceID
		}
		for _, k := range apptFields {
			if strings.HasPrefix(k, "new.") {
				delete(f.Values, k)
			}
		}
		f.Values["q"] = ""
		return s.renderApptNew(w, r, p, f, chosen, nil, "", http.StatusOK)
	}
	in := appointments.BookInput{ChartIDs: chosen, ClinicianID: f.Get("clinician_id"), ServiceID: f.Get("service_id"), Start: f.Get("starts_at"),
		LocationKind: f.Get("location_kind"), Location: f.Get("location"), ConfirmOverlap: op == "confirm"}
	pr := model.Problems{}
	in.DurationMinutes = minutesField(pr, f.Get("duration_minutes"))
	if freq := f.Get("recurrence.frequency"); freq != "" {
		in.Recurrence = &appointments.Recurrence{Frequency: freq}
		if f.Get("recurrence.end") == "count" {
			n, err := strconv.Atoi(strings.TrimSpace(f.Get("recurrence.count")))
			if err != nil || n < 1 {
				pr.Add("recurrence.count", "Give the number of sessions, 1 or more.")
			}
			in.Recurrence.Count = n
		} else {
			in.Recurrence.Until = f.Get("recurrence.until")
		}
	}
	if len(chosen) > 1 && !group {
		pr.Add("chart_id", "Book more than one client at once only with a group service (GR-6): choose a group service, or one client.")
	}
	if err := pr.Err(); err != nil {
		validation(err, &f)
		return s.renderApptNew(w, r, p, f, chosen, nil, "", http.StatusUnprocessableEntity)
	}
	booked, err := s.Appointments.Book(r.Context(), p, in)
	var oe *appointments.OverlapError
	switch {
	case errors.As(err, &oe):
		f.Message = oe.Message()
		return s.renderApptNew(w, r, p, f, chosen, oe, "", http.StatusConflict)
	case err != nil:
		if errors.Is(err, model.ErrNotFound) || !validation(err, &f) {
			return err
		}
		for _, k := range []string{"chart_ids"} {
			if m, ok := f.Errors[k]; ok {
				f.Errors["chart_id"] = m
			}
		}
		return s.renderApptNew(w, r, p, f, chosen, nil, "", http.StatusUnprocessableEntity)
	}
	first := booked.Appointments[0]
	msg := "The appointment is booked."
	if booked.Series != nil {
		msg = "The series is booked: " + strconv.Itoa(len(booked.Appointments)) + " appointments."
	}
	s.setFlash(w, msg)
	dialogRedirect(w, r, calendarWeekURL(first.StartsAt, booked.Zone, first.ClinicianID))
	return nil
}

// dialogRedirect sends the browser on after a change. calendar.js posts the dialog's form with fetch,
// which would follow a redirect itself and take the notice meant for the page: it asks (X-Tend-Dialog)
// for the address instead, in X-Tend-Location, and goes there.
func dialogRedirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.Header.Get("X-Tend-Dialog") != "" {
		w.Header().Set("X-Tend-Location", to)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// calendarWeekURL is the calendar week that holds t, for the clinician.
func calendarWeekURL(t time.Time, zone *time.Location, clinician string) string {
	return "/calendar?" + url.Values{"view": {"week"}, "date": {t.In(zone).Format(time.DateOnly)}, "clinician": {clinician}}.Encode()
}

// minutesField reads an optional length in minutes: nil when empty.
func minutesField(pr model.Problems, v string) *int {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		pr.Add("duration_minutes", "Give the length as a number of minutes, like 50.")
		return nil
	}
	return &n
}

// createInPlace creates the client being added in the form, with the same use cases as New client (CL-3).
func (s *Server) createInPlace(r *http.Request, p model.Principal, kind string, f form) (model.Client, error) {
	v := func(k string) string { return f.Get("new." + k) }
	switch kind {
	case "minor":
		first, last := v("first_name"), v("last_name")
		contact := model.ContactInput{Relationship: model.Relationship(v("contacts.0.relationship")),
			ContactFlags: model.ContactFlags{HandlesBilling: true, MaySign: true, Reminders: true, SeesAppointments: true},
			New:          model.NewPerson{FirstName: v("contacts.0.first_name"), LastName: v("contacts.0.last_name")}}
		return s.Clients.CreateMinor(r.Context(), p, model.ClientChange{FirstName: &first, LastName: &last}, []model.ContactInput{contact})
	case "group":
		name := v("name")
		in := clients.GroupInput{Change: model.ClientChange{GroupName: &name}}
		for i := range 2 {
			pre := "members." + strconv.Itoa(i) + "."
			in.Members = append(in.Members, model.MemberInput{New: model.NewPerson{FirstName: v(pre + "first_name"), LastName: v(pre + "last_name")},
				IdentifiedPatient: i == 0, BillingContact: i == 0, Reminders: true, Bridging: true})
		}
		return s.Clients.CreateGroup(r.Context(), p, in)
	}
	first, last := v("first_name"), v("last_name")
	return s.Clients.Create(r.Context(), p, model.ClientChange{FirstName: &first, LastName: &last})
}

func isGroupService(services []model.Service, id string) bool {
	for _, sv := range services {
		if sv.ID == id {
			return sv.Group
		}
	}
	return false
}

func dedupeIDs(ids []string) []string {
	var out []string
	for _, v := range ids {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// renderApptNew shows the form with its chosen charts, the search's results and any overlap warning.
func (s *Server) renderApptNew(w http.ResponseWriter, r *http.Request, p model.Principal, f form, chosen []string, oe *appointments.OverlapError, adding string, status int) error {
	pg, err := s.base(w, r, p, "New appointment", "calendar")
	if err != nil {
		return err
	}
	data := apptNewPage{page: pg, Form: f, AddClient: adding, Relationships: model.Relationships()}
	if adding != "" {
		data.Kinds = newClientKinds(adding)
		f.Values["new.kind"] = adding
	}
	if data.Services, err = s.Services.List(r.Context(), p, false); err != nil {
		return err
	}
	data.GroupService = isGroupService(data.Services, f.Get("service_id"))
	if data.Clinicians, err = s.assignable(r, p); err != nil {
		return err
	}
	for _, id := range chosen {
		v, err := s.Clients.Get(r.Context(), p, id)
		if errors.Is(err, model.ErrNotFound) {
			continue // a chart out of reach is simply not offered
		}
		if err != nil {
			return err
		}
		data.Chosen = append(data.Chosen, chartChoice{ID: v.ID, Name: v.Name(), Kind: v.Kind})
	}
	if data.Results, err = s.findCharts(r, p, f.Get("q"), data.GroupService, chosen); err != nil {
		return err
	}
	if oe != nil {
		for _, o := range oe.Overlaps {
			ov := overlapView{When: pg.Loc.Time(o.StartsAt) + " · " + strconv.Itoa(o.DurationMinutes) + " min", Name: o.ChartName, URL: "/appointments/" + o.ID}
			if o.ChartName == "" {
				ov.URL = ""
			}
			data.Overlaps = append(data.Overlaps, ov)
		}
	}
	s.render(w, r, status, "appt_new", data)
	return nil
}

// assignable lists the staff who see clients, for the clinician chooser.
func (s *Server) assignable(r *http.Request, p model.Principal) ([]model.Staff, error) {
	staff, err := s.Accounts.ListStaff(r.Context(), p)
	if err != nil {
		return nil, err
	}
	var out []model.Staff
	for _, st := range staff {
		if authz.Assignable(st) {
			out = append(out, st)
		}
	}
	return out, nil
}

// findCharts searches the charts the person may see (the client list's search), leaving out those chosen.
func (s *Server) findCharts(r *http.Request, p model.Principal, q string, multiple bool, chosen []string) (choicesView, error) {
	out := choicesView{Query: strings.TrimSpace(q), Multiple: multiple}
	if out.Query == "" {
		return out, nil
	}
	out.Searched = true
	res, err := s.Clients.List(r.Context(), p, clients.ListQuery{Q: out.Query, PerPage: 8})
	if err != nil {
		var ve *model.ValidationError
		if errors.As(err, &ve) {
			return out, nil
		}
		return out, err
	}
	for _, c := range res.Clients {
		if !slices.Contains(chosen, c.ID) {
			out.Items = append(out.Items, chartChoice{ID: c.ID, Name: c.Name(), Kind: c.Kind})
		}
	}
	return out, nil
}

// apptClientChoices is the find-as-you-type fragment of the form's client search: ?q=…&multiple=1.
func (s *Server) apptClientChoices(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	q := r.URL.Query()
	v, err := s.findCharts(r, p, q.Get("q"), q.Get("multiple") == "1", q["chosen"])
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "appt_choices", v)
	return nil
}
