package demo

import (
	"context"
	"fmt"
	"time"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// The demo practice's services (issue 16): the common psychotherapy codes, with rates in cents.
var serviceRows = []model.Service{
	{Name: "Diagnostic evaluation (intake)", Code: "90791", DurationMinutes: 60, RateCents: 20000},
	{Name: "Psychotherapy, 45 minutes", Code: "90834", DurationMinutes: 45, RateCents: 13000},
	{Name: "Psychotherapy, 60 minutes", Code: "90837", DurationMinutes: 60, RateCents: 16000},
	{Name: "Family or couples therapy", Code: "90847", DurationMinutes: 50, RateCents: 15000},
	{Name: "Group psychotherapy", Code: "90853", DurationMinutes: 90, RateCents: 6000, Group: true},
}

// demoServices are the ids of the stored services a generated chart's default comes from.
type demoServices struct {
	intake, fortyFive, sixty, family, group string
}

// defaultFor picks the i-th generated chart's default service without the random source, so the
// generated names and details stay what they were before services existed.
func (s demoServices) defaultFor(c model.Client, i int) string {
	switch {
	case c.Kind == model.KindMinor:
		return s.fortyFive
	case i%7 == 3:
		return "" // a few have none chosen yet
	case i%3 == 0:
		return s.sixty
	}
	return s.fortyFive
}

// addServices stores the demo services in the practice.
func addServices(ctx context.Context, q store.Q, practiceID string, now time.Time) (demoServices, error) {
	ids := make([]string, len(serviceRows))
	for i, sv := range serviceRows {
		sv.ID, sv.PracticeID, sv.CreatedAt, sv.UpdatedAt = id.New(), practiceID, now, now
		if err := store.InsertService(ctx, q, sv); err != nil {
			return demoServices{}, fmt.Errorf("demo: services: %w", err)
		}
		ids[i] = sv.ID
	}
	return demoServices{intake: ids[0], fortyFive: ids[1], sixty: ids[2], family: ids[3], group: ids[4]}, nil
}

// payers are fictional insurance companies.
var payers = []string{"Northwind Health", "Bluewater Mutual", "Evergreen Care Plan", "Harborview Insurance"}

// insurance gives most generated insurance-billed adults and minors a primary policy, and some a
// secondary one; a minor's policy is held by a parent.
func insurance(ctx context.Context, q store.Q, c model.Client, i int) error {
	if c.BillingType != model.BillingInsurance || i%4 == 1 {
		return nil
	}
	pol := model.InsurancePolicy{ID: id.New(), PracticeID: c.PracticeID, ChartID: c.ID, PersonID: c.PersonID,
		Payer: payers[i%len(payers)], MemberID: fmt.Sprintf("W%09d", 100000+i*37), GroupNumber: fmt.Sprintf("G%05d", 1000+i%97),
		SubscriberName: c.FirstName + " " + c.LastName, SubscriberRelationship: model.SubscriberSelf, Priority: model.PolicyPrimary,
		StartsOn: c.CreatedAt.Format("2006") + "-01-01", CreatedAt: c.CreatedAt, UpdatedAt: c.CreatedAt}
	if c.Kind == model.KindMinor {
		pol.SubscriberName, pol.SubscriberRelationship = "", model.SubscriberParent
	}
	if err := store.InsertPolicy(ctx, q, pol); err != nil {
		return fmt.Errorf("demo: insurance: %w", err)
	}
	if i%5 != 0 {
		return nil
	}
	sec := pol
	sec.ID, sec.Priority, sec.Payer = id.New(), model.PolicySecondary, payers[(i+1)%len(payers)]
	sec.MemberID = fmt.Sprintf("S%09d", 200000+i*41)
	if err := store.InsertPolicy(ctx, q, sec); err != nil {
		return fmt.Errorf("demo: insurance: %w", err)
	}
	return nil
}
