package config

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultMemoryLimit is the Go runtime's soft memory limit tend serve sets when neither TEND_MEMORY_LIMIT
// nor GOMEMLIMIT is given: the garbage collector works harder as the Go heap nears it, so a burst of
// sign-ins (each argon2id hash allocates 7 MiB) is collected instead of growing the process.
const DefaultMemoryLimit = 70 << 20

// minMemoryLimit is the smallest limit accepted: below it the collector would run all the time.
const minMemoryLimit = 32 << 20

// memoryLimit reads TEND_MEMORY_LIMIT (or, when it is unset, the default) into c.MemoryLimit. GOMEMLIMIT,
// the Go runtime's own setting, wins when set: tend then leaves the limit alone (MemoryLimit 0).
func (c *Config) memoryLimit() []string {
	v := strings.TrimSpace(c.memoryLimitRaw)
	if c.goMemLimit != "" {
		if v != "" {
			return []string{"TEND_MEMORY_LIMIT and GOMEMLIMIT are both set: set one (GOMEMLIMIT is the Go runtime's own)"}
		}
		c.MemoryLimit = 0
		return nil
	}
	switch v {
	case "":
		c.MemoryLimit = DefaultMemoryLimit
		return nil
	case "off":
		c.MemoryLimit = -1
		return nil
	}
	n, err := ParseBytes(v)
	if err != nil || n < minMemoryLimit {
		return []string{fmt.Sprintf("TEND_MEMORY_LIMIT %q must be a size of at least 32MiB (such as 70MiB, 1GiB), or off", v)}
	}
	c.MemoryLimit = n
	return nil
}

// ParseBytes reads a size the way GOMEMLIMIT writes it: a whole number with an optional unit B, KiB,
// MiB, GiB or TiB (powers of 1024), or KB, MB, GB (powers of 1000).
func ParseBytes(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(num), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("config: size %q: not a whole number of bytes with a unit", s)
	}
	return n * mult, nil
}

// memoryLimitText is how tend config shows the limit.
func (c *Config) memoryLimitText() string {
	switch {
	case c.goMemLimit != "":
		return "(GOMEMLIMIT " + c.goMemLimit + " applies)"
	case c.MemoryLimit < 0:
		return "off"
	default:
		return fmt.Sprintf("%dMiB (soft limit of the Go runtime's memory)", c.MemoryLimit>>20)
	}
}
