package api_test

import (
	"errors"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// Issue 12, item 4: an email that passes every rule but looks like another record's address in the
// practice (the same Unicode TR39 skeleton: all-Cyrillic "рара" for Latin "papa") is answered 409
// email_confusable with the other record's id, and goes through once the request says
// confirm_distinct_email; an unrelated email is not held up; another practice's records never come
// into it; a record the caller may not see is not named. Proves CL-2.
func TestConfusableEmailWarning(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		const cyrPapa = "\u0440\u0430\u0440\u0430" // рара: Cyrillic er, a, er, a
		const cyrCoco = "\u0441\u043e\u0441\u043e" // сосо: Cyrillic es, o, es, o
		type lookalikeErr struct {
			Error struct {
				Code      string            `json:"code"`
				Message   string            `json:"message"`
				Fields    map[string]string `json:"fields"`
				Lookalike *struct {
					Field      string `json:"field"`
					RecordType string `json:"record_type"`
					ID         string `json:"id"`
					Name       string `json:"name"`
				} `json:"lookalike"`
			} `json:"error"`
		}
		warned := func(what string, r apptest.Response, field, recordType, id string) {
			t.Helper()
			var e lookalikeErr
			r.JSON(t, &e)
			l := e.Error.Lookalike
			if r.StatusCode != 409 || e.Error.Code != "email_confusable" || e.Error.Fields[field] == "" || l == nil ||
				l.Field != field || l.RecordType != recordType || l.ID != id {
				t.Fatalf("%s: %d %s, want 409 email_confusable naming %s %s on %s", what, r.StatusCode, r.Body, recordType, id, field)
			}
		}
		created := func(what string, r apptest.Response, want int) string {
			t.Helper()
			if r.StatusCode != want {
				t.Fatalf("%s: %d %s, want %d", what, r.StatusCode, r.Body, want)
			}
			var out struct{ ID string }
			r.JSON(t, &out)
			return out.ID
		}

		pat := created("the original", c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Pat", "last_name": "Papa",
			"email": "papa@example.org"}), 201)
		look := map[string]any{"first_name": "Pat", "last_name": "Papa", "email": cyrPapa + "@example.org"}
		warned("a new client with a homoglyph email", c.API("POST", "/api/v1/clients", look), "email", "client", pat)
		created("an unrelated email", c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Mo", "last_name": "Mama",
			"email": "mama@example.org"}), 201)

		// A change of email is checked too; the client's own address never counts against them.
		other := created("another client", c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ola", "last_name": "Other"}), 201)
		warned("a changed email", c.API("PATCH", "/api/v1/clients/"+other, map[string]any{"email": cyrPapa + "@example.org"}),
			"email", "client", pat)
		if r := c.API("PATCH", "/api/v1/clients/"+other, map[string]any{"email": cyrPapa + "@example.org", "confirm_distinct_email": true}); r.StatusCode != 200 {
			t.Fatalf("a confirmed change: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", "/api/v1/clients", look); r.StatusCode != 409 || r.Err(t).Error.Code != "conflict" {
			t.Fatalf("the very address of another client: %d %s, want the duplicate answer first", r.StatusCode, r.Body)
		}
		if r := c.API("PATCH", "/api/v1/clients/"+pat, map[string]any{"phone": "555 010 2000"}); r.StatusCode != 200 {
			t.Fatalf("an unrelated change of a client whose email has a look-alike: %d %s", r.StatusCode, r.Body)
		}

		// Contacts, minors' contacts and new group members are persons too.
		coco := created("a client coco", c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Coco", "last_name": "Latin",
			"email": "coco@example.org"}), 201)
		contact := map[string]any{"first_name": "Kim", "last_name": "Cyr", "email": cyrCoco + "@example.org", "relationship": "other",
			"relationship_other": "friend"}
		warned("a new contact", c.API("POST", "/api/v1/clients/"+other+"/contacts", contact), "email", "client", coco)
		warned("a minor's contact", c.API("POST", "/api/v1/clients", map[string]any{"kind": "minor", "first_name": "Mia", "last_name": "Minor",
			"contacts": []any{contact}}), "contacts.0.email", "client", coco)
		warned("a new group member", c.API("POST", "/api/v1/clients", map[string]any{"kind": "group", "name": "Cyr family",
			"members": []any{map[string]any{"client_id": other}, map[string]any{"first_name": "Kim", "last_name": "Cyr", "email": cyrCoco + "@example.org"}}}),
			"members.1.email", "client", coco)
		contact["confirm_distinct_email"] = true
		created("a confirmed contact", c.API("POST", "/api/v1/clients/"+other+"/contacts", contact), 201)

		// Staff are compared with the practice's staff.
		paula := h.AddStaff(owner, "Paula Staff", "paula@example.org", model.RoleBilling)
		staff := map[string]any{"name": "Paula Other", "email": "paula@examp1e.org", "role": "admin", "password": "a long enough passphrase"}
		warned("a new staff member (digit one for l)", c.API("POST", "/api/v1/staff", staff), "email", "staff", paula.ID)
		staff["confirm_distinct_email"] = true
		created("a confirmed staff member", c.API("POST", "/api/v1/staff", staff), 201)

		// Another practice: nothing of the first practice is compared, named or hinted at.
		h.AddPractice("Elsewhere", "else@example.org")
		e := h.Client()
		e.Login("else@example.org", apptest.StrongPassword)
		created("another practice, the same look-alike", e.API("POST", "/api/v1/clients", map[string]any{"first_name": "Pat", "last_name": "Papa",
			"email": cyrPapa + "@example.org"}), 201)

		// A clinician who may not open Pat's chart is warned without learning whose address it is.
		h.AddStaff(owner, "Cleo Clinician", "cleo@example.org", model.RoleClinician)
		cl := h.Client()
		cl.Login("cleo@example.org", apptest.StrongPassword)
		cl.API("POST", "/api/v1/me/password", map[string]any{"current_password": apptest.StrongPassword, "new_password": "cleo's own passphrase"})
		created("a client of the clinician's own", cl.API("POST", "/api/v1/clients", map[string]any{"first_name": "Cy", "last_name": "Own",
			"email": "cy@example.com"}), 201)
		created("a chart the clinician cannot open", c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Hidden", "last_name": "Person",
			"email": "cece@example.com"}), 201)
		var he lookalikeErr
		r := cl.API("POST", "/api/v1/clients", map[string]any{"first_name": "Cy", "last_name": "Cyr", "email": "\u0441\u0435\u0441\u0435@example.com"})
		r.JSON(t, &he)
		if r.StatusCode != 409 || he.Error.Code != "email_confusable" || he.Error.Lookalike != nil || strings.Contains(string(r.Body), "Hidden") {
			t.Fatalf("a look-alike of a chart the clinician cannot open: %d %s, want 409 without naming it", r.StatusCode, r.Body)
		}
	})
}

