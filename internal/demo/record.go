package demo

import (
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"tend/internal/outbox"
	"tend/internal/reminders"
	"time"

	"tend/internal/appointments"
	"tend/internal/clinical"
	"tend/internal/files"
	"tend/internal/ledger"
	"tend/internal/model"
	"tend/internal/notes"
	"tend/internal/plangen"
	"tend/internal/plans"
	"tend/internal/psychnotes"
	"tend/internal/reflections"
	"tend/internal/store"
	"tend/internal/tasks"
)

// ChartsPerClinician caps the charts that get a clinical record: the first active ones of each
// clinician, so a demo of 50,000 clients fills as quickly as one of 60.
const ChartsPerClinician = 6

// picks collects, as clients are generated, the charts that get a clinical record: individuals and
// minors in care with their setup done, who joined long enough ago for months of notes.
type picks struct {
	since time.Time
	by    map[string][]model.Client // by clinician, in the order generated
}

func (p *picks) add(c model.Client) {
	if c.Kind == model.KindGroup || c.State != model.StateActive || !c.SetupComplete() || c.CreatedAt.After(p.since) ||
		len(p.by[c.AssignedClinicianID]) >= ChartsPerClinician {
		return
	}
	p.by[c.AssignedClinicianID] = append(p.by[c.AssignedClinicianID], c)
}

// step is one thing a person did in the record at a moment; steps run in time order.
type step struct {
	at time.Time
	do func(ctx context.Context) error
}

// recorder writes a year of clinical record through the real use cases, on a clock set to each step's
// moment: notes are written after their session, signed later, co-signed later still.
type recorder struct {
	svc        Services
	practice   model.Practice
	people     map[string]model.Principal // staff by id, as they act
	supervisor string
	supervised map[string]bool
	rng        *rand.Rand
	now        time.Time
	steps      []step
	clock      time.Time
	// The use cases, on the recorder's clock.
	notes       *notes.Service
	clinical    *clinical.Service
	psychnotes  *psychnotes.Service
	reflections *reflections.Service
	plans       *plans.Service
	appts       *appointments.Service
	// The money of the record (PY-1): payments and adjustments, and the plan's own random source.
	ledger *ledger.Service
	mrng   *rand.Rand
	// reminders sends the reminders that come due as the record runs, on the record's clock.
	reminders *reminders.Service
	// files puts a handout and a client's upload on the portal client's chart (issue 17); nil puts none.
	files *files.Service
	// tasks assigns homework and private to-dos (TK-1); nil assigns none.
	tasks *tasks.Service
}

// templates are the note templates each clinician prefers, in the order of the staff list.
var templates = []string{"soap", "dap", "birp", "soap", "free"}

