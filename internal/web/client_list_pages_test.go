package web_test

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

var pagerLink = regexp.MustCompile(`<a href="([^"]+)" rel="(next|prev)">`)

// Issue 19 (LS-3): the client list pages by key. Next and Previous carry the place in the address, the
// pager says which rows these are of how many, and the results-only refresh shows the same page.
func TestClientListPagesByKey(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		for i := range 30 {
			first, last := "Client", fmt.Sprintf("N%02d", i)
			if _, err := h.App.Clients.Create(context.Background(), apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last}); err != nil {
				t.Fatal(err)
			}
		}
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		links := func(page string) map[string]string {
			out := map[string]string{}
			for _, m := range pagerLink.FindAllStringSubmatch(page, -1) {
				out[m[2]] = html.UnescapeString(m[1])
			}
			return out
		}
		first := string(c.Get("/clients?sort=name").Body)
		if !strings.Contains(first, "1–25 of 30") || !strings.Contains(first, "Client N00") || strings.Contains(first, "Client N25") {
			t.Fatal("the first page")
		}
		next := links(first)["next"]
		if next == "" || links(first)["prev"] != "" || !strings.Contains(next, "page=") {
			t.Fatalf("first page's links: %v", links(first))
		}
		second := string(c.Get(next).Body)
		if !strings.Contains(second, "26–30 of 30") || strings.Contains(second, "Client N24") || !strings.Contains(second, "Client N29") {
			t.Fatal("the second page")
		}
		if links(second)["next"] != "" || links(second)["prev"] == "" {
			t.Fatalf("second page's links: %v", links(second))
		}
		back := string(c.Get(links(second)["prev"]).Body)
		if !strings.Contains(back, "1–25 of 30") || !strings.Contains(back, "Client N00") || !strings.Contains(back, "Client N24") {
			t.Fatal("back to the first page")
		}
		if r := c.Get("/clients?page=nonsense"); r.StatusCode != 422 {
			t.Fatalf("a page address Tend did not make: %d", r.StatusCode)
		}
	})
}