// Issue 12, item 4: persons and staff stored before email skeletons existed get theirs at start-up
// (store.FillEmailSkeletons, run after migrating), so their look-alikes are caught too. Proves CL-2.
func TestEmailSkeletonBackfill(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		p := apptest.As(owner)
		first, last, email := "Pat", "Papa", "papa@example.org"
		pat, err := h.App.Clients.Create(t.Context(), p, model.ClientChange{FirstName: &first, LastName: &last, Email: &email})
		if err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"persons", "staff"} {
			if _, err := d.W.ExecContext(t.Context(), `UPDATE `+table+` SET email_skeleton = NULL`); err != nil {
				t.Fatal(err)
			}
		}
		if err := store.FillEmailSkeletons(t.Context(), store.New(d)); err != nil {
			t.Fatal(err)
		}
		var missing int
		if err := d.R.QueryRowContext(t.Context(), `SELECT (SELECT COUNT(*) FROM persons WHERE email_norm IS NOT NULL AND email_skeleton IS NULL)
			+ (SELECT COUNT(*) FROM staff WHERE email_skeleton IS NULL)`).Scan(&missing); err != nil {
			t.Fatal(err)
		}
		if missing != 0 {
			t.Fatalf("%d rows still without a skeleton", missing)
		}
		cyr := "\u0440\u0430\u0440\u0430@example.org"
		_, err = h.App.Clients.Create(t.Context(), p, model.ClientChange{FirstName: &first, LastName: &last, Email: &cyr})
		var le *model.ConfusableEmailError
		if !errors.As(err, &le) || le.RecordID != pat.ID {
			t.Fatalf("after the backfill, a look-alike of an old record: %v, want a warning naming %s", err, pat.ID)
		}
	})
}

