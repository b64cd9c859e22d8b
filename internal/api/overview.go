package api

import (
	"encoding/json"
	"net/http"
	"time"

	"tend/internal/appointments"
	"tend/internal/model"
	"tend/internal/overview"
)

// overviewJSON is a chart at a glance (CL-10). A block the person may not see, or that is not part of
// this server yet, is absent (not empty): billing staff get no scores, documents or clinical blocks.
type overviewJSON struct {
	Client      overviewClientJSON     `json:"client"`
	Flags       []overviewFlagJSON     `json:"flags"`
	Scores      *[]overviewSeriesJSON  `json:"scores,omitempty"`
	Documents   *overviewDocumentsJSON `json:"documents,omitempty"`
	Diagnoses   *[]overviewDiagJSON    `json:"diagnoses,omitempty"`
	RecentNotes *[]overviewNoteJSON    `json:"recent_notes,omitempty"`
	Drafts      *[]overviewNoteJSON    `json:"drafts,omitempty"`
	Plans       *[]overviewPlanJSON    `json:"treatment_plans,omitempty"`
	// NextAppointment is the chart's next scheduled appointment, null when none is booked.
	NextAppointment json.RawMessage `json:"next_appointment,omitempty"`
	// Tasks are the chart's open and overdue task counts (TK-1); absent for staff who may not see tasks.
	Tasks        *overviewTasksJSON `json:"tasks,omitempty"`
	Capabilities overviewCanJSON    `json:"can"`
}

type overviewTasksJSON struct {
	Open    int `json:"open"`
	Overdue int `json:"overdue"`
}

type overviewClientJSON struct {
	ID            string               `json:"id"`
	Kind          string               `json:"kind"`
	Name          string               `json:"name"`
	Pronouns      string               `json:"pronouns"`
	Age           *int                 `json:"age"` // null without a date of birth
	Status        string               `json:"status"`
	ClinicianID   string               `json:"assigned_clinician_id"`
	ClinicianName string               `json:"clinician_name"`
	Tags          []tagJSON            `json:"tags"`
	Members       []overviewMemberJSON `json:"members,omitempty"` // couple and family charts
	Groups        []overviewGroupJSON  `json:"groups,omitempty"`  // the couple and family charts the client is in
}

type overviewGroupJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type overviewMemberJSON struct {
	ID                string `json:"id"` // the member's own chart; open only when can_open
	Name              string `json:"name"`
	IdentifiedPatient bool   `json:"identified_patient"`
	CanOpen           bool   `json:"can_open"`
}

type overviewFlagJSON struct {
	Kind     string `json:"kind"`
	Text     string `json:"text"`
	RecordID string `json:"record_id,omitempty"`
}

type overviewSeriesJSON struct {
	TemplateID string              `json:"template_id"`
	Name       string              `json:"name"`
	MemberName string              `json:"member_name,omitempty"`
	Max        int                 `json:"max"`
	Latest     overviewPointJSON   `json:"latest"`
	Change     *int                `json:"change"` // latest minus the one before; null with one score
	Points     []overviewPointJSON `json:"points"` // oldest first, up to 12
}

type overviewPointJSON struct {
	DocumentID  string    `json:"document_id"`
	Score       int       `json:"score"`
	Severity    string    `json:"severity"`
	Flag        string    `json:"flag"`
	CompletedAt time.Time `json:"completed_at"`
}

type overviewDocumentsJSON struct {
	Open           []overviewDocJSON `json:"open"`
	OpenMore       int               `json:"open_more"`
	Unreviewed     []overviewDocJSON `json:"unreviewed"`
	UnreviewedMore int               `json:"unreviewed_more"`
}

type overviewDocJSON struct {
	ID           string     `json:"id"`
	TemplateName string     `json:"template_name"`
	MemberName   string     `json:"member_name,omitempty"`
	Status       string     `json:"status"`
	Score        *int       `json:"score"`
	Severity     string     `json:"severity"`
	Flag         string     `json:"flag"`
	RequestedAt  time.Time  `json:"requested_at"`
	CompletedAt  *time.Time `json:"completed_at"`
}

