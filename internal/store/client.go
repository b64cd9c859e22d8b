package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"tend/internal/db"
	"tend/internal/model"
)

// clientCols reads a chart with its subject person (group charts have none, hence the COALESCEs).
const clientCols = `c.id, c.practice_id, COALESCE(c.person_id, ''), c.kind,
	COALESCE(p.first_name, ''), COALESCE(p.last_name, ''), COALESCE(p.legal_first_name, ''), COALESCE(p.legal_last_name, ''),
	COALESCE(p.pronouns, ''), COALESCE(p.email, ''), COALESCE(p.phone, ''), COALESCE(p.date_of_birth, ''),
	COALESCE(p.sex, ''), COALESCE(p.gender_identity, ''),
	COALESCE(p.address_line1, ''), COALESCE(p.address_line2, ''), COALESCE(p.address_city, ''),
	COALESCE(p.address_region, ''), COALESCE(p.address_postal_code, ''), COALESCE(p.address_country, ''),
	c.emergency_name, c.emergency_relationship, c.emergency_phone, c.emergency_email,
	c.billing_type, c.messaging_on, COALESCE(c.assigned_clinician_id, ''), c.record_state, c.portal_state,
	c.pending, c.setup_step, c.setup_completed_at, c.created_at, c.updated_at, c.group_name,
	COALESCE(c.identified_patient_id, ''), COALESCE(c.billing_member_id, ''), COALESCE(c.default_service_id, ''),
	c.balance_cents`

const clientFrom = ` FROM charts c LEFT JOIN persons p ON p.id = c.person_id`

func scanClient(s scanner) (model.Client, error) {
	var c model.Client
	var kind, billing, state string
	var setupDone sql.NullInt64
	var created, updated int64
	err := s.Scan(&c.ID, &c.PracticeID, &c.PersonID, &kind,
		&c.FirstName, &c.LastName, &c.LegalFirstName, &c.LegalLastName,
		&c.Pronouns, &c.Email, &c.Phone, &c.DateOfBirth, &c.Sex, &c.GenderIdentity,
		&c.Address.Line1, &c.Address.Line2, &c.Address.City, &c.Address.Region, &c.Address.PostalCode, &c.Address.Country,
		&c.Emergency.Name, &c.Emergency.Relationship, &c.Emergency.Phone, &c.Emergency.Email,
		&billing, &c.MessagingOn, &c.AssignedClinicianID, &state, &c.PortalState,
		&c.Pending, &c.SetupStep, &setupDone, &created, &updated, &c.GroupName, &c.IdentifiedPatientID, &c.BillingMemberID, &c.DefaultServiceID,
		&c.BalanceCents)
	if err != nil {
		return c, db.Classify(err)
	}
	c.Kind, c.BillingType, c.State = model.ChartKind(kind), model.BillingType(billing), model.RecordState(state)
	c.SetupCompletedAt, c.CreatedAt, c.UpdatedAt = fromNullMS(setupDone), fromMS(created), fromMS(updated)
	return c, nil
}

func nullEmail(email string) sql.NullString { return nullStr(model.NormalizeEmail(email)) }

// nullSkeleton is the stored confusable skeleton of an email (NULL for none).
func nullSkeleton(email string) sql.NullString { return nullStr(model.EmailSkeleton(email)) }

// InsertClient stores a new individual or minor client: the person, then the chart. A taken email is
// model.ErrConflict.
func InsertClient(ctx context.Context, q Q, c model.Client) error {
	_, err := q.ExecContext(ctx, `INSERT INTO persons (id, practice_id, first_name, last_name, legal_first_name, legal_last_name,
		pronouns, email, email_norm, phone, phone_digits, date_of_birth, sex, gender_identity, address_line1, address_line2,
		address_city, address_region, address_postal_code, address_country, search_text, created_at, updated_at, email_skeleton)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)`,
		c.PersonID, c.PracticeID, c.FirstName, c.LastName, c.LegalFirstName, c.LegalLastName, c.Pronouns, c.Email,
		nullEmail(c.Email), c.Phone, model.PhoneDigits(c.Phone), c.DateOfBirth, c.Sex, c.GenderIdentity, c.Address.Line1,
		c.Address.Line2, c.Address.City, c.Address.Region, c.Address.PostalCode, c.Address.Country,
		personSearchText(c), ms(c.CreatedAt), ms(c.UpdatedAt), nullSkeleton(c.Email))
	if err != nil {
		return fmt.Errorf("store: insert person: %w", db.Classify(err))
	}
	return insertChart(ctx, q, c)
}

