package audit

import (
	"time"

	"tend/internal/model"
)

// StaffEvent starts a successful audit event by a staff member p at at: action on the record
// (recordType, recordID) of chartID. With recordID "" the event is about the chart itself.
func StaffEvent(p model.Principal, at time.Time, action, chartID, recordType, recordID string) model.AuditEvent {
	e := model.AuditEvent{PracticeID: p.PracticeID, At: at, ActorType: model.ActorStaff, ActorID: p.StaffID, ActorRole: string(p.Role),
		Action: action, RecordType: recordType, RecordID: recordID, ChartID: chartID, IP: p.IP, Outcome: model.OutcomeSuccess}
	if recordID == "" {
		e.RecordType, e.RecordID = "chart", chartID
	}
	return e
}
