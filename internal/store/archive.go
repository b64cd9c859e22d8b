package store

import (
	"context"
	"fmt"
	"strings"

	"tend/internal/db"
)

// ArchiveTable is one table of a practice archive (IM-2): which of its rows belong to a practice, in
// which order they are written, and what is left out or needs care on the way back in.
type ArchiveTable struct {
	Name string
	// Where selects the practice's rows; $1 is the practice's id.
	Where string
	// Order is a stable order of the rows: parents before the rows of the same table that refer to them.
	Order string
	// Skip names columns never archived: derived on each installation (SQLite's search key) or secrets
	// of the old one (an invitation link's token).
	Skip []string
	// SelfRefs are columns referring to another row of the same table: an import sets them once every
	// row of the table is in.
	SelfRefs []string
	// PsychotherapyNotes marks the table written only when psychotherapy notes are asked for explicitly.
	PsychotherapyNotes bool
}

// ArchiveTables lists, parents before children, every table that holds a practice's data. A test
// compares it and ArchiveExcluded with the database's tables, so a migration that adds a table fails
// until the table is placed in one of the two.
var ArchiveTables = []ArchiveTable{
	{Name: "practices", Where: "id = $1", Order: "id"},
	{Name: "staff", Where: "practice_id = $1", Order: "id", SelfRefs: []string{"supervisor_id"}},
	{Name: "portal_accounts", Where: "id IN (SELECT account_id FROM portal_access WHERE practice_id = $1) OR id IN (SELECT portal_account_id FROM conversations WHERE practice_id = $1)", Order: "id"},
	{Name: "persons", Where: "practice_id = $1", Order: "id"},
	{Name: "tags", Where: "practice_id = $1", Order: "id"},
	{Name: "services", Where: "practice_id = $1", Order: "id"},
	{Name: "charts", Where: "practice_id = $1", Order: "id", Skip: []string{"search_key"}},
	{Name: "chart_tags", Where: "chart_id IN (SELECT id FROM charts WHERE practice_id = $1)", Order: "chart_id, tag_id"},
	{Name: "chart_contacts", Where: "practice_id = $1", Order: "id"},
	{Name: "group_members", Where: "practice_id = $1", Order: "group_chart_id, member_chart_id"},
	{Name: "insurance_policies", Where: "practice_id = $1", Order: "id"},
	{Name: "portal_access", Where: "practice_id = $1", Order: "id"},
	// An invitation's link is a secret of the old installation: staff resend the ones still waiting.
	{Name: "invitations", Where: "practice_id = $1", Order: "id", Skip: []string{"token_hash"}},
	{Name: "document_templates", Where: "practice_id = $1", Order: "id"},
	{Name: "document_template_versions", Where: "template_id IN (SELECT id FROM document_templates WHERE practice_id = $1)", Order: "template_id, version"},
	{Name: "document_requests", Where: "practice_id = $1", Order: "id"},
	{Name: "intake_applications", Where: "practice_id = $1", Order: "request_id"},
	{Name: "clinical_revisions", Where: "practice_id = $1", Order: "id"},
	{Name: "clinical_summaries", Where: "practice_id = $1", Order: "chart_id"},
	{Name: "diagnoses", Where: "practice_id = $1", Order: "id"},
	{Name: "medications", Where: "practice_id = $1", Order: "id"},
	{Name: "session_notes", Where: "practice_id = $1", Order: "id"},
	{Name: "note_addenda", Where: "practice_id = $1", Order: "id"},
	{Name: "psychotherapy_notes", Where: "practice_id = $1", Order: "id", PsychotherapyNotes: true},
	{Name: "reflections", Where: "practice_id = $1", Order: "id"},
	{Name: "treatment_plans", Where: "practice_id = $1", Order: "id"},
	{Name: "treatment_plan_versions", Where: "practice_id = $1", Order: "id"},
	{Name: "treatment_plan_signatures", Where: "practice_id = $1", Order: "id"},
	{Name: "appointment_series", Where: "practice_id = $1", Order: "id"},
	{Name: "appointments", Where: "practice_id = $1", Order: "id"},
	{Name: "appointment_reminders", Where: "appointment_id IN (SELECT id FROM appointments WHERE practice_id = $1)", Order: "appointment_id, lead_minutes"},
	// A reversal follows the entry it reverses on the same chart.
	{Name: "ledger_entries", Where: "practice_id = $1", Order: "chart_id, seq"},
	{Name: "files", Where: "practice_id = $1", Order: "id"},
	{Name: "tasks", Where: "practice_id = $1", Order: "id"},
	{Name: "conversations", Where: "practice_id = $1", Order: "id"},
	{Name: "messages", Where: "practice_id = $1", Order: "id"},
	{Name: "conversation_reads", Where: "conversation_id IN (SELECT id FROM conversations WHERE practice_id = $1)", Order: "conversation_id, reader_kind, reader_id"},
	{Name: "mail_messages", Where: "practice_id = $1", Order: "id"},
	{Name: "audit_events", Where: "chain = $1", Order: "seq"},
	{Name: "audit_chains", Where: "chain = $1", Order: "chain"},
}

