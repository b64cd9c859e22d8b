// Package clients holds the use cases of client records: create, read, change, list and search,
// lifecycle (deactivate, archive, restore, delete), bulk actions, tags and the setup wizard. It decides
// who may see and change which chart, and audits every read and write.
package clients

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/store"
)

// Service runs the client use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Reads records the audit events of reads (views, listings): an audit.Batcher (group commit) or, on
	// SQLite, an audit.Spool. Nil writes each in its own transaction.
	Reads ReadRecorder
	Now   func() time.Time
	// Mail queues portal invitations; BaseURL is the public address their links point to.
	Mail    *outbox.Outbox
	BaseURL string
	// QueueBulk queues the background run of a large bulk action (RunBulk) in the transaction that
	// stores it; without it, Bulk runs the action itself.
	QueueBulk func(ctx context.Context, q store.Q, op model.BulkOperation) error
	// RequestDocuments requests templates on chart c inside q, for a portal invitation that sends them
	// (PT-2); on a couple or family chart memberPersonID is the member they are for. Package documents
	// provides it; problems come under "template_ids".
	RequestDocuments func(ctx context.Context, q store.Q, p model.Principal, c model.Client, memberPersonID string, templateIDs []string) error
	// Files deletes a chart's files with it (package files provides it; nil when files are not wired).
	Files ChartFiles
}

// ChartFiles is what deleting a chart needs of its files: their rows go with the chart's (the database
// cascades, chunks included); OfChart lists, inside the deleting transaction, those whose bytes sit outside
// the database, and Removed deletes those bytes once the deletion committed.
type ChartFiles interface {
	OfChart(ctx context.Context, q store.Q, chartID string) ([]string, error)
	Removed(ctx context.Context, fileIDs []string) error
}

// ReadRecorder durably records the audit event of a read (see audit.ReadRecorder).
type ReadRecorder = audit.ReadRecorder

// recordRead audits a read that changed nothing.
func (s *Service) recordRead(ctx context.Context, e model.AuditEvent) error {
	return audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}

// duplicateEmail is the CL-2 message: what to do instead of creating a second record.
const duplicateEmail = "Another client in this practice already has this email. Open their chart instead, " +
	"or add this person as a contact or group member there. Leave the email empty to keep separate records."

// access is what a principal may do with the charts of their practice: the facts package authz needs,
// loaded once per use case.
type access struct {
	p        model.Principal
	practice model.Practice
	who      authz.Who
}

// accessFor loads what access needs: the practice setting and, for supervisors, their supervisees.
func (s *Service) accessFor(ctx context.Context, q store.Q, p model.Principal) (access, error) {
	pr, err := store.PracticeByID(ctx, q, p.PracticeID)
	if err != nil {
		return access{}, fmt.Errorf("clients: loading practice: %w", err)
	}
	a := access{p: p, practice: pr, who: authz.Who{Principal: p, CliniciansSeeAll: pr.CliniciansSeeAll, Supervisees: map[string]bool{},
		AdminSeesClinical: pr.AdminSeesClinical}}
	if authz.NeedsSupervisees(p.Role) {
		staff, err := store.ListStaff(ctx, q, p.PracticeID)
		if err != nil {
			return a, fmt.Errorf("clients: loading supervisees: %w", err)
		}
		for _, st := range staff {
			if st.SupervisorID == p.StaffID {
				a.who.Supervisees[st.ID] = true
			}
		}
	}
	return a, nil
}

// visibility is the store filter for the charts the principal may see.
func (a access) visibility() store.Visibility {
	f := authz.ChartFilter(a.who)
	return store.Visibility{All: f.All, ClinicianID: f.ClinicianID, SupervisorOf: f.SupervisorOf}
}

// can asks the policy whether the principal may do act on res in chart c.
func (a access) can(act authz.Action, res authz.Resource, c model.Client) bool {
	return authz.Can(a.who, act, authz.InChart(res, c))
}

// canSee reports whether the principal may open the chart.
func (a access) canSee(c model.Client) bool { return a.can(authz.View, authz.Charts, c) }

// canChange reports whether the principal may change the chart: supervisees' charts are read-only for
// their supervisor.
func (a access) canChange(c model.Client) bool { return a.can(authz.Change, authz.Charts, c) }

// canAssign reports whether the principal may choose a client's clinician.
func (a access) canAssign() bool { return authz.Can(a.who, authz.Assign, authz.On(authz.Charts)) }

// canDelete reports whether the principal may delete charts for good.
func (a access) canDelete() bool { return authz.Can(a.who, authz.Delete, authz.On(authz.Charts)) }

// load returns a chart the principal may see; one they may not see is model.ErrNotFound, like a missing one.
func (s *Service) load(ctx context.Context, q store.Q, a access, chartID string) (model.Client, error) {
	if !id.Valid(chartID) {
		return model.Client{}, fmt.Errorf("clients: malformed chart id: %w", model.ErrNotFound)
	}
	c, err := store.ClientByID(ctx, q, a.p.PracticeID, chartID)
	if err != nil {
		return c, err
	}
	if !a.canSee(c) {
		return model.Client{}, &hiddenError{chartID: chartID}
	}
	return c, nil
}

// hiddenError is a chart of the principal's practice that they may not see. It answers like a missing
// chart (model.ErrNotFound) but is audited as a denied attempt, so looking up colleagues' clients shows.
type hiddenError struct{ chartID string }

func (e *hiddenError) Error() string {
	return "clients: chart " + e.chartID + " is not visible to this person"
}

// Unwrap makes the error answer as not found.
func (e *hiddenError) Unwrap() error { return model.ErrNotFound }

