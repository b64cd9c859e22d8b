package messaging_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

const newPassword = "another correct horse battery staple"

func strp(s string) *string { return &s }

type world struct {
	h                                  *apptest.Harness
	pr                                 model.Practice
	owner, clin, sup, colleague, admin model.Staff
	bil                                model.Staff
	chart                              model.Client
	clientAccess                       string // the client's own portal access, with messaging
	guardianAccess                     string // a contact's, with messaging
	limitedAccess                      string // a contact's, without messaging
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	ctx := context.Background()
	h := apptest.New(t, d)
	pr, owner := h.Setup()
	w := world{h: h, pr: pr, owner: owner}
	w.clin = h.AddStaff(owner, "Casey Clinician", "casey@example.org", model.RoleClinician)
	w.sup = h.AddStaff(owner, "Sam Supervisor", "sam@example.org", model.RoleSupervisor)
	w.colleague = h.AddStaff(owner, "Cole League", "cole@example.org", model.RoleClinician)
	w.admin = h.AddStaff(owner, "Ada Admin", "ada@example.org", model.RoleAdmin)
	w.bil = h.AddStaff(owner, "Bill Billing", "bill@example.org", model.RoleBilling)
	if _, err := h.App.Accounts.UpdateStaff(ctx, apptest.As(owner), w.clin.ID, model.StaffChange{SupervisorID: &w.sup.ID}); err != nil {
		t.Fatal(err)
	}
	c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: strp("Jo"), LastName: strp("Client"), AssignedClinicianID: &w.clin.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.chart = c
	w.clientAccess = portalUser(t, h, pr, c, c.PersonID, "jo@example.net", model.AccessSelf, model.DefaultFeatures())
	for _, p := range []struct {
		first, email string
		perms        model.Features
		into         *string
	}{{"Pat", "pat@example.net", model.Features{model.FeatureMessaging}, &w.guardianAccess}, {"Lee", "lee@example.net", model.Features{model.FeatureDocuments}, &w.limitedAccess}} {
		ct, err := h.App.Clients.AddContact(ctx, apptest.As(owner), c.ID, model.ContactInput{Relationship: model.RelSpousePartner,
			New: model.NewPerson{FirstName: p.first, LastName: "Contact"}})
		if err != nil {
			t.Fatal(err)
		}
		*p.into = portalUser(t, h, pr, c, ct.Person.ID, p.email, model.AccessContact, p.perms)
	}
	return w
}

func portalUser(t *testing.T, h *apptest.Harness, pr model.Practice, c model.Client, personID, email string, role model.AccessRole, perms model.Features) string {
	t.Helper()
	if perms == nil {
		perms = model.Features{} // none, not the defaults
	}
	return h.PortalUser(model.Client{ID: c.ID, PracticeID: pr.ID, PersonID: c.PersonID}, personID, email, strings.Split(email, "@")[0], newPassword, role, perms).ID
}

// staffClient signs a staff member in on the web and replaces their temporary password.
func staffClient(t *testing.T, h *apptest.Harness, st model.Staff, temporary bool) *apptest.Client {
	t.Helper()
	c := h.Client()
	c.Login(st.Email, apptest.StrongPassword)
	if temporary {
		c.Post("/settings/password", url.Values{"current_password": {apptest.StrongPassword}, "new_password": {newPassword}, "confirm_password": {newPassword}})
	}
	return c
}

func portalClient(t *testing.T, h *apptest.Harness, email string) *apptest.Client {
	t.Helper()
	c := h.Client()
	if r := c.API("POST", "/api/v1/portal/login", map[string]string{"email": email, "password": newPassword}); r.StatusCode != http.StatusOK {
		t.Fatalf("portal login %s: %d", email, r.StatusCode)
	}
	return c
}

func body(r apptest.Response) string { return string(r.Body) }

