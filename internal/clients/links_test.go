package clients_test

import (
	"errors"
	"strings"
	"testing"

	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

func newGuardian(first, last, email string) model.ContactInput {
	return model.ContactInput{New: model.NewPerson{FirstName: first, LastName: last, Email: email},
		Relationship: model.RelParent, ContactFlags: model.ContactFlags{HandlesBilling: true, Reminders: true}}
}

func fieldErr(t *testing.T, err error, field string) string {
	t.Helper()
	var ve *model.ValidationError
	var ce *model.ConflictError
	switch {
	case errors.As(err, &ve) && ve.Fields[field] != "":
		return ve.Fields[field]
	case errors.As(err, &ce) && ce.Field == field:
		return ce.Message
	}
	t.Fatalf("want a problem on %q, got %v", field, err)
	return ""
}

// MN-1, MN-2: a minor needs a contact at creation; new or existing; refused without one, nothing saved.
func TestCreateMinor(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		svc := w.h.App.Clients
		_, err := svc.CreateMinor(ctx, as(w.clin), model.ClientChange{FirstName: str("Mia"), LastName: str("Reyes")}, nil)
		if msg := fieldErr(t, err, "contacts"); !strings.Contains(msg, "parent or guardian") {
			t.Fatalf("no contact: %q", msg)
		}
		// A broken contact refuses the whole minor.
		bad := newGuardian("", "Reyes", "not-an-email")
		_, err = svc.CreateMinor(ctx, as(w.clin), model.ClientChange{FirstName: str("Mia"), LastName: str("Reyes")}, []model.ContactInput{bad})
		fieldErr(t, err, "contacts.0.first_name")
		fieldErr(t, err, "contacts.0.email")
		if page, _ := svc.List(ctx, as(w.owner), clients.ListQuery{Q: "reyes"}); page.Total != 0 {
			t.Fatalf("a refused minor left %d charts", page.Total)
		}
		mia, err := svc.CreateMinor(ctx, as(w.clin), model.ClientChange{FirstName: str("Mia"), LastName: str("Reyes")},
			[]model.ContactInput{newGuardian("Rosa", "Reyes", "rosa@example.org")})
		if err != nil || mia.Kind != model.KindMinor {
			t.Fatalf("minor: %+v %v", mia, err)
		}
		contacts, err := svc.Contacts(ctx, as(w.clin), mia.ID)
		if err != nil || len(contacts) != 1 || contacts[0].Person.Name() != "Rosa Reyes" || !contacts[0].HandlesBilling || !contacts[0].Reminders || contacts[0].MaySign {
			t.Fatalf("contacts: %+v %v", contacts, err)
		}
		// A sibling reuses the same guardian: found by search, linked as the same person.
		found, err := svc.FindPeople(ctx, as(w.clin), "ROSA rey")
		if err != nil || len(found) != 1 || found[0].ID != contacts[0].Person.ID || found[0].ChartID != "" {
			t.Fatalf("find guardian: %+v %v", found, err)
		}
		leo, err := svc.CreateMinor(ctx, as(w.clin), model.ClientChange{FirstName: str("Leo"), LastName: str("Reyes")},
			[]model.ContactInput{{PersonID: found[0].ID, Relationship: model.RelLegalGuardian}})
		if err != nil {
			t.Fatal(err)
		}
		// The same new email twice is refused with a pointer to choosing the existing person.
		_, err = svc.CreateMinor(ctx, as(w.clin), model.ClientChange{FirstName: str("Ivy"), LastName: str("Reyes")},
			[]model.ContactInput{newGuardian("Rosa", "Reyes", " ROSA@example.org")})
		if msg := fieldErr(t, err, "contacts.0.email"); !strings.Contains(msg, "existing person") {
			t.Fatalf("duplicate guardian email: %q", msg)
		}
		// The same person twice on one chart.
		dup := model.ContactInput{PersonID: found[0].ID, Relationship: model.RelParent}
		_, err = svc.CreateMinor(ctx, as(w.clin), model.ClientChange{FirstName: str("Ivy"), LastName: str("Reyes")}, []model.ContactInput{dup, dup})
		fieldErr(t, err, "contacts.1.person_id")
		// A person of another practice answers not found.
		otherMinor, err := svc.CreateMinor(ctx, as(w.otherOwner), model.ClientChange{FirstName: str("Zed"), LastName: str("Far")},
			[]model.ContactInput{newGuardian("Zara", "Far", "")})
		if err != nil {
			t.Fatal(err)
		}
		farContacts, _ := svc.Contacts(ctx, as(w.otherOwner), otherMinor.ID)
		_, err = svc.CreateMinor(ctx, as(w.clin), model.ClientChange{FirstName: str("Ivy"), LastName: str("Reyes")},
			[]model.ContactInput{{PersonID: farContacts[0].Person.ID, Relationship: model.RelParent}})
		if !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("other practice's person: %v", err)
		}
		// "other" needs a description.
		other := newGuardian("Tia", "Reyes", "")
		other.Relationship = model.RelOther
		_, err = svc.CreateMinor(ctx, as(w.clin), model.ClientChange{FirstName: str("Ivy"), LastName: str("Reyes")}, []model.ContactInput{other})
		fieldErr(t, err, "contacts.0.relationship_other")
		_ = leo
	})
}

