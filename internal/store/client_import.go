package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

// Issue 18, item 1 (IM-1): CSV client imports and the batched writes that carry them out.

const importCols = `id, practice_id, staff_id, file_name, size_bytes, mapping, date_order, update_rows, state, total_rows,
	created_count, updated_count, skipped_count, error, created_at, updated_at, committed_at, undone_at`

// InsertClientImport stores an uploaded file as a new import.
func InsertClientImport(ctx context.Context, q Q, c model.ClientImport) error {
	mapping, rows, err := importJSON(c)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO client_imports (id, practice_id, staff_id, file_name, size_bytes, content, mapping,
		date_order, update_rows, state, total_rows, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
		c.ID, c.PracticeID, c.StaffID, c.FileName, c.Size, c.Content, mapping, c.DateOrder, rows, string(c.State), c.Total, ms(c.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: insert client import: %w", db.Classify(err))
	}
	return nil
}

func importJSON(c model.ClientImport) (string, string, error) {
	if c.Mapping == nil {
		c.Mapping = []string{}
	}
	if c.UpdateRows == nil {
		c.UpdateRows = []int{}
	}
	m, err := json.Marshal(c.Mapping)
	if err != nil {
		return "", "", fmt.Errorf("store: import mapping: %w", err)
	}
	r, err := json.Marshal(c.UpdateRows)
	if err != nil {
		return "", "", fmt.Errorf("store: import rows: %w", err)
	}
	return string(m), string(r), nil
}

func scanImport(s scanner, extra ...any) (model.ClientImport, error) {
	var c model.ClientImport
	var mapping, rows, state string
	var created, updated int64
	var committed, undone sql.NullInt64
	dest := append([]any{&c.ID, &c.PracticeID, &c.StaffID, &c.FileName, &c.Size, &mapping, &c.DateOrder, &rows, &state, &c.Total,
		&c.Created, &c.Updated, &c.Skipped, &c.Error, &created, &updated, &committed, &undone}, extra...)
	if err := s.Scan(dest...); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(mapping), &c.Mapping); err != nil {
		return c, fmt.Errorf("store: import mapping: %w", err)
	}
	if err := json.Unmarshal([]byte(rows), &c.UpdateRows); err != nil {
		return c, fmt.Errorf("store: import rows: %w", err)
	}
	c.State = model.ImportState(state)
	c.CreatedAt, c.UpdatedAt, c.CommittedAt, c.UndoneAt = fromMS(created), fromMS(updated), fromNullMS(committed), fromNullMS(undone)
	return c, nil
}

// ClientImportByID returns an import of the practice ("" for any, for the job), with its file's bytes
// when content is set. Another practice's is model.ErrNotFound.
func ClientImportByID(ctx context.Context, q Q, practiceID, id string, content bool) (model.ClientImport, error) {
	cols := importCols
	var body []byte
	var extra []any
	if content {
		cols += ", content"
		extra = append(extra, &body)
	}
	c, err := scanImport(q.QueryRowContext(ctx, `SELECT `+cols+` FROM client_imports WHERE id = $1 AND (practice_id = $2 OR $2 = '')`,
		id, practiceID), extra...)
	if err != nil {
		return c, fmt.Errorf("store: client import %s: %w", id, db.Classify(err))
	}
	c.Content = body
	return c, nil
}

