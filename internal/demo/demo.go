// Package demo fills an empty installation with a fictional practice, staff and generated clients, so a
// newcomer sees a living system at once. It also seeds large data sets for speed tests.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"tend/internal/reminders"
	"time"

	"tend/internal/account"
	"tend/internal/appointments"
	"tend/internal/audit"
	"tend/internal/clientportal"
	"tend/internal/clinical"
	"tend/internal/documents"
	"tend/internal/files"
	"tend/internal/id"
	"tend/internal/ledger"
	"tend/internal/messaging"
	"tend/internal/model"
	"tend/internal/notes"
	"tend/internal/plans"
	"tend/internal/psychnotes"
	"tend/internal/reflections"
	"tend/internal/store"
	"tend/internal/tasks"
)

// Services are the use cases the demo works through, as the app wires them: the clinical record is
// written by the same code a clinician's pages call, so its signatures, hashes and audit trail are real.
type Services struct {
	Accounts    *account.Service
	Log         *audit.Log
	Portal      *clientportal.Service
	Documents   *documents.Service
	Clinical    *clinical.Service
	Notes       *notes.Service
	PsychNotes  *psychnotes.Service
	Reflections *reflections.Service
	Plans       *plans.Service
	// Appointments books the recorded charts' sessions (issue 16); nil books none.
	Appointments *appointments.Service
	// Ledger records the payments of the sessions' charges (PY-1); nil records none.
	Ledger *ledger.Service
	// Reminders sends the past sessions' reminders as their time comes (AP-1); nil sends none.
	Reminders *reminders.Service
	// Files puts a shared handout and a client's upload on the portal client's chart (issue 17); nil none.
	Files *files.Service
	// Tasks assigns homework and private to-dos on the recorded charts (TK-1); nil assigns none.
	Tasks *tasks.Service
	// Messages writes the portal client's conversation with their clinician (MS-1); nil writes none.
	Messages *messaging.Service
}

// Login is the demo owner's sign-in, printed for the newcomer.
type Login struct {
	Email, Password string
	StaffPassword   string      // the temporary password of the other six staff
	Portal          PortalLogin // a client's portal sign-in, when there are clients with email
}

// ErrNotEmpty is Fill's refusal of an installation that already has a practice.
var ErrNotEmpty = errors.New("this installation already has a practice; use an empty data folder (or database) for the demo")

