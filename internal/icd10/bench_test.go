package icd10_test

import (
	"testing"

	"tend/internal/icd10"
)

// CL-8 speed target: search as you type answers within 5 ms. The queries are what a person types key by
// key, by code and by words.
func BenchmarkSearch(b *testing.B) {
	ix := icd10.New()
	queries := []string{"f", "f4", "f41", "f41.", "f41.1", "z6", "z63.0", "d", "de", "dep", "depr", "depression", "major dep",
		"major depressive rec", "anx", "generalized anx", "post traumatic", "history suicidal", "alcohol dependence withdrawal", "disorder"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ix.Search(queries[i%len(queries)], icd10.DefaultLimit)
	}
}

// BenchmarkNew measures building the index, done once, at its first use or when a server warms it after
// it starts listening.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		icd10.New().Warm()
	}
}
