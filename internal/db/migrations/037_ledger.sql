-- Issue 16, item 9 (PY-1): each chart's ledger of charges, payments and adjustments.
--
-- Append-only: a row is never changed or deleted. A mistaken charge is cancelled by a reversal and a
-- mistaken payment by a void, each a new row pointing at the row it cancels (reverses_id, at most one
-- each). Amounts are integer cents, signed by what they do to the balance the client owes: a charge adds,
-- a payment subtracts, an adjustment does either. seq numbers a chart's entries in the order they were
-- written and balance_after_cents is the chart's balance after the entry, so a page of the timeline shows
-- its running balance without reading the pages before it.
CREATE TABLE ledger_entries (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    -- charge | charge_reversal | payment | payment_void | adjustment
    kind TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    balance_after_cents BIGINT NOT NULL,
    -- the day it is about, YYYY-MM-DD in the practice's time zone: the session's, the day a payment was
    -- received, an adjustment's
    on_date TEXT NOT NULL,
    -- a charge (and its reversal): the appointment, and its service as it was when charged
    appointment_id TEXT REFERENCES appointments(id) ON DELETE SET NULL,
    service_name TEXT NOT NULL DEFAULT '',
    service_code TEXT NOT NULL DEFAULT '',
    -- a payment: cash | check | card | other, and a check number or memo
    method TEXT NOT NULL DEFAULT '',
    reference TEXT NOT NULL DEFAULT '',
    -- an adjustment's reason (write_off | discount | refund | correction | other), or a void's
    reason TEXT NOT NULL DEFAULT '',
    memo TEXT NOT NULL DEFAULT '',
    reverses_id TEXT REFERENCES ledger_entries(id),
    created_by TEXT NOT NULL REFERENCES staff(id),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ledger_entries_chart_seq ON ledger_entries (chart_id, seq);
CREATE UNIQUE INDEX ledger_entries_reverses ON ledger_entries (reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX ledger_entries_appointment ON ledger_entries (appointment_id) WHERE appointment_id IS NOT NULL;
CREATE INDEX ledger_entries_chart_date ON ledger_entries (chart_id, on_date);

-- The chart's balance, kept in the transaction that writes each entry: the client list and the chart's
-- header read it with the chart, never by adding the entries up.
ALTER TABLE charts ADD COLUMN balance_cents BIGINT NOT NULL DEFAULT 0;

-- What a no-show costs (practice setting): none | rate (the service's rate) | fixed (no_show_fee_cents).
ALTER TABLE practices ADD COLUMN no_show_fee TEXT NOT NULL DEFAULT 'none';
ALTER TABLE practices ADD COLUMN no_show_fee_cents BIGINT NOT NULL DEFAULT 0;