// ClientImports lists the practice's latest imports, newest first.
func ClientImports(ctx context.Context, q Q, practiceID string, limit int) ([]model.ClientImport, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+importCols+` FROM client_imports WHERE practice_id = $1
		ORDER BY created_at DESC, id DESC LIMIT $2`, practiceID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: client imports: %w", err)
	}
	defer rows.Close()
	var out []model.ClientImport
	for rows.Next() {
		c, err := scanImport(rows)
		if err != nil {
			return nil, fmt.Errorf("store: client imports: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SaveClientImport stores an import's mapping, choices, state, counts and times, provided it still
// stands at state from; otherwise (another request or the job moved it on) it is model.ErrConflict.
func SaveClientImport(ctx context.Context, q Q, c model.ClientImport, from model.ImportState) error {
	mapping, rows, err := importJSON(c)
	if err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, `UPDATE client_imports SET mapping = $1, date_order = $2, update_rows = $3, state = $4,
		total_rows = $5, created_count = $6, updated_count = $7, skipped_count = $8, error = $9, updated_at = $10,
		committed_at = $11, undone_at = $12 WHERE id = $13 AND practice_id = $14 AND state = $15`,
		mapping, c.DateOrder, rows, string(c.State), c.Total, c.Created, c.Updated, c.Skipped, c.Error, ms(c.UpdatedAt),
		nullMS(c.CommittedAt), nullMS(c.UndoneAt), c.ID, c.PracticeID, string(from))
	if err != nil {
		return fmt.Errorf("store: save client import: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("store: client import %s is no longer %s: %w", c.ID, from, model.ErrConflict)
	}
	return nil
}

// EmailOwner is who in a practice has an email: their person, and their own chart when they are a client.
type EmailOwner struct {
	PersonID, ChartID string
	Kind              model.ChartKind
	ClinicianID       string
}

// PersonsByEmail finds which of the (normalised) emails people of the practice have, by email.
func PersonsByEmail(ctx context.Context, q Q, practiceID string, emails []string) (map[string]EmailOwner, error) {
	out := map[string]EmailOwner{}
	for start := 0; start < len(emails); start += 500 {
		chunk := emails[start:min(start+500, len(emails))]
		ph, args := placeholders(chunk, 1)
		rows, err := q.QueryContext(ctx, `SELECT p.email_norm, p.id, COALESCE(c.id, ''), COALESCE(c.kind, ''), COALESCE(c.assigned_clinician_id, '')
			FROM persons p LEFT JOIN charts c ON c.person_id = p.id
			WHERE p.practice_id = $1 AND p.email_norm IN (`+ph+`)`, append([]any{practiceID}, args...)...)
		if err != nil {
			return nil, fmt.Errorf("store: persons by email: %w", err)
		}
		for rows.Next() {
			var e string
			var o EmailOwner
			var kind string
			if err := rows.Scan(&e, &o.PersonID, &o.ChartID, &kind, &o.ClinicianID); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: persons by email: %w", err)
			}
			o.Kind = model.ChartKind(kind)
			out[e] = o
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: persons by email: %w", err)
		}
	}
	return out, nil
}

// values builds the VALUES list of a multi-row insert: n rows of width columns, numbered from $1, or
// on SQLite anonymous (?): the driver looks each numbered parameter's name up in a list, which costs
// time in the square of the parameters of a long statement.
func values(d db.Dialect, n, width int) string {
	var b strings.Builder
	p := 1
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range width {
			if j > 0 {
				b.WriteString(", ")
			}
			if d == db.SQLite {
				b.WriteByte('?')
			} else {
				fmt.Fprintf(&b, "$%d", p)
			}
			p++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// BatchRows is how many rows one multi-row insert carries: SQLite's parser takes much longer per row for
// long VALUES lists, so a short one, prepared once and run again and again, is fastest on both engines.
var BatchRows = 100

// preparer is a transaction that prepares statements (a *sql.Tx).
type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// insertBatched runs a multi-row insert of len(rows) rows in statements of BatchRows rows, the full
// statement prepared once.
func insertBatched(ctx context.Context, q Q, d db.Dialect, head string, width int, rows [][]any) error {
	var full *sql.Stmt
	if p, ok := q.(preparer); ok && len(rows) >= BatchRows {
		st, err := p.PrepareContext(ctx, head+` VALUES `+values(d, BatchRows, width))
		if err != nil {
			return db.Classify(err)
		}
		defer st.Close()
		full = st
	}
	args := make([]any, 0, BatchRows*width)
	for start := 0; start < len(rows); start += BatchRows {
		chunk := rows[start:min(start+BatchRows, len(rows))]
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r...)
		}
		var err error
		if full != nil && len(chunk) == BatchRows {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = q.ExecContext(ctx, head+` VALUES `+values(d, len(chunk), width), args...)
		}
		if err != nil {
			return db.Classify(err)
		}
	}
	return nil
}

// InsertClients stores new individual and minor clients, persons and charts, many rows per statement
// written for the engine d: the same columns InsertClient writes.
func InsertClients(ctx context.Context, q Q, d db.Dialect, cs []model.Client) error {
	// On SQLite the charts come with their search_key, the next free numbers, and are put in the
	// full-text index by one statement after them (the insert trigger keys and indexes only charts
	// inserted without a key): a trigger's work for each row cost more than the rows themselves.
	var firstKey int64
	if d == db.SQLite && len(cs) > 0 {
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(search_key), 0) + 1 FROM charts`).Scan(&firstKey); err != nil {
			return fmt.Errorf("store: insert clients: search key: %w", err)
		}
	}
	persons := make([][]any, len(cs))
	charts := make([][]any, len(cs))
	for i, c := range cs {
		persons[i] = []any{c.PersonID, c.PracticeID, c.FirstName, c.LastName, c.LegalFirstName, c.LegalLastName, c.Pronouns, c.Email,
			nullEmail(c.Email), c.Phone, model.PhoneDigits(c.Phone), c.DateOfBirth, c.Sex, c.GenderIdentity, c.Address.Line1,
			c.Address.Line2, c.Address.City, c.Address.Region, c.Address.PostalCode, c.Address.Country,
			personSearchText(c), ms(c.CreatedAt), ms(c.UpdatedAt), nullSkeleton(c.Email)}
		charts[i] = []any{c.ID, c.PracticeID, string(c.Kind), nullStr(c.PersonID), string(c.State), c.PortalState, nullStr(c.AssignedClinicianID),
			string(c.BillingType), c.MessagingOn, c.Emergency.Name, c.Emergency.Relationship, c.Emergency.Phone, c.Emergency.Email,
			c.SetupStep, nullMS(c.SetupCompletedAt), model.SearchText(c), model.SortName(c), ms(c.CreatedAt), ms(c.UpdatedAt),
			c.GroupName, nullStr(c.IdentifiedPatientID), nullStr(c.BillingMemberID), nullStr(c.DefaultServiceID)}
		if d == db.SQLite {
			charts[i] = append(charts[i], firstKey+int64(i))
		}
	}
	if err := insertBatched(ctx, q, d, `INSERT INTO persons (id, practice_id, first_name, last_name, legal_first_name, legal_last_name,
		pronouns, email, email_norm, phone, phone_digits, date_of_birth, sex, gender_identity, address_line1, address_line2,
		address_city, address_region, address_postal_code, address_country, search_text, created_at, updated_at, email_skeleton)`, 24, persons); err != nil {
		return fmt.Errorf("store: insert persons: %w", err)
	}
	chartCols, width := `id, practice_id, kind, person_id, record_state, portal_state,
		assigned_clinician_id, billing_type, messaging_on, emergency_name, emergency_relationship, emergency_phone,
		emergency_email, setup_step, setup_completed_at, search_text, sort_name, created_at, updated_at, group_name,
		identified_patient_id, billing_member_id, default_service_id`, 23
	if d == db.SQLite {
		chartCols, width = chartCols+", search_key", width+1
	}
	if err := insertBatched(ctx, q, d, `INSERT INTO charts (`+chartCols+`)`, width, charts); err != nil {
		return fmt.Errorf("store: insert charts: %w", err)
	}
	if d == db.SQLite && len(cs) > 0 {
		if _, err := q.ExecContext(ctx, `INSERT INTO charts_fts (rowid, search_text) SELECT search_key, search_text FROM charts
			WHERE search_key BETWEEN $1 AND $2`, firstKey, firstKey+int64(len(cs))-1); err != nil {
			return fmt.Errorf("store: insert clients: search index: %w", err)
		}
	}
	return nil
}

// NewContact is a contact person created with a chart and its link: a minor's guardian.
type NewContact struct {
	PersonID string
	Person   model.NewPerson
	Link     model.Contact
}

// InsertNewContacts stores new contact persons and their links to charts, many rows per statement.
func InsertNewContacts(ctx context.Context, q Q, d db.Dialect, practiceID string, cs []NewContact, at time.Time) error {
	persons := make([][]any, len(cs))
	links := make([][]any, len(cs))
	for i, c := range cs {
		n := c.Person
		persons[i] = []any{c.PersonID, practiceID, n.FirstName, n.LastName, n.Email, nullEmail(n.Email), n.Phone, model.PhoneDigits(n.Phone),
			model.PersonSearchText(n.FirstName, n.LastName, n.Email, n.Phone), ms(at), ms(at), nullSkeleton(n.Email)}
		l := c.Link
		links[i] = []any{l.ID, practiceID, l.ChartID, c.PersonID, string(l.Relationship), l.RelationshipOther, l.HandlesBilling,
			l.MaySign, l.Reminders, l.SeesAppointments, l.Emergency, ms(at), ms(at)}
	}
	if err := insertBatched(ctx, q, d, `INSERT INTO persons (id, practice_id, first_name, last_name, email, email_norm, phone,
		phone_digits, search_text, created_at, updated_at, email_skeleton)`, 12, persons); err != nil {
		return fmt.Errorf("store: insert contact persons: %w", err)
	}
	if err := insertBatched(ctx, q, d, `INSERT INTO chart_contacts (id, practice_id, chart_id, person_id, relationship,
		relationship_other, handles_billing, may_sign, receives_reminders, sees_appointments, emergency, created_at, updated_at)`, 13, links); err != nil {
		return fmt.Errorf("store: insert contacts: %w", err)
	}
	return nil
}

// InsertChartTags puts tags of the practice on charts of the practice: pairs of chart id and tag id, many
// rows per statement. A chart or tag of another practice is model.ErrNotFound and nothing is inserted
// (a tag's links are only ever to its own practice's charts; see SetChartTags).
func InsertChartTags(ctx context.Context, q Q, d db.Dialect, practiceID string, pairs [][2]string) error {
	rows := make([][]any, len(pairs))
	charts, tags := map[string]bool{}, map[string]bool{}
	for i, p := range pairs {
		rows[i] = []any{p[0], p[1]}
		charts[p[0]], tags[p[1]] = true, true
	}
	for table, ids := range map[string]map[string]bool{"charts": charts, "tags": tags} {
		if err := allOfPractice(ctx, q, table, practiceID, ids); err != nil {
			return fmt.Errorf("store: insert chart tags: %w", err)
		}
	}
	if err := insertBatched(ctx, q, d, `INSERT INTO chart_tags (chart_id, tag_id)`, 2, rows); err != nil {
		return fmt.Errorf("store: insert chart tags: %w", err)
	}
	return nil
}

// allOfPractice checks that every id names a row of the table in the practice, BatchRows ids a statement;
// model.ErrNotFound otherwise.
func allOfPractice(ctx context.Context, q Q, table, practiceID string, ids map[string]bool) error {
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	for start := 0; start < len(list); start += BatchRows {
		chunk := list[start:min(start+BatchRows, len(list))]
		ph, args := placeholders(chunk, 1)
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE practice_id = $1 AND id IN (`+ph+`)`,
			append([]any{practiceID}, args...)...).Scan(&n); err != nil {
			return fmt.Errorf("%s of the practice: %w", table, err)
		}
		if n != len(chunk) {
			return fmt.Errorf("%d of %d %s are not of the practice: %w", len(chunk)-n, len(chunk), table, model.ErrNotFound)
		}
	}
	return nil
}