// ArchiveExcluded names the tables an archive leaves out on purpose, each with the reason; tables
// starting with one of ArchiveExcludedPrefixes are left out too.
var ArchiveExcluded = map[string]string{
	"installation":          "the installation's own record",
	"schema_migrations":     "the installation's schema history; the manifest carries the version",
	"sessions":              "sign-ins end with the move: everyone signs in again",
	"api_tokens":            "API tokens are secrets of the old installation: staff create new ones",
	"password_resets":       "short-lived reset links",
	"sign_in_challenges":    "short-lived two-step challenges",
	"portal_links":          "short-lived portal links (password resets, confirmations)",
	"calendar_feeds":        "secret feed addresses: clinicians make new ones",
	"staff_two_step":        "two-step secrets stay with the old installation: staff set two-step sign-in up again",
	"staff_recovery_codes":  "recovery codes go with the two-step secrets",
	"failed_sign_ins":       "the installation's sign-in throttling",
	"login_failures":        "the installation's sign-in throttling",
	"login_locks":           "the installation's sign-in throttling",
	"lockout_notices":       "the installation's sign-in throttling",
	"bulk_operations":       "the progress of background bulk actions, finished or abandoned",
	"client_imports":        "the CSV import wizard's uploads and progress: an import is undone, or not, where it ran",
	"client_import_records": "what a CSV import made, for its undo within a day where it ran",
	"file_chunks":           "the files' encrypted chunks: the archive holds their decrypted content as files/<id>, encrypted again on import",
}

// ArchiveExcludedPrefixes are name prefixes of tables that are the installation's machinery or derived
// indexes, never a practice's data.
var ArchiveExcludedPrefixes = []string{"river_", "charts_fts", "sqlite_"}

// ArchiveColumn is a column of a table as the archive sees it: its name and the kind of its values.
type ArchiveColumn struct {
	Name string
	Kind ColumnKind
}

// ColumnKind is how a column's values are written in an archive.
type ColumnKind int

// The kinds of column values: text, whole numbers (times are milliseconds), booleans and bytes.
const (
	KindText ColumnKind = iota
	KindInt
	KindBool
	KindBytes
)

// kindOf maps a declared column type of either engine to its kind.
func kindOf(declared string) ColumnKind {
	t := strings.ToUpper(declared)
	switch {
	case strings.Contains(t, "BOOL"):
		return KindBool
	case strings.Contains(t, "INT"):
		return KindInt
	case strings.Contains(t, "BLOB"), strings.Contains(t, "BYTEA"):
		return KindBytes
	}
	return KindText
}

// TableNames lists the database's tables.
func TableNames(ctx context.Context, d *db.DB, q Q) ([]string, error) {
	query := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
	if d.Dialect == db.Postgres {
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	return strings1(ctx, q, query)
}

// TableColumns lists a table's columns in their order, with their kinds.
func TableColumns(ctx context.Context, d *db.DB, q Q, table string) ([]ArchiveColumn, error) {
	query := `SELECT name, type FROM pragma_table_info($1) ORDER BY cid`
	if d.Dialect == db.Postgres {
		query = `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`
	}
	rows, err := q.QueryContext(ctx, query, table)
	if err != nil {
		return nil, fmt.Errorf("store: columns of %s: %w", table, err)
	}
	defer rows.Close()
	var out []ArchiveColumn
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, fmt.Errorf("store: columns of %s: %w", table, err)
		}
		out = append(out, ArchiveColumn{Name: name, Kind: kindOf(typ)})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: columns of %s: %w", table, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("store: no table %s", table)
	}
	return out, nil
}

