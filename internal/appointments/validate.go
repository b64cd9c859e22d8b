package appointments

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// checkDuration refuses a length outside 1 minute to 23 h 59 min.
func checkDuration(pr model.Problems, field string, minutes int) {
	if minutes < 1 || minutes > model.MaxAppointmentMinutes {
		pr.Add(field, fmt.Sprintf("Give a length from 1 to %d minutes: a session is shorter than a day.", model.MaxAppointmentMinutes))
	}
}

// checkLocation normalizes and checks where the session is: an office (a room or an address, optional)
// or a telehealth link (http or https).
func checkLocation(pr model.Problems, kind, where *string) {
	*kind, *where = strings.TrimSpace(*kind), strings.TrimSpace(*where)
	if *kind == "" {
		*kind = model.LocationOffice
	}
	switch *kind {
	case model.LocationOffice:
	case model.LocationTelehealth:
		u, err := url.Parse(*where)
		if *where == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			pr.Add("location", "Give the telehealth link, starting with https:// (or http://).")
		}
	default:
		pr.Add("location_kind", "Choose office or telehealth.")
	}
	if len(*where) > model.MaxLocation {
		pr.Add("location", fmt.Sprintf("Keep the location under %d characters.", model.MaxLocation))
	}
}

// checkClinician makes sure a staff member of the practice who may hold charts is the clinician.
func checkClinician(ctx context.Context, q store.Q, pr model.Problems, practiceID, staffID string) error {
	if !id.Valid(staffID) {
		pr.Add("clinician_id", "Choose the clinician.")
		return nil
	}
	st, err := store.StaffByID(ctx, q, practiceID, staffID)
	switch {
	case errors.Is(err, model.ErrNotFound):
		pr.Add("clinician_id", "There is no such staff member in your practice.")
	case err != nil:
		return err
	case !authz.Assignable(st):
		pr.Add("clinician_id", "Choose an active clinician: this staff member does not see clients.")
	}
	return nil
}

// checkService makes sure a service is one the practice offers, and returns its default length.
func checkService(ctx context.Context, q store.Q, pr model.Problems, practiceID, serviceID string) (int, error) {
	if serviceID == "" {
		return 0, nil
	}
	if !id.Valid(serviceID) {
		pr.Add("service_id", "There is no such service in your practice.")
		return 0, nil
	}
	minutes, archived, err := store.ServiceForBooking(ctx, q, practiceID, serviceID)
	switch {
	case errors.Is(err, model.ErrNotFound):
		pr.Add("service_id", "There is no such service in your practice.")
	case err != nil:
		return 0, err
	case archived:
		pr.Add("service_id", "This service is archived: choose one the practice still offers.")
	}
	return minutes, nil
}

// duration decides an appointment's length: the minutes given, else the end given, else the service's
// default. It records what is wrong on pr and returns 0 then.
func duration(pr model.Problems, minutes *int, end string, start time.Time, startOK bool, serviceMinutes int, loc *time.Location) int {
	switch {
	case minutes != nil:
		checkDuration(pr, "duration_minutes", *minutes)
		return *minutes
	case strings.TrimSpace(end) != "":
		e, ok := parseTime(end, loc)
		if !ok {
			pr.Add("ends_at", "Give the end as a date and time, 2026-03-02T15:50 (or an RFC 3339 time).")
			return 0
		}
		if !startOK {
			return 0
		}
		if !e.After(start) {
			pr.Add("ends_at", "The end is before the start: choose an end after it.")
			return 0
		}
		m := int(e.Sub(start) / time.Minute)
		checkDuration(pr, "ends_at", m)
		return m
	case serviceMinutes > 0:
		return serviceMinutes
	}
	pr.Add("duration_minutes", "Give the length in minutes, or choose a service.")
	return 0
}