// InsertImportRecords records what an import created or updated, for undo.
func InsertImportRecords(ctx context.Context, q Q, d db.Dialect, importID string, recs []model.ImportRecord) error {
	rows := make([][]any, len(recs))
	for i, r := range recs {
		rows[i] = []any{importID, r.ChartID, r.PersonID, r.GuardianPersonID, r.Before}
	}
	if err := insertBatched(ctx, q, d, `INSERT INTO client_import_records (import_id, chart_id, person_id, guardian_person_id, before_json)`, 5, rows); err != nil {
		return fmt.Errorf("store: insert import records: %w", err)
	}
	return nil
}

// ImportRecords lists what an import created or updated.
func ImportRecords(ctx context.Context, q Q, importID string) ([]model.ImportRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT chart_id, person_id, guardian_person_id, before_json FROM client_import_records
		WHERE import_id = $1 ORDER BY chart_id`, importID)
	if err != nil {
		return nil, fmt.Errorf("store: import records: %w", err)
	}
	defer rows.Close()
	var out []model.ImportRecord
	for rows.Next() {
		var r model.ImportRecord
		if err := rows.Scan(&r.ChartID, &r.PersonID, &r.GuardianPersonID, &r.Before); err != nil {
			return nil, fmt.Errorf("store: import records: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ChangedSince counts, of the charts and persons, those changed after at, and the links made to the
// persons from other charts than the given ones: what an undo would lose.
func ChangedSince(ctx context.Context, q Q, chartIDs, personIDs []string, at time.Time) (int, error) {
	total := 0
	count := func(query string, ids []string) error {
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(start+500, len(ids))]
			ph, args := placeholders(chunk, 1)
			var n int
			if err := q.QueryRowContext(ctx, strings.ReplaceAll(query, "IDS", ph), append([]any{ms(at)}, args...)...).Scan(&n); err != nil {
				return err
			}
			total += n
		}
		return nil
	}
	if err := count(`SELECT COUNT(*) FROM charts WHERE updated_at > $1 AND id IN (IDS)`, chartIDs); err != nil {
		return 0, fmt.Errorf("store: charts changed: %w", err)
	}
	if err := count(`SELECT COUNT(*) FROM persons WHERE updated_at > $1 AND id IN (IDS)`, personIDs); err != nil {
		return 0, fmt.Errorf("store: persons changed: %w", err)
	}
	if err := count(`SELECT COUNT(*) FROM chart_contacts WHERE created_at > $1 AND person_id IN (IDS)`, personIDs); err != nil {
		return 0, fmt.Errorf("store: contacts changed: %w", err)
	}
	return total, nil
}

// ChartsWithActivity counts, of the charts, those with any record of their own besides the chart,
// its contacts and tags (a note, an appointment, a file, a document request, an invitation…), and
// those that are contacts or members elsewhere: an undo would lose them.
func ChartsWithActivity(ctx context.Context, q Q, chartIDs []string) (int, error) {
	total := 0
	for start := 0; start < len(chartIDs); start += 500 {
		chunk := chartIDs[start:min(start+500, len(chartIDs))]
		ph, args := placeholders(chunk, 0)
		var n int
		err := q.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM group_members WHERE member_chart_id IN (`+ph+`))
			+ (SELECT COUNT(*) FROM portal_access WHERE chart_id IN (`+ph+`))
			+ (SELECT COUNT(*) FROM appointments WHERE chart_id IN (`+ph+`))
			+ (SELECT COUNT(*) FROM session_notes WHERE chart_id IN (`+ph+`))
			+ (SELECT COUNT(*) FROM files WHERE chart_id IN (`+ph+`))
			+ (SELECT COUNT(*) FROM document_requests WHERE chart_id IN (`+ph+`))`, args...).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("store: charts with activity: %w", err)
		}
		total += n
	}
	return total, nil
}

