package api

import "tend/internal/model"

// appointmentOperations document the appointment routes (issue 16, items 3 and 11), kept apart so other
// features' operations merge beside them.
var appointmentOperations = []op{
	{"get", "/api/v1/appointments", "A calendar range, in time order: the appointments overlapping [from, to) (at most 42 days; dates are the start of that day in the practice's time zone, or send RFC 3339 times). With clinician_id, that clinician's calendar; without it, the whole practice's for owners and admins, and your own calendar for everyone else. Only appointments on charts you reach are listed. 2,000 a page: pass next_after as after for the next (\"\" on the last). The read is audited", false, "", "200", "AppointmentPage", []string{"from", "to", "clinician_id", "after"}},
	{"post", "/api/v1/appointments", "Book an appointment (chart_id), a group session (GR-6: chart_ids, one appointment per client at the same time sharing group_session_id) or a recurring series (recurrence: weekly, biweekly or monthly, until a date or for a count, at most 2 years; every occurrence is stored and keeps its local time across daylight-saving changes). starts_at is an RFC 3339 time or a local date and time (2026-03-02T15:00) in the practice's time zone; the length is duration_minutes (1 to 1439), else ends_at, else the service's default. An archived or inactive client, an end before the start, a bad length or a series beyond 2 years is 422 with fields. When the clinician already has appointments at that time, 409 with code overlap and error.overlaps, and nothing is saved: send again with confirm_overlap true to book anyway. All or nothing", false, "AppointmentBook", "201", "AppointmentBooked", nil},
	{"get", "/api/v1/appointments/{id}", "One appointment, with whether you may change it (the read is audited). Another practice's, or one on a chart you do not reach, is 404", false, "", "200", "Appointment", nil},
	{"patch", "/api/v1/appointments/{id}", "Change an appointment's start, length, clinician, service or location. scope this (default) changes it alone (a group session's appointments move together); following changes it and the later scheduled occurrences of its series: a new start moves each by the same local-time shift, and earlier ones are untouched. A move onto the clinician's other appointments is 409 overlap unless confirm_overlap. All or nothing", false, "AppointmentEdit", "200", "AppointmentChanged", nil},
	{"post", "/api/v1/appointments/{id}/status", "Set an appointment's status: scheduled, attended, no_show, late_cancel or cancelled (attended and no-show once it has started). scope following with cancelled cancels the later scheduled occurrences of its series too", false, "AppointmentStatus", "200", "AppointmentChanged", nil},
	{"get", "/api/v1/clients/{id}/appointments", "A chart's appointments, newest first, 50 a page: pass next_before as before for the older page (\"\" on the last). The read is audited", false, "", "200", "AppointmentChartPage", []string{"before"}},
}

func appointmentSchema() obj {
	return object(obj{"id": str(), "client_id": str(), "client_name": str(),
		"client_kind":  obj{"type": "string", "enum": []string{string(model.KindIndividual), string(model.KindMinor), string(model.KindGroup)}},
		"clinician_id": str(), "clinician_name": str(),
		"service_id": obj{"type": "string", "description": "Empty for none"}, "service_name": str(), "service_code": str(),
		"series_id":        obj{"type": "string", "description": "The recurring series it belongs to; empty for a single appointment"},
		"group_session_id": obj{"type": "string", "description": "Shared by the appointments of one group session (GR-6); empty otherwise"},
		"starts_at":        strf("date-time"), "ends_at": strf("date-time"),
		"local_start": obj{"type": "string", "description": "The start in the practice's time zone, YYYY-MM-DDTHH:MM"},
		"time_zone":   str(), "duration_minutes": integer(),
		"location_kind": obj{"type": "string", "enum": []string{model.LocationOffice, model.LocationTelehealth}},
		"location":      obj{"type": "string", "description": "A room or address, or the telehealth link"},
		"status":        obj{"type": "string", "enum": apptStatuses()}, "status_changed_at": nullable("string"),
		"created_by": str(), "created_at": strf("date-time"), "updated_at": strf("date-time"),
		"can": object(obj{"change": boolean()}, "change")},
		"id", "client_id", "clinician_id", "starts_at", "ends_at", "local_start", "duration_minutes", "location_kind", "status")
}

