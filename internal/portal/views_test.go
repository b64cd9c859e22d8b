package portal

import "testing"

// Every portal page's templates parse: they are parsed at first use or by WarmPages after the server
// listens (issue 19, item 3: cold start), so a broken one must fail a test rather than a start.
func TestEveryPortalPageParses(t *testing.T) {
	t.Parallel()
	v, err := loadViews(func(name string) (string, error) { return "/static/" + name, nil })
	if err != nil {
		t.Fatal(err)
	}
	if n := len(v.pages.Names()); n < 10 {
		t.Fatalf("%d pages found", n)
	}
	if err := v.pages.ParseAll(); err != nil {
		t.Fatal(err)
	}
	for _, name := range v.pages.Names() {
		set, err := v.page(name)
		if err != nil {
			t.Fatal(err)
		}
		if set.Lookup("page") == nil {
			t.Errorf("page %s has no \"page\" template", name)
		}
	}
	if _, err := v.page("no-such-page"); err == nil {
		t.Error("a missing page answered no error")
	}
}