type overviewDiagJSON struct {
	ID          string  `json:"id"`
	Code        string  `json:"code"`
	Description string  `json:"description"`
	Label       string  `json:"label"`
	Primary     bool    `json:"primary"`
	Onset       *string `json:"onset"` // YYYY-MM-DD
}

type overviewNoteJSON struct {
	ID          string `json:"id"`
	Date        string `json:"date"` // of service, YYYY-MM-DD
	Kind        string `json:"kind"`
	State       string `json:"state"`
	Author      string `json:"author"`
	Late        bool   `json:"late"`
	NeedsCosign bool   `json:"needs_cosign"`
}

type overviewPlanJSON struct {
	ID              string  `json:"id"`
	Title           string  `json:"title"`
	Version         int     `json:"version"`
	ReviewDate      *string `json:"review_date"` // YYYY-MM-DD
	ReviewDue       bool    `json:"review_due"`
	ClinicianSigned bool    `json:"clinician_signed"`
	ClientSigned    bool    `json:"client_signed"`
	Shared          bool    `json:"shared"`
}

type overviewNextJSON struct {
	ID              string    `json:"id"`
	StartsAt        time.Time `json:"starts_at"`   // UTC
	LocalStart      string    `json:"local_start"` // in the practice's time zone, 2026-03-02T15:00
	DurationMinutes int       `json:"duration_minutes"`
	ClinicianName   string    `json:"clinician_name"`
	ServiceName     string    `json:"service_name"`
	LocationKind    string    `json:"location_kind"`
	Location        string    `json:"location"`
}

type overviewCanJSON struct {
	SendDocuments bool `json:"send_documents"`
	AddDiagnoses  bool `json:"add_diagnoses"`
	WriteNotes    bool `json:"write_notes"`
	ChangePlans   bool `json:"change_plans"`
}

// getOverview returns a chart at a glance; the read is audited like opening the chart.
func (s *Server) getOverview(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	o, err := s.Overview.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toOverview(o))
	return nil
}

