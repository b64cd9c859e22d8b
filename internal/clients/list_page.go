package clients

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"

	"tend/internal/store"
)

// pageKey writes a place in the list as a page address: "n" (the page after it) or "p" (the page
// before it), then its position, group, sort value and chart id, base64url so any name fits a URL.
func pageKey(k *store.ListKey, before bool) string {
	if k == nil {
		return ""
	}
	way := "n"
	if before {
		way = "p"
	}
	raw := strings.Join([]string{strconv.Itoa(k.Pos), k.Group, k.Value, k.ID}, "\x1f")
	return way + base64.RawURLEncoding.EncodeToString([]byte(raw))
}

var errPageKey = errors.New("clients: not a page address")

// parsePageKey reads a page address that pageKey wrote: the place, and whether the page ends before
// it. "" and "1" (the first page, as older links and API clients ask for it) are the first page.
func parsePageKey(s string) (*store.ListKey, bool, error) {
	if s == "" || s == "1" {
		return nil, false, nil
	}
	if len(s) < 2 || (s[0] != 'n' && s[0] != 'p') {
		return nil, false, errPageKey
	}
	raw, err := base64.RawURLEncoding.DecodeString(s[1:])
	if err != nil {
		return nil, false, errPageKey
	}
	parts := strings.Split(string(raw), "\x1f")
	if len(parts) != 4 || parts[3] == "" {
		return nil, false, errPageKey
	}
	pos, err := strconv.Atoi(parts[0])
	if err != nil || pos < 1 {
		return nil, false, errPageKey
	}
	return &store.ListKey{Pos: pos, Group: parts[1], Value: parts[2], ID: parts[3]}, s[0] == 'p', nil
}
