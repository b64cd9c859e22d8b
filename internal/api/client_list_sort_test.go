package api_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/mail/mailtest"
	"tend/internal/model"
	"tend/internal/testdb"
)

// staffClient adds a staff member with the test password, signs them in and sets their own password, so
// the API answers them as that role.
func staffClient(t *testing.T, h *apptest.Harness, owner model.Staff, name, email string, role model.Role) (*apptest.Client, model.Staff) {
	t.Helper()
	st := h.AddStaff(owner, name, email, role)
	c := h.Client()
	c.Login(email, apptest.StrongPassword)
	if r := c.API("POST", "/api/v1/me/password", map[string]string{"current_password": apptest.StrongPassword, "new_password": "a passphrase of " + name}); r.StatusCode != 204 {
		t.Fatalf("password of %s: %d %s", name, r.StatusCode, r.Body)
	}
	return c, st
}

// finishDocuments registers a client through their invitation link and has them submit a flagged PHQ-9
// (item 9 above "Not at all") and an unflagged GAD-7; it returns the PHQ-9's request id.
func finishDocuments(t *testing.T, h *apptest.Harness, c *apptest.Client, srv *mailtest.Server, clientID string) string {
	t.Helper()
	tpl := builtinIDs(t, c)
	if r := c.API("POST", "/api/v1/clients/"+clientID+"/invitations", map[string]any{"features": []string{"documents"}}); r.StatusCode != 201 {
		t.Fatalf("invite: %d %s", r.StatusCode, r.Body)
	}
	p := h.Client()
	if r := p.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword}); r.StatusCode != 201 {
		t.Fatalf("register: %d %s", r.StatusCode, r.Body)
	}
	var list struct {
		Items []struct {
			ID         string `json:"id"`
			TemplateID string `json:"template_id"`
		} `json:"items"`
	}
	r := c.API("PUT", "/api/v1/clients/"+clientID+"/documents", map[string]any{"template_ids": []string{tpl["phq9"], tpl["gad7"]}})
	if r.StatusCode != 200 {
		t.Fatalf("request documents: %d %s", r.StatusCode, r.Body)
	}
	r.JSON(t, &list)
	var phq string
	for _, it := range list.Items {
		answers := map[string]string{}
		n := 7
		if it.TemplateID == tpl["phq9"] {
			phq, n = it.ID, 9
		}
		for i := 1; i <= n; i++ {
			answers["item"+string(rune('0'+i))] = "Not at all"
		}
		if it.TemplateID == tpl["phq9"] {
			answers["item9"] = "Several days"
		}
		if r := p.API("POST", "/api/v1/portal/documents/"+it.ID+"/submit", map[string]any{"answers": answers}); r.StatusCode != 200 {
			t.Fatalf("submit %s: %d %s", it.TemplateID, r.StatusCode, r.Body)
		}
	}
	return phq
}

type listedClient struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Status    string `json:"status"`
	Portal    string `json:"portal"`
	Attention struct {
		DocumentsToReview int  `json:"documents_to_review"`
		Flagged           int  `json:"flagged"`
		SetupIncomplete   bool `json:"setup_incomplete"`
	} `json:"attention"`
}

func listClients(t *testing.T, c *apptest.Client, query string) []listedClient {
	t.Helper()
	var out struct{ Items []listedClient }
	r := c.API("GET", "/api/v1/clients?"+query, nil)
	if r.StatusCode != 200 {
		t.Fatalf("list %s: %d %s", query, r.StatusCode, r.Body)
	}
	r.JSON(t, &out)
	return out.Items
}

// keyedPage is a page of GET /clients with its keys and count.
type keyedPage struct {
	Items              []listedClient
	Total, First, Page int
	TotalCapped        bool   `json:"total_capped"`
	NextPage           string `json:"next_page"`
	PrevPage           string `json:"prev_page"`
}