// conversationID finds the conversation of the chart and the portal user of access.
func (w world) conversationID(t *testing.T, accessID string) string {
	t.Helper()
	ctx := context.Background()
	a, err := store.PortalAccessByID(ctx, w.h.App.Outbox.Store.R(), w.pr.ID, accessID)
	if err != nil {
		t.Fatal(err)
	}
	cv, err := store.ConversationOf(ctx, w.h.App.Outbox.Store.R(), w.chart.ID, a.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	return cv.ID
}

// Proves MS-1, LS-4, PT-7 and PT-12: the client writes from the portal; the chart's clinician sees the
// unread badges (client list, chart tab, sidebar, inbox first), opens the conversation (read), replies;
// the client sees the reply and its badge, then reads it. A guardian's conversation is their own; a
// contact without the messaging permission gets 404 on pages and API.
func TestRoundTripAndUnread(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		client := portalClient(t, w.h, "jo@example.net")
		page := "/portal/c/" + w.clientAccess + "/messages"
		if r := client.Get(page); r.StatusCode != http.StatusOK || !strings.Contains(body(r), "No messages yet") {
			t.Fatalf("portal messages page: %d", r.StatusCode)
		}
		if r := client.Post(page, url.Values{"body": {"Hello, can we move Tuesday? https://example.org/cal"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("portal send: %d %s", r.StatusCode, r.Body)
		}
		convID := w.conversationID(t, w.clientAccess)

		staff := staffClient(t, w.h, w.clin, true)
		list := body(staff.Get("/clients"))
		if !strings.Contains(list, `href="/clients/`+w.chart.ID+`?tab=messages">1 unread message`) {
			t.Errorf("client list has no unread badge")
		}
		chart := body(staff.Get("/clients/" + w.chart.ID))
		if !strings.Contains(chart, "Messages (1 unread)") || !strings.Contains(chart, `id="nav-unread">1`) {
			t.Errorf("chart tab or sidebar lacks the unread count")
		}
		inbox := body(staff.Get("/messages"))
		if !strings.Contains(inbox, `href="/messages/`+convID+`"`) || !strings.Contains(inbox, "inbox-row unread") {
			t.Errorf("inbox does not list the unread conversation")
		}
		conv := staff.Get("/messages/" + convID)
		if conv.StatusCode != http.StatusOK || !strings.Contains(body(conv), "can we move Tuesday?") ||
			!strings.Contains(body(conv), `<a href="https://example.org/cal" rel="noopener noreferrer nofollow">`) {
			t.Fatalf("conversation page: %d %s", conv.StatusCode, conv.Body)
		}
		if strings.Contains(body(staff.Get("/clients")), "unread message") || strings.Contains(body(staff.Get("/messages")), "inbox-row unread") {
			t.Errorf("still unread after opening")
		}
		// Another clinician of the practice's owner still has it unread: read markers are per reader.
		owner := staffClient(t, w.h, w.owner, false)
		if !strings.Contains(body(owner.Get("/clients")), "1 unread message") {
			t.Errorf("the owner's badge went with the clinician's read")
		}
		if r := staff.Post("/messages/"+convID, url.Values{"body": {"Yes — Wednesday at 3?"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("staff reply: %d %s", r.StatusCode, r.Body)
		}
		// The client sees the reply by polling (no reload), with the badge on the chart first.
		home := body(client.Get("/portal/c/" + w.clientAccess))
		if !strings.Contains(home, `id="portal-unread">1 unread`) {
			t.Errorf("portal chart lacks the unread badge")
		}
		var poll struct {
			LastSeq int64  `json:"last_seq"`
			HTML    string `json:"html"`
		}
		client.Get(page+"/since?after=1").JSON(t, &poll)
		if poll.LastSeq != 2 || !strings.Contains(poll.HTML, "Wednesday at 3?") || strings.Contains(poll.HTML, "move Tuesday") {
			t.Errorf("portal poll: %+v", poll)
		}
		if strings.Contains(body(client.Get("/portal/c/"+w.clientAccess)), "portal-unread") {
			t.Errorf("portal badge stays after the poll showed the reply")
		}
		// The API says the same.
		var thread struct {
			Items []struct {
				Body       string `json:"body"`
				FromClient bool   `json:"from_client"`
			} `json:"items"`
			CanSend bool `json:"can_send"`
		}
		client.Get("/api/v1/portal/charts/"+w.clientAccess+"/messages").JSON(t, &thread)
		if len(thread.Items) != 2 || !thread.Items[0].FromClient || thread.Items[1].FromClient || !thread.CanSend {
			t.Errorf("portal API thread: %+v", thread)
		}
		// PT-12: the guardian has their own conversation and never sees the client's.
		guardian := portalClient(t, w.h, "pat@example.net")
		g := body(guardian.Get("/portal/c/" + w.guardianAccess + "/messages"))
		if strings.Contains(g, "Tuesday") || strings.Contains(g, "Wednesday") || !strings.Contains(g, "No messages yet") {
			t.Errorf("the guardian sees the client's messages")
		}
		if r := guardian.Post("/portal/c/"+w.guardianAccess+"/messages", url.Values{"body": {"A question from Pat"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("guardian send: %d", r.StatusCode)
		}
		if w.conversationID(t, w.guardianAccess) == convID {
			t.Errorf("guardian and client share a conversation")
		}
		if c := body(client.Get(page)); strings.Contains(c, "A question from Pat") {
			t.Errorf("the client sees the guardian's message")
		}
		// The client cannot open the guardian's access or conversation: 404.
		if r := client.Get("/portal/c/" + w.guardianAccess + "/messages"); r.StatusCode != http.StatusNotFound {
			t.Errorf("client opens the guardian's messages: %d", r.StatusCode)
		}
		// PT-7: a contact without the messaging permission reaches nothing.
		limited := portalClient(t, w.h, "lee@example.net")
		for _, r := range []apptest.Response{limited.Get("/portal/c/" + w.limitedAccess + "/messages"),
			limited.Post("/portal/c/"+w.limitedAccess+"/messages", url.Values{"body": {"hi"}}),
			limited.Get("/portal/c/" + w.limitedAccess + "/messages/since?after=0"),
			limited.Get("/api/v1/portal/charts/" + w.limitedAccess + "/messages"),
			limited.API("POST", "/api/v1/portal/charts/"+w.limitedAccess+"/messages", map[string]string{"body": "hi"})} {
			if r.StatusCode != http.StatusNotFound {
				t.Errorf("without the messaging permission: %d, want 404", r.StatusCode)
			}
		}
		if strings.Contains(body(limited.Get("/portal/c/"+w.limitedAccess)), "/messages") {
			t.Errorf("the portal chart links messages without the permission")
		}
		// The staff inbox now lists both, the guardian's unread one first.
		var api struct {
			Items []struct {
				ID     string `json:"id"`
				Unread bool   `json:"unread"`
			} `json:"items"`
		}
		staff.Get("/api/v1/conversations").JSON(t, &api)
		if len(api.Items) != 2 || !api.Items[0].Unread || api.Items[0].ID == convID || api.Items[1].ID != convID || api.Items[1].Unread {
			t.Errorf("API inbox: %+v", api.Items)
		}
	})
}

// Proves MS-1 (authz): the care team reads; a supervisor reads a supervisee's conversation and writes
// none; another clinician, billing, an admin (without the clinical opt-in) and another practice get 404.
func TestWhoReachesAConversation(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		svc := w.h.App.Messages
		pp := model.PortalPrincipal{AccountID: accountOf(t, w, w.clientAccess), Name: "jo"}
		if _, err := svc.PortalSend(ctx, pp, w.clientAccess, "hello", nil); err != nil {
			t.Fatal(err)
		}
		convID := w.conversationID(t, w.clientAccess)
		_, otherOwner := w.h.AddPractice("Elsewhere", "else@example.org")
		tests := []struct {
			who        model.Staff
			temp       bool
			view, send int
		}{
			{w.clin, true, http.StatusOK, http.StatusSeeOther},
			{w.owner, false, http.StatusOK, http.StatusSeeOther},
			{w.sup, true, http.StatusOK, http.StatusForbidden},
			{w.colleague, true, http.StatusNotFound, http.StatusNotFound},
			{w.admin, true, http.StatusNotFound, http.StatusNotFound},
			{w.bil, true, http.StatusNotFound, http.StatusNotFound},
			{otherOwner, false, http.StatusNotFound, http.StatusNotFound},
		}
		for _, tt := range tests {
			c := staffClient(t, w.h, tt.who, tt.temp)
			if r := c.Get("/messages/" + convID); r.StatusCode != tt.view {
				t.Errorf("%s views: %d, want %d", tt.who.Email, r.StatusCode, tt.view)
			}
			if r := c.Post("/messages/"+convID, url.Values{"body": {"reply"}}); r.StatusCode != tt.send {
				t.Errorf("%s sends: %d, want %d", tt.who.Email, r.StatusCode, tt.send)
			}
			if r := c.Get("/api/v1/conversations/" + convID + "/messages"); r.StatusCode != tt.view {
				t.Errorf("%s API: %d, want %d", tt.who.Email, r.StatusCode, tt.view)
			}
		}
		// Every open and send is audited with ids only, never the text.
		if f := w.h.App.Audit.Flush; f != nil {
			if err := f(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE action IN ('chart.conversation.view', 'chart.message.send',
			'portal.message.send') AND chart_id = $1 AND outcome = 'success'`, w.chart.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n < 6 {
			t.Errorf("audited opens and sends: %d", n)
		}
		var leaks int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%hello%' OR detail LIKE '%reply%'`).Scan(&leaks); err != nil {
			t.Fatal(err)
		}
		if leaks != 0 {
			t.Errorf("the audit log holds message text")
		}
	})
}

func accountOf(t *testing.T, w world, accessID string) string {
	t.Helper()
	a, err := store.PortalAccessByID(context.Background(), w.h.App.Outbox.Store.R(), w.pr.ID, accessID)
	if err != nil {
		t.Fatal(err)
	}
	return a.AccountID
}

// Proves MS-1's bad input: a 20,000-character message is refused by the field, keeping the text, on the
// staff page, the portal page and both APIs; nothing is stored.
func TestLongMessageRefused(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		long := strings.Repeat("word ", 4000) // 20,000 characters
		client := portalClient(t, w.h, "jo@example.net")
		page := "/portal/c/" + w.clientAccess + "/messages"
		r := client.Post(page, url.Values{"body": {long + "END"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body(r), `id="f-body-error"`) || !strings.Contains(body(r), "word word") ||
			!strings.Contains(body(r), "at most 10,000 characters") {
			t.Errorf("portal refusal: %d", r.StatusCode)
		}
		if r := client.API("POST", "/api/v1/portal/charts/"+w.clientAccess+"/messages", map[string]string{"body": long}); r.StatusCode != http.StatusUnprocessableEntity ||
			r.Err(t).Error.Fields["body"] == "" {
			t.Errorf("portal API refusal: %d", r.StatusCode)
		}
		if r := client.Post(page, url.Values{"body": {"   "}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("empty message: %d", r.StatusCode)
		}
		var n int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages`).Scan(&n); err != nil || n != 0 {
			t.Errorf("refused messages stored: %d %v", n, err)
		}
		client.Post(page, url.Values{"body": {"short"}})
		convID := w.conversationID(t, w.clientAccess)
		staff := staffClient(t, w.h, w.clin, true)
		r = staff.Post("/messages/"+convID, url.Values{"body": {long}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body(r), `id="f-body-error"`) || !strings.Contains(body(r), "word word") {
			t.Errorf("staff refusal: %d", r.StatusCode)
		}
		if r := staff.API("POST", "/api/v1/conversations/"+convID+"/messages", map[string]string{"body": long}); r.StatusCode != http.StatusUnprocessableEntity ||
			r.Err(t).Error.Fields["body"] == "" {
			t.Errorf("API refusal: %d", r.StatusCode)
		}
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages`).Scan(&n); err != nil || n != 1 {
			t.Errorf("messages stored: %d %v", n, err)
		}
	})
}

// Proves MS-1 and PT-7: with messaging off for the client, conversations are read-only on both sides
// and say so; a conversation with a disabled portal user is read-only to staff.
func TestReadOnlyConversations(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		client := portalClient(t, w.h, "jo@example.net")
		page := "/portal/c/" + w.clientAccess + "/messages"
		client.Post(page, url.Values{"body": {"before the switch"}})
		convID := w.conversationID(t, w.clientAccess)
		off := false
		if _, err := w.h.App.Clients.Update(ctx, apptest.As(w.owner), w.chart.ID, model.ClientChange{MessagingOn: &off}, nil); err != nil {
			t.Fatal(err)
		}
		r := client.Get(page)
		if !strings.Contains(body(r), "before the switch") || !strings.Contains(body(r), "read-only") || strings.Contains(body(r), `id="compose"`) {
			t.Errorf("portal page with messaging off: %d", r.StatusCode)
		}
		if r := client.Post(page, url.Values{"body": {"after"}}); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body(r), "turned off") {
			t.Errorf("portal send with messaging off: %d", r.StatusCode)
		}
		staff := staffClient(t, w.h, w.clin, true)
		if r := staff.Get("/messages/" + convID); !strings.Contains(body(r), "turned off") || strings.Contains(body(r), `id="compose"`) {
			t.Errorf("staff page with messaging off")
		}
		if r := staff.Post("/messages/"+convID, url.Values{"body": {"after"}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("staff send with messaging off: %d", r.StatusCode)
		}
		on := true
		if _, err := w.h.App.Clients.Update(ctx, apptest.As(w.owner), w.chart.ID, model.ClientChange{MessagingOn: &on}, nil); err != nil {
			t.Fatal(err)
		}
		if r := staff.Post("/messages/"+convID, url.Values{"body": {"back on"}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("staff send with messaging on: %d", r.StatusCode)
		}
		// The portal user's access is disabled: staff read, nobody writes; the portal user reaches nothing.
		err := w.h.App.Outbox.Store.Tx(ctx, func(q store.Q) error {
			a, err := store.PortalAccessByID(ctx, q, w.pr.ID, w.clientAccess)
			if err != nil {
				return err
			}
			a.State = model.AccessDisabled
			return store.UpdatePortalAccess(ctx, q, a, w.h.Clock.Now())
		})
		if err != nil {
			t.Fatal(err)
		}
		if r := staff.Get("/messages/" + convID); r.StatusCode != http.StatusOK || !strings.Contains(body(r), "disabled") || strings.Contains(body(r), `id="compose"`) {
			t.Errorf("staff page with a disabled portal user: %d", r.StatusCode)
		}
		if r := staff.Post("/messages/"+convID, url.Values{"body": {"anyone there?"}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("staff send to a disabled portal user: %d", r.StatusCode)
		}
	})
}

// Proves MS-1: the "a message is waiting" email goes at most once per 15 minutes per conversation and
// recipient, and says nothing of the message, the client or the clinician, unless the practice lets it
// name the staff member who wrote.
func TestNoticeThrottledWithoutContent(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		svc := w.h.App.Messages
		pp := model.PortalPrincipal{AccountID: accountOf(t, w, w.clientAccess), Name: "jo"}
		send := func(text string) {
			t.Helper()
			if _, err := svc.PortalSend(ctx, pp, w.clientAccess, text, nil); err != nil {
				t.Fatal(err)
			}
		}
		send("first secret words")
		convID := w.conversationID(t, w.clientAccess)
		w.h.Clock.Advance(5 * time.Minute)
		send("second secret words")
		count := func(to string) int {
			t.Helper()
			rows, err := d.R.QueryContext(ctx, `SELECT subject, text_body, html_body FROM mail_messages WHERE to_address = $1`, to)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				var subject, text, html string
				if err := rows.Scan(&subject, &text, &html); err != nil {
					t.Fatal(err)
				}
				all := subject + text + html
				for _, f := range []string{"secret", "reply text", "Jo", "Client", w.clin.Name, "Casey"} {
					if strings.Contains(all, f) {
						t.Errorf("notice to %s names %q: %q", to, f, all)
					}
				}
				if !strings.Contains(subject, "message is waiting") {
					t.Errorf("notice subject: %q", subject)
				}
				n++
			}
			return n
		}
		if n := count(w.clin.Email); n != 1 {
			t.Errorf("clinician notices within 15 minutes: %d, want 1", n)
		}
		w.h.Clock.Advance(11 * time.Minute)
		send("third secret words")
		if n := count(w.clin.Email); n != 2 {
			t.Errorf("clinician notices after 16 minutes: %d, want 2", n)
		}
		for range 3 {
			if _, err := svc.Send(ctx, apptest.As(w.clin), convID, "reply text", nil); err != nil {
				t.Fatal(err)
			}
			w.h.Clock.Advance(time.Minute)
		}
		if n := count("jo@example.net"); n != 1 {
			t.Errorf("client notices: %d, want 1", n)
		}
		if n := count(w.owner.Email); n != 0 {
			t.Errorf("the owner got notices: %d", n)
		}
		// The practice lets the notice name who wrote (set through the API): the client's next one names
		// the clinician, and still nothing of the message or the client.
		owner := staffClient(t, w.h, w.owner, false)
		if r := owner.API("PATCH", "/api/v1/practice", map[string]any{"message_notice_names": true}); r.StatusCode != http.StatusOK {
			t.Fatalf("practice setting: %d %s", r.StatusCode, r.Body)
		}
		w.h.Clock.Advance(16 * time.Minute)
		if _, err := svc.Send(ctx, apptest.As(w.clin), convID, "reply text", nil); err != nil {
			t.Fatal(err)
		}
		var text string
		if err := d.R.QueryRowContext(ctx, `SELECT text_body FROM mail_messages WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1`,
			"jo@example.net").Scan(&text); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, w.clin.Name+" at "+w.pr.Name) || strings.Contains(text, "reply text") || strings.Contains(text, "Jo ") {
			t.Errorf("the notice with names allowed: %q", text)
		}
	})
}

