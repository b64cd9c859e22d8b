package model

import (
	"strings"
	"time"
)

// ServiceInput is a service as a form or the API sends it, to create or change one. Nil fields stay as
// they are when changing; creating needs a name and a duration.
type ServiceInput struct {
	Name            *string
	Code            *string
	DurationMinutes *int
	RateCents       *int64
	// RateText is the rate as a page's field holds it ("150.00"); when set, it is parsed into RateCents
	// (and a bad one is a problem on "rate").
	RateText *string
	Group    *bool
	// Archived archives (true) or restores (false) the service when changing it; Apply leaves it to the
	// use case, which knows the time.
	Archived *bool
}

// Apply sets the given fields on sv and returns the problems, by the field names of the page and API
// ("name", "code", "duration_minutes", "rate_cents", or "rate" for RateText).
func (in ServiceInput) Apply(sv *Service) Problems {
	p := Problems{}
	if in.Name != nil {
		v, msg := CleanText(*in.Name, MaxServiceName)
		switch {
		case msg != "":
			p.Add("name", msg)
		case v == "":
			p.Add("name", "Name the service, for example Individual therapy, 60 minutes.")
		default:
			sv.Name = v
		}
	}
	if in.Code != nil {
		v := strings.ToUpper(strings.TrimSpace(*in.Code))
		switch {
		case len(v) > MaxServiceCode:
			p.Add("code", "Use at most "+itoa(MaxServiceCode)+" letters and digits.")
		case !lettersDigits(v):
			p.Add("code", "Write the code with letters and digits only, like 90837.")
		default:
			sv.Code = v
		}
	}
	if in.DurationMinutes != nil {
		if d := *in.DurationMinutes; d < 1 || d > MaxAppointmentMinutes {
			p.Add("duration_minutes", "A session lasts from 1 minute to 23 hours 59 minutes (1 to "+itoa(MaxAppointmentMinutes)+" minutes).")
		} else {
			sv.DurationMinutes = d
		}
	}
	rate, rateField := in.RateCents, "rate_cents"
	if in.RateText != nil {
		rateField = "rate"
		c, msg := ParseMoney(*in.RateText)
		if msg != "" {
			p.Add(rateField, msg)
		}
		rate = &c
		if msg != "" {
			rate = nil
		}
	}
	if rate != nil {
		switch {
		case *rate < 0:
			p.Add(rateField, "A rate cannot be below 0.")
		case *rate > MaxRateCents:
			p.Add(rateField, "A rate cannot be above "+Locale{}.Money(MaxRateCents)+".")
		default:
			sv.RateCents = *rate
		}
	}
	if in.Group != nil {
		sv.Group = *in.Group
	}
	if sv.DurationMinutes == 0 && in.DurationMinutes == nil {
		p.Add("duration_minutes", "Give the usual length of a session in minutes, like 50.")
	}
	if sv.Name == "" && in.Name == nil {
		p.Add("name", "Name the service, for example Individual therapy, 60 minutes.")
	}
	return p
}

// lettersDigits reports whether s holds only ASCII letters and digits (or nothing).
func lettersDigits(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return true
}

// PolicyInput is an insurance policy as a form or the API sends it; every field is set (a whole policy).
type PolicyInput struct {
	Payer, MemberID, GroupNumber, SubscriberName string
	SubscriberRelationship                       string // SubscriberSelf… ("" means self)
	Priority                                     string // PolicyPrimary or PolicySecondary ("" means primary)
	StartsOn, EndsOn                             string // YYYY-MM-DD or ""
}

// SubscriberRelationships lists the relationships in display order.
func SubscriberRelationships() []string {
	return []string{SubscriberSelf, SubscriberSpouse, SubscriberParent, SubscriberOther}
}

// PolicyPriorities lists the priorities in display order.
func PolicyPriorities() []string { return []string{PolicyPrimary, PolicySecondary} }

// Apply checks the input and writes it onto pol, returning the problems by field name.
func (in PolicyInput) Apply(pol *InsurancePolicy) Problems {
	p := Problems{}
	text := func(field string, dst *string, src string, max int) {
		v, msg := CleanText(src, max)
		if msg != "" {
			p.Add(field, msg)
			return
		}
		*dst = v
	}
	text("payer", &pol.Payer, in.Payer, 200)
	if pol.Payer == "" {
		p.Add("payer", "Name the insurance company (the payer).")
	}
	text("member_id", &pol.MemberID, in.MemberID, 60)
	text("group_number", &pol.GroupNumber, in.GroupNumber, 60)
	text("subscriber_name", &pol.SubscriberName, in.SubscriberName, 200)
	rel := strings.TrimSpace(in.SubscriberRelationship)
	if rel == "" {
		rel = SubscriberSelf
	}
	if contains(SubscriberRelationships(), rel) {
		pol.SubscriberRelationship = rel
	} else {
		p.Add("subscriber_relationship", "Choose self, spouse, parent or other.")
	}
	pr := strings.TrimSpace(in.Priority)
	if pr == "" {
		pr = PolicyPrimary
	}
	if contains(PolicyPriorities(), pr) {
		pol.Priority = pr
	} else {
		p.Add("priority", "Choose primary or secondary.")
	}
	date := func(field string, dst *string, src string) {
		v := strings.TrimSpace(src)
		if v == "" {
			*dst = ""
			return
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			p.Add(field, "Enter a real date like 2025-01-31.")
			return
		}
		*dst = v
	}
	date("starts_on", &pol.StartsOn, in.StartsOn)
	date("ends_on", &pol.EndsOn, in.EndsOn)
	if _, bad := p["starts_on"]; !bad && pol.StartsOn != "" && pol.EndsOn != "" && pol.EndsOn < pol.StartsOn {
		p.Add("ends_on", "The end date cannot be before the start date.")
	}
	return p
}

// RelationshipLabel is a subscriber relationship as pages show it.
func RelationshipLabel(rel string) string {
	switch rel {
	case SubscriberSpouse:
		return "Spouse"
	case SubscriberParent:
		return "Parent"
	case SubscriberOther:
		return "Other"
	}
	return "Self"
}

// PriorityLabel is a policy priority as pages show it.
func PriorityLabel(pr string) string {
	if pr == PolicySecondary {
		return "Secondary"
	}
	return "Primary"
}
