package authz_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"tend/internal/appointments"
	"tend/internal/apptest"
	"tend/internal/authz"
	"tend/internal/clients"
	"tend/internal/documents"
	"tend/internal/files"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/password"
	"tend/internal/plans"
	"tend/internal/store"
)

// undeliverable is an address the test's SMTP server refuses.
const undeliverable = "nobody@example.net"

// password2 replaces the fixture staff's temporary passwords, so every route is open to them.
const password2 = "another correct horse battery staple"

// ids are the records one target stands for: a chart with a contact, an invitation, a portal access and
// a document request; a group chart with a member; and practice-wide records (tag, template, failed
// message, token, a staff member).
type ids struct {
	practiceID, clinicianID                 string
	chart, contact, invitation, access, req string
	group, member                           string
	tag, template, mail, token, tokenOwner  string
	bulk                                    string // a bulk operation started by tokenOwner
	staff                                   string
	// a session note on chart, written by the chart's clinician (the owner when unassigned)
	note, noteAuthor, noteAuthorSupervisor string
	// portal side: an access of a portal user, a document waiting for them, a connection request
	portalAccess, portalDoc, portalRequest string
	dx, med                                string // a diagnosis and a medication on the chart (CL-8)
	// issue 14: a psychotherapy note on the chart by its clinician (the practice's owner when unassigned),
	// a reflection on the chart, and a shared reflection on the portal user's chart
	pnote, pnoteAuthor, reflection, portalReflection string
	plan                                             string // issue 15: a treatment plan on the chart, at version 1
	// issue 15: a treatment plan shared (and signed) on the portal user's chart
	portalPlan string
	// issue 16: an appointment on chart, with the chart's clinician (the practice's owner when unassigned)
	appointment string
	// issue 16: a service of the practice, and an insurance policy on chart
	service, policy string
	payment         string // issue 16, item 9: a payment on chart
	// issue 17: a private file on chart, and a file shared on the portal user's chart
	file, portalFile string
	imp              string // issue 18: a CSV client import uploaded in the practice, not yet mapped
	// issue 17, item 1: an open task on chart, and one on the portal user's chart
	task, portalTask string
	conversation     string // issue 17, item 3: a conversation on chart with a portal user
}

// fixture is the world the route matrix runs in: practice A with one staff member per role, a
// supervisee and a colleague; practice B; three portal users of practice A and one of practice B.
type fixture struct {
	t      *testing.T
	h      *apptest.Harness
	ctx    context.Context
	n      int
	slug   string
	ownerA model.Principal
	ownerB model.Principal
	staff  map[string]model.Staff // by key: owner admin clinician supervisor billing supervisee colleague
	who    map[string]authz.Who   // staff principals as the policy sees them
	// bundles by key: a staff key (charts assigned to them), "unassigned", "other" (practice B).
	bundles map[string]*ids
	// portal principals by key (self, guardian, member, other) and their access roles and permissions.
	portal     map[string]portalUser
	templateID string                     // a one-question template portal users can finish
	clients    map[string]*apptest.Client // signed in, by principal
}

type portalUser struct {
	email, accountID string
	user             authz.PortalUser
	chart            model.Client
	personID         string
}

func principalOf(st model.Staff) model.Principal {
	return model.Principal{StaffID: st.ID, PracticeID: st.PracticeID, Role: st.Role, Name: st.Name, Email: st.Email}
}

