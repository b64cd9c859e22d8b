package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"tend/internal/audit"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/password"
	"tend/internal/store"
)

// PortalLogin is the demo client's portal sign-in, printed for the newcomer.
type PortalLogin struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	ChartID  string `json:"chart_id"` // the chart the account reaches
}

// Portal gives the demo practice portal users: an individual client in care with an email gets a
// registered account (returned, so the portal can be tried); two new clients (setup not finished) get an
// open invitation, so Pending shows in the client list, and one more client in care does too, so an
// Active client with an open invitation shows as well (ST-1). Their invitation links were never sent, so
// they cannot be used.
func Portal(ctx context.Context, st *store.Store, log *audit.Log, practiceID string, rng *rand.Rand, now time.Time) (PortalLogin, error) {
	cs, err := portalCandidates(ctx, st, practiceID)
	if err != nil || len(cs) == 0 {
		return PortalLogin{}, err
	}
	login := PortalLogin{Email: cs[0].Email, Password: passphrase(rng), ChartID: cs[0].ID}
	hash, err := password.Hash(login.Password)
	if err != nil {
		return PortalLogin{}, err
	}
	err = st.Tx(ctx, func(q store.Q) error {
		acct := model.PortalAccount{ID: id.New(), Email: cs[0].Email, Name: cs[0].Name(), CreatedAt: now}
		if err := store.InsertPortalAccount(ctx, q, acct, hash); err != nil {
			return err
		}
		for i, c := range cs {
			a := model.PortalAccess{ID: id.New(), PracticeID: practiceID, ChartID: c.ID, PersonID: c.PersonID, Role: model.AccessSelf,
				Permissions: model.DefaultFeatures(), Email: c.Email, State: model.AccessInvited, CreatedAt: now}
			if i == 0 {
				a.AccountID, a.State = acct.ID, model.AccessActive
			}
			if err := store.InsertPortalAccess(ctx, q, a); err != nil {
				return err
			}
			inv := model.Invitation{ID: id.New(), Kind: model.InvitationLink, SentAt: now, ExpiresAt: now.Add(7 * 24 * time.Hour)}
			if err := store.InsertInvitation(ctx, q, practiceID, a.ID, "", inv, id.HashToken(id.Token(32))); err != nil {
				return err
			}
			if i == 0 {
				if err := store.UseInvitation(ctx, q, a.ID, now); err != nil {
					return err
				}
				if !c.MessagingOn { // the portal client writes to their clinician (MS-1)
					c.MessagingOn = true
					if err := store.UpdateClient(ctx, q, c); err != nil {
						return err
					}
				}
			}
			if err := store.RefreshPortalState(ctx, q, c.ID); err != nil {
				return err
			}
		}
		return log.Append(ctx, q, model.AuditEvent{PracticeID: practiceID, At: now, ActorType: model.ActorSystem,
			Action: "demo.portal", RecordType: "portal_access", Detail: fmt.Sprintf("registered=1 invited=%d", len(cs)-1)})
	})
	if err != nil {
		return PortalLogin{}, fmt.Errorf("demo: portal: %w", err)
	}
	return login, nil
}

// portalCandidates picks the demo's portal users, in order: the registered one, then the invited ones.
func portalCandidates(ctx context.Context, st *store.Store, practiceID string) ([]model.Client, error) {
	all, err := store.ActiveIndividualsWithEmail(ctx, st.R(), practiceID, 60)
	if err != nil {
		return nil, err
	}
	var inCare, fresh []model.Client
	for _, c := range all {
		if c.SetupComplete() {
			inCare = append(inCare, c)
		} else {
			fresh = append(fresh, c)
		}
	}
	var out []model.Client
	if len(inCare) > 0 {
		out, inCare = append(out, inCare[0]), inCare[1:]
	}
	out = append(out, fresh[:min(2, len(fresh))]...)
	if len(inCare) > 0 {
		out = append(out, inCare[0])
	}
	return out, nil
}
