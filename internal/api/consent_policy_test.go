package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/pdftest"
	"tend/internal/store"
	"tend/internal/testdb"
)

// consentOf returns the practice's built-in consent as the library has it now.
func consentOf(t *testing.T, c *apptest.Client) templateOut {
	t.Helper()
	var tpl templateOut
	c.API("GET", "/api/v1/document-templates/"+builtinIDs(t, c)["consent"], nil).JSON(t, &tpl)
	return tpl
}

func hasField(fs []model.Field, id string) bool {
	for _, f := range fs {
		if f.ID == id {
			return true
		}
	}
	return false
}

// Issue 13, item 19: the built-in consent shows the practice's cancellation policy, a setting, and asks
// the client to confirm it; with no policy it asks nothing about one. A change of the policy is a new
// version of the consent: a consent already signed keeps, on its page and PDF and in its signed content,
// the text it was signed with. A practice whose consent is the first release's (a question about a
// policy it never showed) has it replaced.
// Proves DC-1, DC-4, DC-5.
func TestConsentShowsCancellationPolicy(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		pr, _ := h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		if tpl := consentOf(t, c); tpl.Version != 1 || hasField(tpl.Fields, "cancellation") || hasField(tpl.Fields, "cancellation_policy") {
			t.Fatalf("with no policy the consent asks about one: %+v", tpl.Fields)
		}
		policy := "Cancel at least 24 hours ahead.\nA missed session is charged in full."
		c.API("PATCH", "/api/v1/practice", map[string]any{"cancellation_policy": policy})
		tpl := consentOf(t, c)
		if tpl.Version != 2 || !hasField(tpl.Fields, "cancellation") || tpl.Fields[4].ID != "cancellation_policy" || tpl.Fields[4].Help != policy {
			t.Fatalf("the consent after the policy was set: version %d %+v", tpl.Version, tpl.Fields)
		}

		// Ada signs it: the portal page shows the policy, and signing needs its confirmation.
		var ada clientOut
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.net"}).JSON(t, &ada)
		c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"features": []string{"documents"}})
		p := h.Client()
		p.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword})
		var list struct{ Items []requestOut }
		c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{tpl.ID}}).JSON(t, &list)
		req := list.Items[0].ID
		if page := string(p.Get("/portal/d/" + req).Body); !strings.Contains(page, `<h3 class="docform-heading">Cancellation policy</h3><p class="hint">Cancel at least 24 hours ahead.`) ||
			!strings.Contains(page, "I have read the cancellation policy above and agree to it.") {
			t.Fatalf("the portal's consent does not show the policy:\n%s", page)
		}
		yes := map[string]string{"services": "yes", "confidentiality": "yes", "records": "yes"}
		r := p.API("POST", "/api/v1/portal/documents/"+req+"/sign", map[string]any{"answers": yes, "full_name": "Ada Lovelace", "confirm": true})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["cancellation"] == "" {
			t.Fatalf("signing without confirming the policy: %d %s", r.StatusCode, r.Body)
		}
		yes["cancellation"] = "yes"
		var doc requestOut
		r = p.API("POST", "/api/v1/portal/documents/"+req+"/sign", map[string]any{"answers": yes, "full_name": "Ada Lovelace", "confirm": true})
		if r.JSON(t, &doc); r.StatusCode != 200 || !strings.Contains(doc.Signed, "A missed session is charged in full.") {
			t.Fatalf("sign: %d %s", r.StatusCode, r.Body)
		}

		// The policy changes: the consent gets a new version; the signed one keeps its text.
		c.API("PATCH", "/api/v1/practice", map[string]any{"cancellation_policy": "Cancel two days ahead."})
		if tpl := consentOf(t, c); tpl.Version != 3 || tpl.Fields[4].Help != "Cancel two days ahead." {
			t.Fatalf("after the change: version %d %+v", tpl.Version, tpl.Fields)
		}
		text, err := pdftest.Text(c.API("GET", "/api/v1/document-requests/"+req+"/pdf", nil).Body)
		if err != nil || !strings.Contains(text, "Cancellation policy\nCancel at least 24 hours ahead.\nA missed session is charged in full.") ||
			strings.Contains(text, "two days") {
			t.Fatalf("the signed PDF (%v):\n%s", err, text)
		}
		if page := string(c.Get("/clients/" + ada.ID + "/documents/" + req).Body); !strings.Contains(page, "Cancel at least 24 hours ahead.") {
			t.Fatal("the staff page of the signed consent does not show the policy it was signed with")
		}

		// No policy: a new consent asks nothing about one.
		c.API("PATCH", "/api/v1/practice", map[string]any{"cancellation_policy": ""})
		c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{}})
		c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{tpl.ID}}).JSON(t, &list)
		delete(yes, "cancellation")
		if r := p.API("POST", "/api/v1/portal/documents/"+list.Items[0].ID+"/sign", map[string]any{"answers": yes, "full_name": "Ada Lovelace", "confirm": true}); r.StatusCode != 200 {
			t.Fatalf("signing a consent without a policy: %d %s", r.StatusCode, r.Body)
		}

		// A consent as the first release made it: the question without the policy goes at the next look.
		st := h.App.Accounts.Store
		ctx := context.Background()
		err = st.Tx(ctx, func(q store.Q) error {
			t, err := store.BuiltinTemplate(ctx, q, pr.ID, "consent")
			if err != nil {
				return err
			}
			t.Fields = append(t.Fields[:4:4], model.Field{ID: "cancellation", Kind: model.FieldYesNo, Required: true,
				Label: "I have read the practice's cancellation policy."}, t.Fields[4])
			t.Version++
			t.UpdatedAt = time.Now()
			if err := store.InsertTemplateVersion(ctx, q, t.ID, t.Version, t.Fields, "", t.UpdatedAt); err != nil {
				return err
			}
			return store.UpdateTemplate(ctx, q, t)
		})
		if err != nil {
			t.Fatal(err)
		}
		if tpl := consentOf(t, c); hasField(tpl.Fields, "cancellation") {
			t.Fatalf("the first release's question is still asked: %+v", tpl.Fields)
		}
	})
}
