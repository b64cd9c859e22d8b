package clients

import (
	"context"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// ChartWho is the principal as the policy sees them in charts (the practice's "clinicians see all" and,
// for supervisors, whom they supervise), for use cases whose rules need more than VisibleChart: a record
// kept to its author (psychotherapy notes) or a resource with its own row (reflections).
func (s *Service) ChartWho(ctx context.Context, q store.Q, p model.Principal) (authz.Who, error) {
	a, err := s.accessFor(ctx, q, p)
	return a.who, err
}

// privateTabs says whether the chart shows the principal a Psychotherapy notes tab (their own notes:
// owners, clinicians and supervisors; never admins or billing) and a Reflections tab.
func (a access) privateTabs(c model.Client) (psychotherapy, reflections bool) {
	own := authz.InChart(authz.PsychotherapyNotes, c)
	own.AuthorID = a.p.StaffID
	return authz.Can(a.who, authz.View, own), a.can(authz.View, authz.Reflections, c)
}
