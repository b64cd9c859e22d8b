package config

import (
	"io"
	"testing"
)

// TestMemoryLimit covers TEND_MEMORY_LIMIT: a default, sizes in GOMEMLIMIT's units, off, GOMEMLIMIT
// winning when it alone is set, and the refusals.
func TestMemoryLimit(t *testing.T) {
	for _, tc := range []struct {
		tend, gomem string
		want        int64
		ok          bool
	}{
		{"", "", DefaultMemoryLimit, true},
		{"100MiB", "", 100 << 20, true},
		{"1GiB", "", 1 << 30, true},
		{"200MB", "", 200e6, true},
		{"67108864", "", 64 << 20, true},
		{"off", "", -1, true},
		{"", "500MiB", 0, true},
		{"100MiB", "500MiB", 0, false},
		{"10MiB", "", 0, false},
		{"lots", "", 0, false},
		{"-5MiB", "", 0, false},
	} {
		env := map[string]string{"TEND_MEMORY_LIMIT": tc.tend, "GOMEMLIMIT": tc.gomem}
		c, _ := Load("test", func(k string) string { return env[k] }, io.Discard)
		err := c.Finish()
		if (err == nil) != tc.ok {
			t.Errorf("TEND_MEMORY_LIMIT=%q GOMEMLIMIT=%q: err %v, want ok %v", tc.tend, tc.gomem, err, tc.ok)
			continue
		}
		if tc.ok && c.MemoryLimit != tc.want {
			t.Errorf("TEND_MEMORY_LIMIT=%q GOMEMLIMIT=%q: limit %d, want %d", tc.tend, tc.gomem, c.MemoryLimit, tc.want)
		}
	}
}
