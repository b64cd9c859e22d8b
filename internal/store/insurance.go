package store

import (
	"context"
	"fmt"

	"tend/internal/db"
	"tend/internal/model"
)

// Insurance policies of a chart (CL-9, GR-2).

const policyCols = `id, practice_id, chart_id, person_id, payer, member_id, group_number, subscriber_name,
	subscriber_relationship, priority, starts_on, ends_on, created_at, updated_at`

func scanPolicy(s scanner) (model.InsurancePolicy, error) {
	var p model.InsurancePolicy
	var created, updated int64
	err := s.Scan(&p.ID, &p.PracticeID, &p.ChartID, &p.PersonID, &p.Payer, &p.MemberID, &p.GroupNumber, &p.SubscriberName,
		&p.SubscriberRelationship, &p.Priority, &p.StartsOn, &p.EndsOn, &created, &updated)
	if err != nil {
		return p, db.Classify(err)
	}
	p.CreatedAt, p.UpdatedAt = fromMS(created), fromMS(updated)
	return p, nil
}

// PoliciesOfChart returns a chart's policies, primary first, then oldest first.
func PoliciesOfChart(ctx context.Context, q Q, practiceID, chartID string) ([]model.InsurancePolicy, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+policyCols+` FROM insurance_policies WHERE chart_id = $1 AND practice_id = $2
		ORDER BY priority, created_at, id`, chartID, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: policies: %w", err)
	}
	defer rows.Close()
	var out []model.InsurancePolicy
	for rows.Next() {
		p, err := scanPolicy(rows)
		if err != nil {
			return nil, fmt.Errorf("store: policies: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PolicyByID returns a policy of the chart, or model.ErrNotFound (also for another chart's).
func PolicyByID(ctx context.Context, q Q, practiceID, chartID, id string) (model.InsurancePolicy, error) {
	p, err := scanPolicy(q.QueryRowContext(ctx, `SELECT `+policyCols+` FROM insurance_policies
		WHERE id = $1 AND chart_id = $2 AND practice_id = $3`, id, chartID, practiceID))
	if err != nil {
		return p, fmt.Errorf("store: policy %s: %w", id, err)
	}
	return p, nil
}

// InsertPolicy stores a new policy.
func InsertPolicy(ctx context.Context, q Q, p model.InsurancePolicy) error {
	_, err := q.ExecContext(ctx, `INSERT INTO insurance_policies (`+policyCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		p.ID, p.PracticeID, p.ChartID, p.PersonID, p.Payer, p.MemberID, p.GroupNumber, p.SubscriberName,
		p.SubscriberRelationship, p.Priority, p.StartsOn, p.EndsOn, ms(p.CreatedAt), ms(p.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: insert policy: %w", db.Classify(err))
	}
	return nil
}

// UpdatePolicy stores every field of a policy of its chart.
func UpdatePolicy(ctx context.Context, q Q, p model.InsurancePolicy) error {
	res, err := q.ExecContext(ctx, `UPDATE insurance_policies SET person_id = $1, payer = $2, member_id = $3, group_number = $4,
		subscriber_name = $5, subscriber_relationship = $6, priority = $7, starts_on = $8, ends_on = $9, updated_at = $10
		WHERE id = $11 AND chart_id = $12 AND practice_id = $13`,
		p.PersonID, p.Payer, p.MemberID, p.GroupNumber, p.SubscriberName, p.SubscriberRelationship, p.Priority, p.StartsOn, p.EndsOn,
		ms(p.UpdatedAt), p.ID, p.ChartID, p.PracticeID)
	if err != nil {
		return fmt.Errorf("store: update policy: %w", db.Classify(err))
	}
	return expectOne(res, "update policy")
}

// DeletePolicy removes a policy of the chart.
func DeletePolicy(ctx context.Context, q Q, practiceID, chartID, id string) error {
	res, err := q.ExecContext(ctx, `DELETE FROM insurance_policies WHERE id = $1 AND chart_id = $2 AND practice_id = $3`, id, chartID, practiceID)
	if err != nil {
		return fmt.Errorf("store: delete policy: %w", err)
	}
	return expectOne(res, "delete policy")
}
