package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

// InsertPerson stores a person who is not a client: a new contact. A taken email is model.ErrConflict.
func InsertPerson(ctx context.Context, q Q, practiceID, personID string, n model.NewPerson, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO persons (id, practice_id, first_name, last_name, email, email_norm, phone,
		phone_digits, search_text, created_at, updated_at, email_skeleton) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)`,
		personID, practiceID, n.FirstName, n.LastName, n.Email, nullEmail(n.Email), n.Phone, model.PhoneDigits(n.Phone),
		model.PersonSearchText(n.FirstName, n.LastName, n.Email, n.Phone), ms(at), nullSkeleton(n.Email))
	if err != nil {
		return fmt.Errorf("store: insert person: %w", db.Classify(err))
	}
	return nil
}

// UpdatePerson changes a contact person's name, email and phone. A taken email is model.ErrConflict.
func UpdatePerson(ctx context.Context, q Q, practiceID, personID string, n model.NewPerson, at time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE persons SET first_name = $1, last_name = $2, email = $3, email_norm = $4,
		phone = $5, phone_digits = $6, search_text = $7, updated_at = $8, email_skeleton = $11 WHERE id = $9 AND practice_id = $10`,
		n.FirstName, n.LastName, n.Email, nullEmail(n.Email), n.Phone, model.PhoneDigits(n.Phone),
		model.PersonSearchText(n.FirstName, n.LastName, n.Email, n.Phone), ms(at), personID, practiceID, nullSkeleton(n.Email))
	if err != nil {
		return fmt.Errorf("store: update person: %w", db.Classify(err))
	}
	return expectOne(res, "update person")
}

// personCols reads a person with their own individual or minor chart, when they are a client.
const personCols = `p.id, p.first_name, p.last_name, p.email, p.phone, COALESCE(oc.id, ''), COALESCE(oc.kind, ''),
	COALESCE(oc.assigned_clinician_id, '')`

const personOwnChart = ` LEFT JOIN charts oc ON oc.person_id = p.id`

func scanPerson(s scanner, extra ...any) (model.Person, error) {
	var p model.Person
	var kind string
	dest := append([]any{&p.ID, &p.FirstName, &p.LastName, &p.Email, &p.Phone, &p.ChartID, &kind, &p.ChartClinicianID}, extra...)
	if err := s.Scan(dest...); err != nil {
		return p, db.Classify(err)
	}
	p.ChartKind = model.ChartKind(kind)
	return p, nil
}

// PersonByID returns a person of the practice, or model.ErrNotFound.
func PersonByID(ctx context.Context, q Q, practiceID, personID string) (model.Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personCols+` FROM persons p`+personOwnChart+`
		WHERE p.id = $1 AND p.practice_id = $2`, personID, practiceID))
	if err != nil {
		return p, fmt.Errorf("store: person %s: %w", personID, err)
	}
	return p, nil
}

// PersonByEmail returns the practice's person with this email (any case), or model.ErrNotFound.
func PersonByEmail(ctx context.Context, q Q, practiceID, email string) (model.Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personCols+` FROM persons p`+personOwnChart+`
		WHERE p.practice_id = $1 AND p.email_norm = $2`, practiceID, model.NormalizeEmail(email)))
	if err != nil {
		return p, fmt.Errorf("store: person by email: %w", err)
	}
	return p, nil
}

