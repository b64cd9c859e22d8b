package archive

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"

	"tend/internal/store"
)

// appendValue appends a column's value as JSON: the same for either engine (booleans as true/false,
// times as their stored milliseconds, bytes as base64).
func appendValue(b []byte, kind store.ColumnKind, v any) ([]byte, error) {
	if v == nil {
		return append(b, "null"...), nil
	}
	switch kind {
	case store.KindBool:
		switch x := v.(type) {
		case bool:
			return strconv.AppendBool(b, x), nil
		case int64:
			return strconv.AppendBool(b, x != 0), nil
		}
	case store.KindInt:
		switch x := v.(type) {
		case int64:
			return strconv.AppendInt(b, x, 10), nil
		case int32:
			return strconv.AppendInt(b, int64(x), 10), nil
		}
	case store.KindBytes:
		if x, ok := v.([]byte); ok {
			return strconv.AppendQuote(b, base64.StdEncoding.EncodeToString(x)), nil
		}
	default:
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case []byte:
			s = string(x)
		default:
			return nil, fmt.Errorf("a text column holds %T", v)
		}
		enc, err := json.Marshal(s)
		if err != nil {
			return nil, err
		}
		return append(b, enc...), nil
	}
	return nil, fmt.Errorf("a column of kind %d holds %T", kind, v)
}

// columnValue turns a decoded JSON value into what the column of that kind stores.
func columnValue(kind store.ColumnKind, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch kind {
	case store.KindBool:
		if x, ok := v.(bool); ok {
			return x, nil
		}
	case store.KindInt:
		if x, ok := v.(json.Number); ok {
			return x.Int64()
		}
	case store.KindBytes:
		if x, ok := v.(string); ok {
			return base64.StdEncoding.DecodeString(x)
		}
	default:
		if x, ok := v.(string); ok {
			return x, nil
		}
	}
	return nil, fmt.Errorf("%T where the column wants %s", v, kindName(kind))
}

func kindName(k store.ColumnKind) string {
	switch k {
	case store.KindBool:
		return "true or false"
	case store.KindInt:
		return "a whole number"
	case store.KindBytes:
		return "base64 bytes"
	}
	return "text"
}

var uuidPattern = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// remapper replaces ids that collided with new ones wherever they appear: a whole value (a reference
// column) or inside one (JSON details naming records). Ids are UUIDs, so a match is that record.
type remapper map[string]string

func (m remapper) apply(s string) string {
	if len(m) == 0 || len(s) < 36 {
		return s
	}
	if n, ok := m[s]; ok {
		return n
	}
	return uuidPattern.ReplaceAllStringFunc(s, func(id string) string {
		if n, ok := m[id]; ok {
			return n
		}
		return id
	})
}
