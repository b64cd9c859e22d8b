package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"tend/internal/db"
	"tend/internal/model"
)

// requestCols reads a request with its template's name and kind, the fields of its version, the member's
// name and the state of its latest notification (aliases r, t, v, pe, m).
const requestCols = `r.id, r.practice_id, r.chart_id, r.template_id, r.template_name, r.template_kind, r.scoring, r.uses_legal_name,
	r.version, v.fields,
	COALESCE(r.member_person_id, ''), COALESCE(pe.first_name, ''), COALESCE(pe.last_name, ''), r.state, r.answers, r.score, r.band,
	r.flag, COALESCE(r.requested_by, ''), r.requested_at, COALESCE(r.mail_id, ''), COALESCE(m.state, ''), COALESCE(m.last_error, ''),
	r.started_at, r.completed_at, r.signed_at, r.signer_name, r.signer_ip, COALESCE(r.signer_account_id, ''), r.content_sha256,
	r.reviewed_at, r.withdrawn_at, r.updated_at, r.signed_content`

const requestFrom = ` FROM document_requests r
	JOIN document_template_versions v ON v.template_id = r.template_id AND v.version = r.version
	LEFT JOIN persons pe ON pe.id = r.member_person_id LEFT JOIN mail_messages m ON m.id = r.mail_id`

