package web

import (
	"net/url"
	"slices"
	"time"

	"tend/internal/model"
	"tend/internal/store"
)

// grid places appointments on the calendar's rows: quarter hours from startHour to endHour, local time.
type grid struct {
	zone               *time.Location
	startHour, endHour int
}

// newGrid sizes the hours to the appointments present: 7:00 to 20:00, or wider to hold them all.
func newGrid(items []store.AppointmentRow, zone *time.Location) grid {
	g := grid{zone: zone, startHour: defaultStart, endHour: defaultEnd}
	for _, it := range items {
		start := it.StartsAt.In(zone)
		g.startHour = min(g.startHour, start.Hour())
		endMin := minuteOfDay(start) + it.DurationMinutes
		g.endHour = max(g.endHour, min(24, (endMin+59)/60))
	}
	return g
}

func minuteOfDay(t time.Time) int { return t.Hour()*60 + t.Minute() }

// row is the grid row of a minute of the day (the heading is row 1).
func (g grid) row(minute int) int { return headRows + 1 + (minute-g.startHour*60)/rowMinutes }

// fill lays out a column: the day's appointments (of clinician, or everyone's when ""), side by side
// where they overlap, and each empty half hour's booking link (for slotClinician).
func (g grid) fill(col *calCol, day time.Time, items []store.AppointmentRow, clinician, slotClinician string, loc model.Locale, showClinician bool) {
	next := day.AddDate(0, 0, 1)
	var laneEnd []time.Time // when each lane is free again
	var appts []calItem
	var ends []time.Time // each placed appointment's end, beside appts
	for _, it := range items {
		if it.StartsAt.Before(day) || !it.StartsAt.Before(next) || (clinician != "" && it.ClinicianID != clinician) {
			continue
		}
		lane := -1
		for i, e := range laneEnd {
			if !e.After(it.StartsAt) {
				lane = i
				break
			}
		}
		if lane < 0 {
			if len(laneEnd) == maxLanes {
				col.More++
				continue
			}
			lane = len(laneEnd)
			laneEnd = append(laneEnd, time.Time{})
		}
		laneEnd[lane] = it.EndsAt()
		start := it.StartsAt.In(g.zone)
		from := minuteOfDay(start)
		to := min(from+it.DurationMinutes, 24*60)
		span := max(1, (to-from+rowMinutes-1)/rowMinutes)
		if from%rowMinutes+to-from > span*rowMinutes {
			span++ // a start off the quarter hour reaches into one more row
		}
		a := &calAppt{URL: "/appointments/" + it.ID, Time: loc.Clock(it.StartsAt) + "–" + loc.Clock(it.EndsAt()), Name: it.ChartName,
			Service: it.ServiceName, Status: it.Status}
		if showClinician {
			a.Clinician = it.ClinicianName
		}
		appts = append(appts, calItem{Row: g.row(from), Span: span, Lane: lane + 1, Appt: a, start: it.StartsAt})
		ends = append(ends, it.EndsAt())
	}
	col.Lanes, col.Count = max(1, len(laneEnd)), len(appts)
	widenAlone(appts, ends)
	busy := map[int]bool{} // rows an appointment covers: a link under it could not be reached
	for _, a := range appts {
		for r := a.Row; r < a.Row+a.Span; r++ {
			busy[r] = true
		}
	}
	// Merge the empty half hours' links with the appointments, in time order.
	k := 0
	for m := g.startHour * 60; m < g.endHour*60; m += 30 {
		for k < len(appts) && appts[k].Row < g.row(m) {
			col.Items = append(col.Items, appts[k])
			k++
		}
		if busy[g.row(m)] || busy[g.row(m)+1] {
			continue
		}
		at := time.Date(day.Year(), day.Month(), day.Day(), m/60, m%60, 0, 0, g.zone)
		v := url.Values{"start": {at.Format("2006-01-02T15:04")}}
		if slotClinician != "" {
			v.Set("clinician", slotClinician)
		}
		col.Items = append(col.Items, calItem{Row: g.row(m), Span: 2, SlotURL: "/appointments/new?" + v.Encode(),
			SlotLabel: "Book " + weekdayName(day) + " " + loc.Date(at) + ", " + loc.Clock(at)})
	}
	col.Items = append(col.Items, appts[k:]...)
}

// widenAlone lets each appointment that overlaps no other take the column's whole width, however many
// lanes the column's busier hours need; appts are in time order, ends beside them.
func widenAlone(appts []calItem, ends []time.Time) {
	for i := range appts {
		before := i > 0 && slices.ContainsFunc(ends[:i], func(e time.Time) bool { return e.After(appts[i].start) })
		after := i+1 < len(appts) && appts[i+1].start.Before(ends[i])
		appts[i].Wide = !before && !after
	}
}