func listPage(t *testing.T, c *apptest.Client, query string) keyedPage {
	t.Helper()
	var out keyedPage
	r := c.API("GET", "/api/v1/clients?"+query, nil)
	if r.StatusCode != 200 {
		t.Fatalf("list %s: %d %s", query, r.StatusCode, r.Body)
	}
	r.JSON(t, &out)
	return out
}

func names(cs []listedClient) string {
	var out []string
	for _, c := range cs {
		out = append(out, strings.Fields(c.Name)[0])
	}
	return strings.Join(out, " ")
}

// LS-3, LS-4 (issue 13, item 1) through the API: the list sorts by name, status, clinician and join date
// either way round, the same on both engines (clinicians by their folded names, unassigned last); an
// unknown sort is refused next to the field; each client carries its portal state and the badges of what
// waits on it, which billing staff see without documents.
func TestClientListSortsAndBadges(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		zed := h.AddStaff(owner, "Zed Young", "zed@example.org", model.RoleClinician)
		asa := h.AddStaff(owner, "Åsa Berg", "asa@example.org", model.RoleClinician)
		billing, _ := staffClient(t, h, owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		ids := map[string]string{}
		for _, cl := range []struct{ first, last, clinician string }{
			{"Ana", "Lima", zed.ID}, {"Ben", "Okafor", ""}, {"Zoë", "Ärlig", asa.ID}, {"Cy", "Clark", zed.ID}, {"Di", "Dane", ""}, {"Eve", "Eng", ""},
		} {
			body := map[string]any{"first_name": cl.first, "last_name": cl.last, "email": strings.ToLower(cl.last) + "@example.net"}
			if cl.clinician != "" {
				body["assigned_clinician_id"] = cl.clinician
			}
			var out clientOut
			r := c.API("POST", "/api/v1/clients", body)
			if r.StatusCode != 201 {
				t.Fatalf("create %s: %d %s", cl.first, r.StatusCode, r.Body)
			}
			r.JSON(t, &out)
			ids[cl.first] = out.ID
			h.Clock.Advance(time.Minute) // join dates in the order created
		}
		// The owner's new clients are the owner's; Ben has nobody.
		if r := c.API("PATCH", "/api/v1/clients/"+ids["Ben"], map[string]any{"assigned_clinician_id": ""}); r.StatusCode != 200 {
			t.Fatalf("unassign Ben: %d %s", r.StatusCode, r.Body)
		}
		c.API("POST", "/api/v1/clients/"+ids["Cy"]+"/deactivate", nil)
		c.API("POST", "/api/v1/clients/"+ids["Di"]+"/archive", nil)
		c.API("POST", "/api/v1/clients/"+ids["Eve"]+"/invitations", map[string]any{"features": []string{"documents"}})
		phq := finishDocuments(t, h, c, srv, ids["Ana"])

		all := "status=active,pending,inactive,archived&"
		for _, tc := range []struct{ sort, want string }{
			{"name", "Zoë Cy Di Eve Ana Ben"}, // by last name, accents folded: Ärlig, Clark, Dane, Eng, Lima, Okafor
			{"-name", "Ben Ana Eve Di Cy Zoë"},
			{"status", "Zoë Ana Ben Eve Cy Di"},  // Active, Pending, Inactive, Archived; names A to Z within
			{"-status", "Di Cy Eve Zoë Ana Ben"}, // the other way round, names still A to Z
			// Åsa Berg, Olivia Owner, Zed Young, whatever the database's collation; unassigned last.
			{"clinician", "Zoë Di Eve Cy Ana Ben"},
			{"-clinician", "Ben Cy Ana Di Eve Zoë"},
			{"joined", "Ana Ben Zoë Cy Di Eve"},
			{"-joined", "Eve Di Cy Zoë Ben Ana"},
		} {
			if got := names(listClients(t, c, all+"sort="+tc.sort)); got != tc.want {
				t.Errorf("sort=%s: %s, want %s", tc.sort, got, tc.want)
			}
		}
		// Pages of every sort follow on from each other by key (next_page), and back (prev_page); the
		// count and positions come with them, and a page number past 1 is refused rather than misread.
		for _, sort := range []string{"status", "-status", "clinician", "-name", "-joined"} {
			want := names(listClients(t, c, all+"sort="+sort))
			var paged []listedClient
			var pages []keyedPage
			page := ""
			for range 3 {
				p := listPage(t, c, all+"sort="+sort+"&per_page=2&page="+url.QueryEscape(page))
				paged, pages = append(paged, p.Items...), append(pages, p)
				page = p.NextPage
			}
			if got := names(paged); got != want || page != "" || pages[0].PrevPage != "" {
				t.Errorf("sort=%s in pages of 2: %s (next %q), want %s", sort, got, page, want)
			}
			if p := pages[2]; p.Total != 6 || p.TotalCapped || p.First != 5 || p.Page != 3 {
				t.Errorf("sort=%s, third page: %+v", sort, p)
			}
			back := listPage(t, c, all+"sort="+sort+"&per_page=2&page="+url.QueryEscape(pages[2].PrevPage))
			if names(back.Items) != names(pages[1].Items) || back.First != 3 {
				t.Errorf("sort=%s, back from the third page: %s at %d, want %s", sort, names(back.Items), back.First, names(pages[1].Items))
			}
		}
		if r := c.API("GET", "/api/v1/clients?page=2", nil); r.StatusCode != 422 || r.Err(t).Error.Fields["page"] == "" {
			t.Fatalf("a page number: %d %s", r.StatusCode, r.Body)
		}
		r := c.API("GET", "/api/v1/clients?sort=balance", nil)
		if r.StatusCode != 422 || !strings.Contains(r.Err(t).Error.Fields["sort"], "name, status, clinician, joined") {
			t.Fatalf("unknown sort: %d %s", r.StatusCode, r.Body)
		}

		// LS-4: the badges, and the portal state apart from the status.
		byName := func(cs []listedClient, first string) listedClient {
			i := slices.IndexFunc(cs, func(x listedClient) bool { return strings.HasPrefix(x.Name, first+" ") })
			if i < 0 {
				t.Fatalf("%s is not listed", first)
			}
			return cs[i]
		}
		list := listClients(t, c, all)
		ana, ben, eve := byName(list, "Ana"), byName(list, "Ben"), byName(list, "Eve")
		if ana.Attention.DocumentsToReview != 2 || ana.Attention.Flagged != 1 || !ana.Attention.SetupIncomplete || ana.Portal != "registered" || ana.Status != "active" {
			t.Fatalf("Ana: %+v", ana)
		}
		if ben.Attention.DocumentsToReview != 0 || ben.Attention.Flagged != 0 || ben.Portal != "none" {
			t.Fatalf("Ben: %+v", ben)
		}
		if eve.Status != "pending" || eve.Portal != "invited" {
			t.Fatalf("Eve: %+v", eve)
		}
		var one listedClient
		c.API("GET", "/api/v1/clients/"+ids["Ana"], nil).JSON(t, &one)
		if one.Attention.DocumentsToReview != 2 || one.Attention.Flagged != 1 {
			t.Fatalf("GET Ana: %+v", one.Attention)
		}
		if r := c.API("POST", "/api/v1/document-requests/"+phq+"/review", nil); r.StatusCode != 200 {
			t.Fatalf("review: %d %s", r.StatusCode, r.Body)
		}
		if ana := byName(listClients(t, c, all), "Ana"); ana.Attention.DocumentsToReview != 1 || ana.Attention.Flagged != 0 {
			t.Fatalf("Ana after the PHQ-9 was reviewed: %+v", ana.Attention)
		}
		// Billing staff never learn of documents, not even how many wait.
		if ana := byName(listClients(t, billing, all), "Ana"); ana.Attention.DocumentsToReview != 0 || ana.Attention.Flagged != 0 || !ana.Attention.SetupIncomplete {
			t.Fatalf("billing sees Ana's documents: %+v", ana.Attention)
		}
	})
}
