package clients

import (
	"context"
	"fmt"
	"io"
	"strings"

	"tend/internal/authz"
	"tend/internal/csvsafe"
	"tend/internal/model"
	"tend/internal/store"
)

// ExportPage is how many clients an export reads at a time: the export holds one page, never the match.
const ExportPage = 1000

// ExportColumns are the client-list CSV's columns, in order: what a practice needs to move its clients
// or to report on them (IM-2). The headers are those package import's mapping recognises.
var ExportColumns = []string{
	"client_id", "kind", "first_name", "last_name", "legal_first_name", "legal_last_name", "group_name", "pronouns",
	"date_of_birth", "sex", "gender_identity", "email", "phone", "address_line1", "address_line2", "city", "region",
	"postal_code", "country", "status", "portal", "clinician", "clinician_email", "tags", "billing_type",
	"emergency_contact_name", "emergency_contact_relationship", "emergency_contact_phone", "emergency_contact_email",
	"joined",
}

// ExportCSV writes every client the principal may see that matches lq (the list's search and filters; the
// page is ignored) as CSV to w, in name order: formula-safe, UTF-8 with a BOM (package csvsafe). It reads
// the match a page at a time by key, so a practice of any size streams in constant memory. One audit event
// records the export before anything is written, with the filter (never the search text, which may be a
// name) and how many clients match. It answers how many rows it wrote.
func (s *Service) ExportCSV(ctx context.Context, p model.Principal, lq ListQuery, w io.Writer) (int, error) {
	lq.Page, lq.PerPage = "", DefaultPerPage // the export has no pages
	if err := lq.Normalize().Err(); err != nil {
		return 0, err
	}
	q := s.Store.R()
	a, err := s.accessFor(ctx, q, p)
	if err != nil {
		return 0, err
	}
	if err := authz.Decide(a.who, authz.Export, authz.On(authz.Charts)); err != nil {
		return 0, err
	}
	f := s.filter(a, lq)
	total, err := store.CountClients(ctx, q, f)
	if err != nil {
		return 0, err
	}
	e := s.event(p, "clients.export", "")
	e.RecordType, e.Detail = "client_list", exportDetail(lq, total)
	if err := s.recordRead(ctx, e); err != nil {
		return 0, fmt.Errorf("clients: export: %w", err)
	}
	staff, err := store.ListStaff(ctx, q, p.PracticeID)
	if err != nil {
		return 0, fmt.Errorf("clients: export: %w", err)
	}
	clinicians := map[string]model.Staff{}
	for _, st := range staff {
		clinicians[st.ID] = st
	}
	loc := a.practice.Locale()
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(ExportColumns); err != nil {
		return 0, fmt.Errorf("clients: export: %w", err)
	}
	n, key, row := 0, store.ExportKey{}, make([]string, len(ExportColumns))
	for {
		page, next, err := store.ClientsAfter(ctx, q, f, key, ExportPage)
		if err != nil {
			return n, err
		}
		for _, c := range page {
			exportRow(row, c, clinicians[c.AssignedClinicianID], loc)
			if err := cw.Write(row); err != nil {
				return n, fmt.Errorf("clients: export: %w", err)
			}
			n++
		}
		if len(page) < ExportPage {
			break
		}
		key = next
	}
	if err := cw.Flush(); err != nil {
		return n, fmt.Errorf("clients: export: %w", err)
	}
	return n, nil
}

// exportRow fills row with client c's cells, in ExportColumns order.
func exportRow(row []string, c store.ExportedClient, clinician model.Staff, loc model.Locale) {
	portal := ""
	if !c.IsGroup() {
		portal = c.PortalKey()
	}
	copy(row, []string{
		c.ID, string(c.Kind), c.FirstName, c.LastName, c.LegalFirstName, c.LegalLastName, c.GroupName, c.Pronouns,
		c.DateOfBirth, c.Sex, c.GenderIdentity, c.Email, c.Phone, c.Address.Line1, c.Address.Line2, c.Address.City,
		c.Address.Region, c.Address.PostalCode, c.Address.Country, string(c.Status()), portal, clinician.Name, clinician.Email,
		c.TagNames, string(c.BillingType), c.Emergency.Name, c.Emergency.Relationship, c.Emergency.Phone,
		c.Emergency.Email, loc.In(c.CreatedAt).Format("2006-01-02"),
	})
}

// exportDetail is the audit detail of an export: its filter and count, ids and keywords only. Whether
// there was a search is kept, never what was searched for.
func exportDetail(lq ListQuery, total int) string {
	st := make([]string, len(lq.Statuses))
	for i, s := range lq.Statuses {
		st[i] = string(s)
	}
	parts := []string{"status=" + strings.Join(st, ",")}
	if lq.Kind != "" {
		parts = append(parts, "kind="+string(lq.Kind))
	}
	if lq.TagID != "" {
		parts = append(parts, "tag="+lq.TagID)
	}
	if lq.ClinicianID != "" {
		parts = append(parts, "clinician="+lq.ClinicianID)
	}
	if lq.Q != "" {
		parts = append(parts, "search=yes")
	}
	return strings.Join(append(parts, fmt.Sprintf("rows=%d", total)), " ")
}