// InsertGroup stores a new group chart (it has no person of its own); members are added after.
func InsertGroup(ctx context.Context, q Q, c model.Client) error { return insertChart(ctx, q, c) }

func insertChart(ctx context.Context, q Q, c model.Client) error {
	_, err := q.ExecContext(ctx, `INSERT INTO charts (id, practice_id, kind, person_id, record_state, portal_state,
		assigned_clinician_id, billing_type, messaging_on, emergency_name, emergency_relationship, emergency_phone,
		emergency_email, setup_step, setup_completed_at, search_text, sort_name, created_at, updated_at, group_name,
		identified_patient_id, billing_member_id, default_service_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
		c.ID, c.PracticeID, string(c.Kind), nullStr(c.PersonID), string(c.State), c.PortalState, nullStr(c.AssignedClinicianID),
		string(c.BillingType), c.MessagingOn, c.Emergency.Name, c.Emergency.Relationship, c.Emergency.Phone, c.Emergency.Email,
		c.SetupStep, nullMS(c.SetupCompletedAt), model.SearchText(c), model.SortName(c), ms(c.CreatedAt), ms(c.UpdatedAt),
		c.GroupName, nullStr(c.IdentifiedPatientID), nullStr(c.BillingMemberID), nullStr(c.DefaultServiceID))
	if err != nil {
		return fmt.Errorf("store: insert chart: %w", db.Classify(err))
	}
	return nil
}

// UpdateClient stores every field of a client (person and chart), with fresh search and sort keys.
func UpdateClient(ctx context.Context, q Q, c model.Client) error {
	if c.PersonID != "" {
		res, err := q.ExecContext(ctx, `UPDATE persons SET first_name = $1, last_name = $2, legal_first_name = $3,
			legal_last_name = $4, pronouns = $5, email = $6, email_norm = $7, phone = $8, phone_digits = $9,
			date_of_birth = $10, sex = $11, gender_identity = $12, address_line1 = $13, address_line2 = $14,
			address_city = $15, address_region = $16, address_postal_code = $17, address_country = $18, updated_at = $19,
			search_text = $22, email_skeleton = $23
			WHERE id = $20 AND practice_id = $21`,
			c.FirstName, c.LastName, c.LegalFirstName, c.LegalLastName, c.Pronouns, c.Email, nullEmail(c.Email), c.Phone,
			model.PhoneDigits(c.Phone), c.DateOfBirth, c.Sex, c.GenderIdentity, c.Address.Line1, c.Address.Line2, c.Address.City,
			c.Address.Region, c.Address.PostalCode, c.Address.Country, ms(c.UpdatedAt), c.PersonID, c.PracticeID, personSearchText(c),
			nullSkeleton(c.Email))
		if err != nil {
			return fmt.Errorf("store: update person: %w", db.Classify(err))
		}
		if err := expectOne(res, "update person"); err != nil {
			return err
		}
	}
	// portal_state is left alone: RefreshPortalState alone keeps it, from the access rows.
	res, err := q.ExecContext(ctx, `UPDATE charts SET record_state = $1, assigned_clinician_id = $2,
		billing_type = $3, messaging_on = $4, emergency_name = $5, emergency_relationship = $6, emergency_phone = $7,
		emergency_email = $8, setup_step = $9, setup_completed_at = $10, search_text = $11, sort_name = $12, updated_at = $13,
		group_name = $16, identified_patient_id = $17, billing_member_id = $18, default_service_id = $19
		WHERE id = $14 AND practice_id = $15`,
		string(c.State), nullStr(c.AssignedClinicianID), string(c.BillingType), c.MessagingOn,
		c.Emergency.Name, c.Emergency.Relationship, c.Emergency.Phone, c.Emergency.Email, c.SetupStep,
		nullMS(c.SetupCompletedAt), model.SearchText(c), model.SortName(c), ms(c.UpdatedAt), c.ID, c.PracticeID,
		c.GroupName, nullStr(c.IdentifiedPatientID), nullStr(c.BillingMemberID), nullStr(c.DefaultServiceID))
	if err != nil {
		return fmt.Errorf("store: update chart: %w", db.Classify(err))
	}
	return expectOne(res, "update chart")
}

// ClientByID returns a client of the practice with its tags, or model.ErrNotFound (also for another practice's).
// A request reads it once (see WithMemo).
func ClientByID(ctx context.Context, q Q, practiceID, id string) (model.Client, error) {
	return remembered(ctx, q, func(m *memo) *map[string]model.Client { return &m.charts }, practiceID+"/"+id, cloneClient, func() (model.Client, error) {
		return clientByID(ctx, q, practiceID, id)
	})
}

func clientByID(ctx context.Context, q Q, practiceID, id string) (model.Client, error) {
	c, err := scanClient(q.QueryRowContext(ctx, `SELECT `+clientCols+clientFrom+` WHERE c.id = $1 AND c.practice_id = $2`, id, practiceID))
	if err != nil {
		return c, fmt.Errorf("store: client %s: %w", id, err)
	}
	tags, err := TagsOfCharts(ctx, q, []string{c.ID})
	if err != nil {
		return c, err
	}
	c.Tags = tags[c.ID]
	if c.IsGroup() {
		members, err := membersOf(ctx, q, c.ID)
		if err != nil {
			return c, err
		}
		c.MemberCount = len(members)
		for _, m := range members {
			c.MemberNames = append(c.MemberNames, m.Client.FirstName, m.Client.LastName, m.Client.LegalFirstName, m.Client.LegalLastName)
		}
	}
	return c, nil
}

// personSearchText is what a client's person is found by when linking them as a contact or member.
func personSearchText(c model.Client) string {
	return model.PersonSearchText(c.FirstName+" "+c.LegalFirstName, c.LastName+" "+c.LegalLastName, c.Email, c.Phone)
}

// DeleteClient removes a chart, its tag, contact and member links, the client's place as a contact on
// other charts (CT-3), and their person when no other chart is about them. Contact persons left linked
// to nothing are removed too, so no one's details outlive the charts they were kept for.
func DeleteClient(ctx context.Context, q Q, c model.Client) error {
	contacts, err := ContactsOf(ctx, q, c.ID)
	if err != nil {
		return err
	}
	for _, stmt := range []string{
		`DELETE FROM chart_tags WHERE chart_id = $1`,
		`DELETE FROM chart_contacts WHERE chart_id = $1`,
		`DELETE FROM group_members WHERE group_chart_id = $1 OR member_chart_id = $1`,
	} {
		if _, err := q.ExecContext(ctx, stmt, c.ID); err != nil {
			return fmt.Errorf("store: delete chart links: %w", err)
		}
	}
	res, err := q.ExecContext(ctx, `DELETE FROM charts WHERE id = $1 AND practice_id = $2`, c.ID, c.PracticeID)
	if err != nil {
		return fmt.Errorf("store: delete chart: %w", err)
	}
	if err := expectOne(res, "delete chart"); err != nil {
		return err
	}
	persons := []string{}
	for _, ct := range contacts {
		persons = append(persons, ct.Person.ID)
	}
	if c.PersonID != "" {
		if _, err := q.ExecContext(ctx, `DELETE FROM chart_contacts WHERE person_id = $1
			AND NOT EXISTS (SELECT 1 FROM charts WHERE person_id = $1)`, c.PersonID); err != nil {
			return fmt.Errorf("store: delete contact links: %w", err)
		}
		persons = append(persons, c.PersonID)
	}
	// People removed with the chart may hold portal access to other charts: those charts' summaries follow.
	touched, err := ChartsWithAccessOf(ctx, q, persons)
	if err != nil {
		return err
	}
	if err := deleteOrphanPersons(ctx, q, c.PracticeID, persons); err != nil {
		return err
	}
	for _, id := range touched {
		if err := RefreshPortalState(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

// deleteOrphanPersons removes those of the persons that no chart is about and no chart lists as contact.
func deleteOrphanPersons(ctx context.Context, q Q, practiceID string, ids []string) error {
	for _, pid := range ids {
		if _, err := q.ExecContext(ctx, `DELETE FROM persons WHERE id = $1 AND practice_id = $2
			AND NOT EXISTS (SELECT 1 FROM charts WHERE person_id = $1)
			AND NOT EXISTS (SELECT 1 FROM chart_contacts WHERE person_id = $1)`, pid, practiceID); err != nil {
			return fmt.Errorf("store: delete person: %w", err)
		}
	}
	return nil
}

// Visibility limits which charts a listing shows.
type Visibility struct {
	All          bool   // every chart of the practice
	ClinicianID  string // charts assigned to this clinician
	SupervisorOf string // also charts assigned to this supervisor's supervisees
}

// condition is the SQL condition on the chart alias that keeps the visible charts, or "" for all.
func (v Visibility) condition(alias string, arg func(any) string) string {
	if v.All {
		return ""
	}
	vis := alias + ".assigned_clinician_id = " + arg(v.ClinicianID)
	if v.SupervisorOf != "" {
		vis = "(" + vis + " OR " + alias + ".assigned_clinician_id IN (SELECT id FROM staff WHERE supervisor_id = " + arg(v.SupervisorOf) + "))"
	}
	return vis
}

// ClientFilter narrows a client listing.
type ClientFilter struct {
	Dialect     db.Dialect // how search conditions are written for the engine
	PracticeID  string
	Visible     Visibility
	Terms       []string // folded search terms; all must match
	Statuses    []model.Status
	TagID       string
	ClinicianID string // "none" for unassigned
	Kind        model.ChartKind
	Sort        string // a key of clientSorts, "-" before it for the other direction
	IDs         []string
	Limit       int
	Offset      int      // IncompleteClients and ChartsMissingLinks only; the client list pages by key
	After       *ListKey // the page starts after this place in the list
	Before      *ListKey // the page ends before this place (After is then nil)
	scan        bool     // SQLite: the search terms are too common for the trigram index; scan instead
	keys        []int64  // SQLite: the search keys of every match, found by the full-text index
	tagWalk     bool     // the tag is on many charts: walk the sort's index and check each chart's tags
	gather      bool     // PostgreSQL: a search of at most CountCap matches; gather them, then sort
	window      bool     // PostgreSQL: a search of more, by name or join date; walk a window of the list first
	windowRows  int      // the window's size; searchWindow when 0 (tests make it small)
}

// query builds the FROM clause, the WHERE clause and the arguments of a filter for counting (or listing
// every match); pageQuery those for reading one sorted page.
func (f ClientFilter) query() (string, string, []any) { return f.build(false) }

// pageQuery differs for a tag filter: counting starts from the tag's charts, but a sorted page is found
// faster by walking the practice's name index and stopping after a page of tagged charts.
func (f ClientFilter) pageQuery() (string, string, []any) { return f.build(true) }

// gatheredPageQuery is pageQuery with, for a PostgreSQL search whose matches were counted in full (at
// most CountCap), a WITH clause that gathers those matches from the trigram index first: the page is then
// sorted from them (a top-N sort of at most CountCap rows, about what the count read) rather than found
// by walking the sort's index and checking each chart, which the planner may choose when it expects
// many matches spread evenly, and which reads far more charts when the matches cluster in the sort
// order (a family name, say). The gathered rows stand in for charts as "c", so keys and groups apply
// as before; MATERIALIZED keeps PostgreSQL from folding them back into one plan. with is "" otherwise.
func (f ClientFilter) gatheredPageQuery() (with, from, where string, args []any) {
	from, where, args = f.pageQuery()
	if !f.gather || f.Dialect != db.Postgres {
		return "", from, where, args
	}
	with = "WITH m AS MATERIALIZED (SELECT c.id, c.sort_name, c.created_at, c.record_state, c.pending, c.assigned_clinician_id FROM " +
		from + " WHERE " + where + ") "
	return with, "m c", "TRUE", args
}

// countQuery is query for counting, except for a tag filter that asks nothing else of the chart: those
// are counted from the tag's links alone, with no chart read. A tag's links are only ever to charts of
// the tag's own practice (SetChartTags and InsertChartTags refuse any other), so checking the tag's
// practice keeps another practice's charts out of the count.
func (f ClientFilter) countQuery() (string, string, []any) {
	if f.TagID != "" && f.Visible.All && len(f.Terms) == 0 && statusCondition(f.Statuses) == "" && f.Kind == "" &&
		f.ClinicianID == "" && f.IDs == nil {
		return "chart_tags ct", "ct.tag_id = $2 AND EXISTS (SELECT 1 FROM tags t WHERE t.id = $2 AND t.practice_id = $1)",
			[]any{f.PracticeID, f.TagID}
	}
	return f.query()
}

func (f ClientFilter) build(page bool) (string, string, []any) {
	conds := []string{"c.practice_id = $1"}
	args := []any{f.PracticeID}
	if page && f.keys != nil {
		// The match is known already: its keys are integers the database gave, written out as such.
		ks := make([]string, len(f.keys))
		for i, k := range f.keys {
			ks[i] = strconv.FormatInt(k, 10)
		}
		return "charts c", "c.practice_id = $1 AND c.search_key IN (" + strings.Join(ks, ", ") + ")", args
	}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if vis := f.Visible.condition("c", arg); vis != "" {
		conds = append(conds, vis)
	}
	if f.Kind != "" {
		conds = append(conds, "c.kind = "+arg(string(f.Kind)))
	}
	from, match, rest := f.Dialect.SearchSource(f.Terms, f.scan)
	if match != "" {
		conds = append(conds, f.Dialect.MatchCondition(arg(match)))
	}
	tagJoin := match == "" && f.TagID != "" && !page
	if tagJoin {
		// Counting a tag filter without a search starts from the tag's charts rather than the whole practice.
		from = "chart_tags ct " + f.Dialect.DrivingJoin() + " charts c ON c.id = ct.chart_id"
		if f.Dialect == db.Postgres {
			// Each tagged chart is looked up by its key: OFFSET 0 keeps PostgreSQL from flattening the lookup
			// into a hash join that scans every chart of the practice.
			from = "chart_tags ct CROSS JOIN LATERAL (SELECT * FROM charts WHERE charts.id = ct.chart_id OFFSET 0) c"
		}
		conds = append(conds, "ct.tag_id = "+arg(f.TagID))
	}
	for _, t := range rest {
		conds = append(conds, "c.search_text LIKE "+arg("%"+escapeLike(t)+"%")+f.Dialect.LikeEscape())
	}
	if cond := statusCondition(f.Statuses); cond != "" {
		conds = append(conds, cond)
	}
	switch {
	case tagJoin || f.TagID == "":
	case f.tagWalk:
		conds = append(conds, "EXISTS (SELECT 1 FROM chart_tags ct WHERE ct.chart_id = c.id AND ct.tag_id = "+arg(f.TagID)+")")
	default:
		conds = append(conds, "c.id IN (SELECT ct.chart_id FROM chart_tags ct WHERE ct.tag_id = "+arg(f.TagID)+")")
	}
	switch f.ClinicianID {
	case "":
	case "none":
		conds = append(conds, "c.assigned_clinician_id IS NULL")
	default:
		conds = append(conds, "c.assigned_clinician_id = "+arg(f.ClinicianID))
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			conds = append(conds, "1 = 0")
		} else {
			ph := make([]string, len(f.IDs))
			for i, id := range f.IDs {
				ph[i] = arg(id)
			}
			conds = append(conds, "c.id IN ("+strings.Join(ph, ", ")+")")
		}
	}
	return from, strings.Join(conds, " AND "), args
}

// statusCondition keeps the charts with one of the displayed statuses (ST-1): "" for none or all of them.
// Active and Pending together are every chart in care, one range of the state index.
func statusCondition(statuses []model.Status) string {
	want := map[model.Status]bool{}
	for _, s := range statuses {
		want[s] = true
	}
	if len(statuses) == 0 || (want[model.StatusActive] && want[model.StatusPending] && want[model.StatusInactive] && want[model.StatusArchived]) {
		return ""
	}
	var or []string
	switch {
	case want[model.StatusActive] && want[model.StatusPending]:
		or = append(or, "c.record_state = 'active'")
	case want[model.StatusActive]:
		or = append(or, "(c.record_state = 'active' AND c.pending = FALSE)")
	case want[model.StatusPending]:
		or = append(or, "(c.record_state = 'active' AND c.pending = TRUE)")
	}
	if want[model.StatusInactive] {
		or = append(or, "c.record_state = 'inactive'")
	}
	if want[model.StatusArchived] {
		or = append(or, "c.record_state = 'archived'")
	}
	if len(or) == 0 {
		return "1 = 0"
	}
	return "(" + strings.Join(or, " OR ") + ")"
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CountCap is how far a client list counts its matches: past it, the list says "2,000+" rather than
// counting every match on every request.
const CountCap = 2000

// ListKey is a place in a sorted client list, where a page starts after or ends before: the chart there,
// its value of the sort key (a sort name, or a join time in milliseconds), its group for a sort by status
// or clinician (the status, or the clinician's id or "none"), and its position in the list, from 1.
type ListKey struct {
	Group, Value, ID string
	Pos              int
}

// ClientPage is one page of a client list.
type ClientPage struct {
	Clients    []model.Client
	First      int      // the position of the first client in the list, from 1
	Total      int      // how many match, counted up to CountCap
	Capped     bool     // more than CountCap match
	Next, Prev *ListKey // where the next and previous pages start; nil at the ends
}

// ListClients returns one page of the clients matching f, with tags, and how many match up to
// CountCap. A page is found by its key (f.After or f.Before), never by skipping rows: each page reads
// about a page of the sort's index however deep it is.
func ListClients(ctx context.Context, q Q, f ClientFilter) (ClientPage, error) {
	var out ClientPage
	from, where, args := f.countQuery()
	if f.Dialect == db.SQLite && strings.Contains(from, "charts_fts") {
		// The full-text match runs once: its chart keys, up to the cap, both count and feed the page. A
		// match larger than the cap is common enough that the practice's own search index answers faster.
		keys, err := matchKeys(ctx, q, from, where, args)
		if err != nil {
			return out, err
		}
		if len(keys) > CountCap {
			out.Total, out.Capped, f.scan = CountCap, true, true
		} else {
			out.Total = len(keys)
			if len(keys) == 0 {
				return out, nil
			}
			f.keys = keys
		}
	} else {
		n, err := countCapped(ctx, q, from, where, args)
		if err != nil {
			return out, err
		}
		out.Total, out.Capped = min(n, CountCap), n > CountCap
		if n == 0 && f.After == nil {
			out.First = 1 // nothing matches: no page to read (First as clientPage gives it)
			return out, nil
		}
		// A tag on many charts is found fastest by walking the name index and checking each chart's tags;
		// a tag on few, by sorting those few.
		f.tagWalk = out.Capped
		// A search of few matches is gathered from the trigram index, then sorted (gatheredPageQuery); one
		// of many, sorted by name or join date, first looks for its page in a window of the list (pageKeys).
		if f.Dialect == db.Postgres && trigramTerm(f.Terms) {
			key := strings.TrimPrefix(f.Sort, "-")
			f.gather = !out.Capped
			f.window = out.Capped && f.Limit > 0 && (key == "name" || key == "joined" || key == "")
		}
	}
	page, err := clientPage(ctx, q, f)
	if err != nil {
		return out, err
	}
	page.Total, page.Capped = out.Total, out.Capped
	return page, nil
}

// trigramTerm reports whether a search has a term of three characters or more, which PostgreSQL's
// trigram index can find.
func trigramTerm(terms []string) bool {
	for _, t := range terms {
		if utf8.RuneCountInString(t) >= 3 {
			return true
		}
	}
	return false
}

// countCapped counts the rows of a listing up to CountCap+1, which reads at most that many index entries.
func countCapped(ctx context.Context, q Q, from, where string, args []any) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM %s WHERE %s LIMIT %d) m`, from, where, CountCap+1), args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count clients: %w", err)
	}
	return n, nil
}