func newFixture(t *testing.T, h *apptest.Harness) *fixture {
	t.Helper()
	f := &fixture{t: t, h: h, ctx: context.Background(), staff: map[string]model.Staff{}, who: map[string]authz.Who{},
		bundles: map[string]*ids{}, portal: map[string]portalUser{}}
	prA, owner := h.Setup()
	srv := h.SMTP(t)
	srv.Reject(undeliverable) // every bundle's message to it fails for good, so the Mail log can retry it
	f.slug = prA.Slug
	_, ownerB := h.AddPractice("Elsewhere Therapy", "owner@elsewhere.example")
	f.ownerA, f.ownerB = principalOf(owner), principalOf(ownerB)
	f.staff["owner"] = owner
	for _, r := range []struct {
		key  string
		role model.Role
	}{{"admin", model.RoleAdmin}, {"clinician", model.RoleClinician}, {"supervisor", model.RoleSupervisor}, {"billing", model.RoleBilling},
		{"supervisee", model.RoleClinician}, {"colleague", model.RoleClinician}} {
		st := h.AddStaff(owner, "Staff "+r.key, r.key+"@example.org", r.role)
		if err := h.App.Accounts.ChangePassword(f.ctx, principalOf(st), apptest.StrongPassword, password2, false); err != nil {
			t.Fatalf("password of %s: %v", r.key, err)
		}
		f.staff[r.key] = st
	}
	sup := f.staff["supervisor"].ID
	st, err := h.App.Accounts.UpdateStaff(f.ctx, f.ownerA, f.staff["supervisee"].ID, model.StaffChange{SupervisorID: &sup})
	if err != nil {
		t.Fatalf("supervisor: %v", err)
	}
	f.staff["supervisee"] = st
	for _, k := range []string{"owner", "admin", "clinician", "supervisor", "billing"} {
		w := authz.Who{Principal: principalOf(f.staff[k]), Supervisees: map[string]bool{}}
		if k == "supervisor" {
			w.Supervisees[st.ID] = true
		}
		f.who[k] = w
	}
	tpl, err := h.App.Documents.CreateTemplate(f.ctx, f.ownerA, model.TemplateChange{Name: strp("Check-in"), Kind: kindp(model.TemplateCustom),
		Fields: &[]model.Field{{ID: "note", Kind: model.FieldText, Label: "Anything to add?"}}})
	if err != nil {
		t.Fatalf("template: %v", err)
	}
	f.templateID = tpl.ID
	f.portalUsers()
	return f
}

func strp(s string) *string                          { return &s }
func kindp(k model.TemplateKind) *model.TemplateKind { return &k }

// next numbers the fixture's names and emails, so rebuilt records never collide.
func (f *fixture) next() int { f.n++; return f.n }

// bundle returns the records of key, building them when missing (first use, or after a route changed them).
func (f *fixture) bundle(key string) *ids {
	if b := f.bundles[key]; b != nil {
		return b
	}
	var b *ids
	switch key {
	case "missing":
		b = &ids{practiceID: "missing"}
		for _, p := range []*string{&b.chart, &b.contact, &b.invitation, &b.access, &b.req, &b.group, &b.member, &b.tag, &b.template,
			&b.mail, &b.token, &b.bulk, &b.staff, &b.portalAccess, &b.portalDoc, &b.portalRequest, &b.dx, &b.med, &b.note,
			&b.pnote, &b.reflection, &b.portalReflection, &b.plan, &b.portalPlan, &b.appointment, &b.service, &b.policy, &b.payment, &b.file, &b.portalFile, &b.conversation, &b.imp} {
			*p = id.New()
		}
		b.task, b.portalTask = id.New(), id.New()
		return b // never cached: nothing can change it
	case "other":
		b = f.build(f.ownerB, f.ownerB.StaffID, f.ownerB.StaffID, f.ownerB.StaffID)
		pu := f.portal["other"]
		b.portalAccess, b.portalDoc = f.portalAccessOf(pu), f.docOf(pu)
		b.portalRequest = f.request(f.ownerB, "other") // a request to another account
		b.portalReflection = f.privateNotes(f.ownerB, pu.chart.ID, "", true)
		b.portalPlan = f.sharedPlan(f.ownerB, pu.chart.ID)
		b.portalFile = f.file(f.ownerB, pu.chart.ID, true)
		f.conversation(f.ownerB, pu.chart.ID, pu.accountID, b.portalFile)
		b.portalTask = f.task(f.ownerB, pu.chart.ID)
	case "unassigned":
		b = f.build(f.ownerA, "", f.staff["billing"].ID, f.staff["colleague"].ID)
	default:
		st := f.staff[key]
		b = f.build(f.ownerA, st.ID, st.ID, f.staff["colleague"].ID)
	}
	f.bundles[key] = b
	return b
}