func toOverview(o overview.Overview) overviewJSON {
	c := o.Chart
	out := overviewJSON{
		Client: overviewClientJSON{ID: c.ID, Kind: string(c.Kind), Name: c.Name(), Pronouns: c.Pronouns, Status: string(c.Status()),
			ClinicianID: c.AssignedClinicianID, ClinicianName: o.ClinicianName, Tags: make([]tagJSON, 0, len(c.Tags))},
		Flags: make([]overviewFlagJSON, 0, len(o.Flags)),
		Capabilities: overviewCanJSON{SendDocuments: o.CanSendDocuments, AddDiagnoses: o.ShowsDiagnoses && o.CanAddDiagnoses, WriteNotes: o.ShowsNotes && o.CanWriteNotes,
			ChangePlans: o.ShowsPlans && o.CanChangePlans},
	}
	if o.Age >= 0 {
		out.Client.Age = &o.Age
	}
	for _, t := range c.Tags {
		out.Client.Tags = append(out.Client.Tags, tagJSON{ID: t.ID, Name: t.Name})
	}
	for _, m := range c.Members {
		out.Client.Members = append(out.Client.Members, overviewMemberJSON{ID: m.Client.ID, Name: m.Client.Name(), IdentifiedPatient: m.IdentifiedPatient, CanOpen: m.CanOpen})
	}
	for _, g := range c.Groups {
		out.Client.Groups = append(out.Client.Groups, overviewGroupJSON{g.ID, g.Name})
	}
	for _, f := range o.Flags {
		out.Flags = append(out.Flags, overviewFlagJSON{f.Kind, f.Text, f.RecordID})
	}
	if o.ShowsScores {
		ss := make([]overviewSeriesJSON, 0, len(o.Scores))
		for _, s := range o.Scores {
			js := overviewSeriesJSON{TemplateID: s.TemplateID, Name: s.Name, MemberName: s.MemberName, Max: s.Max, Latest: toPoint(s.Latest())}
			if d, _, ok := s.Change(); ok {
				js.Change = &d
			}
			for _, pt := range s.Points {
				js.Points = append(js.Points, toPoint(pt))
			}
			ss = append(ss, js)
		}
		out.Scores = &ss
	}
	if o.ShowsDocuments {
		out.Documents = &overviewDocumentsJSON{Open: toOverviewDocs(o.Documents.Open), OpenMore: o.Documents.OpenMore,
			Unreviewed: toOverviewDocs(o.Documents.Unreviewed), UnreviewedMore: o.Documents.UnreviewedMore}
	}
	if o.ShowsDiagnoses {
		ds := make([]overviewDiagJSON, 0, len(o.Diagnoses))
		for _, d := range o.Diagnoses {
			ds = append(ds, overviewDiagJSON{ID: d.ID, Code: d.Code, Description: d.Description, Label: d.Label, Primary: d.Primary, Onset: optDay(d.Onset)})
		}
		out.Diagnoses = &ds
	}
	if o.ShowsNotes {
		out.RecentNotes = toOverviewNotes(o.Notes)
	}
	if o.ShowsDrafts {
		out.Drafts = toOverviewNotes(o.Drafts)
	}
	if o.ShowsPlans {
		ps := make([]overviewPlanJSON, 0, len(o.Plans))
		for _, p := range o.Plans {
			ps = append(ps, overviewPlanJSON{ID: p.ID, Title: p.Title, Version: p.Version, ReviewDate: optDay(p.ReviewDate), ReviewDue: p.ReviewDue,
				ClinicianSigned: p.ClinicianSigned, ClientSigned: p.ClientSigned, Shared: p.Shared})
		}
		out.Plans = &ps
	}
	if o.ShowsTasks {
		out.Tasks = &overviewTasksJSON{Open: o.Tasks.Open, Overdue: o.Tasks.Overdue}
	}
	if o.ShowsNext {
		out.NextAppointment = json.RawMessage("null")
		if n := o.Next; n != nil {
			b, err := json.Marshal(overviewNextJSON{ID: n.ID, StartsAt: n.StartsAt.UTC(), LocalStart: n.Local.Format(appointments.LocalLayout),
				DurationMinutes: n.DurationMinutes, ClinicianName: n.ClinicianName, ServiceName: n.ServiceName, LocationKind: n.LocationKind, Location: n.Location})
			if err == nil {
				out.NextAppointment = b
			}
		}
	}
	return out
}

func toPoint(p overview.Point) overviewPointJSON {
	return overviewPointJSON{DocumentID: p.RequestID, Score: p.Score, Severity: p.Band, Flag: p.Flag, CompletedAt: p.At}
}

func toOverviewDocs(rs []model.DocumentRequest) []overviewDocJSON {
	out := make([]overviewDocJSON, 0, len(rs))
	for _, r := range rs {
		d := overviewDocJSON{ID: r.ID, TemplateName: r.TemplateName, MemberName: r.MemberName, Status: string(r.State), Score: r.Score,
			Severity: r.Band, Flag: r.Flag, RequestedAt: r.RequestedAt}
		if !r.CompletedAt.IsZero() {
			at := r.CompletedAt
			d.CompletedAt = &at
		}
		out = append(out, d)
	}
	return out
}

func toOverviewNotes(ns []overview.Note) *[]overviewNoteJSON {
	out := make([]overviewNoteJSON, 0, len(ns))
	for _, n := range ns {
		out = append(out, overviewNoteJSON{ID: n.ID, Date: n.Date, Kind: n.Kind, State: n.State, Author: n.AuthorName,
			Late: n.Late, NeedsCosign: n.NeedsCosign})
	}
	return &out
}

// optDay is a calendar date (YYYY-MM-DD) for JSON; nil for none.
func optDay(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
