package api_test

import (
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/testdb"
)

// beaPassword replaces a billing colleague's temporary password, so every route is open to her.
const beaPassword = "ledger lantern orchard pebble"

type nextOut struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Done  bool   `json:"done"`
}

// whatsNext reads a chart's What's next as GET /clients/{id} answers it.
func whatsNext(t *testing.T, c *apptest.Client, chartID string) map[string]bool {
	t.Helper()
	var v struct {
		WhatsNext []nextOut `json:"whats_next"`
	}
	c.API("GET", "/api/v1/clients/"+chartID, nil).JSON(t, &v)
	out := map[string]bool{}
	for _, st := range v.WhatsNext {
		out[st.Key] = st.Done
	}
	return out
}

// CL-5 (issue 13, item 5): the checklist comes from the use case, so the API holds it too. Inviting to
// the portal and assigning documents tick themselves; withdrawing the only document unticks it;
// a treatment plan ticks its item (issue 15, item 7); billing staff, who never see documents or plans,
// get neither item, but do get the first session (they book appointments; issue 16, item 8).
func TestWhatsNextTicksItself(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		h.SMTP(t)
		bea := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		if err := h.App.Accounts.ChangePassword(t.Context(), apptest.As(bea), apptest.StrongPassword, beaPassword, false); err != nil {
			t.Fatal(err)
		}
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		tpl := builtinIDs(t, c)
		var ada clientOut
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.net"}).JSON(t, &ada)

		got := whatsNext(t, c, ada.ID)
		if len(got) != 4 || got["portal"] || got["documents"] || got["first_session"] || got["treatment_plan"] {
			t.Fatalf("a new chart's What's next: %v, want portal, documents, first session and treatment plan, all open", got)
		}
		c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"features": []string{"documents"}})
		if got := whatsNext(t, c, ada.ID); !got["portal"] || got["documents"] {
			t.Fatalf("after the invitation: %v", got)
		}
		c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{tpl["intake"]}})
		if got := whatsNext(t, c, ada.ID); !got["portal"] || !got["documents"] {
			t.Fatalf("after requesting the intake: %v", got)
		}
		c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{}})
		if got := whatsNext(t, c, ada.ID); got["documents"] {
			t.Fatalf("a withdrawn request still ticks documents: %v", got)
		}

		if _, err := h.App.Plans.Create(t.Context(), apptest.As(owner), ada.ID, plans.SaveInput{}); err != nil {
			t.Fatal(err)
		}
		if got := whatsNext(t, c, ada.ID); !got["treatment_plan"] {
			t.Fatalf("after a plan was set up: %v", got)
		}

		b := h.Client()
		b.Login("bea@example.org", beaPassword)
		if got := whatsNext(t, b, ada.ID); len(got) != 2 || !got["portal"] || got["first_session"] {
			t.Fatalf("billing staff's What's next: %v, want the portal item and the first session, open", got)
		}
	})
}