// build makes one bundle in op's practice, charts assigned to clinicianID, the token owned by tokenOwner.
func (f *fixture) build(op model.Principal, clinicianID, tokenOwner, staffID string) *ids {
	t, ctx, app := f.t, f.ctx, f.h.App
	n := f.next()
	b := &ids{practiceID: op.PracticeID, clinicianID: clinicianID, staff: staffID, tokenOwner: tokenOwner}
	c, err := app.Clients.Create(ctx, op, model.ClientChange{FirstName: strp("Client"), LastName: strp(fmt.Sprint("N", n)), AssignedClinicianID: &clinicianID})
	if err != nil {
		t.Fatalf("client: %v", err)
	}
	b.chart = c.ID
	dx, err := app.Clinical.AddDiagnosis(ctx, op, c.ID, model.DiagnosisInput{Code: "F41.1", Primary: true})
	if err != nil {
		t.Fatalf("diagnosis: %v", err)
	}
	med, err := app.Clinical.AddMedication(ctx, op, c.ID, model.MedicationInput{Name: "Sertraline", Dose: "50 mg"})
	if err != nil {
		t.Fatalf("medication: %v", err)
	}
	b.dx, b.med = dx.ID, med.ID
	ct, err := app.Clients.AddContact(ctx, op, c.ID, model.ContactInput{Relationship: model.RelSpousePartner,
		New: model.NewPerson{FirstName: "Contact", LastName: fmt.Sprint("N", n), Email: fmt.Sprintf("contact%d@example.net", n)}})
	if err != nil {
		t.Fatalf("contact: %v", err)
	}
	b.contact = ct.ID
	acc, err := app.Clients.Invite(ctx, op, c.ID, clients.InviteInput{ContactID: ct.ID, Email: fmt.Sprintf("contact%d@example.net", n), Features: []string{"documents"}})
	if err != nil || acc.Invitation == nil {
		t.Fatalf("invite: %v", err)
	}
	b.access, b.invitation = acc.ID, acc.Invitation.ID
	reqs, err := app.Documents.ManageDocuments(ctx, op, c.ID, documents.ManageInput{TemplateIDs: []string{f.template(op)}})
	if err != nil || len(reqs) == 0 {
		t.Fatalf("document request: %v", err)
	}
	b.req = reqs[0].ID
	author := op
	if clinicianID != "" && clinicianID != op.StaffID {
		st, err := store.StaffByID(ctx, app.Outbox.Store.R(), op.PracticeID, clinicianID)
		if err != nil {
			t.Fatalf("note author: %v", err)
		}
		if st.Role != model.RoleAdmin { // admins write no notes: the owner does on their charts
			author = principalOf(st)
		}
	}
	note, err := app.Notes.Create(ctx, author, c.ID, "soap", model.NoteInput{Sections: map[string]string{"subjective": "Slept better."}})
	if err != nil {
		t.Fatalf("session note: %v", err)
	}
	authorStaff, err := store.StaffByID(ctx, app.Outbox.Store.R(), op.PracticeID, author.StaffID)
	if err != nil {
		t.Fatalf("note author: %v", err)
	}
	b.note, b.noteAuthor, b.noteAuthorSupervisor = note.ID, author.StaffID, authorStaff.SupervisorID
	g, err := app.Clients.CreateGroup(ctx, op, clients.GroupInput{Change: model.ClientChange{GroupName: strp(fmt.Sprint("Group ", n)), AssignedClinicianID: &clinicianID},
		Members: []model.MemberInput{{ClientID: c.ID}, {New: model.NewPerson{FirstName: "Member", LastName: fmt.Sprint("N", n)}}}})
	if err != nil {
		t.Fatalf("group: %v", err)
	}
	b.group, b.member = g.ID, c.ID
	tag, err := app.Clients.CreateTag(ctx, op, fmt.Sprint("tag ", n))
	if err != nil {
		t.Fatalf("tag: %v", err)
	}
	b.tag = tag.ID
	tpl, err := app.Documents.CreateTemplate(ctx, op, model.TemplateChange{Name: strp(fmt.Sprint("Form ", n)), Kind: kindp(model.TemplateCustom),
		Fields: &[]model.Field{{ID: "q", Kind: model.FieldText, Label: "Question"}}})
	if err != nil {
		t.Fatalf("template: %v", err)
	}
	b.template = tpl.ID
	err = app.Outbox.Store.Tx(ctx, func(q store.Q) error {
		b.mail, err = app.Outbox.Queue(ctx, q, outbox.Draft{PracticeID: op.PracticeID, To: undeliverable, Subject: "Test", Text: "Test"})
		return err
	})
	if err != nil {
		t.Fatalf("message: %v", err)
	}
	f.h.RunJobs()
	tokP := op
	if tokenOwner != op.StaffID {
		st, err := store.StaffByID(ctx, app.Outbox.Store.R(), op.PracticeID, tokenOwner)
		if err != nil {
			t.Fatalf("token owner: %v", err)
		}
		tokP = principalOf(st)
	}
	tok, _, err := app.Accounts.CreateToken(ctx, tokP, fmt.Sprint("token ", n))
	if err != nil {
		t.Fatalf("token: %v", err)
	}
	b.token = tok.ID
	// A finished bulk operation of the token's owner; running one needs more charts than the fixture has.
	now := time.Now().UTC()
	bulk := model.BulkOperation{ID: id.New(), PracticeID: op.PracticeID, ActorID: tokenOwner, ActorRole: tokP.Role, Action: "archive",
		Total: 300, Done: 300, Changed: 300, State: model.BulkDone, CreatedAt: now, UpdatedAt: now}
	if err := app.Outbox.Store.Tx(ctx, func(q store.Q) error { return store.InsertBulkOperation(ctx, q, bulk) }); err != nil {
		t.Fatalf("bulk operation: %v", err)
	}
	b.bulk = bulk.ID
	b.pnoteAuthor = clinicianID
	if b.pnoteAuthor == "" {
		b.pnoteAuthor = op.StaffID
	}
	b.pnote = f.privateNotes(op, c.ID, b.pnoteAuthor, false)
	b.reflection = f.privateNotes(op, c.ID, "", false)
	pl, err := app.Plans.Create(ctx, op, c.ID, plans.SaveInput{})
	if err != nil {
		t.Fatalf("treatment plan: %v", err)
	}
	b.plan = pl.Plan.ID
	b.appointment = f.appointment(op, c.ID, b.pnoteAuthor)
	f.billing(op, b)
	b.payment = f.payment(op, b.chart)
	b.file = f.file(op, c.ID, false)
	imp, err := app.Imports.Upload(ctx, op, "clients.csv", strings.NewReader("First name,Last name\nAda,Import\n"))
	if err != nil {
		t.Fatalf("client import: %v", err)
	}
	b.imp = imp.ID
	b.task = f.task(op, b.chart)
	b.conversation = f.conversation(op, b.chart, "", b.file)
	return b
}