// CT-1, CT-2, CT-3: contacts on an individual chart; a client as contact stays one person; removing
// a minor's last contact is refused; deleting a linked client unlinks them everywhere, in one go.
func TestContacts(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		svc := w.h.App.Clients
		dad := w.create(t, w.clin, "Omar", "Haddad", model.ClientChange{Email: str("omar@example.org")})
		kid, err := svc.CreateMinor(ctx, as(w.clin), model.ClientChange{FirstName: str("Nour"), LastName: str("Haddad")},
			[]model.ContactInput{{PersonID: dad.PersonID, Relationship: model.RelParent, ContactFlags: model.ContactFlags{MaySign: true}}})
		if err != nil {
			t.Fatal(err)
		}
		// A client cannot be their own contact.
		_, err = svc.AddContact(ctx, as(w.clin), dad.ID, model.ContactInput{PersonID: dad.PersonID, Relationship: model.RelParent})
		fieldErr(t, err, "person_id")
		// The same person twice.
		_, err = svc.AddContact(ctx, as(w.clin), kid.ID, model.ContactInput{PersonID: dad.PersonID, Relationship: model.RelParent})
		fieldErr(t, err, "person_id")
		// A change of the client's name shows on the contact.
		if _, err := svc.Update(ctx, as(w.clin), dad.ID, model.ClientChange{FirstName: str("Omari")}, nil); err != nil {
			t.Fatal(err)
		}
		cs, _ := svc.Contacts(ctx, as(w.clin), kid.ID)
		if len(cs) != 1 || cs[0].Person.Name() != "Omari Haddad" || cs[0].Person.ChartID != dad.ID || !cs[0].MaySign {
			t.Fatalf("contact after rename: %+v", cs)
		}
		// The minor's last contact stays.
		err = svc.RemoveContact(ctx, as(w.clin), kid.ID, cs[0].ID)
		fieldErr(t, err, "contacts")
		// Add a grandmother, edit her flags and name, then remove her.
		gran, err := svc.AddContact(ctx, as(w.clin), kid.ID, model.ContactInput{New: model.NewPerson{FirstName: "Layla", LastName: "Haddad"}, Relationship: model.RelGrandparent})
		if err != nil {
			t.Fatal(err)
		}
		// Another clinician finds neither the client nor the contacts of charts they cannot see, and
		// cannot link them by id.
		if found, err := svc.FindPeople(ctx, as(w.clin2), "haddad"); err != nil || len(found) != 0 {
			t.Fatalf("a colleague's people were found: %+v %v", found, err)
		}
		own := w.create(t, w.clin2, "Yara", "Said", model.ClientChange{})
		if _, err := svc.AddContact(ctx, as(w.clin2), own.ID, model.ContactInput{PersonID: gran.Person.ID, Relationship: model.RelOther, RelationshipOther: "aunt"}); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("linking a colleague's contact: %v", err)
		}
		if found, _ := svc.FindPeople(ctx, as(w.owner), "haddad"); len(found) != 3 {
			t.Fatalf("the owner should find Omari, Nour and Layla: %+v", found)
		}
		upd, err := svc.UpdateContact(ctx, as(w.clin), kid.ID, gran.ID, clients.ContactChange{Relationship: model.RelGrandparent,
			Flags: model.ContactFlags{Emergency: true}, Person: &model.NewPerson{FirstName: "Leila", LastName: "Haddad", Phone: "555 010 2000"}})
		if err != nil || !upd.Emergency || upd.Person.FirstName != "Leila" {
			t.Fatalf("update contact: %+v %v", upd, err)
		}
		// A client's own details are changed on their chart, not through a contact.
		_, err = svc.UpdateContact(ctx, as(w.clin), kid.ID, cs[0].ID, clients.ContactChange{Relationship: model.RelParent, Person: &model.NewPerson{FirstName: "X", LastName: "Y"}})
		fieldErr(t, err, "first_name")
		// Another clinician's client answers not found, as a chart of another practice does.
		if _, err := svc.Contacts(ctx, as(w.clin2), kid.ID); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("hidden chart's contacts: %v", err)
		}
		if _, err := svc.AddContact(ctx, as(w.otherOwner), kid.ID, newGuardian("A", "B", "")); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("other practice adding a contact: %v", err)
		}
		if err := svc.RemoveContact(ctx, as(w.clin), kid.ID, gran.ID); err != nil {
			t.Fatal(err)
		}
		if found, _ := svc.FindPeople(ctx, as(w.clin), "leila"); len(found) != 0 {
			t.Fatalf("a removed contact-only person lingers: %+v", found)
		}
		// CT-3: deleting the father names the chart, unlinks him, and flags the minor as needing a contact.
		links, err := svc.Links(ctx, as(w.owner), dad.ID)
		if err != nil || len(links) != 1 || links[0].ID != kid.ID || links[0].Name != "Nour Haddad" {
			t.Fatalf("links: %+v %v", links, err)
		}
		if err := svc.Delete(ctx, as(w.owner), dad.ID); err != nil {
			t.Fatal(err)
		}
		if cs, _ := svc.Contacts(ctx, as(w.clin), kid.ID); len(cs) != 0 {
			t.Fatalf("contacts after delete: %+v", cs)
		}
		flagged, n, err := svc.MissingLinks(ctx, as(w.clin), 10)
		if err != nil || n != 1 || flagged[0].ID != kid.ID {
			t.Fatalf("needs attention: %+v %d %v", flagged, n, err)
		}
	})
}