// DeleteImported removes charts an import created, with their contact links and tags and the persons
// they were about (the client and a minor's guardian), many rows per statement.
func DeleteImported(ctx context.Context, q Q, practiceID string, chartIDs, personIDs []string) error {
	run := func(query string, ids []string) error {
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(start+500, len(ids))]
			ph, args := placeholders(chunk, 1)
			if _, err := q.ExecContext(ctx, strings.ReplaceAll(query, "IDS", ph), append([]any{practiceID}, args...)...); err != nil {
				return err
			}
		}
		return nil
	}
	for _, step := range []struct {
		query string
		ids   []string
	}{
		{`DELETE FROM chart_tags WHERE chart_id IN (IDS) AND EXISTS (SELECT 1 FROM charts WHERE id = chart_id AND practice_id = $1)`, chartIDs},
		{`DELETE FROM chart_contacts WHERE practice_id = $1 AND chart_id IN (IDS)`, chartIDs},
		{`DELETE FROM charts WHERE practice_id = $1 AND id IN (IDS)`, chartIDs},
		{`DELETE FROM persons WHERE practice_id = $1 AND id IN (IDS)`, personIDs},
	} {
		if err := run(step.query, step.ids); err != nil {
			return fmt.Errorf("store: delete imported: %w", db.Classify(err))
		}
	}
	return nil
}