// file uploads a small PNG image (so its thumbnail route answers too) to the chart, shared with its
// portal users or not, and returns its id.
func (f *fixture) file(op model.Principal, chartID string, shared bool) string {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 3))); err != nil {
		f.t.Fatal(err)
	}
	fl, err := f.h.App.Files.Upload(f.ctx, op, chartID, files.Upload{Name: "drawing.png", Content: &b, Shared: shared})
	if err != nil {
		f.t.Fatalf("file: %v", err)
	}
	return fl.ID
}

// appointment books an appointment on the chart with clinician and returns its id.
func (f *fixture) appointment(op model.Principal, chartID, clinician string) string {
	minutes := 50
	b, err := f.h.App.Appointments.Book(f.ctx, op, appointments.BookInput{ChartIDs: []string{chartID}, ClinicianID: clinician,
		Start: "2030-01-07T09:00", DurationMinutes: &minutes, ConfirmOverlap: true})
	if err != nil {
		f.t.Fatalf("appointment: %v", err)
	}
	return b.Appointments[0].ID
}

// privateNotes stores, straight through the store (admins may not write one), a psychotherapy note by
// author on the chart and returns its id; with author "" a reflection by op instead, shared when asked.
func (f *fixture) privateNotes(op model.Principal, chartID, author string, shared bool) string {
	now := f.h.Clock.Now().UTC()
	nid := id.New()
	err := f.h.App.Outbox.Store.Tx(f.ctx, func(q store.Q) error {
		if author != "" {
			return store.InsertPsychotherapyNote(f.ctx, q, model.PsychotherapyNote{ID: nid, PracticeID: op.PracticeID, ChartID: chartID,
				AuthorID: author, Date: now.Format("2006-01-02"), Body: "Process note", CreatedAt: now, UpdatedAt: now})
		}
		r := model.Reflection{ID: nid, PracticeID: op.PracticeID, ChartID: chartID, AuthorID: op.StaffID, Title: "Reflection", Body: "Words",
			CreatedAt: now, UpdatedAt: now}
		if shared {
			r.SharedAt, r.SharedBy = now, op.StaffID
		}
		return store.InsertReflection(f.ctx, q, r)
	})
	if err != nil {
		f.t.Fatalf("private notes: %v", err)
	}
	return nid
}

