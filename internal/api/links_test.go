package api_test

import (
	"fmt"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

type contactOut struct {
	ID             string  `json:"id"`
	PersonID       string  `json:"person_id"`
	ClientID       *string `json:"client_id"`
	FirstName      string  `json:"first_name"`
	Relationship   string  `json:"relationship"`
	HandlesBilling bool    `json:"handles_billing"`
	Emergency      bool    `json:"emergency"`
}

type memberOut struct {
	ClientID          string `json:"client_id"`
	FirstName         string `json:"first_name"`
	IdentifiedPatient bool   `json:"identified_patient"`
	BillingContact    bool   `json:"billing_contact"`
	ReceivesReminders bool   `json:"receives_reminders"`
}

// MN-1, MN-2, CT-1…CT-3, GR-1…GR-4 through the JSON API, with its bad input.
func TestContactsAndMembersAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		_, other := h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)

		// A minor without contacts is refused; with a new guardian it is created.
		r := c.API("POST", "/api/v1/clients", map[string]any{"kind": "minor", "first_name": "Mia", "last_name": "Reyes"})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["contacts"] == "" {
			t.Fatalf("minor without contact: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("POST", "/api/v1/clients", map[string]any{"kind": "minor", "first_name": "Mia", "last_name": "Reyes",
			"contacts": []map[string]any{{"first_name": "Rosa", "last_name": "Reyes", "email": "rosa@example.org", "relationship": "parent", "handles_billing": true}}})
		var mia clientOut
		r.JSON(t, &mia)
		if r.StatusCode != 201 || mia.Kind != "minor" {
			t.Fatalf("minor: %d %s", r.StatusCode, r.Body)
		}
		var contacts struct{ Items []contactOut }
		c.API("GET", "/api/v1/clients/"+mia.ID+"/contacts", nil).JSON(t, &contacts)
		if len(contacts.Items) != 1 || contacts.Items[0].FirstName != "Rosa" || !contacts.Items[0].HandlesBilling || contacts.Items[0].ClientID != nil {
			t.Fatalf("contacts: %+v", contacts)
		}
		rosa := contacts.Items[0]
		// Bad contacts: both person_id and names; unknown relationship; the same person twice.
		r = c.API("POST", "/api/v1/clients/"+mia.ID+"/contacts", map[string]any{"person_id": rosa.PersonID, "first_name": "X", "relationship": "parent"})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["person_id"] == "" {
			t.Fatalf("person_id and names: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("POST", "/api/v1/clients/"+mia.ID+"/contacts", map[string]any{"first_name": "Tio", "last_name": "Reyes", "relationship": "uncle"})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["relationship"] == "" {
			t.Fatalf("unknown relationship: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("POST", "/api/v1/clients/"+mia.ID+"/contacts", map[string]any{"person_id": rosa.PersonID, "relationship": "parent"})
		if r.StatusCode != 409 || r.Err(t).Error.Fields["person_id"] == "" {
			t.Fatalf("same person twice: %d %s", r.StatusCode, r.Body)
		}
		// PATCH keeps what is not sent.
		r = c.API("PATCH", "/api/v1/clients/"+mia.ID+"/contacts/"+rosa.ID, map[string]any{"emergency": true})
		var patched contactOut
		r.JSON(t, &patched)
		if r.StatusCode != 200 || !patched.Emergency || !patched.HandlesBilling || patched.Relationship != "parent" {
			t.Fatalf("patch contact: %d %s", r.StatusCode, r.Body)
		}
		// The last contact of a minor stays.
		if r := c.API("DELETE", "/api/v1/clients/"+mia.ID+"/contacts/"+rosa.ID, nil); r.StatusCode != 422 {
			t.Fatalf("removing the last contact: %d %s", r.StatusCode, r.Body)
		}
		// People search finds Rosa.
		var people struct{ Items []struct{ ID string } }
		c.API("GET", "/api/v1/people?q=rosa", nil).JSON(t, &people)
		if len(people.Items) != 1 || people.Items[0].ID != rosa.PersonID {
			t.Fatalf("people: %+v", people)
		}

		// A group: one existing member, one new; roles named by client id and by flag.
		var ana clientOut
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ana", "last_name": "Lima"}).JSON(t, &ana)
		r = c.API("POST", "/api/v1/clients", map[string]any{"kind": "group", "name": "Lima family",
			"members": []map[string]any{{"client_id": ana.ID}}, "identified_patient": ana.ID})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["members"] == "" {
			t.Fatalf("a group of one: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("POST", "/api/v1/clients", map[string]any{"kind": "group", "name": "Lima family",
			"members": []map[string]any{{"client_id": ana.ID}, {"first_name": "Bruno", "last_name": "Lima"}}, "identified_patient": mia.ID})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["identified_patient"] == "" {
			t.Fatalf("identified patient not a member: %d %s", r.StatusCode, r.Body)
		}
		oc := h.Client()
		oc.Login(other.Email, apptest.StrongPassword)
		var farClient clientOut
		oc.API("POST", "/api/v1/clients", map[string]any{"first_name": "Far", "last_name": "Away"}).JSON(t, &farClient)
		r = c.API("POST", "/api/v1/clients", map[string]any{"kind": "group", "name": "Mixed",
			"members": []map[string]any{{"client_id": ana.ID}, {"client_id": farClient.ID}}})
		if r.StatusCode != 404 {
			t.Fatalf("member of another practice: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("POST", "/api/v1/clients", map[string]any{"kind": "group", "name": "Lima family", "billing_contact": ana.ID,
			"members": []map[string]any{{"client_id": ana.ID}, {"first_name": "Bruno", "last_name": "Lima", "identified_patient": true, "receives_reminders": false}}})
		var fam struct {
			clientOut
			Name              string `json:"name"`
			MemberCount       *int   `json:"member_count"`
			IdentifiedPatient string `json:"identified_patient"`
			BillingContact    string `json:"billing_contact"`
		}
		r.JSON(t, &fam)
		if r.StatusCode != 201 || fam.Kind != "group" || fam.Name != "Lima family" || fam.MemberCount == nil || *fam.MemberCount != 2 || fam.BillingContact != ana.ID || fam.IdentifiedPatient == ana.ID {
			t.Fatalf("group: %d %s", r.StatusCode, r.Body)
		}
		// A group is renamed with name; a person's chart has no such field, and a group no personal ones.
		var renamed struct {
			Name string `json:"name"`
		}
		r = c.API("PATCH", "/api/v1/clients/"+fam.ID, map[string]any{"name": "Lima-Okafor family"})
		r.JSON(t, &renamed)
		if r.StatusCode != 200 || renamed.Name != "Lima-Okafor family" {
			t.Fatalf("rename group: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("PATCH", "/api/v1/clients/"+ana.ID, map[string]any{"name": "X"}); r.StatusCode != 422 || r.Err(t).Error.Fields["name"] == "" {
			t.Fatalf("name on a person's chart: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("PATCH", "/api/v1/clients/"+fam.ID, map[string]any{"first_name": "X"}); r.StatusCode != 422 {
			t.Fatalf("first_name on a group: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("PATCH", "/api/v1/clients/"+fam.ID, map[string]any{"identified_patient": ana.ID}); r.StatusCode != 422 || r.Err(t).Error.Fields["members"] == "" {
			t.Fatalf("roles through PATCH of the chart: %d %s", r.StatusCode, r.Body)
		}
		many := make([]map[string]any, 21)
		for i := range many {
			many[i] = map[string]any{"first_name": "M", "last_name": fmt.Sprint(i)}
		}
		if r := c.API("POST", "/api/v1/clients", map[string]any{"kind": "group", "name": "Big", "members": many}); r.StatusCode != 422 || r.Err(t).Error.Fields["members"] == "" {
			t.Fatalf("21 members at once: %d %s", r.StatusCode, r.Body)
		}
		var members struct{ Items []memberOut }
		c.API("GET", "/api/v1/clients/"+fam.ID+"/members", nil).JSON(t, &members)
		if len(members.Items) != 2 || !members.Items[1].IdentifiedPatient || members.Items[1].ReceivesReminders || !members.Items[0].BillingContact {
			t.Fatalf("members: %+v", members)
		}
		// Add, update and remove members; a group keeps two.
		r = c.API("POST", "/api/v1/clients/"+fam.ID+"/members", map[string]any{"first_name": "Kai", "last_name": "Lima"})
		var kai memberOut
		r.JSON(t, &kai)
		if r.StatusCode != 201 || !kai.ReceivesReminders {
			t.Fatalf("add member: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("PATCH", "/api/v1/clients/"+fam.ID+"/members/"+kai.ClientID, map[string]any{"billing_contact": true})
		if r.StatusCode != 200 {
			t.Fatalf("make Kai billing contact: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("DELETE", "/api/v1/clients/"+fam.ID+"/members/"+kai.ClientID, nil); r.StatusCode != 204 {
			t.Fatalf("remove Kai: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("DELETE", "/api/v1/clients/"+fam.ID+"/members/"+ana.ID, nil); r.StatusCode != 422 {
			t.Fatalf("a group below two: %d %s", r.StatusCode, r.Body)
		}
		// Search finds the group by a member's name; the list filters by kind.
		var list struct {
			Items []clientOut
			Total int
		}
		c.API("GET", "/api/v1/clients?q=bruno&kind=group", nil).JSON(t, &list)
		if list.Total != 1 || list.Items[0].ID != fam.ID {
			t.Fatalf("group by member name: %+v", list)
		}
		// Another practice's group answers 404 on every door.
		for _, path := range []string{"/api/v1/clients/" + fam.ID + "/members", "/api/v1/clients/" + mia.ID + "/contacts"} {
			if r := oc.API("GET", path, nil); r.StatusCode != 404 {
				t.Fatalf("other practice %s: %d", path, r.StatusCode)
			}
		}
		if r := oc.API("POST", "/api/v1/clients/"+fam.ID+"/members", map[string]any{"first_name": "X", "last_name": "Y"}); r.StatusCode != 404 {
			t.Fatalf("other practice adds a member: %d", r.StatusCode)
		}
	})
}
