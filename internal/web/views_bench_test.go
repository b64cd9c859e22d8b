package web

import "testing"

// BenchmarkLoadViews measures parsing every page's templates, which each start of tend serve does
// before it listens (issue 19, item 3: cold start).
//
//	go test -run '^$' -bench LoadViews -benchmem ./internal/web/
func BenchmarkLoadViews(b *testing.B) {
	for b.Loop() {
		if _, err := loadViews(); err != nil {
			b.Fatal(err)
		}
	}
}

// Every page's templates parse (they are parsed at first use, so a broken one must fail a test).
func TestEveryPageParses(t *testing.T) {
	t.Parallel()
	v, err := loadViews()
	if err != nil {
		t.Fatal(err)
	}
	if len(v.pages) < 40 {
		t.Fatalf("%d pages found", len(v.pages))
	}
	if err := v.parseAll(); err != nil {
		t.Fatal(err)
	}
}
