package web

import "testing"

func TestSafeNext(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"":                       "/",
		"/settings/staff":        "/settings/staff",
		"/settings/audit?page=2": "/settings/audit?page=2",
		"//evil.example/":        "/",
		"/\\evil.example":        "/",
		"/\t/evil.example/":      "/",
		"/\n/evil.example/":      "/",
		"https://evil.example/":  "/",
		"evil.example":           "/",
		"/%2F/evil.example":      "/", // decodes to //evil.example; refused to be safe
	}
	for in, want := range tests {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