// GR-1…GR-4, CT-3: a family chart with new and existing members, roles, settings, and its limits.
func TestGroups(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		svc := w.h.App.Clients
		ana := w.create(t, w.clin, "Ana", "Lima", model.ClientChange{})
		name := func(s string) model.ClientChange { return model.ClientChange{GroupName: &s} }
		newM := func(first, last string) model.MemberInput {
			return model.MemberInput{New: model.NewPerson{FirstName: first, LastName: last}, Reminders: true}
		}
		// Bad input: too few members, an identified patient who is not a member, a group as a member.
		_, err := svc.CreateGroup(ctx, as(w.clin), clients.GroupInput{Change: name("Lima family"), Members: []model.MemberInput{{ClientID: ana.ID}}})
		fieldErr(t, err, "members")
		stranger := w.create(t, w.clin, "Sol", "Stranger", model.ClientChange{})
		_, err = svc.CreateGroup(ctx, as(w.clin), clients.GroupInput{Change: name("Lima family"),
			Members: []model.MemberInput{{ClientID: ana.ID}, newM("Bruno", "Lima")}, IdentifiedPatient: stranger.ID})
		fieldErr(t, err, "identified_patient")
		_, err = svc.CreateGroup(ctx, as(w.clin), clients.GroupInput{Change: name(" "), Members: []model.MemberInput{{ClientID: ana.ID}, {ClientID: ana.ID}}})
		fieldErr(t, err, "name")
		fieldErr(t, err, "members.1.client_id")
		otherClient := w.create(t, w.otherOwner, "Far", "Away", model.ClientChange{})
		_, err = svc.CreateGroup(ctx, as(w.clin), clients.GroupInput{Change: name("Mixed"), Members: []model.MemberInput{{ClientID: ana.ID}, {ClientID: otherClient.ID}}})
		if !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("member of another practice: %v", err)
		}
		if page, _ := svc.List(ctx, as(w.owner), clients.ListQuery{Q: "bruno"}); page.Total != 0 {
			t.Fatalf("refused groups left a new member behind: %d", page.Total)
		}
		bruno := newM("Bruno", "Lima")
		bruno.IdentifiedPatient = true
		g, err := svc.CreateGroup(ctx, as(w.clin), clients.GroupInput{Change: name("Lima family"),
			Members: []model.MemberInput{{ClientID: ana.ID, Bridging: true}, bruno}, BillingContact: ana.ID})
		if err != nil || g.Kind != model.KindGroup || g.Name() != "Lima family" || g.MemberCount != 2 {
			t.Fatalf("group: %+v %v", g, err)
		}
		ms, err := svc.Members(ctx, as(w.clin), g.ID)
		if err != nil || len(ms) != 2 || ms[0].Client.ID != ana.ID || !ms[0].BillingContact || ms[0].IdentifiedPatient ||
			ms[1].Client.FirstName != "Bruno" || !ms[1].IdentifiedPatient || !ms[1].Reminders || ms[1].Bridging || !ms[0].Bridging {
			t.Fatalf("members: %+v %v", ms, err)
		}
		if ms[1].Client.AssignedClinicianID != w.clin.ID {
			t.Fatalf("a new member should get the group's clinician: %+v", ms[1].Client)
		}
		// A member's chart lists the group; search finds the group by a member's name.
		anaView, _ := svc.Get(ctx, as(w.clin), ana.ID)
		groups := anaView.Groups
		if len(groups) != 1 || groups[0].ID != g.ID || groups[0].Members != 2 {
			t.Fatalf("groups of Ana: %+v", groups)
		}
		page, _ := svc.List(ctx, as(w.clin), clients.ListQuery{Q: "bruno", Kind: model.KindGroup})
		if page.Total != 1 || page.Clients[0].ID != g.ID {
			t.Fatalf("group by member name: %+v", page)
		}
		// Renaming a member keeps the group findable by the new name.
		if _, err := svc.Update(ctx, as(w.clin), ana.ID, model.ClientChange{FirstName: str("Anabela")}, nil); err != nil {
			t.Fatal(err)
		}
		if page, _ := svc.List(ctx, as(w.clin), clients.ListQuery{Q: "anabela", Kind: model.KindGroup}); page.Total != 1 {
			t.Fatalf("group by renamed member: %d", page.Total)
		}
		// Roles move, never vanish.
		f := false
		_, err = svc.UpdateMember(ctx, as(w.clin), g.ID, ana.ID, clients.MemberChange{BillingContact: &f})
		fieldErr(t, err, "billing_contact")
		tr := true
		if _, err := svc.UpdateMember(ctx, as(w.clin), g.ID, ana.ID, clients.MemberChange{IdentifiedPatient: &tr, Reminders: &f}); err != nil {
			t.Fatal(err)
		}
		ms, _ = svc.Members(ctx, as(w.clin), g.ID)
		if !ms[0].IdentifiedPatient || ms[1].IdentifiedPatient || ms[0].Reminders {
			t.Fatalf("after role change: %+v", ms)
		}
		// A group keeps two members; a third can come and go.
		fieldErr(t, svc.RemoveMember(ctx, as(w.clin), g.ID, ana.ID), "members")
		kai, err := svc.AddMember(ctx, as(w.clin), g.ID, newM("Kai", "Lima"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddMember(ctx, as(w.clin), g.ID, model.MemberInput{ClientID: kai.Client.ID}); err == nil {
			t.Fatal("the same member twice was accepted")
		}
		if err := svc.RemoveMember(ctx, as(w.clin), g.ID, ana.ID); err != nil {
			t.Fatal(err)
		}
		ms, _ = svc.Members(ctx, as(w.clin), g.ID)
		if len(ms) != 2 || !ms[0].IdentifiedPatient || !ms[0].BillingContact {
			t.Fatalf("roles after Ana left should move to the first member: %+v", ms)
		}
		// CT-3: deleting a member names the group and leaves it flagged with one member.
		links, _ := svc.Links(ctx, as(w.owner), kai.Client.ID)
		if len(links) != 1 || links[0].ID != g.ID || !links[0].AsMember {
			t.Fatalf("links of Kai: %+v", links)
		}
		if err := svc.Delete(ctx, as(w.owner), kai.Client.ID); err != nil {
			t.Fatal(err)
		}
		flagged, n, _ := svc.MissingLinks(ctx, as(w.owner), 10)
		if n != 1 || flagged[0].ID != g.ID {
			t.Fatalf("group left with one member: %+v", flagged)
		}
		if v, err := svc.Get(ctx, as(w.clin), g.ID); err != nil || v.MemberCount != 1 {
			t.Fatalf("group after delete: %+v %v", v, err)
		}
		// Another practice cannot see the members.
		if _, err := svc.Members(ctx, as(w.otherOwner), g.ID); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("other practice's members: %v", err)
		}
	})
}

