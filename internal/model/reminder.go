package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Appointment reminders (AP-1, issue 16, item 5): a practice sends them at one or more lead times
// before each scheduled appointment, written as hours: "24", or "48, 2" for two.

// Limits of reminder lead times.
const (
	DefaultReminderLeadHours = "24"
	MinReminderLeadHours     = 1
	MaxReminderLeadHours     = 14 * 24 // two weeks
	MaxReminderLeads         = 3
)

// leadError is a refused list of lead times, worded for the person who typed it.
type leadError string

func (e leadError) Error() string { return string(e) }

// ReminderLeads reads a list of lead times in hours ("24", "48, 2"; "" is none: no reminders), largest
// first without repeats. Anything else is an error that says what to write.
func ReminderLeads(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		h, err := strconv.Atoi(part)
		if err != nil || h < MinReminderLeadHours || h > MaxReminderLeadHours {
			return nil, leadError(fmt.Sprintf("Write whole hours from %d to %d, separated by commas, such as 24 or 48, 2.", MinReminderLeadHours, MaxReminderLeadHours))
		}
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	if len(out) > MaxReminderLeads {
		return nil, leadError(fmt.Sprintf("Choose at most %d reminder times.", MaxReminderLeads))
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out, nil
}

// FormatReminderLeads writes lead times as ReminderLeads reads them: "48, 2".
func FormatReminderLeads(hours []int) string {
	parts := make([]string, len(hours))
	for i, h := range hours {
		parts[i] = strconv.Itoa(h)
	}
	return strings.Join(parts, ", ")
}

// ReminderLeadMinutes is the practice's lead times in minutes, largest first; a value that no longer
// reads (it was validated when saved) falls back to the default.
func (p Practice) ReminderLeadMinutes() []int {
	hours, err := ReminderLeads(p.ReminderLeadHours)
	if err != nil {
		hours = []int{24}
	}
	out := make([]int, len(hours))
	for i, h := range hours {
		out[i] = h * 60
	}
	return out
}
