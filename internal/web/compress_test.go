package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

var stylesheet = regexp.MustCompile(`href="(/static/app\.[0-9a-f]+\.css)"`)

// Issue 19, item 3, through the whole app: the client list page and the style sheet come gzipped to a
// browser (Go's client asks for gzip and unpacks it, and says so), the client CSV export comes as it is.
func TestResponsesCompressed(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		for i := range 30 {
			first, last := fmt.Sprintf("Client%02d", i), "Compressed"
			if _, err := h.App.Clients.Create(context.Background(), apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last}); err != nil {
				t.Fatal(err)
			}
		}
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		list := c.Get("/clients")
		if list.StatusCode != 200 || !list.Uncompressed || !strings.Contains(string(list.Body), "Client00") {
			t.Fatalf("client list: %d, came gzipped: %v", list.StatusCode, list.Uncompressed)
		}
		css := stylesheet.FindStringSubmatch(string(list.Body))
		if css == nil {
			t.Fatal("no style sheet link")
		}
		if r := c.Get(css[1]); r.StatusCode != 200 || !r.Uncompressed {
			t.Fatalf("style sheet: %d, came gzipped: %v", r.StatusCode, r.Uncompressed)
		}
		csv := c.Get("/clients/export.csv")
		if csv.StatusCode != 200 || csv.Uncompressed || csv.Header.Get("Content-Encoding") != "" ||
			!strings.HasPrefix(csv.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(string(csv.Body), "Client29") {
			t.Fatalf("export: %d, came gzipped: %v, %q", csv.StatusCode, csv.Uncompressed, csv.Header.Get("Content-Disposition"))
		}
	})
}
