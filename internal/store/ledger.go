package store

import (
	"context"
	"database/sql"
	"fmt"

	"tend/internal/db"
	"tend/internal/model"
)

// ledgerCols are a ledger entry's columns, with the id of the entry that cancelled it, in scanEntry's order.
const ledgerCols = `e.id, e.practice_id, e.chart_id, e.seq, e.kind, e.amount_cents, e.balance_after_cents, e.on_date,
	COALESCE(e.appointment_id, ''), e.service_name, e.service_code, e.method, e.reference, e.reason, e.memo,
	COALESCE(e.reverses_id, ''), COALESCE(r.id, ''), e.created_by, e.created_at`

const ledgerFrom = ` FROM ledger_entries e LEFT JOIN ledger_entries r ON r.reverses_id = e.id`

func scanEntry(s scanner) (model.LedgerEntry, error) {
	var e model.LedgerEntry
	var kind string
	var created int64
	err := s.Scan(&e.ID, &e.PracticeID, &e.ChartID, &e.Seq, &kind, &e.AmountCents, &e.BalanceAfterCents, &e.OnDate,
		&e.AppointmentID, &e.ServiceName, &e.ServiceCode, &e.Method, &e.Reference, &e.Reason, &e.Memo,
		&e.ReversesID, &e.ReversedBy, &e.CreatedBy, &created)
	if err != nil {
		return e, db.Classify(err)
	}
	e.Kind, e.CreatedAt = model.EntryKind(kind), fromMS(created)
	return e, nil
}

func scanEntries(rows *sql.Rows, what string) ([]model.LedgerEntry, error) {
	defer rows.Close()
	var out []model.LedgerEntry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}

// AppendLedgerEntry writes an entry at the end of its chart's ledger and moves the chart's balance by its
// amount, in q's transaction: the chart's row is updated first, so concurrent entries of one chart queue
// on it and each gets the next seq and the balance after it. It returns the entry as stored.
func AppendLedgerEntry(ctx context.Context, q Q, e model.LedgerEntry) (model.LedgerEntry, error) {
	err := q.QueryRowContext(ctx, `UPDATE charts SET balance_cents = balance_cents + $1 WHERE id = $2 AND practice_id = $3
		RETURNING balance_cents`, e.AmountCents, e.ChartID, e.PracticeID).Scan(&e.BalanceAfterCents)
	if err != nil {
		return e, fmt.Errorf("store: ledger balance: %w", db.Classify(err))
	}
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM ledger_entries WHERE chart_id = $1`, e.ChartID).Scan(&e.Seq); err != nil {
		return e, fmt.Errorf("store: ledger seq: %w", err)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO ledger_entries (id, practice_id, chart_id, seq, kind, amount_cents, balance_after_cents, on_date,
		appointment_id, service_name, service_code, method, reference, reason, memo, reverses_id, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		e.ID, e.PracticeID, e.ChartID, e.Seq, string(e.Kind), e.AmountCents, e.BalanceAfterCents, e.OnDate, nullStr(e.AppointmentID),
		e.ServiceName, e.ServiceCode, e.Method, e.Reference, e.Reason, e.Memo, nullStr(e.ReversesID), e.CreatedBy, ms(e.CreatedAt))
	if err != nil {
		return e, fmt.Errorf("store: insert ledger entry: %w", db.Classify(err))
	}
	return e, nil
}

// LedgerEntryByID returns an entry of the practice, or model.ErrNotFound.
func LedgerEntryByID(ctx context.Context, q Q, practiceID, id string) (model.LedgerEntry, error) {
	e, err := scanEntry(q.QueryRowContext(ctx, `SELECT `+ledgerCols+ledgerFrom+` WHERE e.id = $1 AND e.practice_id = $2`, id, practiceID))
	if err != nil {
		return e, fmt.Errorf("store: ledger entry %s: %w", id, err)
	}
	return e, nil
}

// LiveCharge returns the appointment's charge that no reversal cancelled yet, or model.ErrNotFound.
func LiveCharge(ctx context.Context, q Q, appointmentID string) (model.LedgerEntry, error) {
	e, err := scanEntry(q.QueryRowContext(ctx, `SELECT `+ledgerCols+ledgerFrom+` WHERE e.appointment_id = $1 AND e.kind = 'charge'
		AND r.id IS NULL ORDER BY e.seq DESC LIMIT 1`, appointmentID))
	if err != nil {
		return e, fmt.Errorf("store: live charge of %s: %w", appointmentID, err)
	}
	return e, nil
}

// LedgerPage lists up to limit entries of a chart, newest first, before seq (0: from the newest).
func LedgerPage(ctx context.Context, q Q, chartID string, beforeSeq int64, limit int) ([]model.LedgerEntry, error) {
	if beforeSeq <= 0 {
		beforeSeq = 1 << 62
	}
	rows, err := q.QueryContext(ctx, `SELECT `+ledgerCols+ledgerFrom+` WHERE e.chart_id = $1 AND e.seq < $2 ORDER BY e.seq DESC LIMIT $3`,
		chartID, beforeSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("store: ledger page: %w", err)
	}
	return scanEntries(rows, "ledger page")
}

// LedgerBetween lists a chart's entries dated from..to (YYYY-MM-DD, both included) by date, then as
// written; and the balance of the entries dated before from.
func LedgerBetween(ctx context.Context, q Q, chartID, from, to string) ([]model.LedgerEntry, int64, error) {
	var opening int64
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_entries WHERE chart_id = $1 AND on_date < $2`,
		chartID, from).Scan(&opening); err != nil {
		return nil, 0, fmt.Errorf("store: opening balance: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+ledgerCols+ledgerFrom+` WHERE e.chart_id = $1 AND e.on_date >= $2 AND e.on_date <= $3
		ORDER BY e.on_date, e.seq`, chartID, from, to)
	if err != nil {
		return nil, 0, fmt.Errorf("store: ledger between: %w", err)
	}
	out, err := scanEntries(rows, "ledger between")
	return out, opening, err
}

// LedgerSum adds up a chart's entries (tests and the doctor compare it with the kept balance).
func LedgerSum(ctx context.Context, q Q, chartID string) (int64, error) {
	var sum int64
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_entries WHERE chart_id = $1`, chartID).Scan(&sum); err != nil {
		return 0, fmt.Errorf("store: ledger sum: %w", err)
	}
	return sum, nil
}

// ChartBilling is what a charge needs of its chart: its billing type.
func ChartBilling(ctx context.Context, q Q, practiceID, chartID string) (model.BillingType, error) {
	var b string
	if err := q.QueryRowContext(ctx, `SELECT billing_type FROM charts WHERE id = $1 AND practice_id = $2`, chartID, practiceID).Scan(&b); err != nil {
		return "", fmt.Errorf("store: chart billing: %w", db.Classify(err))
	}
	return model.BillingType(b), nil
}

// LockChartBalance holds a chart's row until the transaction ends, so checks of its ledger (is this
// payment voided yet?) and the entry that follows cannot race.
func LockChartBalance(ctx context.Context, q Q, chartID string) error {
	res, err := q.ExecContext(ctx, `UPDATE charts SET balance_cents = balance_cents WHERE id = $1`, chartID)
	if err != nil {
		return fmt.Errorf("store: lock chart balance: %w", err)
	}
	return expectOneOr(res, "lock chart balance", model.ErrNotFound)
}
