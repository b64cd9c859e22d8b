package api

import (
	"net/http"
	"time"

	"tend/internal/clientportal"
	"tend/internal/httpx"
	"tend/internal/model"
	"tend/internal/reflections"
	"tend/internal/store"
	"tend/internal/tasks"
)

// portalHandler is a portal API action for a signed-in portal user.
type portalHandler func(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error

// portal authenticates the portal session cookie (never a staff session or token) before h.
func (s *Server) portal(h portalHandler) handler {
	return func(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
		pp, err := s.Portal.Authenticate(r.Context(), s.PortalCookies.Token(r), httpx.ClientIP(r))
		if err != nil {
			return err
		}
		return h(w, r, pp)
	}
}

type portalAccountJSON struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

// portalChartJSON is a chart a portal user can reach, or a connection request about one.
type portalChartJSON struct {
	ID           string   `json:"id"` // the access id: what /api/v1/portal/charts/{id} takes
	PracticeName string   `json:"practice_name"`
	ChartName    string   `json:"chart_name"`
	ChartKind    string   `json:"chart_kind"`
	Role         string   `json:"role"`
	Permissions  []string `json:"permissions"`
	// PracticeBanner is the practice's notice to its portal users (PT-7), "" when it has none.
	PracticeBanner string `json:"practice_banner"`
}

func toPortalChart(a store.AccountAccess) portalChartJSON {
	return portalChartJSON{ID: a.ID, PracticeName: a.PracticeName, ChartName: a.ChartName, ChartKind: string(a.ChartKind),
		Role: string(a.Role), Permissions: a.Permissions.Strings(), PracticeBanner: a.PracticeBanner}
}

func toPortalCharts(as []store.AccountAccess) []portalChartJSON {
	out := make([]portalChartJSON, 0, len(as))
	for _, a := range as {
		out = append(out, toPortalChart(a))
	}
	return out
}

// portalMeJSON is the signed-in portal user with what they can reach and the requests waiting for them.
type portalMeJSON struct {
	Account  portalAccountJSON `json:"account"`
	Charts   []portalChartJSON `json:"charts"`
	Requests []portalChartJSON `json:"requests"`
}

func (s *Server) writePortalMe(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal, status int) error {
	h, err := s.Portal.Home(r.Context(), pp)
	if err != nil {
		return err
	}
	writeJSON(w, status, portalMeJSON{portalAccountJSON{pp.AccountID, pp.Email, pp.Name}, toPortalCharts(h.Charts), toPortalCharts(h.Requests)})
	return nil
}

type portalRegisterRequest struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

// portalRegister creates a portal account through an invitation's token and signs the person in.
func (s *Server) portalRegister(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
	var in portalRegisterRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	res, err := s.Portal.Register(r.Context(), in.Token, in.Password, httpx.ClientIP(r), s.PortalCookies.Token(r))
	if err != nil {
		return err
	}
	s.PortalCookies.Set(w, res.Token)
	pp := model.PortalPrincipal{AccountID: res.Account.ID, Email: res.Account.Email, Name: res.Account.Name}
	return s.writePortalMe(w, r, pp, http.StatusCreated)
}

// portalLogin signs a portal user in and sets the portal session cookie.
func (s *Server) portalLogin(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
	var in loginRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	res, err := s.Portal.Login(r.Context(), in.Email, in.Password, httpx.ClientIP(r), s.PortalCookies.Token(r), s.PortalCookies.Device(r))
	if err != nil {
		return err
	}
	s.PortalCookies.Set(w, res.Token)
	s.PortalCookies.SetDevice(w, res.Device)
	pp := model.PortalPrincipal{AccountID: res.Account.ID, Email: res.Account.Email, Name: res.Account.Name}
	return s.writePortalMe(w, r, pp, http.StatusOK)
}

// portalLogout ends the portal session.
func (s *Server) portalLogout(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	if err := s.Portal.Logout(r.Context(), pp); err != nil {
		return err
	}
	s.PortalCookies.Clear(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// portalMe returns the signed-in portal user, their charts and waiting requests.
func (s *Server) portalMe(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	return s.writePortalMe(w, r, pp, http.StatusOK)
}

// portalForgot emails a portal password reset link; 202 whether or not the email has an account.
func (s *Server) portalForgot(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
	var in forgotRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.Portal.RequestPasswordReset(r.Context(), in.Email, httpx.ClientIP(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

// portalReset sets a new portal password through a reset link's token.
func (s *Server) portalReset(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
	var in resetRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.Portal.ResetPassword(r.Context(), in.Token, in.Password, httpx.ClientIP(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// portalRequests lists the connection requests waiting for the signed-in person.
func (s *Server) portalRequests(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	reqs, err := s.Portal.Requests(r.Context(), pp)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, items[portalChartJSON]{Items: toPortalCharts(reqs)})
	return nil
}

// portalAnswer approves or declines a connection request.
func (s *Server) portalAnswer(approve bool) portalHandler {
	return func(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
		a, err := s.Portal.AnswerRequest(r.Context(), pp, r.PathValue("id"), approve)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, toPortalChart(a))
		return nil
	}
}

// portalChartHomeJSON is one chart's portal home.
type portalChartHomeJSON struct {
	portalChartJSON
	Appointments []appointmentJSON `json:"appointments"`
	ToDo         []toDoJSON        `json:"to_do"`
	Completed    []doneJSON        `json:"completed"`
	// WhoOpenedURL is where "who opened my record" is, for a person who may see it (PT-11).
	WhoOpenedURL string `json:"who_opened_url,omitempty"`
	// SharedNotesURL lists the reflections shared on the chart, for a person with that permission (PT-7).
	SharedNotesURL string `json:"shared_notes_url,omitempty"`
	// TasksURL lists the chart's tasks, for a person with the tasks permission (TK-1).
	TasksURL string `json:"tasks_url,omitempty"`
}

type toDoJSON struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// doneJSON is a finished document on a chart's home: to read again and download (issue 13, item 12).
type doneJSON struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	State      string    `json:"state"` // completed or signed
	FinishedAt time.Time `json:"finished_at"`
	URL        string    `json:"url"`
	PDFURL     string    `json:"pdf_url"`
}

// appointmentJSON is an upcoming appointment in the portal.
type appointmentJSON struct {
	Start           time.Time `json:"start"`
	End             time.Time `json:"end"`
	DurationMinutes int       `json:"duration_minutes"`
	What            string    `json:"what"`
	Clinician       string    `json:"clinician"`
	LocationKind    string    `json:"location_kind"`
	Location        string    `json:"location"`
}

func toPortalAppointment(a clientportal.Appointment) appointmentJSON {
	kind := model.LocationOffice
	if a.Telehealth {
		kind = model.LocationTelehealth
	}
	return appointmentJSON{a.Start, a.Start.Add(time.Duration(a.DurationMinutes) * time.Minute), a.DurationMinutes, a.What, a.Clinician, kind, a.Location}
}

// portalChart opens one chart: what to do now, what is completed and upcoming appointments.
func (s *Server) portalChart(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	h, err := s.Portal.Chart(r.Context(), pp, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := portalChartHomeJSON{portalChartJSON: toPortalChart(h.Access), Appointments: []appointmentJSON{},
		ToDo: []toDoJSON{}, Completed: []doneJSON{}}
	for _, a := range h.Appointments {
		out.Appointments = append(out.Appointments, toPortalAppointment(a))
	}
	docs, err := s.Documents.PortalChartDocuments(r.Context(), pp, h.Access.ID)
	if err != nil {
		return err
	}
	for _, d := range docs.ToDo {
		out.ToDo = append(out.ToDo, toDoJSON{d.TemplateName, "/api/v1/portal/documents/" + d.ID})
	}
	if s.Tasks != nil && tasks.SeesTasks(pp, h.Access) { // TK-1: open tasks wait too, never a private to-do or another member's
		l, err := s.Tasks.PortalGlance(r.Context(), pp, h.Access.ID)
		if err != nil {
			return err
		}
		for _, t := range l.Open {
			out.ToDo = append(out.ToDo, toDoJSON{t.Title, "/api/v1/portal/charts/" + h.Access.ID + "/tasks/" + t.ID})
		}
		out.TasksURL = "/api/v1/portal/charts/" + h.Access.ID + "/tasks"
	}
	for _, d := range docs.Done {
		u := "/api/v1/portal/documents/" + d.ID
		out.Completed = append(out.Completed, doneJSON{d.ID, d.TemplateName, string(d.State), d.FinishedAt(), u, u + "/pdf"})
	}
	if h.ShowsOpened {
		out.WhoOpenedURL = "/api/v1/portal/charts/" + h.Access.ID + "/opened"
	}
	if reflections.SeesShared(pp, h.Access) {
		out.SharedNotesURL = "/api/v1/portal/charts/" + h.Access.ID + "/reflections"
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// openedLineJSON is what one role did on one day (PT-11).
type openedLineJSON struct {
	Who     string `json:"who"` // your_clinician, a staff role, or practice (the setup on the day the chart was added)
	Views   int    `json:"views"`
	Changes int    `json:"changes"`
	Setup   bool   `json:"setup"`
	Summary string `json:"summary"`
}

type openedDayJSON struct {
	Day   string           `json:"day"` // YYYY-MM-DD in the practice's time zone
	Lines []openedLineJSON `json:"lines"`
}

type openedJSON struct {
	ChartID string          `json:"chart_id"`
	Days    []openedDayJSON `json:"days"`
	More    bool            `json:"more"` // older activity exists than these days
}

// portalOpened is "who opened my record": staff views and changes by day and role, never by name.
func (s *Server) portalOpened(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	o, err := s.Portal.WhoOpened(r.Context(), pp, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := openedJSON{ChartID: o.Access.ID, Days: make([]openedDayJSON, 0, len(o.Days)), More: o.More}
	for _, d := range o.Days {
		day := openedDayJSON{Day: d.Day.Format(time.DateOnly), Lines: make([]openedLineJSON, 0, len(d.Lines))}
		for _, l := range d.Lines {
			day.Lines = append(day.Lines, openedLineJSON{l.Who, l.Views, l.Changes, l.Setup, l.Summary})
		}
		out.Days = append(out.Days, day)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// portalAppointments lists a chart's upcoming appointments, for a person allowed to see them.
func (s *Server) portalAppointments(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	as, err := s.Portal.Appointments(r.Context(), pp, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := items[appointmentJSON]{Items: make([]appointmentJSON, 0, len(as))}
	for _, a := range as {
		out.Items = append(out.Items, toPortalAppointment(a))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// portalJoin starts a self-registration at a practice's portal address: 202 whether or not the email
// has an account; 404 when the practice takes no registrations.
func (s *Server) portalJoin(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
	var in forgotRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.Portal.RequestRegistration(r.Context(), r.PathValue("slug"), in.Email, httpx.ClientIP(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

type portalJoinRequest struct {
	Token     string `json:"token"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Password  string `json:"password"`
}

// portalJoinComplete finishes a self-registration with the emailed link's token and signs the person in.
func (s *Server) portalJoinComplete(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
	var in portalJoinRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	res, err := s.Portal.CompleteRegistration(r.Context(), r.PathValue("slug"), in.Token, in.FirstName, in.LastName, in.Password,
		httpx.ClientIP(r), s.PortalCookies.Token(r))
	if err != nil {
		return err
	}
	s.PortalCookies.Set(w, res.Token)
	pp := model.PortalPrincipal{AccountID: res.Account.ID, Email: res.Account.Email, Name: res.Account.Name}
	return s.writePortalMe(w, r, pp, http.StatusCreated)
}

// portalPassword changes the signed-in portal user's password; their other sessions end.
func (s *Server) portalPassword(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	var in passwordRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.Portal.ChangePassword(r.Context(), pp, in.CurrentPassword, in.NewPassword); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type emailChangeRequest struct {
	CurrentPassword string `json:"current_password"`
	Email           string `json:"email"`
}

// portalEmail asks to change the account's email: a link goes to the new address.
func (s *Server) portalEmail(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	var in emailChangeRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.Portal.RequestEmailChange(r.Context(), pp, in.CurrentPassword, in.Email); err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

type tokenRequest struct {
	Token string `json:"token"`
}

// portalEmailConfirm makes an email change with the link's token; every session of the account ends.
func (s *Server) portalEmailConfirm(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
	var in tokenRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := s.Portal.ConfirmEmailChange(r.Context(), in.Token, httpx.ClientIP(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
