package graph

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGraphQLOverHTTPAudit runs graphql-http's server audits (testdata/audit: every MUST, SHOULD
// and MAY of the GraphQL over HTTP specification that graphql-http checks) against parindex's
// routes over the default data, and fails when a MUST or a SHOULD is not met. It needs Node and
// the audit's packages (make deps installs them); without them it is skipped, unless
// PARINDEX_REQUIRE_NODE is set (make test sets it).
func TestGraphQLOverHTTPAudit(t *testing.T) {
	dir := filepath.Join("testdata", "audit")
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "node_modules", "graphql-http"))
	}
	if err != nil {
		if os.Getenv("PARINDEX_REQUIRE_NODE") != "" {
			t.Fatalf("the audit needs node and its packages (make deps): %v", err)
		}
		t.Skipf("the audit needs node and its packages (make deps): %v", err)
	}
	server := httptest.NewServer(newTestRoutes(t))
	t.Cleanup(server.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "audit.mjs", server.URL+"/graphql")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	// The last line counts the audits by level and result: {"MUST":{"ok":13,"warn":0,"error":0},…}.
	t.Logf("graphql-http audit: %s", strings.TrimSpace(string(out)))
	if err != nil {
		t.Errorf("the audit failed (%v): a MUST or SHOULD of the GraphQL over HTTP specification is not met", err)
	}
}
