package icd10_test

import (
	"strings"
	"testing"

	"tend/internal/icd10"
)

func codes(cs []icd10.Code) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Code
	}
	return out
}

// CL-8: the shipped list holds every code of chapter F and the chosen Z codes with official descriptions.
func TestTheListHoldsChapterFAndTheChosenZCodes(t *testing.T) {
	t.Parallel()
	ix := icd10.New()
	tests := []struct {
		code, desc string
		billable   bool
	}{
		{"F32A", "Depression, unspecified", true},
		{"F41.1", "Generalized anxiety disorder", true},
		{"f4310", "Post-traumatic stress disorder, unspecified", true},
		{"F41", "Other anxiety disorders", false},
		{"F99", "Mental disorder, not otherwise specified", true},
		{"Z63.0", "Problems in relationship with spouse or partner", true},
		{"Z91.51", "Personal history of suicidal behavior", true},
		{"Z13.31", "Encounter for screening for depression", true},
		{"Z03.89", "Encounter for observation for other suspected diseases and conditions ruled out", true},
	}
	for _, tt := range tests {
		c, ok := ix.Lookup(tt.code)
		if !ok || c.Description != tt.desc || c.Billable != tt.billable {
			t.Errorf("Lookup(%q) = %+v, %t; want %q billable %t", tt.code, c, ok, tt.desc, tt.billable)
		}
	}
	for _, missing := range []string{"A00.0", "Z57.0", "F", "", "F41.19"} {
		if c, ok := ix.Lookup(missing); ok {
			t.Errorf("Lookup(%q) = %+v, want not found", missing, c)
		}
	}
	billableF := 0
	for _, c := range ix.All() {
		if strings.HasPrefix(c.Code, "F") && c.Billable {
			billableF++
		}
	}
	if billableF != 871 { // FY2026 has 871 billable codes in chapter F
		t.Errorf("billable F codes: got %d, want 871", billableF)
	}
	if !strings.Contains(icd10.Release, "FY2026") {
		t.Errorf("Release = %q, want it to name the release", icd10.Release)
	}
}

// CL-8: search as you type by code prefix (with or without the dot, any case) and by words in any order.
func TestSearch(t *testing.T) {
	t.Parallel()
	ix := icd10.New()
	tests := []struct {
		name, q   string
		wantFirst []string // the first results, in order
		wantAll   []string // also somewhere in the results
		none      bool
	}{
		{"exact code first", "F41.1", []string{"F411"}, nil, false},
		{"prefix without dot", "f41", []string{"F41", "F410", "F411", "F413", "F418", "F419"}, nil, false},
		{"prefix with dot, lower case", "f43.1", []string{"F431", "F4310", "F4311", "F4312"}, nil, false},
		{"Z prefix", "z63.3", []string{"Z633", "Z6331", "Z6332"}, nil, false},
		{"one word", "generalized anxiety", []string{"F411"}, nil, false},
		{"word prefixes in any order", "anx gen", []string{"F411"}, nil, false},
		{"whole words rank first", "depression", []string{"F32A"}, []string{"Z1331", "Z1332"}, false},
		{"words across a long description", "suicidal history", []string{"Z9151"}, nil, false},
		{"ptsd by words", "post traumatic chronic", []string{"F4312"}, nil, false},
		{"no match", "zzzz qqq", nil, nil, true},
		{"blank", "   ", nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := codes(ix.Search(tt.q, 20))
			if tt.none {
				if len(got) != 0 {
					t.Fatalf("Search(%q) = %v, want nothing", tt.q, got)
				}
				return
			}
			if len(got) < len(tt.wantFirst) {
				t.Fatalf("Search(%q) = %v, want it to start with %v", tt.q, got, tt.wantFirst)
			}
			for i, w := range tt.wantFirst {
				if got[i] != w {
					t.Fatalf("Search(%q) = %v, want it to start with %v", tt.q, got, tt.wantFirst)
				}
			}
			for _, w := range tt.wantAll {
				if !strings.Contains(" "+strings.Join(got, " ")+" ", " "+w+" ") {
					t.Errorf("Search(%q) = %v, want %s among them", tt.q, got, w)
				}
			}
		})
	}
	if got := ix.Search("F", 5); len(got) != 5 {
		t.Errorf("limit: got %d results, want 5", len(got))
	}
	if got := ix.Search("disorder", 500); len(got) != icd10.MaxLimit {
		t.Errorf("limit over the maximum: got %d results, want %d", len(got), icd10.MaxLimit)
	}
}