// Persons that existed before they could be searched get their search text on start: names (chosen and
// legal, accents folded), email and phone digits, never the chart's tags.
func TestFillPersonSearch(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		svc := w.h.App.Clients
		jose := w.create(t, w.owner, "José", "Muñoz", model.ClientChange{Phone: str("555 010 7788")})
		tag, err := svc.CreateTag(ctx, as(w.owner), "Anxiety")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Update(ctx, as(w.owner), jose.ID, model.ClientChange{}, &[]string{tag.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.ExecContext(ctx, `UPDATE persons SET search_text = ''`); err != nil {
			t.Fatal(err)
		}
		if found, _ := svc.FindPeople(ctx, as(w.owner), "munoz"); len(found) != 0 {
			t.Fatalf("found before filling: %+v", found)
		}
		if err := store.FillPersonSearch(ctx, svc.Store); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{"munoz": 1, "JOSE": 1, "0107788": 1, "anxiety": 0} {
			if found, err := svc.FindPeople(ctx, as(w.owner), q); err != nil || len(found) != want {
				t.Errorf("find %q: %d, want %d (%v)", q, len(found), want, err)
			}
		}
	})
}

// A clinician who may not see a chart does not learn of it through links: not as a contact's own
// chart, not as a group their client belongs to, not on a delete confirmation.
func TestLinksHideWhatOthersCannotSee(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		svc := w.h.App.Clients
		mine := w.create(t, w.clin, "Ines", "Mine", model.ClientChange{})
		theirs := w.create(t, w.clin2, "Tomas", "Theirs", model.ClientChange{})
		// The owner links them: Tomas is a contact of Ines, and both are in a group of clin2's.
		if _, err := svc.AddContact(ctx, as(w.owner), mine.ID, model.ContactInput{PersonID: theirs.PersonID, Relationship: model.RelSpousePartner}); err != nil {
			t.Fatal(err)
		}
		name := "Mine and Theirs"
		g, err := svc.CreateGroup(ctx, as(w.owner), clients.GroupInput{Change: model.ClientChange{GroupName: &name, AssignedClinicianID: &w.clin2.ID},
			Members: []model.MemberInput{{ClientID: mine.ID}, {ClientID: theirs.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		v, err := svc.Get(ctx, as(w.clin), mine.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Groups) != 0 {
			t.Errorf("clin learns of a group they cannot see: %+v", v.Groups)
		}
		if len(v.Contacts) != 1 || v.Contacts[0].Person.Name() != "Tomas Theirs" || v.Contacts[0].Person.ChartID != "" {
			t.Errorf("clin learns that a contact is someone else's client: %+v", v.Contacts)
		}
		if cs, _ := svc.Contacts(ctx, as(w.clin), mine.ID); len(cs) != 1 || cs[0].Person.ChartID != "" {
			t.Errorf("contacts listing shows the hidden chart: %+v", cs)
		}
		if _, err := svc.Links(ctx, as(w.clin), mine.ID); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a clinician reads the delete links: %v", err)
		}
		if links, _, _ := svc.LinksOfMany(ctx, as(w.clin), []string{mine.ID}); len(links) != 0 {
			t.Errorf("a clinician's bulk-delete page names charts: %+v", links)
		}
		// The owner, who sees everything, sees all of it.
		if v, _ := svc.Get(ctx, as(w.owner), mine.ID); len(v.Groups) != 1 || v.Groups[0].ID != g.ID || v.Contacts[0].Person.ChartID != theirs.ID {
			t.Errorf("the owner's view: %+v %+v", v.Groups, v.Contacts)
		}
	})
}