// SearchPersons finds up to limit people of the practice whose names, email or phone digits hold every
// term: clients the viewer may see and people who are only contacts.
func SearchPersons(ctx context.Context, q Q, practiceID string, v Visibility, terms []string, limit int) ([]model.Person, error) {
	args := []any{practiceID}
	arg := func(x any) string {
		args = append(args, x)
		return fmt.Sprintf("$%d", len(args))
	}
	conds := []string{"p.practice_id = $1"}
	for _, t := range terms {
		conds = append(conds, "p.search_text LIKE "+arg("%"+escapeLike(t)+"%")+` ESCAPE '\'`)
	}
	if vis := personVisible(v, arg); vis != "" {
		conds = append(conds, vis)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+personCols+` FROM persons p`+personOwnChart+`
		WHERE `+strings.Join(conds, " AND ")+fmt.Sprintf(` ORDER BY p.last_name, p.first_name, p.id LIMIT %d`, limit), args...)
	if err != nil {
		return nil, fmt.Errorf("store: search persons: %w", err)
	}
	defer rows.Close()
	var out []model.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, fmt.Errorf("store: search persons: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// personVisible is the condition that keeps the people a viewer may find: clients whose charts they
// see, and contacts of charts they see. "" when they see every chart.
func personVisible(v Visibility, arg func(any) string) string {
	own := v.condition("oc", arg)
	if own == "" {
		return ""
	}
	linked := v.condition("vc", arg)
	return "(" + own + " OR (oc.id IS NULL AND EXISTS (SELECT 1 FROM chart_contacts vcc JOIN charts vc ON vc.id = vcc.chart_id" +
		" WHERE vcc.person_id = p.id AND " + linked + ")))"
}

// PersonVisible reports whether a viewer may find and link this person of the practice.
func PersonVisible(ctx context.Context, q Q, practiceID, personID string, v Visibility) (bool, error) {
	args := []any{practiceID, personID}
	arg := func(x any) string {
		args = append(args, x)
		return fmt.Sprintf("$%d", len(args))
	}
	cond := personVisible(v, arg)
	if cond == "" {
		cond = "1 = 1"
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM persons p`+personOwnChart+` WHERE p.practice_id = $1 AND p.id = $2 AND `+cond, args...).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: person visible: %w", err)
	}
	return n > 0, nil
}

const contactCols = `cc.id, cc.chart_id, cc.relationship, cc.relationship_other, cc.handles_billing, cc.may_sign,
	cc.receives_reminders, cc.sees_appointments, cc.emergency`

func scanContact(s scanner) (model.Contact, error) {
	var c model.Contact
	var rel string
	p, err := scanPerson(s, &c.ID, &c.ChartID, &rel, &c.RelationshipOther, &c.HandlesBilling, &c.MaySign,
		&c.Reminders, &c.SeesAppointments, &c.Emergency)
	c.Person, c.Relationship = p, model.Relationship(rel)
	return c, err
}

const contactSelect = `SELECT ` + personCols + `, ` + contactCols + ` FROM chart_contacts cc
	JOIN persons p ON p.id = cc.person_id` + personOwnChart

// ContactsOf lists a chart's contacts, oldest first.
func ContactsOf(ctx context.Context, q Q, chartID string) ([]model.Contact, error) {
	rows, err := q.QueryContext(ctx, contactSelect+` WHERE cc.chart_id = $1 ORDER BY cc.created_at, cc.id`, chartID)
	if err != nil {
		return nil, fmt.Errorf("store: contacts: %w", err)
	}
	defer rows.Close()
	var out []model.Contact
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, fmt.Errorf("store: contacts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ContactByID returns one contact of a chart, or model.ErrNotFound.
func ContactByID(ctx context.Context, q Q, chartID, contactID string) (model.Contact, error) {
	c, err := scanContact(q.QueryRowContext(ctx, contactSelect+` WHERE cc.chart_id = $1 AND cc.id = $2`, chartID, contactID))
	if err != nil {
		return c, fmt.Errorf("store: contact %s: %w", contactID, err)
	}
	return c, nil
}

// InsertContact links a person to a chart. The same person twice on one chart is model.ErrConflict.
func InsertContact(ctx context.Context, q Q, practiceID string, c model.Contact, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO chart_contacts (id, practice_id, chart_id, person_id, relationship,
		relationship_other, handles_billing, may_sign, receives_reminders, sees_appointments, emergency, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
		c.ID, practiceID, c.ChartID, c.Person.ID, string(c.Relationship), c.RelationshipOther, c.HandlesBilling,
		c.MaySign, c.Reminders, c.SeesAppointments, c.Emergency, ms(at))
	if err != nil {
		return fmt.Errorf("store: insert contact: %w", db.Classify(err))
	}
	return nil
}

// UpdateContact stores a contact's relationship and flags.
func UpdateContact(ctx context.Context, q Q, c model.Contact, at time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE chart_contacts SET relationship = $1, relationship_other = $2,
		handles_billing = $3, may_sign = $4, receives_reminders = $5, sees_appointments = $6, emergency = $7, updated_at = $8
		WHERE id = $9 AND chart_id = $10`,
		string(c.Relationship), c.RelationshipOther, c.HandlesBilling, c.MaySign, c.Reminders, c.SeesAppointments,
		c.Emergency, ms(at), c.ID, c.ChartID)
	if err != nil {
		return fmt.Errorf("store: update contact: %w", err)
	}
	return expectOne(res, "update contact")
}

// DeleteContact unlinks a contact from a chart, and removes the person when they are linked to nothing else.
func DeleteContact(ctx context.Context, q Q, practiceID string, c model.Contact) error {
	res, err := q.ExecContext(ctx, `DELETE FROM chart_contacts WHERE id = $1 AND chart_id = $2`, c.ID, c.ChartID)
	if err != nil {
		return fmt.Errorf("store: delete contact: %w", err)
	}
	if err := expectOne(res, "delete contact"); err != nil {
		return err
	}
	return deleteOrphanPersons(ctx, q, practiceID, []string{c.Person.ID})
}

// LinkedChart is a chart a client is linked to: as a contact, or as a member of a group.
type LinkedChart struct {
	ID, Name    string
	Kind        model.ChartKind
	AsMember    bool
	ClinicianID string // the linked chart's assigned clinician, for deciding who may see it
}

// LinkedCharts lists the charts on which the client (chart and person) is a contact or a group member (CT-3).
func LinkedCharts(ctx context.Context, q Q, c model.Client) ([]LinkedChart, error) {
	rows, err := q.QueryContext(ctx, `SELECT ch.id, ch.kind, ch.group_name, COALESCE(pp.first_name, ''), COALESCE(pp.last_name, ''), FALSE,
		COALESCE(ch.assigned_clinician_id, '')
		FROM chart_contacts cc JOIN charts ch ON ch.id = cc.chart_id LEFT JOIN persons pp ON pp.id = ch.person_id
		WHERE cc.person_id = $1 AND cc.chart_id <> $2
		UNION ALL
		SELECT g.id, g.kind, g.group_name, '', '', TRUE, COALESCE(g.assigned_clinician_id, '') FROM group_members gm
		JOIN charts g ON g.id = gm.group_chart_id WHERE gm.member_chart_id = $2`, nullStr(c.PersonID), c.ID)
	if err != nil {
		return nil, fmt.Errorf("store: linked charts: %w", err)
	}
	defer rows.Close()
	var out []LinkedChart
	for rows.Next() {
		var l LinkedChart
		var kind, group, first, last string
		if err := rows.Scan(&l.ID, &kind, &group, &first, &last, &l.AsMember, &l.ClinicianID); err != nil {
			return nil, fmt.Errorf("store: linked charts: %w", err)
		}
		l.Kind = model.ChartKind(kind)
		l.Name = model.Client{Kind: l.Kind, GroupName: group, FirstName: first, LastName: last}.Name()
		out = append(out, l)
	}
	return out, rows.Err()
}

// FillPersonSearch computes the search text of persons that have none yet (rows that existed before
// persons could be searched), a thousand at a time. Every person has a name, so a filled row is never
// empty again and this finds nothing on later starts.
func FillPersonSearch(ctx context.Context, st *Store) error {
	for {
		type row struct{ id, first, last, legalFirst, legalLast, email, phone string }
		var batch []row
		rows, err := st.R().QueryContext(ctx, `SELECT id, first_name, last_name, legal_first_name, legal_last_name, email, phone
			FROM persons WHERE search_text = '' LIMIT 1000`)
		if err != nil {
			return fmt.Errorf("store: persons to fill: %w", err)
		}
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.first, &r.last, &r.legalFirst, &r.legalLast, &r.email, &r.phone); err != nil {
				rows.Close()
				return fmt.Errorf("store: persons to fill: %w", err)
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: persons to fill: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		err = st.Tx(ctx, func(q Q) error {
			for _, r := range batch {
				text := model.PersonSearchText(r.first+" "+r.legalFirst, r.last+" "+r.legalLast, r.email, r.phone)
				if text == "" {
					text = " " // nothing to find them by; never picked up again
				}
				if _, err := q.ExecContext(ctx, `UPDATE persons SET search_text = $1 WHERE id = $2`, text, r.id); err != nil {
					return fmt.Errorf("store: fill person search: %w", err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
}
