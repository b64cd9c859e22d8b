package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"tend/internal/db"
	"tend/internal/model"
)

// AdvanceAuditChain bumps a chain's sequence and returns the new number and the previous head hash.
// The UPDATE takes the row lock, so concurrent appenders to one chain wait for each other. A row that
// someone planted at or past the next number would make every append fail on (chain, seq), so the
// number skips past the chain's highest row; the planted row stays where it is for verify to report,
// and the new event links to the recorded head, never to the planted row.
func AdvanceAuditChain(ctx context.Context, q Q, chain string) (int64, string, error) {
	return ReserveAuditSeqs(ctx, q, chain, 1)
}

// SetAuditChainHead records the hash of the newest event of a chain.
func SetAuditChainHead(ctx context.Context, q Q, chain, hash string) error {
	if _, err := q.ExecContext(ctx, `UPDATE audit_chains SET hash = $1 WHERE chain = $2`, hash, chain); err != nil {
		return fmt.Errorf("store: set audit head: %w", err)
	}
	return nil
}

// AuditChainHead is the stored head of one chain.
type AuditChainHead struct {
	Chain string
	Seq   int64
	Hash  string
}

// AuditChainHeads lists every chain's head.
func AuditChainHeads(ctx context.Context, q Q) ([]AuditChainHead, error) {
	rows, err := q.QueryContext(ctx, `SELECT chain, seq, hash FROM audit_chains ORDER BY chain`)
	if err != nil {
		return nil, fmt.Errorf("store: audit chains: %w", err)
	}
	defer rows.Close()
	var out []AuditChainHead
	for rows.Next() {
		var h AuditChainHead
		if err := rows.Scan(&h.Chain, &h.Seq, &h.Hash); err != nil {
			return nil, fmt.Errorf("store: audit chains: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

const auditCols = `id, chain, seq, practice_id, at, actor_type, actor_id, actor_role, action, record_type, record_id, chart_id, ip, outcome, detail, prev_hash, hash`

// InsertAuditEvent appends an event whose Seq, PrevHash and Hash are already set.
func InsertAuditEvent(ctx context.Context, q Q, e model.AuditEvent) error {
	_, err := q.ExecContext(ctx, `INSERT INTO audit_events (`+auditCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		e.ID, e.Chain, e.Seq, nullStr(e.PracticeID), ms(e.At), e.ActorType, e.ActorID, e.ActorRole, e.Action,
		e.RecordType, e.RecordID, e.ChartID, e.IP, e.Outcome, e.Detail, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("store: insert audit event: %w", db.Classify(err))
	}
	return nil
}

func scanAudit(s scanner) (model.AuditEvent, error) {
	var e model.AuditEvent
	var practice sql.NullString
	var at int64
	err := s.Scan(&e.ID, &e.Chain, &e.Seq, &practice, &at, &e.ActorType, &e.ActorID, &e.ActorRole, &e.Action,
		&e.RecordType, &e.RecordID, &e.ChartID, &e.IP, &e.Outcome, &e.Detail, &e.PrevHash, &e.Hash)
	e.PracticeID = practice.String
	e.At = fromMS(at)
	return e, err
}

// WalkAuditChain calls fn for each event of a chain in sequence order, stopping at fn's first error.
func WalkAuditChain(ctx context.Context, q Q, chain string, fn func(model.AuditEvent) error) error {
	rows, err := q.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_events WHERE chain = $1 ORDER BY seq, id`, chain)
	if err != nil {
		return fmt.Errorf("store: walk audit chain: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return fmt.Errorf("store: walk audit chain: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AuditChainsOfEvents lists the chains that have events, including chains whose head row is gone.
func AuditChainsOfEvents(ctx context.Context, q Q) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT chain FROM audit_events ORDER BY chain`)
	if err != nil {
		return nil, fmt.Errorf("store: audit event chains: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("store: audit event chains: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ListAuditEvents returns a practice's events matching f, newest first, and how many match in all.
func ListAuditEvents(ctx context.Context, q Q, f model.AuditFilter) ([]model.AuditEvent, int, error) {
	where := []string{"practice_id = $1"}
	args := []any{f.PracticeID}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.ActorID != "" {
		add("actor_id = $%d", f.ActorID)
	}
	if f.RecordID != "" {
		args = append(args, f.RecordID)
		where = append(where, fmt.Sprintf("(record_id = $%d OR chart_id = $%d)", len(args), len(args)))
	}
	if f.ChartID != "" {
		add("chart_id = $%d", f.ChartID)
	}
	if f.Action != "" {
		add("action = $%d", f.Action)
	}
	if !f.From.IsZero() {
		add("at >= $%d", ms(f.From))
	}
	if !f.To.IsZero() {
		add("at < $%d", ms(f.To))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count audit events: %w", err)
	}
	query := `SELECT ` + auditCols + ` FROM audit_events WHERE ` + cond + ` ORDER BY at DESC, seq DESC`
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list audit events: %w", err)
	}
	defer rows.Close()
	var out []model.AuditEvent
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: list audit events: %w", err)
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// AuditActions lists the distinct actions recorded for a practice, for the filter menu.
func AuditActions(ctx context.Context, q Q, practiceID string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT action FROM audit_events WHERE practice_id = $1 ORDER BY action`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: audit actions: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, fmt.Errorf("store: audit actions: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ReserveAuditSeqs advances a chain by n (at least 1) in one statement and returns the first new number
// and the previous head hash, for a batch of events appended together. Like AdvanceAuditChain, of which
// it is the general case, it takes the chain's row lock and skips past planted rows.
func ReserveAuditSeqs(ctx context.Context, q Q, chain string, n int) (int64, string, error) {
	n = max(n, 1)
	for range 2 {
		var seq int64
		var hash string
		err := q.QueryRowContext(ctx, `UPDATE audit_chains SET seq = $2 + (SELECT COALESCE(MAX(e.seq), audit_chains.seq)
			FROM audit_events e WHERE e.chain = $1 AND e.seq > audit_chains.seq)
			WHERE chain = $1 RETURNING seq, hash`, chain, n).Scan(&seq, &hash)
		if err == nil {
			return seq - int64(n) + 1, hash, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, "", fmt.Errorf("store: advance audit chain: %w", err)
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO audit_chains (chain, seq, hash) VALUES ($1, 0, '') ON CONFLICT (chain) DO NOTHING`, chain); err != nil {
			return 0, "", fmt.Errorf("store: start audit chain: %w", err)
		}
	}
	return 0, "", errors.New("store: audit chain could not be started")
}

// auditInsertRows bounds the rows of one multi-row insert. SQLite looks up each $N parameter by a
// linear scan while parsing, so a statement's parse time grows with the square of its parameters:
// 25 rows (425 values) keep that small while still saving most round trips.
const auditInsertRows = 25

// InsertAuditEvents appends many events whose Seq, PrevHash and Hash are already set, a few hundred
// rows per statement.
func InsertAuditEvents(ctx context.Context, q Q, es []model.AuditEvent) error {
	for len(es) > 0 {
		chunk := es[:min(len(es), auditInsertRows)]
		es = es[len(chunk):]
		var sb strings.Builder
		args := make([]any, 0, len(chunk)*17)
		sb.WriteString(`INSERT INTO audit_events (` + auditCols + `) VALUES `)
		for i, e := range chunk {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(")
			for k := range 17 {
				if k > 0 {
					sb.WriteString(", ")
				}
				fmt.Fprintf(&sb, "$%d", len(args)+k+1)
			}
			sb.WriteString(")")
			args = append(args, e.ID, e.Chain, e.Seq, nullStr(e.PracticeID), ms(e.At), e.ActorType, e.ActorID, e.ActorRole, e.Action,
				e.RecordType, e.RecordID, e.ChartID, e.IP, e.Outcome, e.Detail, e.PrevHash, e.Hash)
		}
		if _, err := q.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("store: insert audit events: %w", db.Classify(err))
		}
	}
	return nil
}

// AuditChainHeadOf reads one chain's head.
func AuditChainHeadOf(ctx context.Context, q Q, chain string) (AuditChainHead, error) {
	h := AuditChainHead{Chain: chain}
	if err := q.QueryRowContext(ctx, `SELECT seq, hash FROM audit_chains WHERE chain = $1`, chain).Scan(&h.Seq, &h.Hash); err != nil {
		return h, fmt.Errorf("store: audit chain %s: %w", chain, err)
	}
	return h, nil
}

// AuditHashesAt lists the hashes of the events at one position of a chain (one, in a sound chain; none
// when it was removed).
func AuditHashesAt(ctx context.Context, q Q, chain string, seq int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT hash FROM audit_events WHERE chain = $1 AND seq = $2 ORDER BY id`, chain, seq)
	if err != nil {
		return nil, fmt.Errorf("store: audit event %s/%d: %w", chain, seq, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("store: audit event %s/%d: %w", chain, seq, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// AuditNames are the names of the people and charts a page of audit events mentions, by id.
type AuditNames struct {
	Staff  map[string]string
	Charts map[string]string
	Portal map[string]string // portal accounts
}

// ResolveAuditNames looks up, in one query, the names of a practice's staff, charts and portal accounts
// with the given ids; an id of another practice, or of a record since deleted, gets no name. The log keeps
// ids only, so names are resolved when a page is shown (issue 13, item 9).
func ResolveAuditNames(ctx context.Context, q Q, practiceID string, staffIDs, chartIDs, accountIDs []string) (AuditNames, error) {
	out := AuditNames{Staff: map[string]string{}, Charts: map[string]string{}, Portal: map[string]string{}}
	args := []any{practiceID}
	in := func(ids []string) string {
		ph := make([]string, len(ids))
		for i, id := range ids {
			args = append(args, id)
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		return strings.Join(ph, ", ")
	}
	var parts []string
	if len(staffIDs) > 0 {
		parts = append(parts, `SELECT 'staff', id, name, '', '' FROM staff WHERE practice_id = $1 AND id IN (`+in(staffIDs)+`)`)
	}
	if len(chartIDs) > 0 {
		parts = append(parts, `SELECT 'chart', c.id, c.group_name, COALESCE(p.first_name, ''), COALESCE(p.last_name, '')
			FROM charts c LEFT JOIN persons p ON p.id = c.person_id WHERE c.practice_id = $1 AND c.id IN (`+in(chartIDs)+`)`)
	}
	if len(accountIDs) > 0 {
		// A portal account belongs to no practice; its name is shown only to a practice it has access in.
		parts = append(parts, `SELECT 'portal', a.id, a.name, '', '' FROM portal_accounts a WHERE a.id IN (`+in(accountIDs)+`)
			AND EXISTS (SELECT 1 FROM portal_access pa WHERE pa.account_id = a.id AND pa.practice_id = $1)`)
	}
	if len(parts) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return out, fmt.Errorf("store: audit names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, id, name, first, last string
		if err := rows.Scan(&kind, &id, &name, &first, &last); err != nil {
			return out, fmt.Errorf("store: audit names: %w", err)
		}
		switch kind {
		case "staff":
			out.Staff[id] = name
		case "chart":
			if name == "" { // a person's chart; a group's has its name
				name = strings.TrimSpace(first + " " + last)
			}
			out.Charts[id] = name
		case "portal":
			out.Portal[id] = name
		}
	}
	return out, rows.Err()
}