func apptStatuses() []string {
	var out []string
	for _, s := range model.AppointmentStatuses() {
		out = append(out, string(s))
	}
	return out
}

var apptTime = obj{"type": "string", "description": "An RFC 3339 time, or a local date and time YYYY-MM-DDTHH:MM in the practice's time zone"}

// appointmentSchemas are the schemas of the appointment routes.
var appointmentSchemas = obj{
	"Appointment": appointmentSchema(),
	"AppointmentPage": object(obj{"items": obj{"type": "array", "items": ref("Appointment")}, "from": strf("date-time"), "to": strf("date-time"),
		"clinician_id":  obj{"type": "string", "description": "Whose calendar; empty for the whole practice"},
		"practice_wide": boolean(), "next_after": obj{"type": "string", "description": "Pass as after for the next page; empty on the last"}},
		"items", "from", "to", "practice_wide", "next_after"),
	"AppointmentChartPage": object(obj{"items": obj{"type": "array", "items": ref("Appointment")},
		"next_before": obj{"type": "string", "description": "Pass as before for the older page; empty on the last"},
		"can":         object(obj{"change": boolean()}, "change")}, "items", "next_before", "can"),
	"AppointmentBook": object(obj{
		"chart_id":         obj{"type": "string", "description": "The client's chart (individual, minor or group)"},
		"chart_ids":        obj{"type": "array", "items": str(), "maxItems": 50, "description": "A group session: every client's chart"},
		"clinician_id":     obj{"type": "string", "description": "Default: the chart's assigned clinician"},
		"service_id":       obj{"type": "string", "description": "A service the practice offers (not archived)"},
		"starts_at":        apptTime,
		"duration_minutes": obj{"type": "integer", "minimum": 1, "maximum": model.MaxAppointmentMinutes},
		"ends_at":          apptTime,
		"location_kind":    obj{"type": "string", "enum": []string{model.LocationOffice, model.LocationTelehealth}, "description": "Default office"},
		"location":         obj{"type": "string", "maxLength": model.MaxLocation, "description": "A room or address; for telehealth the http(s) link"},
		"recurrence": object(obj{"frequency": obj{"type": "string", "enum": []string{"weekly", "biweekly", "monthly"}},
			"until": obj{"type": "string", "format": "date", "description": "The last day a session may fall on"},
			"count": obj{"type": "integer", "minimum": 1, "description": "The number of sessions; give until or count"}}, "frequency"),
		"confirm_overlap": obj{"type": "boolean", "description": "Book even when the clinician already has appointments then"}}, "starts_at"),
	"AppointmentBooked": object(obj{"appointments": obj{"type": "array", "items": ref("Appointment")},
		"series": obj{"type": []string{"object", "null"}, "properties": obj{"id": str(), "rrule": obj{"type": "string", "description": "RFC 5545, e.g. FREQ=WEEKLY;INTERVAL=2;COUNT=10"},
			"first_local": str(), "time_zone": str()}}}, "appointments", "series"),
	"AppointmentEdit": object(obj{"scope": obj{"type": "string", "enum": []string{"this", "following"}, "description": "Default this"},
		"starts_at": apptTime, "duration_minutes": obj{"type": "integer", "minimum": 1, "maximum": model.MaxAppointmentMinutes},
		"clinician_id": str(), "service_id": obj{"type": "string", "description": "Empty removes the service"},
		"location_kind": obj{"type": "string", "enum": []string{model.LocationOffice, model.LocationTelehealth}}, "location": str(),
		"confirm_overlap": boolean()}),
	"AppointmentStatus": object(obj{"status": obj{"type": "string", "enum": apptStatuses()},
		"scope": obj{"type": "string", "enum": []string{"this", "following"}, "description": "following only with cancelled"}}, "status"),
	"AppointmentChanged": object(obj{"appointments": obj{"type": "array", "items": ref("Appointment")}}, "appointments"),
}