// matchKeys returns the search keys of the practice's charts that a SQLite full-text filter keeps, up to
// CountCap+1 of them.
func matchKeys(ctx context.Context, q Q, from, where string, args []any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, fmt.Sprintf(`SELECT c.search_key FROM %s WHERE %s LIMIT %d`, from, where, CountCap+1), args...)
	if err != nil {
		return nil, fmt.Errorf("store: search clients: %w", err)
	}
	defer rows.Close()
	var keys []int64
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("store: search clients: %w", err)
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// broadMatches is how many trigram matches in the practice make a search "common" for an export: past
// it, scanning the practice's own search index costs less than gathering the matches.
const broadMatches = 10000

// commonTerms reports, on SQLite, whether the trigram index returns at least broadMatches of the
// practice's charts for the search; other practices' charts never change the answer.
func commonTerms(ctx context.Context, q Q, f ClientFilter) (bool, error) {
	from, match, _ := f.Dialect.SearchSource(f.Terms, false)
	if match == "" || f.Dialect != db.SQLite {
		return false, nil
	}
	var n int
	err := q.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM %s WHERE charts_fts MATCH $1 AND c.practice_id = $2 LIMIT %d) m`,
		from, broadMatches), match, f.PracticeID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: search probe: %w", err)
	}
	return n >= broadMatches, nil
}

// clientPage reads one page of clients in the filter's order, with their tags. It first finds the
// page's ids from the chart rows alone, then reads those few clients whole, so sorting a large match
// never joins every matching row with its person.
func clientPage(ctx context.Context, q Q, f ClientFilter) (ClientPage, error) {
	var out ClientPage
	keys, more, err := f.pageKeys(ctx, q)
	if err != nil {
		return out, err
	}
	switch {
	case f.Before != nil && !more:
		// The page before reached the start of the list: show the first page whole instead.
		f.Before = nil
		if keys, more, err = f.pageKeys(ctx, q); err != nil {
			return out, err
		}
		out.First = 1
	case f.Before != nil:
		out.First = max(f.Before.Pos-len(keys), 1)
	case f.After != nil:
		out.First = f.After.Pos + 1
	default:
		out.First = 1
	}
	if len(keys) == 0 {
		return out, nil
	}
	first, last := keys[0], keys[len(keys)-1]
	first.Pos, last.Pos = out.First, out.First+len(keys)-1
	if (f.Before == nil && more) || f.Before != nil {
		out.Next = &last
	}
	if f.After != nil || (f.Before != nil && more) {
		out.Prev = &first
	}
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	ph, idArgs := placeholders(ids, 0)
	rows, err := q.QueryContext(ctx, `SELECT `+clientCols+clientFrom+` WHERE c.id IN (`+ph+`)`, idArgs...)
	if err != nil {
		return out, fmt.Errorf("store: list clients: %w", err)
	}
	defer rows.Close()
	byID := map[string]model.Client{}
	for rows.Next() {
		c, err := scanClient(rows)
		if err != nil {
			return out, fmt.Errorf("store: list clients: %w", err)
		}
		byID[c.ID] = c
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("store: list clients: %w", err)
	}
	tags, err := TagsOfCharts(ctx, q, ids)
	if err != nil {
		return out, err
	}
	counts, err := memberCounts(ctx, q, ids)
	if err != nil {
		return out, err
	}
	out.Clients = make([]model.Client, 0, len(ids))
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			c.Tags = tags[id]
			c.MemberCount = counts[id]
			out.Clients = append(out.Clients, c)
		}
	}
	return out, nil
}

// queryIDs runs a query that selects one id column.
func queryIDs(ctx context.Context, q Q, query string, args []any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// placeholders returns "$n+1, $n+2, …" for values and the values as arguments.
func placeholders(values []string, n int) (string, []any) {
	ph := make([]string, len(values))
	args := make([]any, len(values))
	for i, v := range values {
		ph[i] = fmt.Sprintf("$%d", n+i+1)
		args[i] = v
	}
	return strings.Join(ph, ", "), args
}

// ClientIDs returns the ids of every client matching f (for "select all N matching"), in list order.
func ClientIDs(ctx context.Context, q Q, f ClientFilter) ([]string, error) {
	from, where, args := f.query()
	ids, err := queryIDs(ctx, q, `SELECT c.id FROM `+from+` WHERE `+where+` ORDER BY c.sort_name, c.id`, args)
	if err != nil {
		return nil, fmt.Errorf("store: client ids: %w", err)
	}
	return ids, nil
}

// IncompleteClients returns up to limit visible active clients whose setup is not finished, oldest first,
// from f.Offset on (Home pages through them), and how many there are.
func IncompleteClients(ctx context.Context, q Q, f ClientFilter, limit int) ([]model.Client, int, error) {
	out, total, err := clientsWhere(ctx, q, f, " AND c.setup_completed_at IS NULL AND c.record_state = 'active'", "c.created_at, c.id", limit)
	if err != nil {
		return nil, 0, fmt.Errorf("store: incomplete clients: %w", err)
	}
	return out, total, nil
}

// clientsWhere returns up to limit clients matching f and the extra condition, in the given order, skipping
// f.Offset, with how many match in all.
func clientsWhere(ctx context.Context, q Q, f ClientFilter, extra, order string, limit int) ([]model.Client, int, error) {
	from, where, args := f.query()
	where += extra
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+from+` WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+clientCols+` FROM `+from+` LEFT JOIN persons p ON p.id = c.person_id WHERE `+
		where+fmt.Sprintf(` ORDER BY %s LIMIT %d OFFSET %d`, order, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []model.Client
	for rows.Next() {
		c, err := scanClient(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// ActiveIndividualsWithEmail returns up to limit individual charts in care that have an email, oldest first.
func ActiveIndividualsWithEmail(ctx context.Context, q Q, practiceID string, limit int) ([]model.Client, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+clientCols+clientFrom+` WHERE c.practice_id = $1 AND c.kind = $2
		AND c.record_state = $3 AND p.email_norm IS NOT NULL ORDER BY c.created_at, c.id LIMIT $4`,
		practiceID, string(model.KindIndividual), string(model.StateActive), limit)
	if err != nil {
		return nil, fmt.Errorf("store: individuals with email: %w", err)
	}
	defer rows.Close()
	var out []model.Client
	for rows.Next() {
		c, err := scanClient(rows)
		if err != nil {
			return nil, fmt.Errorf("store: individuals with email: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
