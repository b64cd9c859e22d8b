package api_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// pathParam matches a route's {placeholder}.
var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// nulBody builds a request body from an OpenAPI schema with every text field holding a NUL character.
func nulBody(schemas map[string]any, schema map[string]any, depth int) any {
	if ref, ok := schema["$ref"].(string); ok {
		return nulBody(schemas, schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any), depth)
	}
	typ := schema["type"]
	if list, ok := typ.([]any); ok {
		typ = list[0]
	}
	switch typ {
	case "object":
		out := map[string]any{}
		props, _ := schema["properties"].(map[string]any)
		if extra, open := schema["additionalProperties"]; props == nil && open && extra != false {
			return map[string]any{"q1": "a\x00b"} // free keys, such as a form's answers
		}
		if depth > 3 || props == nil {
			return out
		}
		for name, p := range props {
			out[name] = nulBody(schemas, p.(map[string]any), depth+1)
		}
		return out
	case "array":
		return []any{nulBody(schemas, schema["items"].(map[string]any), depth+1)}
	case "boolean":
		return false
	case "integer":
		return 1
	}
	return "a\x00b"
}

// Issue 11, item 7: every endpoint that takes a JSON body refuses text with a NUL character with the same
// clear 400 on both engines, naming the field; before, PostgreSQL turned it into a 500 (POST /tokens,
// /staff, PATCH /practice and others) and nothing said which field was at fault.
// Proves TR-3.
func TestEveryJSONBodyRefusesNUL(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		staff := h.Client()
		staff.Login("owner@example.org", apptest.StrongPassword)
		portal := registered(t, h, srv, staff, "Nula", "nula@example.net")

		var doc struct {
			Paths      map[string]map[string]map[string]any `json:"paths"`
			Components struct {
				Schemas map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(staff.Get("/api/v1/openapi.json").Body, &doc); err != nil {
			t.Fatal(err)
		}
		tested := 0
		for path, methods := range doc.Paths {
			for method, op := range methods {
				body, ok := op["requestBody"].(map[string]any)
				if !ok {
					continue
				}
				jsonBody, ok := body["content"].(map[string]any)["application/json"].(map[string]any)
				if !ok {
					continue // a multipart upload (files) takes no JSON; its name is checked in package files
				}
				schema := jsonBody["schema"].(map[string]any)
				c := staff
				if strings.HasPrefix(path, "/api/v1/portal/") {
					c = portal
				}
				target := pathParam.ReplaceAllString(path, "0000")
				sent := nulBody(doc.Components.Schemas, schema, 0)
				if b, _ := json.Marshal(sent); !strings.Contains(string(b), `\u0000`) {
					continue // no text to hold a NUL, such as {"shared": true}
				}
				r := c.API(strings.ToUpper(method), target, sent)
				if r.StatusCode != 400 {
					t.Errorf("%s %s: %d %s, want 400", method, path, r.StatusCode, r.Body)
					continue
				}
				if e := r.Err(t); e.Error.Code != "bad_request" || len(e.Error.Fields) != 1 || !strings.Contains(e.Error.Message, "NUL") {
					t.Errorf("%s %s: %s, want a bad_request naming the field", method, path, r.Body)
				}
				tested++
			}
		}
		if tested < 30 {
			t.Fatalf("only %d endpoints with a body were tried", tested)
		}
	})
}
