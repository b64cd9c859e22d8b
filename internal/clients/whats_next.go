package clients

import (
	"context"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// NextStep is one item of a chart's What's next checklist (CL-5); it ticks itself when done.
type NextStep struct {
	Key   string // "portal", "documents", "first_session", "treatment_plan"
	Label string
	Done  bool
}

// nextSteps are CL-5's items in order. Those whose feature is not built yet (ready false) are left out
// until it is.
var nextSteps = []struct {
	key, label string
	ready      bool
}{
	{"portal", "Invite to the portal", true},
	{"documents", "Assign intake documents", true},
	{"first_session", "Schedule the first session", true},
	{"treatment_plan", "Set up a treatment plan", true},
}

// whatsNext works out the checklist of chart c for the principal: inviting is done once anyone has an
// invitation or access (even a declined or ended one does not count), documents once any was requested
// and not withdrawn, the first session once any appointment is booked and not cancelled (billing books
// appointments too), a treatment plan once the chart has one. Staff who never see documents or plans
// (billing) do not get those items.
func (s *Service) whatsNext(ctx context.Context, q store.Q, a access, c model.Client) ([]NextStep, error) {
	var out []NextStep
	for _, it := range nextSteps {
		if !it.ready {
			continue
		}
		st := NextStep{Key: it.key, Label: it.label}
		switch it.key {
		case "portal":
			acc, err := store.PortalAccessOfChart(ctx, q, c.ID)
			if err != nil {
				return nil, err
			}
			for _, x := range acc {
				st.Done = st.Done || x.State == model.AccessInvited || x.State == model.AccessRequested ||
					x.State == model.AccessActive || x.State == model.AccessDisabled
			}
		case "documents":
			if !a.can(authz.View, authz.DocumentRequests, c) {
				continue
			}
			live, err := store.HasLiveRequests(ctx, q, c.ID)
			if err != nil {
				return nil, err
			}
			st.Done = live
		case "first_session":
			if !a.can(authz.View, authz.Appointments, c) {
				continue
			}
			has, err := store.ChartHasAppointment(ctx, q, c.ID)
			if err != nil {
				return nil, err
			}
			st.Done = has
		case "treatment_plan":
			if !a.can(authz.View, authz.TreatmentPlans, c) {
				continue
			}
			has, err := store.ChartHasPlan(ctx, q, c.ID)
			if err != nil {
				return nil, err
			}
			st.Done = has
		}
		out = append(out, st)
	}
	return out, nil
}