// sharedPlan is a treatment plan on the chart, signed by op and shared to the portal (PT-10).
func (f *fixture) sharedPlan(op model.Principal, chartID string) string {
	made, err := f.h.App.Plans.Create(f.ctx, op, chartID, plans.SaveInput{Content: model.PlanContent{Title: "Plan"}})
	if err == nil {
		_, err = f.h.App.Plans.Sign(f.ctx, op, chartID, made.Plan.ID, 1, op.Name)
	}
	if err == nil {
		_, err = f.h.App.Plans.Share(f.ctx, op, chartID, made.Plan.ID, true)
	}
	if err != nil {
		f.t.Fatalf("shared plan: %v", err)
	}
	return made.Plan.ID
}

// template is a template of op's practice to send.
func (f *fixture) template(op model.Principal) string {
	if op.PracticeID == f.ownerA.PracticeID {
		return f.templateID
	}
	ts, err := f.h.App.Documents.Templates(f.ctx, op, false)
	if err != nil || len(ts) == 0 {
		f.t.Fatalf("templates of the other practice: %v", err)
	}
	return ts[0].ID
}

// portalUsers makes the portal's principals: a client (self), a guardian of a minor without the
// documents permission, a family member on a group chart, and a client of practice B.
func (f *fixture) portalUsers() {
	t, ctx, app := f.t, f.ctx, f.h.App
	mk := func(key string, op model.Principal, role model.AccessRole, perms model.Features) {
		email := key + "@portal.example"
		c, err := app.Clients.Create(ctx, op, model.ClientChange{FirstName: strp("Portal"), LastName: strp(key), AssignedClinicianID: strp(op.StaffID)})
		if err != nil {
			t.Fatalf("portal chart: %v", err)
		}
		personID := c.PersonID
		switch role {
		case model.AccessGuardian:
			ct, err := app.Clients.AddContact(ctx, op, c.ID, model.ContactInput{Relationship: model.RelParent,
				New: model.NewPerson{FirstName: "Parent", LastName: key}})
			if err != nil {
				t.Fatalf("guardian: %v", err)
			}
			personID = ct.Person.ID
		case model.AccessMember:
			g, err := app.Clients.CreateGroup(ctx, op, clients.GroupInput{Change: model.ClientChange{GroupName: strp("Family " + key)},
				Members: []model.MemberInput{{ClientID: c.ID}, {New: model.NewPerson{FirstName: "Sibling", LastName: key}}}})
			if err != nil {
				t.Fatalf("family: %v", err)
			}
			c = g
		}
		hash, err := password.Hash(password2)
		if err != nil {
			t.Fatal(err)
		}
		now := f.h.Clock.Now()
		acct := model.PortalAccount{ID: id.New(), Email: email, Name: "Portal " + key, CreatedAt: now}
		err = app.Outbox.Store.Tx(ctx, func(q store.Q) error {
			if err := store.InsertPortalAccount(ctx, q, acct, hash); err != nil {
				return err
			}
			return store.InsertPortalAccess(ctx, q, model.PortalAccess{ID: id.New(), PracticeID: op.PracticeID, ChartID: c.ID, PersonID: personID,
				Role: role, Permissions: perms, Email: email, AccountID: acct.ID, State: model.AccessActive, CreatedAt: now})
		})
		if err != nil {
			t.Fatalf("portal account: %v", err)
		}
		if _, err := app.Documents.ManageDocuments(ctx, op, c.ID, documents.ManageInput{TemplateIDs: []string{f.template(op)}}); err != nil {
			t.Fatalf("portal document: %v", err)
		}
		f.portal[key] = portalUser{email: email, accountID: acct.ID, chart: c, personID: personID,
			user: authz.PortalUser{Role: role, Permissions: perms, Open: true}}
	}
	mk("self", f.ownerA, model.AccessSelf, model.DefaultFeatures())
	mk("guardian", f.ownerA, model.AccessGuardian, model.Features{model.FeatureAppointments}) // no documents permission
	mk("member", f.ownerA, model.AccessMember, model.DefaultFeatures())
	mk("other", f.ownerB, model.AccessSelf, model.DefaultFeatures())
}