// fill plans the record of each picked chart (and of the portal client's chart, which also gets shared
// reflections), then runs the plan in time order.
func (r *recorder) fill(ctx context.Context, clinicians []string, picked picks, portalChart string) error {
	at := func() time.Time { return r.clock }
	ns, cs, ps, tp := *r.svc.Notes, *r.svc.Clinical, *r.svc.PsychNotes, *r.svc.Plans
	ns.Now, cs.Now, ps.Now, tp.Now = at, at, at, at
	r.plans = &tp
	if r.svc.Appointments != nil {
		ap := *r.svc.Appointments
		ap.Now = at
		r.appts = &ap
	}
	if r.svc.Ledger != nil {
		lg := *r.svc.Ledger
		lg.Now = at
		r.ledger = &lg
	}
	if r.svc.Files != nil {
		fs := *r.svc.Files
		fs.Now = at
		r.files = &fs
	}
	r.mrng = newMoneyRand(16)
	if r.svc.Reminders != nil && r.svc.Reminders.Mail != nil {
		rm, ob := *r.svc.Reminders, *r.svc.Reminders.Mail
		ob.Now, rm.Now, rm.Mail = at, at, &ob
		r.reminders = &rm
	}
	rs := r.svc.Reflections // it holds a lazily built renderer that must not be copied: a new one, without mail
	r.notes, r.clinical, r.psychnotes = &ns, &cs, &ps
	r.reflections = &reflections.Service{Store: rs.Store, Audit: rs.Audit, Reads: rs.Reads, Now: at, Charts: rs.Charts}
	r.tasksService(at)
	if portalChart != "" { // the portal client's chart always has a record, for the portal's shared notes
		c, err := store.ClientByID(ctx, r.svc.Accounts.Store.R(), r.practice.ID, portalChart)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(picked.by[c.AssignedClinicianID], func(x model.Client) bool { return x.ID == c.ID }) {
			picked.by[c.AssignedClinicianID] = append(picked.by[c.AssignedClinicianID], c)
		}
	}
	for i, staffID := range clinicians {
		for j, c := range picked.by[staffID] {
			r.chart(c, j, templates[i%len(templates)], c.ID == portalChart)
		}
	}
	if len(clinicians) > 0 {
		if err := r.groupSessions(ctx, clinicians[0], picked.by[clinicians[0]]); err != nil {
			return err
		}
	}
	slices.SortStableFunc(r.steps, func(a, b step) int { return a.at.Compare(b.at) })
	for _, s := range r.steps {
		r.clock = s.at
		if err := s.do(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (r *recorder) plan(at time.Time, do func(ctx context.Context) error) {
	r.steps = append(r.steps, step{at: at.UTC().Truncate(time.Millisecond), do: do})
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// latest is the last moment a step may take place: a little before now.
func (r *recorder) latest() time.Time { return r.now.Add(-2 * time.Minute) }

// sessionDays are a chart's days of service over the past year, oldest first: every cadence days, on
// working days, the last one about lastAgo days before today, none before the person joined.
func (r *recorder) sessionDays(c model.Client, lastAgo, cadence, count int) []time.Time {
	loc := r.practice.Location()
	local := r.now.In(loc)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	first := later(r.now.AddDate(-1, 0, 0), c.CreatedAt)
	var days []time.Time
	for k := range count {
		d := today.AddDate(0, 0, -lastAgo-k*cadence)
		if k > 0 {
			d = d.AddDate(0, 0, r.rng.IntN(3)-1)
		}
		if d.Weekday() == time.Sunday { // the practice sees clients Monday to Saturday
			d = d.AddDate(0, 0, -1)
		}
		if d.Before(first) {
			break
		}
		days = append(days, d)
	}
	slices.Reverse(days)
	return days
}

// chart plans one chart's year: an intake with its clinical information, then sessions with notes. The
// j-th chart of a clinician: the first ends with a late draft, the second with yesterday's draft.
func (r *recorder) chart(c model.Client, j int, template string, portal bool) {
	p := r.people[c.AssignedClinicianID]
	prof := pick(r.rng, adultProfiles)
	if c.Kind == model.KindMinor {
		prof = pick(r.rng, minorProfiles)
	}
	lastAgo := 1 + r.rng.IntN(10)
	switch j {
	case 0:
		lastAgo = 5 + r.rng.IntN(5)
	case 1:
		lastAgo = 1
	}
	cadence := pick(r.rng, []int{7, 7, 14, 14, 21, 28})
	days := r.sessionDays(c, lastAgo, cadence, 4+r.rng.IntN(13))
	if len(days) == 0 {
		return
	}
	duration := pick(r.rng, []int{50, 53, 45})
	hour := 8 + r.rng.IntN(9)
	sessions := make([]time.Time, len(days))
	for i, d := range days {
		sessions[i] = d.Add(time.Duration(hour)*time.Hour + time.Duration(r.rng.IntN(4)*15)*time.Minute)
	}
	r.intake(c, p, prof, sessions)
	newestSigned := -1 // a supervisee's newest signed note still waits for the co-signature
	for i := len(sessions) - 1; i >= 0; i-- {
		fromNewest := len(sessions) - 1 - i
		draft := fromNewest == 0 && (j < 2 || r.rng.IntN(4) == 0) && !portal || r.rng.IntN(40) == 0 && !portal
		if !draft && newestSigned < 0 {
			newestSigned = i
		}
		r.note(c, p, prof, template, sessions, i, duration, draft, i == newestSigned, fromNewest == 2 || r.rng.IntN(12) == 0)
	}
	if j == 0 || portal {
		for k := range 1 + r.rng.IntN(2) {
			s := sessions[max(0, len(sessions)-2-2*k)]
			body, day := pick(r.rng, processNotes), s.Format(time.DateOnly)
			r.plan(s.Add(time.Duration(duration+40)*time.Minute), func(ctx context.Context) error {
				_, err := r.psychnotes.Create(ctx, p, c.ID, model.PsychotherapyNoteChange{Date: &day, Body: &body})
				return err
			})
		}
	}
	if portal {
		r.shareReflections(c, p, sessions)
		r.shareFiles(c, p, sessions)
		r.messages(c, p)
	}
	if j == 0 || portal {
		r.homeworkOf(c, p, sessions, portal)
	}
	r.treatmentPlan(c, p, j, sessions, portal)
	r.appointments(c, p, sessions, duration)
}

// appointments books the chart's sessions as appointments a week before each (attended once they
// start; their notes are the ones written above), and, from today, a weekly series for the next two
// months with one of them cancelled.
func (r *recorder) appointments(c model.Client, p model.Principal, sessions []time.Time, duration int) {
	if r.appts == nil || len(sessions) == 0 {
		return
	}
	money := r.ledger != nil
	var b billing
	if money {
		b = r.billingOf(c)
		r.missed(c, p, sessions, duration, b)
	}
	for i, s := range sessions {
		start := s.UTC().Format(time.RFC3339)
		var id string
		r.plan(s.AddDate(0, 0, -7), func(ctx context.Context) error {
			b, err := r.appts.Book(ctx, p, appointments.BookInput{ChartIDs: []string{c.ID}, ClinicianID: p.StaffID, ServiceID: c.DefaultServiceID,
				Start: start, DurationMinutes: &duration, ConfirmOverlap: true})
			if err == nil && len(b.Appointments) > 0 {
				id = b.Appointments[0].ID
			}
			return err
		})
		r.remind(s.Add(-24*time.Hour + time.Minute))
		r.plan(s.Add(time.Duration(duration)*time.Minute), func(ctx context.Context) error {
			_, err := r.appts.SetStatus(ctx, p, id, model.AppointmentAttended, "")
			return err
		})
		if money && i < len(sessions)-b.owes {
			r.pay(c, p, &id, s.Add(time.Duration(duration)*time.Minute), b)
		}
	}
	last := sessions[len(sessions)-1]
	first := last.AddDate(0, 0, 7)
	for !first.After(r.now) {
		first = first.AddDate(0, 0, 7)
	}
	start := first.UTC().Format(time.RFC3339)
	var series []string
	r.plan(r.latest().Add(-20*time.Minute), func(ctx context.Context) error {
		b, err := r.appts.Book(ctx, p, appointments.BookInput{ChartIDs: []string{c.ID}, ClinicianID: p.StaffID, ServiceID: c.DefaultServiceID,
			Start: start, DurationMinutes: &duration, ConfirmOverlap: true,
			Recurrence: &appointments.Recurrence{Frequency: appointments.FrequencyWeekly, Count: 8}})
		for _, a := range b.Appointments {
			series = append(series, a.ID)
		}
		return err
	})
	r.plan(r.latest().Add(-10*time.Minute), func(ctx context.Context) error {
		if len(series) < 3 {
			return nil
		}
		_, err := r.appts.SetStatus(ctx, p, series[2], model.AppointmentCancelled, "")
		return err
	})
}

// treatmentPlan plans a chart's treatment plan, drafted by the built-in generator in options of the
// clinician's taste after an early session and signed the next day. The first chart of each clinician
// has had its plan for months (its review date has passed); the second has a newer draft waiting for
// the signature; the portal client's plan is shared, so the client can read and sign it.
func (r *recorder) treatmentPlan(c model.Client, p model.Principal, j int, sessions []time.Time, portal bool) {
	k := max(1, len(sessions)-3)
	if j == 0 {
		k = min(1, len(sessions)-1)
	}
	at := sessions[k].Add(3 * time.Hour)
	if !at.Before(r.latest().Add(-time.Hour)) {
		return
	}
	opts := plangen.Options{Length: pick(r.rng, []string{"short", "medium", "long"}), Tone: pick(r.rng, []string{"professional", "conversational", "clinical"}),
		Format: pick(r.rng, []string{"structured", "structured", "narrative", "bullets"})}
	var planID string
	r.plan(at, func(ctx context.Context) error {
		g, err := r.plans.Generate(ctx, p, c.ID, "", plans.GenerateInput{Options: opts})
		planID = g.Plan.ID
		return err
	})
	signed := earlier(at.Add(20*time.Hour), r.latest().Add(-30*time.Minute))
	r.plan(signed, func(ctx context.Context) error {
		_, err := r.plans.Sign(ctx, p, c.ID, planID, 1, p.Name)
		return err
	})
	if portal {
		r.plan(signed.Add(5*time.Minute), func(ctx context.Context) error {
			_, err := r.plans.Share(ctx, p, c.ID, planID, true)
			return err
		})
	}
	if j == 1 && !portal {
		opts.Length = map[string]string{"short": "long", "medium": "long", "long": "short"}[opts.Length] // a visibly different draft
		r.plan(earlier(signed.Add(24*time.Hour), r.latest().Add(-10*time.Minute)), func(ctx context.Context) error {
			_, err := r.plans.Generate(ctx, p, c.ID, planID, plans.GenerateInput{Options: opts})
			return err
		})
	}
}

// intake records the chart's clinical information after its first session, and its later changes: a
// diagnosis resolved and a medication stopped part way through the year.
func (r *recorder) intake(c model.Client, p model.Principal, prof profile, sessions []time.Time) {
	at := sessions[0].Add(90 * time.Minute)
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	onset := day(sessions[0].AddDate(0, -2-r.rng.IntN(20), -r.rng.IntN(28)))
	history, concerns := prof.history[0]+" "+pick(r.rng, prof.history[1:]), prof.concerns
	if r.rng.IntN(3) == 0 {
		history += " Lives with " + pick(r.rng, []string{"a partner", "two flatmates", "a parent", "their children"}) + "."
	}
	r.plan(at, func(ctx context.Context) error {
		_, err := r.clinical.UpdateSummary(ctx, p, c.ID, clinical.SummaryInput{History: &history, Concerns: &concerns})
		return err
	})
	r.plan(at.Add(time.Minute), func(ctx context.Context) error {
		_, err := r.clinical.AddDiagnosis(ctx, p, c.ID, model.DiagnosisInput{Code: prof.code, Label: prof.label, Primary: true, OnsetDate: onset})
		return err
	})
	if len(prof.secondary) > 0 && r.rng.IntN(2) == 0 {
		code := pick(r.rng, prof.secondary)
		r.plan(at.Add(2*time.Minute), func(ctx context.Context) error {
			_, err := r.clinical.AddDiagnosis(ctx, p, c.ID, model.DiagnosisInput{Code: code})
			return err
		})
	}
	mid := sessions[len(sessions)/2].Add(80 * time.Minute)
	if prof.resolved != "" && len(sessions) > 3 {
		var id string
		r.plan(at.Add(3*time.Minute), func(ctx context.Context) error {
			d, err := r.clinical.AddDiagnosis(ctx, p, c.ID, model.DiagnosisInput{Code: prof.resolved, OnsetDate: onset})
			id = d.ID
			return err
		})
		r.plan(mid, func(ctx context.Context) error {
			_, err := r.clinical.ResolveDiagnosis(ctx, p, c.ID, id, "")
			return err
		})
	}
	for k, m := range prof.medications {
		if r.rng.IntN(3) == 0 {
			continue
		}
		in := model.MedicationInput{Name: m.name, Dose: m.dose, Frequency: m.frequency,
			Prescriber: pick(r.rng, []string{"Dr. Ines Lindqvist (family doctor)", "Dr. Kofi Osei (psychiatry)", "Dr. Hana Mori (paediatrics)"}),
			StartDate:  day(sessions[0].AddDate(0, -1-r.rng.IntN(12), 0))}
		added := at.Add(time.Duration(4+k) * time.Minute)
		if k > 0 { // a second medication starts during the year
			added = mid.Add(-time.Hour)
			in.StartDate = day(added)
		}
		var id string
		r.plan(added, func(ctx context.Context) error {
			med, err := r.clinical.AddMedication(ctx, p, c.ID, in)
			id = med.ID
			return err
		})
		if k == 0 && len(sessions) > 3 && r.rng.IntN(3) == 0 {
			r.plan(mid.Add(time.Minute), func(ctx context.Context) error {
				_, err := r.clinical.StopMedication(ctx, p, c.ID, id, "")
				return err
			})
		}
	}
}

// note plans the i-th session's note: written after the session, then (unless a draft) signed, perhaps
// with an addendum, and co-signed by the supervisor when its author is supervised.
func (r *recorder) note(c model.Client, p model.Principal, prof profile, template string, sessions []time.Time, i, duration int,
	draft, newestSigned, addendum bool) {
	s := sessions[i]
	if r.rng.IntN(5) == 0 {
		template = pick(r.rng, templates)
	}
	progress := float64(i) / float64(max(1, len(sessions)-1))
	serviceType, minutes := "Individual therapy", duration
	if i == 0 {
		serviceType, minutes = "Intake assessment", 60
	}
	date, length := s.Format(time.DateOnly), strconv.Itoa(minutes)
	in := model.NoteInput{Sections: noteText(r.rng, template, pick(r.rng, prof.themes), i == 0, draft),
		ServiceDate: &date, DurationMinutes: &length, ServiceType: &serviceType}
	if r.rng.IntN(7) > 0 { // NT-2: most sessions record a mood score, rising over the year with ups and downs
		m := strconv.Itoa(min(10, max(0, prof.moodFrom+int(float64(prof.to-prof.moodFrom)*progress+0.5)+r.rng.IntN(3)-1)))
		in.Mood = &m
	}
	written := earlier(s.Add(time.Duration(minutes+5+r.rng.IntN(25))*time.Minute), r.latest().Add(-time.Minute))
	var id string
	r.plan(written, func(ctx context.Context) error {
		n, err := r.notes.Create(ctx, p, c.ID, template, in)
		id = n.ID
		return err
	})
	if draft {
		return
	}
	signed := written.Add(time.Duration(5+r.rng.IntN(60)) * time.Minute)
	if r.rng.IntN(4) == 0 {
		signed = signed.Add(time.Duration(20+r.rng.IntN(50)) * time.Hour)
	}
	signed = earlier(signed, r.latest())
	r.plan(signed, func(ctx context.Context) error {
		_, err := r.notes.Sign(ctx, p, c.ID, id, p.Name, nil)
		return err
	})
	if a := signed.Add(time.Duration(20+r.rng.IntN(100)) * time.Hour); addendum && a.Before(r.latest()) {
		ad := pick(r.rng, addenda)
		r.plan(a, func(ctx context.Context) error {
			_, err := r.notes.AddAddendum(ctx, p, c.ID, id, ad.reason, ad.body)
			return err
		})
	}
	if co := signed.Add(time.Duration(18+r.rng.IntN(60)) * time.Hour); r.supervised[p.StaffID] && !newestSigned && co.Before(r.latest()) {
		sup := r.people[r.supervisor]
		r.plan(co, func(ctx context.Context) error {
			_, err := r.notes.Cosign(ctx, sup, c.ID, id, sup.Name)
			return err
		})
	}
}

// shareReflections writes three reflections on the portal client's chart after recent sessions: two
// shared with the client, the third shared and taken back.
func (r *recorder) shareReflections(c model.Client, p model.Principal, sessions []time.Time) {
	for k, t := range reflectionTexts {
		s := sessions[max(0, len(sessions)-1-(len(reflectionTexts)-1-k))]
		title, body := t.title, t.body
		var id string
		at := earlier(s.Add(2*time.Hour), r.latest().Add(-time.Hour))
		r.plan(at, func(ctx context.Context) error {
			v, err := r.reflections.Create(ctx, p, c.ID, model.ReflectionChange{Title: &title, Body: &body})
			id = v.ID
			return err
		})
		r.plan(at.Add(10*time.Minute), func(ctx context.Context) error {
			_, err := r.reflections.Share(ctx, p, c.ID, id, false)
			return err
		})
		if k == len(reflectionTexts)-1 {
			r.plan(at.Add(30*time.Minute), func(ctx context.Context) error {
				_, err := r.reflections.Unshare(ctx, p, c.ID, id)
				return err
			})
		}
	}
}

// remind sends, at at, the reminders due then (the practice's default lead is a day), and records the
// emails they queued as delivered a few seconds later, as the mail log of a running practice shows them:
// the sending jobs stay queued and find them sent.
func (r *recorder) remind(at time.Time) {
	if r.reminders == nil {
		return
	}
	r.plan(at, func(ctx context.Context) error {
		if _, err := r.reminders.SendDue(ctx); err != nil {
			return err
		}
		return r.reminders.Store.Tx(ctx, func(q store.Q) error {
			ids, err := store.QueuedMailAt(ctx, q, r.practice.ID, r.clock.UTC().Truncate(time.Millisecond))
			if err != nil {
				return err
			}
			for _, id := range ids {
				if err := store.MailDelivered(ctx, q, id, outbox.StateSent, r.clock.Add(20*time.Second)); err != nil {
					return err
				}
			}
			return nil
		})
	})
}