// Issue 12, item 4: someone who registers on their own through the portal with an address that looks
// like an existing client's cannot be asked to confirm (nor told of that client), so the new chart is
// made, and while its setup is not done it names the look-alike record to staff: in the API's client and
// on the chart page. Proves CL-2 and ST-2.
func TestSelfRegisteredLookalikeIsShownToStaff(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var pr struct{ Slug string }
		c.API("PATCH", "/api/v1/practice", map[string]any{"portal_self_registration": true}).JSON(t, &pr)
		var pat, mo struct{ ID string }
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Pat", "last_name": "Papa", "email": "papa@example.net"}).JSON(t, &pat)
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Mo", "last_name": "Mama", "email": "mama@example.net"}).JSON(t, &mo)

		if r := h.Client().API("POST", "/api/v1/portal/join/"+pr.Slug, map[string]string{"email": "\u0440\u0430\u0440\u0430@example.net"}); r.StatusCode != 202 {
			t.Fatalf("join: %d %s", r.StatusCode, r.Body)
		}
		h.RunJobs()
		m := joinLink.FindStringSubmatch(srv.Text(t, len(srv.Messages())-1))
		if m == nil {
			t.Fatal("no registration link")
		}
		r := h.Client().API("POST", "/api/v1/portal/join/"+pr.Slug+"/complete", map[string]string{"token": m[1], "first_name": "Pax",
			"last_name": "Cyr", "password": apptest.StrongPassword})
		if r.StatusCode != 201 || strings.Contains(string(r.Body), "Papa") {
			t.Fatalf("self-registration: %d %s", r.StatusCode, r.Body)
		}
		var found struct{ Items []struct{ ID string } }
		c.API("GET", "/api/v1/clients?q=pax", nil).JSON(t, &found)
		if len(found.Items) != 1 {
			t.Fatalf("the new chart: %+v", found)
		}
		type view struct {
			EmailLookalike *struct {
				RecordType string `json:"record_type"`
				ID         string `json:"id"`
			} `json:"email_lookalike"`
		}
		var v view
		c.API("GET", "/api/v1/clients/"+found.Items[0].ID, nil).JSON(t, &v)
		if v.EmailLookalike == nil || v.EmailLookalike.RecordType != "client" || v.EmailLookalike.ID != pat.ID {
			t.Fatalf("the self-registered chart does not name the look-alike client: %+v", v.EmailLookalike)
		}
		if page := string(c.Get("/clients/" + found.Items[0].ID).Body); !strings.Contains(page, `id="email-lookalike"`) ||
			!strings.Contains(page, `href="/clients/`+pat.ID+`">Pat Papa</a>`) {
			t.Fatalf("the chart page does not name the look-alike client:\n%s", page)
		}
		var plain view
		c.API("GET", "/api/v1/clients/"+mo.ID, nil).JSON(t, &plain)
		if plain.EmailLookalike != nil {
			t.Fatalf("an unrelated client shows a look-alike: %+v", plain.EmailLookalike)
		}
	})
}
