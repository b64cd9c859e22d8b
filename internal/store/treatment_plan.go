package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"tend/internal/db"
	"tend/internal/model"
)

// planCols are a plan's columns, in scanPlan's order.
const planCols = `p.id, p.practice_id, p.chart_id, p.state, p.title, p.current_version, p.review_date, p.shared_at,
	COALESCE(p.shared_by, ''), p.created_by, p.created_at, p.updated_at`

func scanPlan(s scanner, extra ...any) (model.TreatmentPlan, error) {
	var p model.TreatmentPlan
	var state string
	var shared sql.NullInt64
	var created, updated int64
	dest := []any{&p.ID, &p.PracticeID, &p.ChartID, &state, &p.Title, &p.CurrentVersion, &p.ReviewDate, &shared,
		&p.SharedBy, &p.CreatedBy, &created, &updated}
	if err := s.Scan(append(dest, extra...)...); err != nil {
		return p, db.Classify(err)
	}
	p.State = model.PlanState(state)
	p.SharedAt, p.CreatedAt, p.UpdatedAt = fromNullMS(shared), fromMS(created), fromMS(updated)
	return p, nil
}

// InsertPlan adds a plan without versions; InsertPlanVersion and SetPlanHead follow in the transaction.
func InsertPlan(ctx context.Context, q Q, p model.TreatmentPlan) error {
	_, err := q.ExecContext(ctx, `INSERT INTO treatment_plans (id, practice_id, chart_id, state, title, current_version, review_date,
		created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		p.ID, p.PracticeID, p.ChartID, string(p.State), p.Title, p.CurrentVersion, p.ReviewDate, p.CreatedBy, ms(p.CreatedAt), ms(p.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: insert plan: %w", db.Classify(err))
	}
	return nil
}

// LockPlan holds a plan's row until the transaction ends: concurrent saves, signatures and shares of one
// plan queue on it, so version numbers never collide and a signature always names the newest version.
func LockPlan(ctx context.Context, q Q, id string) error {
	res, err := q.ExecContext(ctx, `UPDATE treatment_plans SET id = id WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("store: lock plan: %w", err)
	}
	return expectOneOr(res, "lock plan", model.ErrNotFound)
}

// PlanByID returns one plan of the practice, or model.ErrNotFound.
func PlanByID(ctx context.Context, q Q, practiceID, id string) (model.TreatmentPlan, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, `SELECT `+planCols+` FROM treatment_plans p WHERE p.id = $1 AND p.practice_id = $2`, id, practiceID))
	if err != nil {
		return p, fmt.Errorf("store: plan %s: %w", id, err)
	}
	return p, nil
}

// PlanSummary is a plan as a list shows it: with who signed its newest version.
type PlanSummary struct {
	model.TreatmentPlan
	ClinicianSigned bool // the newest version carries the clinician's signature
	ClientSigned    bool // and a client's
}

// maxPlansOfChart bounds a chart's plan list: a chart has a handful over years of care.
const maxPlansOfChart = 200

// PlansOfChart lists a chart's plans, active first, newest first, with the signatures of each newest
// version, in one statement.
func PlansOfChart(ctx context.Context, q Q, chartID string) ([]PlanSummary, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+planCols+`,
		EXISTS (SELECT 1 FROM treatment_plan_signatures s JOIN treatment_plan_versions v ON v.id = s.version_id
			WHERE v.plan_id = p.id AND v.number = p.current_version AND s.role = 'clinician'),
		EXISTS (SELECT 1 FROM treatment_plan_signatures s JOIN treatment_plan_versions v ON v.id = s.version_id
			WHERE v.plan_id = p.id AND v.number = p.current_version AND s.role = 'client')
		FROM treatment_plans p WHERE p.chart_id = $1
		ORDER BY CASE WHEN p.state = 'active' THEN 0 ELSE 1 END, p.created_at DESC, p.id DESC LIMIT $2`, chartID, maxPlansOfChart)
	if err != nil {
		return nil, fmt.Errorf("store: plans of chart: %w", err)
	}
	defer rows.Close()
	var out []PlanSummary
	for rows.Next() {
		var s PlanSummary
		p, err := scanPlan(rows, &s.ClinicianSigned, &s.ClientSigned)
		if err != nil {
			return nil, fmt.Errorf("store: plans of chart: %w", err)
		}
		s.TreatmentPlan = p
		out = append(out, s)
	}
	return out, rows.Err()
}

