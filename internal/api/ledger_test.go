package api_test

import (
	"net/http"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/pdftest"
	"tend/internal/testdb"
)

type entryOut struct {
	ID                string `json:"id"`
	Kind              string `json:"kind"`
	AmountCents       int64  `json:"amount_cents"`
	BalanceAfterCents int64  `json:"balance_after_cents"`
	ServiceCode       string `json:"service_code"`
	ReversedBy        string `json:"reversed_by"`
}

type ledgerOut struct {
	Items        []entryOut `json:"items"`
	BalanceCents int64      `json:"balance_cents"`
	NextBefore   string     `json:"next_before"`
	Can          struct {
		Record bool `json:"record"`
	} `json:"can"`
}

// Issue 16, items 9 and 11: marking an appointment attended through the API charges its service's rate;
// payments (integer cents), adjustments and voids follow with the running balance; the client's JSON and
// the client list carry balance_cents; a payment over 1,000,000 or of 0 is 422 on amount_cents, a second
// void 409, another practice's chart 404; the statement is a real PDF with the session's CPT code.
// Proves PY-1.
func TestLedgerAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		_, other := h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		otherChart, err := h.App.Clients.Create(t.Context(), apptest.As(other), model.ClientChange{FirstName: strp("Ola"), LastName: strp("Other")})
		if err != nil {
			t.Fatal(err)
		}
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var sv serviceOut
		c.API("POST", "/api/v1/services", map[string]any{"name": "Psychotherapy", "code": "90837", "duration_minutes": 53, "rate_cents": 15000}).JSON(t, &sv)
		var cl struct {
			ID string `json:"id"`
		}
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Robin", "last_name": "Rivera", "billing_type": "cash_pay",
			"assigned_clinician_id": owner.ID}).JSON(t, &cl)
		var booked struct {
			Appointments []struct {
				ID string `json:"id"`
			} `json:"appointments"`
		}
		r := c.API("POST", "/api/v1/appointments", map[string]any{"chart_id": cl.ID, "service_id": sv.ID, "starts_at": "2026-02-27T10:00"})
		r.JSON(t, &booked)
		if r.StatusCode != http.StatusCreated || len(booked.Appointments) != 1 {
			t.Fatalf("book: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", "/api/v1/appointments/"+booked.Appointments[0].ID+"/status", map[string]any{"status": "attended"}); r.StatusCode != http.StatusOK {
			t.Fatalf("attended: %d %s", r.StatusCode, r.Body)
		}
		var lg ledgerOut
		c.API("GET", "/api/v1/clients/"+cl.ID+"/ledger", nil).JSON(t, &lg)
		if len(lg.Items) != 1 || lg.Items[0].Kind != "charge" || lg.Items[0].AmountCents != 15000 || lg.Items[0].ServiceCode != "90837" || lg.BalanceCents != 15000 || !lg.Can.Record {
			t.Fatalf("ledger after attended: %+v", lg)
		}
		for _, body := range []map[string]any{
			{"chart_id": cl.ID, "amount_cents": 100_000_001, "method": "cash"},
			{"chart_id": cl.ID, "amount_cents": 0, "method": "cash"},
			{"chart_id": cl.ID, "amount_cents": -100, "method": "cash"},
		} {
			if r := c.API("POST", "/api/v1/payments", body); r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["amount_cents"] == "" {
				t.Errorf("payment %v: %d %s", body["amount_cents"], r.StatusCode, r.Body)
			}
		}
		if r := c.API("POST", "/api/v1/payments", map[string]any{"chart_id": cl.ID, "amount_cents": 100, "method": "cash", "received_on": "2026-13-01"}); r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["received_on"] == "" {
			t.Errorf("bad date: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", "/api/v1/payments", map[string]any{"chart_id": otherChart.ID, "amount_cents": 100, "method": "cash"}); r.StatusCode != http.StatusNotFound {
			t.Errorf("another practice's chart: %d", r.StatusCode)
		}
		var pay entryOut
		r = c.API("POST", "/api/v1/payments", map[string]any{"chart_id": cl.ID, "amount_cents": 10000, "method": "card", "reference": "visa 4242"})
		r.JSON(t, &pay)
		if r.StatusCode != http.StatusCreated || pay.AmountCents != -10000 || pay.BalanceAfterCents != 5000 {
			t.Fatalf("payment: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", "/api/v1/clients/"+cl.ID+"/adjustments", map[string]any{"amount_cents": -1000, "reason": "write_off"}); r.StatusCode != http.StatusCreated {
			t.Fatalf("adjustment: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", "/api/v1/payments/"+pay.ID+"/void", nil); r.StatusCode != http.StatusCreated {
			t.Fatalf("void: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", "/api/v1/payments/"+pay.ID+"/void", map[string]any{}); r.StatusCode != http.StatusConflict {
			t.Errorf("second void: %d %s", r.StatusCode, r.Body)
		}
		var one struct {
			BalanceCents int64 `json:"balance_cents"`
		}
		c.API("GET", "/api/v1/clients/"+cl.ID, nil).JSON(t, &one)
		var list struct {
			Items []struct {
				ID           string `json:"id"`
				BalanceCents int64  `json:"balance_cents"`
			} `json:"items"`
		}
		c.API("GET", "/api/v1/clients", nil).JSON(t, &list)
		if one.BalanceCents != 14000 || len(list.Items) != 1 || list.Items[0].BalanceCents != 14000 {
			t.Errorf("balance_cents: client %d, list %+v", one.BalanceCents, list.Items)
		}
		c.API("GET", "/api/v1/clients/"+cl.ID+"/ledger", nil).JSON(t, &lg)
		if len(lg.Items) != 4 || lg.Items[0].Kind != "payment_void" || lg.Items[2].ReversedBy == "" || lg.Items[0].BalanceAfterCents != 14000 {
			t.Errorf("ledger: %+v", lg.Items)
		}
		r = c.Get("/api/v1/clients/" + cl.ID + "/statement.pdf?from=2026-02-01&to=2026-03-02")
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("statement: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}
		text, err := pdftest.Text(r.Body)
		if err != nil || !strings.Contains(text, "90837") || !strings.Contains(text, "Robin Rivera") {
			t.Errorf("statement text: %v\n%s", err, text)
		}
		if r := c.Get("/api/v1/clients/" + cl.ID + "/statement.pdf?from=2026-03-02&to=2026-02-01"); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("reversed period: %d", r.StatusCode)
		}
	})
}
