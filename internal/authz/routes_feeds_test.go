package authz_test

import "tend/internal/authz"

// feedRouteSpecs are the rows of the calendar feed routes (issue 16, item 7; AP-2), kept in their own
// file so the table's other rows merge apart; init adds them to routeSpecs. Everyone who may see clients
// has a feed of their own (the store scopes it to the person); billing staff have none. The feed itself
// is public: the secret token in its path is the key, and an unknown one is 404.
var feedRouteSpecs = map[string]spec{
	"web GET /settings/calendar-feed":  rule(authz.CalendarFeeds, authz.View, ""),
	"web POST /settings/calendar-feed": rule(authz.CalendarFeeds, authz.Create, ""),
	"web GET /calendar/{file}":         {door: public},
	"api GET /api/v1/calendar-feeds":   rule(authz.CalendarFeeds, authz.View, ""),
	"api POST /api/v1/calendar-feeds":  rule(authz.CalendarFeeds, authz.Create, ""),
}

func init() {
	for k, v := range feedRouteSpecs {
		routeSpecs[k] = v
	}
}