func strings1(ctx context.Context, q Q, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ArchiveRows reads a practice's rows of t, the columns cols in t's order, and hands each row to fn
// as the values the driver returned (normalized by the caller); nothing is held beyond one row.
func ArchiveRows(ctx context.Context, q Q, t ArchiveTable, cols []ArchiveColumn, practiceID string, fn func(vals []any) error) error {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	rows, err := q.QueryContext(ctx, "SELECT "+strings.Join(names, ", ")+" FROM "+t.Name+" WHERE "+t.Where+" ORDER BY "+t.Order, practiceID)
	if err != nil {
		return fmt.Errorf("store: reading %s: %w", t.Name, err)
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("store: reading %s: %w", t.Name, err)
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: reading %s: %w", t.Name, err)
	}
	return nil
}

// InsertArchiveRow inserts one row of t: the named columns with their values.
func InsertArchiveRow(ctx context.Context, q Q, table string, cols []string, vals []any) error {
	ph := make([]string, len(cols))
	for i := range cols {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	_, err := q.ExecContext(ctx, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+") VALUES ("+strings.Join(ph, ", ")+")", vals...)
	if err != nil {
		return fmt.Errorf("store: inserting into %s: %w", table, db.Classify(err))
	}
	return nil
}

// SetArchiveColumn sets one column of the row of table whose id is id (a reference to a row of the same
// table, set once that row is in).
func SetArchiveColumn(ctx context.Context, q Q, table, column string, value any, id string) error {
	if _, err := q.ExecContext(ctx, "UPDATE "+table+" SET "+column+" = $1 WHERE id = $2", value, id); err != nil {
		return fmt.Errorf("store: setting %s.%s: %w", table, column, db.Classify(err))
	}
	return nil
}

// ExistingValues returns which of values appear in column col of table, looked up a few hundred at a time.
func ExistingValues(ctx context.Context, q Q, table, col string, values []string) (map[string]bool, error) {
	found := map[string]bool{}
	for start := 0; start < len(values); start += 500 {
		part := values[start:min(start+500, len(values))]
		ph := make([]string, len(part))
		args := make([]any, len(part))
		for i, v := range part {
			ph[i], args[i] = fmt.Sprintf("$%d", i+1), v
		}
		got, err := strings1(ctx, q, "SELECT "+col+" FROM "+table+" WHERE "+col+" IN ("+strings.Join(ph, ", ")+")", args...)
		if err != nil {
			return nil, fmt.Errorf("store: looking up %s.%s: %w", table, col, err)
		}
		for _, g := range got {
			found[g] = true
		}
	}
	return found, nil
}

// PortalAccountsByEmail maps the normalized emails among emails that already have a portal account to
// that account's id.
func PortalAccountsByEmail(ctx context.Context, q Q, emails []string) (map[string]string, error) {
	out := map[string]string{}
	for start := 0; start < len(emails); start += 500 {
		part := emails[start:min(start+500, len(emails))]
		ph := make([]string, len(part))
		args := make([]any, len(part))
		for i, v := range part {
			ph[i], args[i] = fmt.Sprintf("$%d", i+1), v
		}
		rows, err := q.QueryContext(ctx, "SELECT email_norm, id FROM portal_accounts WHERE email_norm IN ("+strings.Join(ph, ", ")+")", args...)
		if err != nil {
			return nil, fmt.Errorf("store: portal accounts by email: %w", err)
		}
		for rows.Next() {
			var e, id string
			if err := rows.Scan(&e, &id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: portal accounts by email: %w", err)
			}
			out[e] = id
		}
		err = rows.Close()
		if err == nil {
			err = rows.Err()
		}
		if err != nil {
			return nil, fmt.Errorf("store: portal accounts by email: %w", err)
		}
	}
	return out, nil
}

// ForeignTagLinks counts the links between the practice's charts and tags of another practice, or
// between another practice's charts and the practice's tags: none in anything Tend writes (see
// SetChartTags), so an archive import refuses an archive that would make some.
func ForeignTagLinks(ctx context.Context, q Q, practiceID string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM chart_tags ct JOIN charts c ON c.id = ct.chart_id JOIN tags t ON t.id = ct.tag_id
			WHERE c.practice_id = $1 AND t.practice_id <> $1) +
		(SELECT COUNT(*) FROM chart_tags ct JOIN tags t ON t.id = ct.tag_id JOIN charts c ON c.id = ct.chart_id
			WHERE t.practice_id = $1 AND c.practice_id <> $1)`, practiceID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: foreign tag links: %w", err)
	}
	return n, nil
}
