package web

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"tend/internal/appointments"
	"tend/internal/authz"
	"tend/internal/model"
)

// calendarPage is the calendar (issue 16, item 4): a week or a day of one clinician's appointments, or
// of the whole practice for those the policy lets see it, on a CSS grid of quarter hours in the
// practice's time zone. Each empty half hour is a link that books it.
type calendarPage struct {
	page
	View         string // "week" or "day"
	Date         string // the day asked about, YYYY-MM-DD
	Clinician    string // the staff id shown, or "all"
	Clinicians   []model.Staff
	PracticeWide bool
	Refused      bool   // the practice was asked for by someone who may see only their own calendar
	Heading      string // the range, in the practice's date format
	PrevURL      string
	NextURL      string
	TodayURL     string
	WeekURL      string
	DayURL       string
	NewURL       string
	Times        []calTime
	Cols         []calCol
	LaneCols     bool // columns are clinicians (the practice's day)
}

// calTime is an hour label of the grid's time column.
type calTime struct {
	Label string
	Row   int
}

// calCol is one column of the grid: a day, or a clinician on the practice's day.
type calCol struct {
	Heading, Sub string
	Today        bool
	HeadURL      string // the day view of this day, or this clinician's calendar
	Lanes        int    // side-by-side lanes that overlapping appointments need, 1 to maxLanes
	Items        []calItem
	Count        int // appointments shown
	More         int // appointments beyond maxLanes overlapping, shown on the day view
}

// calItem is an empty half hour's booking link or an appointment, in time order.
type calItem struct {
	Row, Span, Lane int
	Wide            bool      // an appointment that overlaps no other: the column's whole width
	start           time.Time // an appointment's start, while the column is laid out
	SlotURL         string    // an empty slot when set
	SlotLabel       string
	Appt            *calAppt
}

// calAppt is an appointment as the grid shows it.
type calAppt struct {
	URL, Time, Name, Service, Clinician string
	Status                              model.AppointmentStatus
}

// Grid geometry: rows of 15 minutes after a heading row; the hours shown grow to hold every appointment.
const (
	rowMinutes   = 15
	headRows     = 1
	defaultStart = 7
	defaultEnd   = 20
	maxLanes     = 8
)

// calendar shows the calendar page: ?view=week|day&date=YYYY-MM-DD&clinician=<staff id>|all.
func (s *Server) calendar(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pg, err := s.base(w, r, p, "Calendar", "calendar")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	view := q.Get("view")
	if view != "day" {
		view = "week"
	}
	zone := pg.Loc.Zone
	if zone == nil {
		zone = time.UTC
	}
	now := s.Accounts.Now().In(zone)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, zone)
	day := today
	if d, err := time.ParseInLocation(time.DateOnly, q.Get("date"), zone); err == nil {
		day = d
	}
	first, days := day, 1
	if view == "week" {
		first = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7)) // Monday
		days = 7
	}
	end := first.AddDate(0, 0, days)
	clinician := q.Get("clinician")
	if clinician == "" {
		clinician = p.StaffID
	}
	asked := ""
	if clinician != "all" {
		asked = clinician
	}
	rg, err := s.readRange(r, p, first, end, asked)
	if err != nil {
		return err
	}
	staff, err := s.Accounts.ListStaff(r.Context(), p)
	if err != nil {
		return err
	}
	data := calendarPage{page: pg, View: view, Date: day.Format(time.DateOnly), Clinician: clinician, PracticeWide: rg.PracticeWide}
	if clinician == "all" && !rg.PracticeWide {
		data.Refused, data.Clinician = true, p.StaffID
	}
	names := map[string]string{}
	for _, st := range staff {
		names[st.ID] = st.Name
		if authz.Assignable(st) || st.ID == data.Clinician {
			data.Clinicians = append(data.Clinicians, st)
		}
	}
	link := func(v, d, who string) string {
		return "/calendar?" + url.Values{"view": {v}, "date": {d}, "clinician": {who}}.Encode()
	}
	data.PrevURL = link(view, first.AddDate(0, 0, -days).Format(time.DateOnly), data.Clinician)
	data.NextURL = link(view, first.AddDate(0, 0, days).Format(time.DateOnly), data.Clinician)
	data.TodayURL = link(view, today.Format(time.DateOnly), data.Clinician)
	data.WeekURL, data.DayURL = link("week", data.Date, data.Clinician), link("day", data.Date, data.Clinician)
	data.NewURL = "/appointments/new"
	if data.Clinician != "all" {
		data.NewURL += "?" + url.Values{"clinician": {data.Clinician}}.Encode()
	}
	data.Heading = weekdayName(first) + " " + pg.Loc.Date(first)
	if days > 1 {
		data.Heading = pg.Loc.Date(first) + " – " + pg.Loc.Date(end.AddDate(0, 0, -1))
	}
	g := newGrid(rg.Items, zone)
	for h := g.startHour; h < g.endHour; h++ {
		data.Times = append(data.Times, calTime{Label: pg.Loc.Clock(time.Date(2000, 1, 1, h, 0, 0, 0, zone)), Row: g.row(h * 60)})
	}
	slotFor := data.Clinician
	if slotFor == "all" {
		slotFor = ""
	}
	if view == "day" && data.Clinician == "all" {
		data.LaneCols = true
		seen := map[string]bool{}
		cols := data.Clinicians
		for _, it := range rg.Items { // a former clinician's appointments still show
			if !seen[it.ClinicianID] && !slices.ContainsFunc(cols, func(st model.Staff) bool { return st.ID == it.ClinicianID }) {
				cols = append(cols, model.Staff{ID: it.ClinicianID, Name: it.ClinicianName})
			}
			seen[it.ClinicianID] = true
		}
		for _, st := range cols {
			col := calCol{Heading: st.Name, HeadURL: link("day", data.Date, st.ID)}
			g.fill(&col, day, rg.Items, st.ID, st.ID, pg.Loc, false)
			data.Cols = append(data.Cols, col)
		}
	} else {
		for i := range days {
			d := first.AddDate(0, 0, i)
			col := calCol{Heading: weekdayName(d), Sub: pg.Loc.Date(d), Today: d.Equal(today), HeadURL: link("day", d.Format(time.DateOnly), data.Clinician)}
			g.fill(&col, d, rg.Items, "", slotFor, pg.Loc, data.PracticeWide)
			data.Cols = append(data.Cols, col)
		}
	}
	s.render(w, r, http.StatusOK, "calendar", data)
	return nil
}

// readRange reads every page of the range (a busy practice's week fits in one).
func (s *Server) readRange(r *http.Request, p model.Principal, from, to time.Time, clinician string) (appointments.Range, error) {
	in := appointments.RangeQuery{From: from.Format(appointments.LocalLayout), To: to.Format(appointments.LocalLayout), ClinicianID: clinician}
	rg, err := s.Appointments.Range(r.Context(), p, in)
	for err == nil && rg.Next.ID != "" {
		in.After = rg.Next
		var more appointments.Range
		more, err = s.Appointments.Range(r.Context(), p, in)
		rg.Items, rg.Next = append(rg.Items, more.Items...), more.Next
	}
	return rg, err
}

func weekdayName(d time.Time) string { return d.Weekday().String()[:3] }
