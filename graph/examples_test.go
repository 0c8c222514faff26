package graph

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestExamplesRun runs every example against the default data: no errors, some data.
func TestExamplesRun(t *testing.T) {
	h, _ := newTestHandler(t)
	fields := map[string]bool{}
	for _, e := range Examples {
		fields[e.Field] = true
		t.Run(e.Title, func(t *testing.T) {
			status, body := post(t, h, query(e.Query, e.Variables))
			var resp struct {
				Data   map[string]json.RawMessage `json:"data"`
				Errors []any                      `json:"errors"`
			}
			if err := json.Unmarshal(body, &resp); err != nil {
				t.Fatal(err)
			}
			if status != 200 || len(resp.Errors) > 0 || len(resp.Data[e.Field]) < 3 {
				t.Errorf("status %d, body %.400s", status, body)
			}
		})
	}
	for _, f := range parsedSchema.Query.Fields {
		// Admin fields need the token; their examples are in the README.
		if !strings.HasPrefix(f.Name, "__") && !fields[f.Name] && f.Directives.ForName("admin") == nil {
			t.Errorf("root field %s has no example", f.Name)
		}
	}
}

// TestExamplesDoc keeps docs/queries.md equal to the examples.
func TestExamplesDoc(t *testing.T) {
	const path = "../docs/queries.md"
	want := ExamplesMarkdown()
	if *update {
		if err := os.MkdirAll("../docs", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./graph -update writes it)", err)
	}
	if string(got) != want {
		t.Error("docs/queries.md differs from graph/examples.go: run go test ./graph -update")
	}
}

func TestExamplesPage(t *testing.T) {
	body := string(ExamplesPage())
	if strings.Count(body, `href="/graphiql?`) != len(Examples) || !strings.Contains(body, "query=%7B%20years%20%7D") ||
		!strings.Contains(body, `<html lang=`) || !strings.Contains(body, `name="viewport"`) {
		t.Errorf("examples page: %d links for %d examples, or no lang or viewport", strings.Count(body, `href="/graphiql?`), len(Examples))
	}
}
