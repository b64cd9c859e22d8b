package web_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// Issue 16, item 7: Settings → Calendar feed makes the address and shows it once; afterwards the page
// says a new one must be made to see it; regenerating shows a new address and the old answers 404.
// The practice's "feeds show names" setting is off by default, saved from Settings → Practice and
// changed through the API, which also makes and describes the feed. Proves AP-2.
func TestCalendarFeedPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		pr, _ := h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		if page := string(c.Get("/settings").Body); !strings.Contains(page, `href="/settings/calendar-feed"`) {
			t.Fatal("Settings does not link the calendar feed")
		}
		page := string(c.Get("/settings/calendar-feed").Body)
		if !strings.Contains(page, "Create my feed address") || strings.Contains(page, `id="feed-url"`) {
			t.Fatal("a person without a feed is not offered one")
		}
		addr := regexp.MustCompile(`id="feed-url" type="text" readonly value="([^"]+)"`)
		r := c.Post("/settings/calendar-feed", url.Values{})
		m := addr.FindStringSubmatch(string(r.Body))
		if r.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("create: %d, address shown: %v", r.StatusCode, m)
		}
		first := m[1]
		get := func(feed string) int {
			u, _ := url.Parse(feed)
			res, err := http.Get(h.Server.URL + u.Path)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			return res.StatusCode
		}
		if get(first) != http.StatusOK {
			t.Fatal("the new address does not answer")
		}
		page = string(c.Get("/settings/calendar-feed").Body)
		if strings.Contains(page, first) || !strings.Contains(page, "regenerate to see a new one") {
			t.Fatal("the address is shown again, or the page does not say how to get a new one")
		}
		r = c.Post("/settings/calendar-feed", url.Values{})
		m = addr.FindStringSubmatch(string(r.Body))
		if m == nil || m[1] == first || get(first) != http.StatusNotFound || get(m[1]) != http.StatusOK {
			t.Fatalf("regenerate: %v", m)
		}

		// The API: whether one exists, and a new address once.
		var feed struct {
			Exists    bool    `json:"exists"`
			CreatedAt *string `json:"created_at"`
			URL       string  `json:"url"`
		}
		c.API("GET", "/api/v1/calendar-feeds", nil).JSON(t, &feed)
		if !feed.Exists || feed.CreatedAt == nil || feed.URL != "" {
			t.Fatalf("GET: %+v", feed)
		}
		if r := c.API("POST", "/api/v1/calendar-feeds", nil); r.StatusCode != http.StatusCreated {
			t.Fatalf("POST: %d %s", r.StatusCode, r.Body)
		} else {
			r.JSON(t, &feed)
		}
		if !strings.HasSuffix(feed.URL, ".ics") || get(feed.URL) != http.StatusOK || get(m[1]) != http.StatusNotFound {
			t.Fatalf("POST: %+v", feed)
		}

		// The practice setting: off by default, saved by the page, changed by the API.
		page = string(c.Get("/settings/practice").Body)
		if !strings.Contains(page, `id="f-feed_client_names"`) || regexp.MustCompile(`id="f-feed_client_names"[^>]* checked`).MatchString(page) {
			t.Fatal("the practice page lacks the feed setting, or it is on by default")
		}
		form := url.Values{"name": {pr.Name}, "time_zone": {pr.TimeZone}, "idle_timeout_minutes": {"15"}, "feed_client_names_shown": {"1"}, "feed_client_names": {"on"}}
		if r := c.Post("/settings/practice", form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving: %d", r.StatusCode)
		}
		var got struct {
			Names bool `json:"feed_client_names"`
		}
		c.API("GET", "/api/v1/practice", nil).JSON(t, &got)
		if !got.Names {
			t.Fatal("the page did not save the feed setting")
		}
		c.API("PATCH", "/api/v1/practice", map[string]any{"feed_client_names": false}).JSON(t, &got)
		if got.Names {
			t.Fatal("the API did not change the feed setting")
		}
	})
}