// SetPlanHead records the plan's newest version, its title and review date.
func SetPlanHead(ctx context.Context, q Q, p model.TreatmentPlan) error {
	res, err := q.ExecContext(ctx, `UPDATE treatment_plans SET title = $1, current_version = $2, review_date = $3, updated_at = $4 WHERE id = $5`,
		p.Title, p.CurrentVersion, p.ReviewDate, ms(p.UpdatedAt), p.ID)
	if err != nil {
		return fmt.Errorf("store: plan head: %w", err)
	}
	return expectOne(res, "plan head")
}

// SetPlanShared shares the plan to the portal (at not zero) or stops sharing it.
func SetPlanShared(ctx context.Context, q Q, p model.TreatmentPlan) error {
	res, err := q.ExecContext(ctx, `UPDATE treatment_plans SET shared_at = $1, shared_by = $2, updated_at = $3 WHERE id = $4`,
		nullMS(p.SharedAt), nullStr(p.SharedBy), ms(p.UpdatedAt), p.ID)
	if err != nil {
		return fmt.Errorf("store: share plan: %w", err)
	}
	return expectOne(res, "share plan")
}

// SetPlanState closes or reopens a plan.
func SetPlanState(ctx context.Context, q Q, p model.TreatmentPlan) error {
	res, err := q.ExecContext(ctx, `UPDATE treatment_plans SET state = $1, updated_at = $2 WHERE id = $3`, string(p.State), ms(p.UpdatedAt), p.ID)
	if err != nil {
		return fmt.Errorf("store: plan state: %w", err)
	}
	return expectOne(res, "plan state")
}

// InsertPlanVersion adds a version. Versions are never updated (the database refuses it); a second
// version with the same number is model.ErrConflict.
func InsertPlanVersion(ctx context.Context, q Q, v model.PlanVersion) error {
	_, err := q.ExecContext(ctx, `INSERT INTO treatment_plan_versions (id, practice_id, plan_id, number, content, content_sha256, source,
		source_note, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		v.ID, v.PracticeID, v.PlanID, v.Number, v.Content.CanonicalJSON(), v.SHA256, string(v.Source), v.SourceNote, v.AuthorID, ms(v.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: insert plan version: %w", db.Classify(err))
	}
	return nil
}

// versionHeadCols are a version's columns without its content, in scanVersionHead's order.
const versionHeadCols = `v.id, v.practice_id, v.plan_id, v.number, v.content_sha256, v.source, v.source_note, v.author_id,
	COALESCE(a.name, ''), v.created_at`

const versionFrom = ` FROM treatment_plan_versions v LEFT JOIN staff a ON a.id = v.author_id`

func scanVersionHead(s scanner, extra ...any) (model.PlanVersion, error) {
	var v model.PlanVersion
	var source string
	var created int64
	dest := []any{&v.ID, &v.PracticeID, &v.PlanID, &v.Number, &v.SHA256, &source, &v.SourceNote, &v.AuthorID, &v.AuthorName, &created}
	if err := s.Scan(append(dest, extra...)...); err != nil {
		return v, db.Classify(err)
	}
	v.Source, v.CreatedAt = model.PlanSource(source), fromMS(created)
	return v, nil
}

// PlanVersion returns version number of a plan with its content and signatures, or model.ErrNotFound.
func PlanVersion(ctx context.Context, q Q, planID string, number int) (model.PlanVersion, error) {
	var content string
	v, err := scanVersionHead(q.QueryRowContext(ctx, `SELECT `+versionHeadCols+`, v.content`+versionFrom+
		` WHERE v.plan_id = $1 AND v.number = $2`, planID, number), &content)
	if err != nil {
		return v, fmt.Errorf("store: plan %s version %d: %w", planID, number, err)
	}
	if err := json.Unmarshal([]byte(content), &v.Content); err != nil {
		return v, fmt.Errorf("store: plan %s version %d content: %w", planID, number, err)
	}
	sigs, err := planSignatures(ctx, q, `s.version_id = $1`, v.ID)
	if err != nil {
		return v, err
	}
	v.Signatures = sigs[v.ID]
	return v, nil
}

// LatestSignedPlanVersion returns the number of the newest version the clinician signed, 0 when none.
// It walks the versions newest first and stops at the first signed one, so a plan's long history is not
// read when its newest versions are signed.
func LatestSignedPlanVersion(ctx context.Context, q Q, planID string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT v.number FROM treatment_plan_versions v WHERE v.plan_id = $1
		AND EXISTS (SELECT 1 FROM treatment_plan_signatures s WHERE s.version_id = v.id AND s.role = 'clinician')
		ORDER BY v.number DESC LIMIT 1`, planID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: latest signed plan version: %w", err)
	}
	return n, nil
}

