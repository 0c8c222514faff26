package graph

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// TestGeneratedDefersNothing: the generated code was rewritten (go generate, slice.go) and never
// defers a field, so that the empty deferred group each object now has stays empty.
func TestGeneratedDefersNothing(t *testing.T) {
	b, err := os.ReadFile("generated.go")
	if err != nil {
		t.Fatal(err)
	}
	code := string(b)
	for _, c := range []struct{ text, why string }{
		{"graphql.NewDeferredGroup(", "objects build a deferred group again: run go generate ./graph"},
		{"graphql.MarshalSliceConcurrently(", "lists are marshalled concurrently again: run go generate ./graph"},
		{"deferred.Defers[", "a field is deferred: the empty deferred group of slice.go no longer holds"},
	} {
		if strings.Contains(code, c.text) {
			t.Errorf("generated.go calls %s: %s", c.text, c.why)
		}
	}
	if !strings.Contains(code, "var deferred graphql.DeferredGroup") {
		t.Errorf("generated.go has no empty deferred group: the rewrite of go generate no longer matches")
	}
}

// TestWriteAnswerIsJSONMarshal: the POST transport writes every answer byte for byte as
// json.Marshal does, whether it copies the data or hands the answer to json.Marshal.
func TestWriteAnswerIsJSONMarshal(t *testing.T) {
	yes := true
	for name, resp := range map[string]*graphql.Response{
		"no answer":            nil,
		"data":                 {Data: json.RawMessage(`{"ranking":[{"unit":{"name":"Xã An Mỹ"},"percent":97.45}]}`)},
		"data and extensions":  {Data: json.RawMessage(`{"years":[2019,2020]}`), Extensions: map[string]any{"cost": 12, "b": "x"}},
		"errors and null data": {Errors: gqlerror.List{{Message: "no unit \"00000\"", Extensions: map[string]any{"code": "NOT_FOUND"}}}},
		"errors and some data": {Errors: gqlerror.List{{Message: "a <b> & c"}}, Data: json.RawMessage(`{"a":null}`)},
		"data to escape":       {Data: json.RawMessage(`{"name":"<b>A & B</b>","sep":"\u2028"}`)},
		"a deferred part":      {Data: json.RawMessage(`{"a":1}`), Label: "l", Path: ast.Path{ast.PathName("a")}, HasNext: &yes},
		"empty data":           {Data: json.RawMessage{}},
		"unicode and quotes":   {Data: json.RawMessage(`{"s":"Thị trấn \"Kế Sách\" \\ /"}`)},
	} {
		var got bytes.Buffer
		writeAnswer(&got, resp)
		want, err := json.Marshal(resp)
		if name == "empty data" {
			want = []byte(`{"data":null}`) // json.Marshal refuses an empty RawMessage; gqlgen never makes one
			err = nil
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.String() != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got.String(), want)
		}
	}
}
