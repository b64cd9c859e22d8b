package api

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
)

// rawMessage is the type of fields kept as raw JSON (form answers), which are checked by decoding them.
var rawMessage = reflect.TypeFor[json.RawMessage]()

// nulField finds the first text in a decoded request that holds a NUL character and returns its JSON
// path ("" when there is none). JSON may spell NUL as \u0000 and Go strings carry it, but no person
// types it, and PostgreSQL refuses it in text columns: checking here, once, for every field of every
// endpoint, turns what was a 500 on PostgreSQL into the same clear 400 on both engines.
func nulField(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.String:
		if strings.IndexByte(v.String(), 0) >= 0 {
			return path
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return nulField(v.Elem(), path)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if f.Anonymous && f.Tag.Get("json") == "" {
				name = ""
			}
			if p := nulField(v.Field(i), join(path, name)); p != "" {
				return p
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type() == rawMessage {
			var decoded any
			if json.Unmarshal(v.Bytes(), &decoded) == nil {
				return nulField(reflect.ValueOf(&decoded), path)
			}
			return ""
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return "" // bytes, not text
		}
		for i := range v.Len() {
			if p := nulField(v.Index(i), path+"["+strconv.Itoa(i)+"]"); p != "" {
				return p
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			key := iter.Key()
			if key.Kind() == reflect.String && strings.IndexByte(key.String(), 0) >= 0 {
				return join(path, strconv.Quote(key.String()))
			}
			if p := nulField(iter.Value(), join(path, key.String())); p != "" {
				return p
			}
		}
	}
	return ""
}

func join(path, name string) string {
	switch {
	case name == "":
		return path
	case path == "":
		return name
	}
	return path + "." + name
}