// PlanVersionsPage lists a plan's versions newest first without their content, before number before
// (0: from the newest), at most limit+1 so the caller knows whether more follow; with their
// signatures, in two statements.
func PlanVersionsPage(ctx context.Context, q Q, planID string, before, limit int) ([]model.PlanVersion, error) {
	if before <= 0 {
		before = int(^uint32(0) >> 1)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+versionHeadCols+versionFrom+` WHERE v.plan_id = $1 AND v.number < $2
		ORDER BY v.number DESC LIMIT $3`, planID, before, limit+1)
	if err != nil {
		return nil, fmt.Errorf("store: plan versions: %w", err)
	}
	defer rows.Close()
	var out []model.PlanVersion
	for rows.Next() {
		v, err := scanVersionHead(rows)
		if err != nil {
			return nil, fmt.Errorf("store: plan versions: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: plan versions: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	sigs, err := planSignatures(ctx, q, `s.plan_id = $1 AND s.version_id IN (SELECT id FROM treatment_plan_versions
		WHERE plan_id = $1 AND number <= $2 AND number >= $3)`, planID, out[0].Number, out[len(out)-1].Number)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Signatures = sigs[out[i].ID]
	}
	return out, nil
}

// planSignatures reads signatures matching where (over alias s), oldest first, by version id.
func planSignatures(ctx context.Context, q Q, where string, args ...any) (map[string][]model.PlanSignature, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.plan_id, s.version_id, s.role, COALESCE(s.staff_id, ''), COALESCE(s.account_id, ''),
		s.typed_name, s.signed_at, s.content_sha256, s.signer_ip FROM treatment_plan_signatures s WHERE `+where+` ORDER BY s.signed_at, s.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: plan signatures: %w", err)
	}
	defer rows.Close()
	out := map[string][]model.PlanSignature{}
	for rows.Next() {
		var s model.PlanSignature
		var at int64
		if err := rows.Scan(&s.ID, &s.PlanID, &s.VersionID, &s.Role, &s.StaffID, &s.AccountID, &s.TypedName, &at, &s.SHA256, &s.SignerIP); err != nil {
			return nil, fmt.Errorf("store: plan signatures: %w", err)
		}
		s.SignedAt = fromMS(at)
		out[s.VersionID] = append(out[s.VersionID], s)
	}
	return out, rows.Err()
}

// InsertPlanSignature adds a signature to a version.
func InsertPlanSignature(ctx context.Context, q Q, practiceID string, s model.PlanSignature) error {
	_, err := q.ExecContext(ctx, `INSERT INTO treatment_plan_signatures (id, practice_id, plan_id, version_id, role, staff_id, account_id,
		typed_name, signed_at, content_sha256, signer_ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		s.ID, practiceID, s.PlanID, s.VersionID, s.Role, nullStr(s.StaffID), nullStr(s.AccountID), s.TypedName, ms(s.SignedAt), s.SHA256, s.SignerIP)
	if err != nil {
		return fmt.Errorf("store: insert plan signature: %w", db.Classify(err))
	}
	return nil
}

// PlanReviewDue is a plan whose clinician is to hear of its coming review, with the chart's clinician.
type PlanReviewDue struct {
	Plan        model.TreatmentPlan
	ClinicianID string
}

// PlansDueForReviewNotice lists up to limit active plans of a practice whose review date is on or before
// upTo and whose clinician was not yet told of that date, on charts in care with a clinician.
func PlansDueForReviewNotice(ctx context.Context, q Q, practiceID, upTo string, limit int) ([]PlanReviewDue, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+planCols+`, c.assigned_clinician_id FROM treatment_plans p JOIN charts c ON c.id = p.chart_id
		WHERE p.practice_id = $1 AND p.state = 'active' AND p.review_date <> '' AND p.review_date <= $2
		AND p.review_notice_for <> p.review_date AND c.assigned_clinician_id IS NOT NULL AND c.record_state = 'active'
		ORDER BY p.review_date, p.id LIMIT $3`, practiceID, upTo, limit)
	if err != nil {
		return nil, fmt.Errorf("store: plans due for review notice: %w", err)
	}
	defer rows.Close()
	var out []PlanReviewDue
	for rows.Next() {
		var d PlanReviewDue
		if d.Plan, err = scanPlan(rows, &d.ClinicianID); err != nil {
			return nil, fmt.Errorf("store: plans due for review notice: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// MarkPlanReviewNoticed records that the clinician was told of review date; it changes nothing when
// another instance got there first (false), so each date is announced once.
func MarkPlanReviewNoticed(ctx context.Context, q Q, planID, reviewDate string) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE treatment_plans SET review_notice_for = $1 WHERE id = $2 AND review_date = $1
		AND review_notice_for <> $1`, reviewDate, planID)
	if err != nil {
		return false, fmt.Errorf("store: plan review noticed: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ChartHasPlan reports whether a chart has any treatment plan (What's next, CL-5).
func ChartHasPlan(ctx context.Context, q Q, chartID string) (bool, error) {
	var ok bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM treatment_plans WHERE chart_id = $1)`, chartID).Scan(&ok); err != nil {
		return false, fmt.Errorf("store: chart has plan: %w", err)
	}
	return ok, nil
}

// PracticeScorings are the scored assessments a practice uses: every built-in (phq9, gad7) it has not
// archived, whether or not its library was opened yet (built-ins are added on first use), and any
// template of its own scored the same way.
func PracticeScorings(ctx context.Context, q Q, practiceID string) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT scoring, builtin_key, archived_at IS NULL FROM document_templates
		WHERE practice_id = $1 AND (scoring <> '' OR builtin_key IN ($2, $3))`, practiceID, model.ScoringPHQ9, model.ScoringGAD7)
	if err != nil {
		return nil, fmt.Errorf("store: practice scorings: %w", err)
	}
	defer rows.Close()
	archivedBuiltin, ownLive := map[string]bool{}, map[string]bool{}
	for rows.Next() {
		var scoring, builtin string
		var live bool
		if err := rows.Scan(&scoring, &builtin, &live); err != nil {
			return nil, fmt.Errorf("store: practice scorings: %w", err)
		}
		switch {
		case builtin == model.ScoringPHQ9 || builtin == model.ScoringGAD7:
			archivedBuiltin[builtin] = !live
		case live:
			ownLive[scoring] = true
		}
	}
	out := map[string]bool{}
	for _, k := range []string{model.ScoringPHQ9, model.ScoringGAD7} {
		out[k] = !archivedBuiltin[k] || ownLive[k]
	}
	return out, rows.Err()
}

// PlansDueOfClinician lists up to limit active plans on the charts in care assigned to a staff member
// whose review date is on or before today, the longest overdue first (Home's Needs attention). It walks
// that person's charts (charts_practice_clinician) and each chart's plans (treatment_plans_chart).
func PlansDueOfClinician(ctx context.Context, q Q, practiceID, staffID, today string, limit int) ([]model.TreatmentPlan, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+planCols+` FROM charts c JOIN treatment_plans p ON p.chart_id = c.id
		WHERE c.practice_id = $1 AND c.assigned_clinician_id = $2 AND c.record_state = 'active' AND p.state = 'active'
		AND p.review_date <> '' AND p.review_date <= $3 ORDER BY p.review_date, p.id LIMIT $4`, practiceID, staffID, today, limit)
	if err != nil {
		return nil, fmt.Errorf("store: plans due of clinician: %w", err)
	}
	defer rows.Close()
	var out []model.TreatmentPlan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: plans due of clinician: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
