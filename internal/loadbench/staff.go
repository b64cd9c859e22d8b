package loadbench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
)

// staffCell is one staff page or API call the suite measures, and the floor it is compared with.
type staffCell struct {
	Name  string
	Path  string
	Floor string // the floor row's name, "" for none
}

// target is what the staff cells read: the owner's practice, a chart with a record, a search term.
type target struct {
	PracticeID string
	ChartID    string
	Term       string
	ListJSON   []byte // the API's client list as the server answered it: what the bare handler serves
}

// signInStaff signs the owner in through the API; the session cookie then serves pages and API calls.
func signInStaff(ctx context.Context, s *session, email, password string) (string, error) {
	var me struct {
		Practice struct {
			ID string `json:"id"`
		} `json:"practice"`
	}
	if err := s.postJSON(ctx, "/api/v1/auth/login", map[string]string{"email": email, "password": password}, &me); err != nil {
		return "", fmt.Errorf("signing in as the demo owner: %w", err)
	}
	if me.Practice.ID == "" {
		return "", errors.New("signing in as the demo owner: no practice in the answer (two-step sign-in on?)")
	}
	return me.Practice.ID, nil
}

// discover fills the target: a search term from the list's first client, and the list's JSON.
func discover(ctx context.Context, s *session, t *target) error {
	b, err := s.get(ctx, "/api/v1/clients")
	if err != nil {
		return err
	}
	var list struct {
		Items []struct {
			ID       string `json:"id"`
			LastName string `json:"last_name"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &list); err != nil || len(list.Items) == 0 {
		return fmt.Errorf("the client list is empty or unreadable (%v)", err)
	}
	t.ListJSON = b
	t.Term = list.Items[0].LastName
	if t.ChartID == "" {
		t.ChartID = list.Items[0].ID
	}
	return nil
}

// staffCells are the staff pages and API calls measured at each concurrency.
func staffCells(t target) []staffCell {
	q := "?q=" + url.QueryEscape(t.Term)
	c := "/clients/" + t.ChartID
	return []staffCell{
		{"page client list", "/clients", floorSQLList},
		{"api client list", "/api/v1/clients", floorSQLList},
		{"page client search", "/clients" + q, floorSQLSearch},
		{"api client search", "/api/v1/clients" + q, floorSQLSearch},
		{"page chart Overview", c, floorSQLChart},
		{"api chart read", "/api/v1" + c, floorSQLChart},
		{"api chart overview", "/api/v1" + c + "/overview", floorSQLChart},
		{"page Notes tab", c + "?tab=notes", ""},
		{"page calendar week", "/calendar?view=week", ""},
		{"page Manage documentation", c + "/documents", ""},
	}
}
