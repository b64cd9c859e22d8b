package api

// feedOperations document the calendar feed routes (issue 16, item 7; AP-2), kept apart so other
// features' operations merge beside them.
var feedOperations = []op{
	{"get", "/api/v1/calendar-feeds", "Whether you have a calendar feed and when its address was made. The address itself is never shown again after it is made", false, "", "200", "CalendarFeed", nil},
	{"post", "/api/v1/calendar-feeds", "Make your calendar feed address, or a new one in place of the old (which answers 404 from now on). The answer's url is the only time the address is shown: GET it (no sign-in, the secret is in the path) for your own appointments from 30 days back to a year ahead as iCalendar, with UTC times, STATUS:CANCELLED for cancelled ones, and the client's initials (names when the practice's feed_client_names is on), never the service or anything clinical. Billing staff have no feed (403)", false, "", "201", "CalendarFeed", nil},
}

var feedSchemas = obj{
	"CalendarFeed": object(obj{"exists": boolean(), "created_at": nullable("string"),
		"url": obj{"type": "string", "description": "POST only: the feed's address, …/calendar/{token}.ics; Tend keeps only a hash of the token"}},
		"exists", "created_at"),
}