// portalAccessOf is the id of the portal user's access.
func (f *fixture) portalAccessOf(pu portalUser) string {
	as, err := store.PortalAccessOfChart(f.ctx, f.h.App.Outbox.Store.R(), pu.chart.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, a := range as {
		if a.AccountID == pu.accountID {
			return a.ID
		}
	}
	f.t.Fatalf("no access of %s", pu.email)
	return ""
}

// docOf is the id of a document sent to the portal user's chart.
func (f *fixture) docOf(pu portalUser) string {
	rs, err := store.RequestsOfChart(f.ctx, f.h.App.Outbox.Store.R(), pu.chart.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, r := range rs {
		if r.MemberPersonID == "" || r.MemberPersonID == pu.personID {
			return r.ID
		}
	}
	f.t.Fatalf("no document for %s", pu.email)
	return ""
}

// request makes a connection request (PT-5) to the portal user key's account on a new chart of op's
// practice, and returns its id.
func (f *fixture) request(op model.Principal, key string) string {
	t, ctx, app := f.t, f.ctx, f.h.App
	pu := f.portal[key]
	c, err := app.Clients.Create(ctx, op, model.ClientChange{FirstName: strp("Asked"), LastName: strp(fmt.Sprint("N", f.next())), AssignedClinicianID: strp(op.StaffID)})
	if err != nil {
		t.Fatalf("request chart: %v", err)
	}
	now := f.h.Clock.Now()
	a := model.PortalAccess{ID: id.New(), PracticeID: op.PracticeID, ChartID: c.ID, PersonID: c.PersonID, Role: model.AccessSelf,
		Permissions: model.DefaultFeatures(), Email: pu.email, State: model.AccessRequested, CreatedAt: now}
	err = app.Outbox.Store.Tx(ctx, func(q store.Q) error {
		if err := store.InsertPortalAccess(ctx, q, a); err != nil {
			return err
		}
		inv := model.Invitation{ID: id.New(), Kind: model.InvitationRequest, SentAt: now, ExpiresAt: now.Add(7 * 24 * time.Hour)}
		return store.InsertInvitation(ctx, q, op.PracticeID, a.ID, "", inv, id.HashToken(id.Token(32)))
	})
	if err != nil {
		t.Fatalf("connection request: %v", err)
	}
	return a.ID
}

// portalBundle returns the portal records of the portal user key ("self", "guardian", "member").
func (f *fixture) portalBundle(key string) *ids {
	bk := "portal:" + key
	if b := f.bundles[bk]; b != nil {
		return b
	}
	pu := f.portal[key]
	b := &ids{practiceID: f.ownerA.PracticeID, portalAccess: f.portalAccessOf(pu), portalDoc: f.docOf(pu), portalRequest: f.request(f.ownerA, key),
		portalReflection: f.privateNotes(f.ownerA, pu.chart.ID, "", true), portalPlan: f.sharedPlan(f.ownerA, pu.chart.ID),
		portalFile: f.file(f.ownerA, pu.chart.ID, true)}
	f.conversation(f.ownerA, pu.chart.ID, pu.accountID, b.portalFile)
	b.portalTask = f.task(f.ownerA, pu.chart.ID)
	f.bundles[bk] = b
	return b
}

// signIn returns a client signed in as the principal key, or anonymous.
func (f *fixture) signIn(key string) *apptest.Client {
	c := f.h.Client()
	switch key {
	case "anonymous":
	case "self", "guardian", "member":
		r := c.API("POST", "/api/v1/portal/login", map[string]string{"email": f.portal[key].email, "password": password2})
		if r.StatusCode != http.StatusOK {
			f.t.Fatalf("portal login %s: %d %s", key, r.StatusCode, r.Body)
		}
	case "owner":
		c.Login(f.staff[key].Email, apptest.StrongPassword)
	default:
		c.Login(f.staff[key].Email, password2)
	}
	return c
}
