package graph

import (
	"os"
	"strings"
	"testing"
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
