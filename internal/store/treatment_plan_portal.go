package store

import (
	"context"
	"encoding/json"
	"fmt"

	"tend/internal/model"
)

// SharedPlan is a plan shared to the portal as its portal user reads it: the newest version its clinician
// signed (with that version's content, never a newer unsigned one) and whether the account signed it.
type SharedPlan struct {
	Plan    model.TreatmentPlan
	Version model.PlanVersion // without signatures
	// SignedByAccount: the portal account asked about signed this version as the client.
	SignedByAccount bool
}

// signedHead is the newest clinician-signed version of plan p (alias p), for SharedPlansOfChart: the
// versions newest first, up to the first signed one (NULL when none is).
const signedHead = `(SELECT hv.number FROM treatment_plan_versions hv WHERE hv.plan_id = p.id
	AND EXISTS (SELECT 1 FROM treatment_plan_signatures hs WHERE hs.version_id = hv.id AND hs.role = 'clinician')
	ORDER BY hv.number DESC LIMIT 1)`

// SharedPlansOfChart lists a chart's plans shared to the portal that have a clinician-signed version,
// active first, newest first, each with its newest signed version and whether accountID signed that
// version, in one statement (PT-10).
func SharedPlansOfChart(ctx context.Context, q Q, chartID, accountID string) ([]SharedPlan, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+planCols+`, `+versionHeadCols+`, v.content,
		EXISTS (SELECT 1 FROM treatment_plan_signatures s WHERE s.version_id = v.id AND s.role = 'client' AND s.account_id = $2)
		FROM treatment_plans p JOIN treatment_plan_versions v ON v.plan_id = p.id LEFT JOIN staff a ON a.id = v.author_id
		WHERE p.chart_id = $1 AND p.shared_at IS NOT NULL AND p.state IN ('active', 'closed') AND v.number = `+signedHead+`
		ORDER BY CASE WHEN p.state = 'active' THEN 0 ELSE 1 END, p.created_at DESC, p.id DESC LIMIT $3`, chartID, accountID, maxPlansOfChart)
	if err != nil {
		return nil, fmt.Errorf("store: shared plans: %w", err)
	}
	defer rows.Close()
	var out []SharedPlan
	for rows.Next() {
		var sp SharedPlan
		var content string
		var vh versionHeadScan
		p, err := scanPlan(rows, append(vh.dest(), &content, &sp.SignedByAccount)...)
		if err != nil {
			return nil, fmt.Errorf("store: shared plans: %w", err)
		}
		sp.Plan, sp.Version = p, vh.version()
		if err := json.Unmarshal([]byte(content), &sp.Version.Content); err != nil {
			return nil, fmt.Errorf("store: shared plan %s content: %w", p.ID, err)
		}
		out = append(out, sp)
	}
	return out, rows.Err()
}

// versionHeadScan scans versionHeadCols after other columns (scanVersionHead reads them first).
type versionHeadScan struct {
	v       model.PlanVersion
	source  string
	created int64
}

func (h *versionHeadScan) dest() []any {
	return []any{&h.v.ID, &h.v.PracticeID, &h.v.PlanID, &h.v.Number, &h.v.SHA256, &h.source, &h.v.SourceNote, &h.v.AuthorID,
		&h.v.AuthorName, &h.created}
}

func (h *versionHeadScan) version() model.PlanVersion {
	v := h.v
	v.Source, v.CreatedAt = model.PlanSource(h.source), fromMS(h.created)
	return v
}

// AwaitsSignature reports whether the version shown waits for the account's signature: the plan is
// active and the account has not signed it.
func (p SharedPlan) AwaitsSignature() bool {
	return p.Plan.State == model.PlanActive && !p.SignedByAccount
}