// Proves MS-1 and TR-2: a session whose only requests are a conversation's polling (the page's or the
// API's) still ends at the
// idle timeout (staff: the practice's 15 minutes; portal: 30 minutes), while a page opened counts.
func TestPollingDoesNotKeepSessionAlive(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		client := portalClient(t, w.h, "jo@example.net")
		page := "/portal/c/" + w.clientAccess + "/messages"
		client.Post(page, url.Values{"body": {"hello"}})
		convID := w.conversationID(t, w.clientAccess)
		staff := staffClient(t, w.h, w.clin, true)
		staff.Get("/messages/" + convID)
		client.Get(page)
		// Polling every minute for 14 minutes keeps answering…
		for range 14 {
			w.h.Clock.Advance(time.Minute)
			if r := staff.Get("/messages/" + convID + "/since?after=1"); r.StatusCode != http.StatusOK {
				t.Fatalf("staff poll within the idle time: %d", r.StatusCode)
			}
			if r := staff.Get("/api/v1/conversations/" + convID + "/messages?after=1"); r.StatusCode != http.StatusOK {
				t.Fatalf("staff API poll within the idle time: %d", r.StatusCode)
			}
			if r := client.Get(page + "/since?after=1"); r.StatusCode != http.StatusOK {
				t.Fatalf("portal poll within the idle time: %d", r.StatusCode)
			}
		}
		// …but never counts as activity: at 15 minutes the staff session is over.
		w.h.Clock.Advance(time.Minute)
		if r := staff.Get("/messages/" + convID + "/since?after=1"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("staff poll after the idle timeout: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		if r := staff.Get("/messages"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("staff session survived polling: %d", r.StatusCode)
		}
		if r := staff.Get("/api/v1/conversations/" + convID + "/messages?after=1"); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("staff API poll after the idle timeout: %d", r.StatusCode)
		}
		for range 15 {
			w.h.Clock.Advance(time.Minute)
			client.Get(page + "/since?after=1")
			client.Get("/api/v1/portal/charts/" + w.clientAccess + "/messages?after=1")
		}
		if r := client.Get(page); r.StatusCode != http.StatusSeeOther {
			t.Errorf("portal session survived 30 minutes of polling: %d", r.StatusCode)
		}
		// A person who opens pages stays signed in: the same rhythm with page views keeps the session.
		staff2 := staffClient(t, w.h, w.owner, false)
		for range 20 {
			w.h.Clock.Advance(time.Minute)
			if r := staff2.Get("/messages/" + convID); r.StatusCode != http.StatusOK {
				t.Fatalf("active session ended: %d", r.StatusCode)
			}
		}
	})
}
