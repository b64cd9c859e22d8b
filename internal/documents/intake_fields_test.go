package documents

import (
	"maps"
	"testing"
)

// Issue 13, item 10: free-text intake answers are split into the chart's parts for staff to check.
func TestIntakeAnswersSplitIntoChartFields(t *testing.T) {
	t.Parallel()
	addr := func(l1, l2, city, region, postal, country string) map[string]string {
		return map[string]string{"address.line1": l1, "address.line2": l2, "address.city": city, "address.region": region,
			"address.postal_code": postal, "address.country": country}
	}
	for _, tc := range []struct {
		answer string
		want   map[string]string
	}{
		{"12 Oak St\nSpringfield, IL 62704", addr("12 Oak St", "", "Springfield", "IL", "62704", "")},
		{"12 Oak St, Springfield, IL 62704", addr("12 Oak St", "", "Springfield", "IL", "62704", "")},
		{"Flat 3\n12 Oak St\nLeeds LS1 4AP\nUnited Kingdom", addr("Flat 3", "12 Oak St", "Leeds", "", "LS1 4AP", "United Kingdom")},
		{"12 Oak St\nSpringfield", addr("12 Oak St", "", "Springfield", "", "", "")},
		{"Somewhere", addr("Somewhere", "", "", "", "", "")},
		{"", addr("", "", "", "", "", "")},
	} {
		if got := proposeAddress(tc.answer); !maps.Equal(got, tc.want) {
			t.Errorf("address %q: got %v, want %v", tc.answer, got, tc.want)
		}
	}
	for _, tc := range []struct{ answer, name, phone string }{
		{"Maria Lima, 555 010 0199", "Maria Lima", "555 010 0199"},
		{"Maria Lima (555) 010-0199", "Maria Lima", "(555) 010-0199"},
		{"Maria Lima - +44 20 7946 0958", "Maria Lima", "+44 20 7946 0958"},
		{"Maria Lima", "Maria Lima", ""},
		{"555 010 0199", "", "555 010 0199"},
	} {
		got := proposeEmergency(tc.answer)
		if got["emergency_contact.name"] != tc.name || got["emergency_contact.phone"] != tc.phone {
			t.Errorf("emergency contact %q: got %v, want %q and %q", tc.answer, got, tc.name, tc.phone)
		}
	}
}