func scanRequest(s scanner) (model.DocumentRequest, error) {
	var r model.DocumentRequest
	var kind, fields, first, last, state, answers string
	var score, started, completed, signed, reviewed, withdrawn sql.NullInt64
	var requested, updated int64
	err := s.Scan(&r.ID, &r.PracticeID, &r.ChartID, &r.TemplateID, &r.TemplateName, &kind, &r.Scoring, &r.UsesLegalName, &r.Version,
		&fields, &r.MemberPersonID, &first, &last, &state, &answers, &score, &r.Band, &r.Flag, &r.RequestedBy, &requested, &r.MailID,
		&r.MailState, &r.MailError, &started, &completed, &signed, &r.SignerName, &r.SignerIP, &r.SignerAccount, &r.ContentSHA256,
		&reviewed, &withdrawn, &updated, &r.SignedContent)
	if err != nil {
		return r, db.Classify(err)
	}
	r.Kind, r.State, r.MemberName = model.TemplateKind(kind), model.RequestState(state), strings.TrimSpace(first+" "+last)
	if score.Valid {
		v := int(score.Int64)
		r.Score = &v
	}
	r.RequestedAt, r.StartedAt, r.CompletedAt, r.SignedAt = fromMS(requested), fromNullMS(started), fromNullMS(completed), fromNullMS(signed)
	r.ReviewedAt, r.WithdrawnAt, r.UpdatedAt = fromNullMS(reviewed), fromNullMS(withdrawn), fromMS(updated)
	if err := json.Unmarshal([]byte(fields), &r.Fields); err != nil {
		return r, fmt.Errorf("request %s fields: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(answers), &r.Answers); err != nil {
		return r, fmt.Errorf("request %s answers: %w", r.ID, err)
	}
	return r, nil
}

// InsertRequest stores a new request.
func InsertRequest(ctx context.Context, q Q, r model.DocumentRequest) error {
	_, err := q.ExecContext(ctx, `INSERT INTO document_requests (id, practice_id, chart_id, template_id, version, member_person_id,
		state, answers, requested_by, requested_at, mail_id, updated_at, template_name, template_kind, scoring, uses_legal_name)
		VALUES ($1, $2, $3, $4, $5, $6, $7, '{}', $8, $9, $10, $9, $11, $12, $13, $14)`,
		r.ID, r.PracticeID, r.ChartID, r.TemplateID, r.Version, nullStr(r.MemberPersonID), string(r.State), nullStr(r.RequestedBy),
		ms(r.RequestedAt), nullStr(r.MailID), r.TemplateName, string(r.Kind), r.Scoring, r.UsesLegalName)
	if err != nil {
		return fmt.Errorf("store: insert request: %w", db.Classify(err))
	}
	return nil
}

// UpdateRequest stores a request's state, answers, score, notification, signature, review and withdrawal.
func UpdateRequest(ctx context.Context, q Q, r model.DocumentRequest) error {
	if r.Answers == nil {
		r.Answers = map[string]string{}
	}
	answers, err := json.Marshal(r.Answers)
	if err != nil {
		return fmt.Errorf("store: request answers: %w", err)
	}
	var score sql.NullInt64
	if r.Score != nil {
		score = sql.NullInt64{Int64: int64(*r.Score), Valid: true}
	}
	res, err := q.ExecContext(ctx, `UPDATE document_requests SET state = $1, answers = $2, score = $3, band = $4, flag = $5, mail_id = $6,
		started_at = $7, completed_at = $8, completed_by = $9, signed_at = $10, signer_name = $11, signer_ip = $12, signer_account_id = $13,
		content_sha256 = $14, reviewed_at = $15, reviewed_by = $16, withdrawn_at = $17, updated_at = $18, signed_content = $21
		WHERE id = $19 AND practice_id = $20`,
		string(r.State), string(answers), score, r.Band, r.Flag, nullStr(r.MailID), nullMS(r.StartedAt), nullMS(r.CompletedAt),
		nullStr(r.CompletedBy), nullMS(r.SignedAt), r.SignerName, r.SignerIP, nullStr(r.SignerAccount), r.ContentSHA256,
		nullMS(r.ReviewedAt), nullStr(r.ReviewedBy), nullMS(r.WithdrawnAt), ms(r.UpdatedAt), r.ID, r.PracticeID, r.SignedContent)
	if err != nil {
		return fmt.Errorf("store: update request: %w", err)
	}
	return expectOne(res, "update request")
}

// RequestsOfChart lists a chart's requests, newest first.
func RequestsOfChart(ctx context.Context, q Q, chartID string) ([]model.DocumentRequest, error) {
	return listRequests(ctx, q, `r.chart_id = $1 ORDER BY r.requested_at DESC, r.id DESC`, chartID)
}

// RequestsOfCharts lists the requests of several charts (a portal user's), newest first.
func RequestsOfCharts(ctx context.Context, q Q, chartIDs []string) ([]model.DocumentRequest, error) {
	var out []model.DocumentRequest
	for _, id := range chartIDs {
		rs, err := RequestsOfChart(ctx, q, id)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// RequestByID returns a request of a practice, or model.ErrNotFound.
func RequestByID(ctx context.Context, q Q, practiceID, requestID string) (model.DocumentRequest, error) {
	r, err := scanRequest(q.QueryRowContext(ctx, `SELECT `+requestCols+requestFrom+` WHERE r.id = $1 AND r.practice_id = $2`, requestID, practiceID))
	if err != nil {
		return r, fmt.Errorf("store: request %s: %w", requestID, err)
	}
	return r, nil
}

// RequestAnyPractice returns a request whatever its practice (the portal checks access itself), or
// model.ErrNotFound.
func RequestAnyPractice(ctx context.Context, q Q, requestID string) (model.DocumentRequest, error) {
	r, err := scanRequest(q.QueryRowContext(ctx, `SELECT `+requestCols+requestFrom+` WHERE r.id = $1`, requestID))
	if err != nil {
		return r, fmt.Errorf("store: request %s: %w", requestID, err)
	}
	return r, nil
}

// UnreviewedRequests lists the completed or signed requests nobody has reviewed yet on the charts a
// visibility allows, flagged ones first, then oldest first.
func UnreviewedRequests(ctx context.Context, q Q, practiceID string, v Visibility, limit int) ([]model.DocumentRequest, error) {
	args := []any{practiceID, string(model.RequestCompleted), string(model.RequestSigned)}
	arg := func(x any) string { args = append(args, x); return fmt.Sprintf("$%d", len(args)) }
	where := `r.practice_id = $1 AND r.state IN ($2, $3) AND r.reviewed_at IS NULL`
	if cond := v.condition("c", arg); cond != "" {
		where += ` AND r.chart_id IN (SELECT c.id FROM charts c WHERE c.practice_id = $1 AND ` + cond + `)`
	}
	return listRequests(ctx, q, where+` ORDER BY CASE WHEN r.flag <> '' THEN 0 ELSE 1 END, r.completed_at, r.id LIMIT `+arg(limit), args...)
}

// LockRequest holds a request's row until the transaction ends, so two changes of it (two tabs, a submit
// and a resend) happen one after the other and the second sees the first. Writing the row takes the lock
// on both engines.
func LockRequest(ctx context.Context, q Q, requestID string) error {
	if _, err := q.ExecContext(ctx, `UPDATE document_requests SET id = id WHERE id = $1`, requestID); err != nil {
		return fmt.Errorf("store: lock request: %w", err)
	}
	return nil
}

// LockChartRequests holds the rows of a chart's requests until the transaction ends (see LockRequest).
func LockChartRequests(ctx context.Context, q Q, chartID string) error {
	if _, err := q.ExecContext(ctx, `UPDATE document_requests SET id = id WHERE chart_id = $1`, chartID); err != nil {
		return fmt.Errorf("store: lock chart requests: %w", err)
	}
	return nil
}

func listRequests(ctx context.Context, q Q, where string, args ...any) ([]model.DocumentRequest, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+requestCols+requestFrom+` WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: requests: %w", err)
	}
	defer rows.Close()
	var out []model.DocumentRequest
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("store: requests: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