// auditDenied records a denied attempt when err is a hidden chart or a forbidden change, after the
// use case's transaction has ended (recording inside it would wait for the writer it holds), and
// returns err unchanged.
func (s *Service) auditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error {
	var he *hiddenError
	switch {
	case errors.As(err, &he):
		chartID = he.chartID
	case errors.Is(err, model.ErrForbidden):
	default:
		return err
	}
	e := s.event(p, action, chartID)
	e.Outcome = model.OutcomeDenied
	if rerr := s.recordRead(ctx, e); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// event starts an audit event about a chart.
func (s *Service) event(p model.Principal, action, chartID string) model.AuditEvent {
	return model.AuditEvent{
		PracticeID: p.PracticeID, At: s.Now().UTC(), ActorType: model.ActorStaff, ActorID: p.StaffID,
		ActorRole: string(p.Role), Action: action, RecordType: "chart", RecordID: chartID, ChartID: chartID,
		IP: p.IP, Outcome: model.OutcomeSuccess,
	}
}

// checkClinician adds a problem unless id is empty or an active staff member who sees clients.
func checkClinician(ctx context.Context, q store.Q, practiceID, staffID string, problems model.Problems) error {
	if staffID == "" {
		return nil
	}
	if !id.Valid(staffID) {
		problems.Add("assigned_clinician_id", "Choose a clinician from this practice.")
		return nil
	}
	st, err := store.StaffByID(ctx, q, practiceID, staffID)
	switch {
	case errors.Is(err, model.ErrNotFound):
		problems.Add("assigned_clinician_id", "Choose a clinician from this practice.")
	case err != nil:
		return err
	case !authz.Assignable(st):
		problems.Add("assigned_clinician_id", "Choose an active clinician, supervisor, admin or owner.")
	}
	return nil
}

// checkService adds a problem unless id is empty or a service of the practice that is still offered: a
// chart's default service (issue 16).
func checkService(ctx context.Context, q store.Q, practiceID, serviceID string, problems model.Problems) error {
	const msg = "Choose one of this practice's services."
	if serviceID == "" {
		return nil
	}
	if !id.Valid(serviceID) {
		problems.Add("default_service_id", msg)
		return nil
	}
	sv, err := store.ServiceByID(ctx, q, practiceID, serviceID)
	switch {
	case errors.Is(err, model.ErrNotFound):
		problems.Add("default_service_id", msg)
	case err != nil:
		return err
	case sv.Archived():
		problems.Add("default_service_id", "This service is archived; choose one the practice still offers.")
	}
	return nil
}

// today is the practice's current date, for birth dates.
func (s *Service) today(pr model.Practice) time.Time {
	n := s.Now().In(pr.Location())
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// isEmailConflict turns a unique violation on the person's email into the CL-2 message.
func isEmailConflict(err error) error {
	if errors.Is(err, model.ErrConflict) {
		return &model.ConflictError{Field: "email", Message: duplicateEmail}
	}
	return err
}

// seesAssigned reports whether the principal may see a chart assigned to this clinician.
func (a access) seesAssigned(clinicianID string) bool {
	return a.canSee(model.Client{AssignedClinicianID: clinicianID})
}

// visibleContacts keeps a contact's own chart out of sight when the principal may not see it: that the
// person is a client at all is theirs to know only if the chart is theirs to open.
func (a access) visibleContacts(cs []model.Contact) []model.Contact {
	for i := range cs {
		if cs[i].Person.ChartID != "" && !a.seesAssigned(cs[i].Person.ChartClinicianID) {
			cs[i].Person.ChartID, cs[i].Person.ChartKind, cs[i].Person.ChartClinicianID = "", "", ""
		}
	}
	return cs
}

// visibleGroups keeps the group charts the principal may see.
func (a access) visibleGroups(gs []model.GroupSummary) []model.GroupSummary {
	return slices.DeleteFunc(gs, func(g model.GroupSummary) bool { return !a.seesAssigned(g.ClinicianID) })
}

// visibleLinks keeps the linked charts the principal may see.
func (a access) visibleLinks(ls []store.LinkedChart) []store.LinkedChart {
	return slices.DeleteFunc(ls, func(l store.LinkedChart) bool { return !a.seesAssigned(l.ClinicianID) })
}

// VisibleChart returns a chart the principal may see, or with change set, change, inside q. Other use
// cases (documents) call it so that one set of rules decides who reaches which chart. A chart the
// principal may not reach answers model.ErrNotFound; pass the error to AuditDenied after the transaction.
func (s *Service) VisibleChart(ctx context.Context, q store.Q, p model.Principal, chartID string, change bool) (model.Client, error) {
	a, err := s.accessFor(ctx, q, p)
	if err != nil {
		return model.Client{}, err
	}
	c, err := s.load(ctx, q, a, chartID)
	if err != nil {
		return c, err
	}
	if change && !a.canChange(c) {
		return c, model.ErrForbidden
	}
	return c, nil
}

// AuditDenied records a denied attempt on a chart when err says so (see VisibleChart) and returns err.
func (s *Service) AuditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error {
	return s.auditDenied(ctx, p, action, chartID, err)
}

// VisibilityOf is the store filter of the charts the principal may see, for listings of other use cases.
func (s *Service) VisibilityOf(ctx context.Context, q store.Q, p model.Principal) (store.Visibility, error) {
	a, err := s.accessFor(ctx, q, p)
	if err != nil {
		return store.Visibility{}, err
	}
	return a.visibility(), nil
}

// Who is how the policy sees the principal (the practice's "clinicians see all clients" setting and the
// people they supervise), for the chart-scoped rules of other use cases (session notes).
func (s *Service) Who(ctx context.Context, q store.Q, p model.Principal) (authz.Who, error) {
	a, err := s.accessFor(ctx, q, p)
	return a.who, err
}
