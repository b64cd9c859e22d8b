package web

import "testing"

// BenchmarkLoadViews measures what each start of tend serve does for the staff pages before it listens:
// listing the pages and naming the static files by their hash; the templates parse at first use or in
// the warm-up after the server listens (issue 19, item 3: cold start).
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
	if n := len(v.pages.Names()); n < 40 {
		t.Fatalf("%d pages found", n)
	}
	if err := v.pages.ParseAll(); err != nil {
		t.Fatal(err)
	}
}

// A page's set holds the shared templates it reaches and not the others (issue 19, the Go heap goal):
// the chart's Plan tab is in the chart's set, not in the sign-in page's; the conversation page keeps
// the message list it renders as a fragment.
func TestPagesHoldOnlyReachableSharedTemplates(t *testing.T) {
	t.Parallel()
	v, err := loadViews()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		page, name string
		want       bool
	}{{"client_chart", "plantab", true}, {"login", "plantab", false}, {"conversation", "messagelist", true}, {"login", "messagelist", false}} {
		set, err := v.page(c.page)
		if err != nil {
			t.Fatal(err)
		}
		if got := set.Lookup(c.name) != nil; got != c.want {
			t.Errorf("page %s holds %s: %v, want %v", c.page, c.name, got, c.want)
		}
	}
}
