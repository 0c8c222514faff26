package web

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// samplePage is a page with an inline script and style, as the API's examples page has.
var samplePage = []byte(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<style>body { margin: 0; }</style><script>document.title = "x";</script></head><body></body></html>`)

// get answers a GET of target from h.
func get(h http.Handler, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

// TestPagesHaveAPolicy: the explorer and the API's examples are pages of ours, with a viewport and a
// language, and a Content-Security-Policy that allows this origin and their own inline script and
// style only (the browser test checks that GraphiQL runs under it).
func TestPagesHaveAPolicy(t *testing.T) {
	for _, tt := range []struct {
		name, frameAncestors, want string
		h                          http.Handler
	}{
		{"explorer", "", "frame-ancestors 'none'", Explorer("")},
		{"a page", "", "frame-ancestors 'none'", Page(samplePage, "")},
		{"a page framed by the portal", "'self' https://portal.example", "frame-ancestors 'self' https://portal.example", Page(samplePage, "'self' https://portal.example")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(tt.h, "/graphiql")
			body, policy := rec.Body.String(), rec.Header().Get("Content-Security-Policy")
			if rec.Code != 200 || !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, `<meta name="viewport" content="width=device-width, initial-scale=1">`) {
				t.Errorf("%d, a page without lang or viewport: %.300s", rec.Code, body)
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
				t.Errorf("headers %v", rec.Header())
			}
			if !strings.HasPrefix(policy, "default-src 'self'; script-src 'self'") || !strings.HasSuffix(policy, tt.want) ||
				strings.Contains(policy, "unsafe-eval") || strings.Contains(policy, "http") != strings.Contains(tt.want, "http") {
				t.Errorf("Content-Security-Policy %q", policy)
			}
			for _, inline := range []struct {
				re        *regexp.Regexp
				directive string
			}{{inlineScript, "script-src"}, {inlineStyle, "style-src"}} {
				for _, m := range inline.re.FindAllStringSubmatch(body, -1) {
					sum := sha256.Sum256([]byte(m[1]))
					if hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(policy, hash) {
						t.Errorf("%s does not allow the page's own inline %.60q by its hash %s", inline.directive, m[1], hash)
					}
				}
			}
		})
	}
	if rec := get(Explorer(""), "/graphiql"); !strings.Contains(rec.Body.String(), `src="/assets/explorer/graphiql-`) {
		t.Errorf("the explorer does not load the embedded GraphiQL: %.500s", rec.Body)
	}
}
