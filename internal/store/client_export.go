package store

import (
	"context"
	"fmt"

	"tend/internal/db"
	"tend/internal/model"
)

// ExportKey is where a client export stopped: the last chart's sort name and id. The zero key starts
// from the beginning.
type ExportKey struct {
	SortName, ID string
}

// ExportedClient is a client as the export reads it: the chart and person columns the CSV shows (the
// others are left zero) and its tags' names, in name order, joined by "; ".
type ExportedClient struct {
	model.Client
	TagNames string
}

// exportCols are the columns ExportedClient holds, after the chart's sort name (the page's key); the
// tags are aggregated per chart by the primary key of chart_tags, in the same statement.
const exportCols = `c.sort_name, c.id, c.kind, COALESCE(p.first_name, ''), COALESCE(p.last_name, ''),
	COALESCE(p.legal_first_name, ''), COALESCE(p.legal_last_name, ''), c.group_name, COALESCE(p.pronouns, ''),
	COALESCE(p.date_of_birth, ''), COALESCE(p.sex, ''), COALESCE(p.gender_identity, ''), COALESCE(p.email, ''),
	COALESCE(p.phone, ''), COALESCE(p.address_line1, ''), COALESCE(p.address_line2, ''), COALESCE(p.address_city, ''),
	COALESCE(p.address_region, ''), COALESCE(p.address_postal_code, ''), COALESCE(p.address_country, ''), c.record_state,
	c.pending, c.portal_state, COALESCE(c.assigned_clinician_id, ''), c.billing_type, c.emergency_name,
	c.emergency_relationship, c.emergency_phone, c.emergency_email, c.created_at,
	COALESCE((SELECT string_agg(t.name, '; ' ORDER BY t.name_norm) FROM chart_tags xt JOIN tags t ON t.id = xt.tag_id
		WHERE xt.chart_id = c.id), '')`

// ClientsAfter returns up to limit clients matching f that come after key in name order (sort name,
// then id), with their tags, and the key of the last one. An export pages through the whole match with
// it: each page walks the (practice, sort name, id) index from where the last stopped, so a large
// export never holds more than a page and never skips with OFFSET. One statement a page reads the
// clients and their tags. f.Sort, f.Limit and f.Offset are not used.
func ClientsAfter(ctx context.Context, q Q, f ClientFilter, key ExportKey, limit int) ([]ExportedClient, ExportKey, error) {
	broad, err := commonTerms(ctx, q, f)
	if err != nil {
		return nil, key, err
	}
	f.scan = broad
	from, where, args := f.pageQuery()
	first := len(args)
	args = append(args, key.SortName, key.ID)
	// A row value, so both engines seek the (practice, sort name, id) index to the key instead of
	// filtering from the start of the practice on every page.
	where += fmt.Sprintf(" AND (c.sort_name, c.id) > ($%d, $%d)", first+1, first+2)
	rows, err := q.QueryContext(ctx, `SELECT `+exportCols+` FROM `+from+` LEFT JOIN persons p ON p.id = c.person_id WHERE `+
		where+fmt.Sprintf(` ORDER BY c.sort_name, c.id LIMIT %d`, limit), args...)
	if err != nil {
		return nil, key, fmt.Errorf("store: export clients: %w", err)
	}
	defer rows.Close()
	out := make([]ExportedClient, 0, limit)
	for rows.Next() {
		var e ExportedClient
		c := &e.Client
		var kind, state, billing string
		var created int64
		if err := rows.Scan(&key.SortName, &c.ID, &kind, &c.FirstName, &c.LastName, &c.LegalFirstName, &c.LegalLastName,
			&c.GroupName, &c.Pronouns, &c.DateOfBirth, &c.Sex, &c.GenderIdentity, &c.Email, &c.Phone, &c.Address.Line1,
			&c.Address.Line2, &c.Address.City, &c.Address.Region, &c.Address.PostalCode, &c.Address.Country, &state,
			&c.Pending, &c.PortalState, &c.AssignedClinicianID, &billing, &c.Emergency.Name, &c.Emergency.Relationship,
			&c.Emergency.Phone, &c.Emergency.Email, &created, &e.TagNames); err != nil {
			return nil, key, fmt.Errorf("store: export clients: %w", db.Classify(err))
		}
		c.Kind, c.State, c.BillingType, c.CreatedAt = model.ChartKind(kind), model.RecordState(state), model.BillingType(billing), fromMS(created)
		key.ID = c.ID
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, key, fmt.Errorf("store: export clients: %w", err)
	}
	return out, key, nil
}

// CountClients returns how many clients match f.
func CountClients(ctx context.Context, q Q, f ClientFilter) (int, error) {
	broad, err := commonTerms(ctx, q, f)
	if err != nil {
		return 0, err
	}
	f.scan = broad
	from, where, args := f.query()
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+from+` WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count clients: %w", err)
	}
	return n, nil
}