// Fill creates the demo practice "Willow Creek Counseling" with six staff and n clients, and a year of
// clinical record on some of their charts (see record). It refuses an installation that is already set up.
func Fill(ctx context.Context, svc Services, n int, seed uint64) (Login, error) {
	accounts, log := svc.Accounts, svc.Log
	if n < 0 || n > 1_000_000 {
		return Login{}, errors.New("--clients must be between 0 and 1,000,000")
	}
	needs, err := accounts.NeedsSetup(ctx)
	if err != nil {
		return Login{}, err
	}
	if !needs {
		return Login{}, ErrNotEmpty
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	login := Login{Email: "owner@willowcreek.example", Password: passphrase(rng)}
	pr, owner, err := accounts.Setup(ctx, account.PracticeInput{
		PracticeName: "Willow Creek Counseling", TimeZone: "America/Chicago", OwnerName: "Rowan Ellis",
		OwnerEmail: login.Email, Password: login.Password,
	}, "")
	if err != nil {
		return Login{}, fmt.Errorf("demo: setup: %w", err)
	}
	op := model.Principal{StaffID: owner.ID, PracticeID: pr.ID, Role: model.RoleOwner}
	banner := "Office hours: Monday to Friday, 8 AM to 6 PM. Messages sent after hours are read the next working day."
	policy := "Please cancel or move a session at least 24 hours ahead, by phone or through the portal.\n" +
		"A session missed without notice is charged at the full fee, unless an emergency kept you away."
	noShow := model.NoShowFeeRate // as the policy says: a missed session is charged at the full fee
	if _, err := accounts.ChangePracticeSettings(ctx, op, model.PracticeSettingsChange{PortalBanner: &banner, CancellationPolicy: &policy, NoShowFee: &noShow}); err != nil {
		return Login{}, fmt.Errorf("demo: settings: %w", err)
	}
	staffPassword := passphrase(rng)
	var clinicians []string
	var supervisor string
	supervised := map[string]bool{}
	// people are the staff as the record's use cases see them acting, by id.
	people := map[string]model.Principal{owner.ID: {StaffID: owner.ID, PracticeID: pr.ID, Role: model.RoleOwner, Name: owner.Name}}
	for _, st := range []struct {
		name, email string
		role        model.Role
	}{
		{"Morgan Reyes", "morgan@willowcreek.example", model.RoleSupervisor},
		{"Priya Natarajan", "priya@willowcreek.example", model.RoleClinician},
		{"Sam Okoye", "sam@willowcreek.example", model.RoleClinician},
		{"Lena Fischer", "lena@willowcreek.example", model.RoleClinician},
		{"Dana Whitfield", "dana@willowcreek.example", model.RoleAdmin},
		{"Chris Yamada", "chris@willowcreek.example", model.RoleBilling},
	} {
		s, err := accounts.AddStaff(ctx, op, model.StaffInput{Name: st.name, Email: st.email, Role: st.role, Password: staffPassword})
		if err != nil {
			return Login{}, fmt.Errorf("demo: staff: %w", err)
		}
		people[s.ID] = model.Principal{StaffID: s.ID, PracticeID: pr.ID, Role: s.Role, Name: s.Name}
		switch st.role {
		case model.RoleSupervisor:
			supervisor = s.ID
			clinicians = append(clinicians, s.ID)
		case model.RoleClinician:
			clinicians = append(clinicians, s.ID)
			if len(clinicians) <= 3 { // the first two clinicians are supervised, and their notes need co-signing
				cosign := true
				supervised[s.ID] = true
				if _, err := accounts.UpdateStaff(ctx, op, s.ID, model.StaffChange{SupervisorID: &supervisor, NotesNeedCosign: &cosign}); err != nil {
					return Login{}, fmt.Errorf("demo: supervision: %w", err)
				}
			}
		}
	}
	login.StaffPassword = staffPassword
	clinicians = append(clinicians, owner.ID)
	picked := picks{since: accounts.Now().AddDate(0, -3, 0), by: map[string][]model.Client{}}
	if err := addClients(ctx, accounts.Store, log, pr.ID, clinicians, n, rng, accounts.Now(), picked.add); err != nil {
		return Login{}, err
	}
	if login.Portal, err = Portal(ctx, accounts.Store, log, pr.ID, rng, accounts.Now().UTC()); err != nil {
		return Login{}, err
	}
	r := recorder{svc: svc, practice: pr, people: people, supervisor: supervisor, supervised: supervised, now: accounts.Now(),
		rng: rand.New(rand.NewPCG(seed^0x5eed, seed+14))}
	if err := r.fill(ctx, clinicians, picked, login.Portal.ChartID); err != nil {
		return Login{}, fmt.Errorf("demo: clinical record: %w", err)
	}
	return login, nil
}

// Others adds k more fictional practices of n clients each, for load tests of a shared installation.
func Others(ctx context.Context, accounts *account.Service, log *audit.Log, k, n int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	for i := range k {
		pr, owner, err := accounts.AddPractice(ctx, account.PracticeInput{
			PracticeName: fmt.Sprintf("Neighbour Practice %d", i+1), TimeZone: "Europe/London", OwnerName: "Alex Morgan",
			OwnerEmail: fmt.Sprintf("owner%d@neighbour.example", i+1), Password: passphrase(rng),
		})
		if err != nil {
			return fmt.Errorf("demo: other practice: %w", err)
		}
		dayFirst := model.DateDayFirst // a London practice writes 17/04/1991
		if _, err := accounts.ChangePracticeSettings(ctx, model.Principal{StaffID: owner.ID, PracticeID: pr.ID, Role: model.RoleOwner}, model.PracticeSettingsChange{DateFormat: &dayFirst}); err != nil {
			return fmt.Errorf("demo: other practice: %w", err)
		}
		if err := Clients(ctx, accounts.Store, log, pr.ID, []string{owner.ID}, n, rng, accounts.Now()); err != nil {
			return err
		}
	}
	return nil
}

// Clients adds n generated clients (with tags) to a practice in batches, and one audit event saying so.
// Names are fictional; emails use example domains; phone numbers use the 555-01xx fiction range.
func Clients(ctx context.Context, st *store.Store, log *audit.Log, practiceID string, clinicians []string, n int, rng *rand.Rand, now time.Time) error {
	return addClients(ctx, st, log, practiceID, clinicians, n, rng, now, nil)
}

// addClients is Clients, handing each generated chart to pick (when set) after it is stored.
func addClients(ctx context.Context, st *store.Store, log *audit.Log, practiceID string, clinicians []string, n int, rng *rand.Rand, now time.Time, pick func(model.Client)) error {
	var tags []model.Tag
	var svcs demoServices
	err := st.Tx(ctx, func(q store.Q) error {
		for _, name := range tagNames {
			t := model.Tag{ID: id.New(), Name: name}
			if err := store.InsertTag(ctx, q, practiceID, t, now); err != nil {
				return err
			}
			tags = append(tags, t)
		}
		var err error
		svcs, err = addServices(ctx, q, practiceID, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("demo: tags: %w", err)
	}
	const batch = 1000
	for start := 0; start < n; start += batch {
		err := st.Tx(ctx, func(q store.Q) error {
			var previous model.Client
			for i := start; i < min(start+batch, n); i++ {
				c := client(rng, practiceID, clinicians, tags, i, now)
				c.DefaultServiceID = svcs.defaultFor(c, i)
				if err := store.InsertClient(ctx, q, c); err != nil {
					return err
				}
				if err := insurance(ctx, q, c, i); err != nil {
					return err
				}
				if err := links(ctx, q, rng, c, previous, i, svcs.family); err != nil {
					return err
				}
				if pick != nil {
					pick(c)
				}
				if c.Kind == model.KindIndividual {
					previous = c
				}
				if len(c.Tags) > 0 {
					ids := make([]string, len(c.Tags))
					for j, t := range c.Tags {
						ids[j] = t.ID
					}
					if err := store.SetChartTags(ctx, q, c.ID, ids); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("demo: clients: %w", err)
		}
	}
	return st.Tx(ctx, func(q store.Q) error {
		return log.Append(ctx, q, model.AuditEvent{PracticeID: practiceID, At: now, ActorType: model.ActorSystem,
			Action: "demo.clients", RecordType: "client_list", Detail: fmt.Sprintf("generated=%d", n)})
	})
}

// client makes the i-th generated client: varied names, ages, statuses, tags and completeness.
func client(rng *rand.Rand, practiceID string, clinicians []string, tags []model.Tag, i int, now time.Time) model.Client {
	first := firstNames[rng.IntN(len(firstNames))]
	last := lastNames[rng.IntN(len(lastNames))]
	joined := now.Add(-time.Duration(rng.IntN(3*365*24)) * time.Hour)
	c := model.Client{
		ID: id.New(), PersonID: id.New(), PracticeID: practiceID, Kind: model.KindIndividual,
		FirstName: first, LastName: last, Pronouns: pronouns[rng.IntN(len(pronouns))],
		State: model.StateActive, MessagingOn: rng.IntN(5) > 0, CreatedAt: joined, UpdatedAt: joined,
		AssignedClinicianID: clinicians[rng.IntN(len(clinicians))],
	}
	if rng.IntN(10) < 8 {
		local := strings.ToLower(model.Fold(strings.ReplaceAll(first+"."+last, " ", "")))
		local = strings.ReplaceAll(local, "'", "")
		c.Email = fmt.Sprintf("%s.%d@%s", local, i, []string{"example.org", "example.net", "example.com"}[rng.IntN(3)])
	}
	if rng.IntN(10) < 9 {
		c.Phone = fmt.Sprintf("(%03d) 555-01%02d", 200+rng.IntN(700), rng.IntN(100))
	}
	age := 18 + rng.IntN(70)
	if i%25 == 7 { // about one chart in 25 is a minor's, with a parent or guardian (see links)
		c.Kind, age, c.Email = model.KindMinor, 5+rng.IntN(13), ""
	}
	dob := now.AddDate(-age, -rng.IntN(12), -rng.IntN(28))
	c.DateOfBirth = dob.Format(time.DateOnly)
	c.Sex = []string{"female", "male", "x", "", "female", "male"}[rng.IntN(6)]
	c.BillingType = []model.BillingType{model.BillingCash, model.BillingInsurance, model.BillingInsurance, model.BillingNone, ""}[rng.IntN(5)]
	c.Address = model.Address{Line1: fmt.Sprintf("%d %s Street", 1+rng.IntN(999), lastNames[rng.IntN(len(lastNames))]), City: cities[rng.IntN(len(cities))], Country: "United States"}
	switch r := rng.IntN(20); {
	case r < 2:
		c.State = model.StateInactive
	case r < 4:
		c.State = model.StateArchived
	}
	if rng.IntN(10) < 7 {
		c.SetupCompletedAt = joined.Add(time.Hour)
	}
	for _, t := range tags {
		if rng.IntN(6) == 0 {
			c.Tags = append(c.Tags, t)
		}
	}
	return c
}

// links gives a generated minor a parent or guardian, and every 50th adult a couple or family chart
// with the adult generated before them.
func links(ctx context.Context, q store.Q, rng *rand.Rand, c, previous model.Client, i int, familyService string) error {
	now := c.CreatedAt
	switch {
	case c.Kind == model.KindMinor:
		guardian := model.NewPerson{FirstName: firstNames[rng.IntN(len(firstNames))], LastName: c.LastName,
			Phone: fmt.Sprintf("(%03d) 555-01%02d", 200+rng.IntN(700), rng.IntN(100))}
		personID := id.New()
		if err := store.InsertPerson(ctx, q, c.PracticeID, personID, guardian, now); err != nil {
			return fmt.Errorf("demo: guardian: %w", err)
		}
		rel := []model.Relationship{model.RelParent, model.RelParent, model.RelParent, model.RelLegalGuardian, model.RelGrandparent}[rng.IntN(5)]
		return store.InsertContact(ctx, q, c.PracticeID, model.Contact{ID: id.New(), ChartID: c.ID, Person: model.Person{ID: personID},
			Relationship: rel, ContactFlags: model.ContactFlags{HandlesBilling: true, Reminders: true, MaySign: true, Emergency: rng.IntN(2) == 0}}, now)
	case i%50 == 11 && previous.ID != "":
		g := model.Client{ID: id.New(), PracticeID: c.PracticeID, Kind: model.KindGroup, GroupName: c.LastName + " and " + previous.LastName,
			State: model.StateActive, MessagingOn: true, AssignedClinicianID: c.AssignedClinicianID, BillingType: c.BillingType,
			IdentifiedPatientID: c.ID, BillingMemberID: c.ID, CreatedAt: now, UpdatedAt: now, SetupCompletedAt: now, DefaultServiceID: familyService,
			MemberNames: []string{c.FirstName, c.LastName, previous.FirstName, previous.LastName}}
		if err := store.InsertGroup(ctx, q, g); err != nil {
			return fmt.Errorf("demo: group: %w", err)
		}
		for _, m := range []model.Client{c, previous} {
			if err := store.InsertMember(ctx, q, c.PracticeID, model.Member{GroupID: g.ID, Client: m, Reminders: true, Bridging: true}, now); err != nil {
				return fmt.Errorf("demo: member: %w", err)
			}
		}
	}
	return nil
}

// passphrase makes a random four-word password that the policy accepts.
func passphrase(rng *rand.Rand) string {
	words := []string{"amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "harbor", "indigo", "juniper", "kestrel",
		"lagoon", "meadow", "nutmeg", "orchid", "pebble", "quartz", "river", "saffron", "thistle", "umber", "willow"}
	parts := make([]string, 4)
	for i := range parts {
		parts[i] = words[rng.IntN(len(words))]
	}
	return strings.Join(parts, "-") + fmt.Sprint(rng.IntN(90)+10)
}
