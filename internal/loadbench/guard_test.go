package loadbench

import (
	"errors"
	"testing"
)

// The suite refuses a server off this machine unless its operator says they own it (issue 19, Bad input).
func TestCheckURL(t *testing.T) {
	for _, c := range []struct {
		url   string
		ownIt bool
		want  error
		ok    bool
	}{
		{"http://127.0.0.1:8080", false, nil, true},
		{"http://localhost:8080/", false, nil, true},
		{"http://[::1]:8080", false, nil, true},
		{"http://127.9.9.9:80", false, nil, true},
		{"https://tend.example.org", false, ErrNotLoopback, false},
		{"http://10.0.0.5:8080", false, ErrNotLoopback, false},
		{"http://localhost.example.org", false, ErrNotLoopback, false},
		{"https://tend.example.org", true, nil, true},
		{"ftp://127.0.0.1", false, nil, false},
		{"127.0.0.1:8080", false, nil, false},
	} {
		_, err := checkURL(c.url, c.ownIt)
		if c.ok != (err == nil) || (c.want != nil && !errors.Is(err, c.want)) {
			t.Errorf("checkURL(%q, %v) = %v", c.url, c.ownIt, err)
		}
	}
}
