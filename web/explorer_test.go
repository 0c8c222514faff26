package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
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
		name, frameAncestors, want, lang string
		h                                http.Handler
	}{
		{"explorer", "", "frame-ancestors 'none'", "vi", Explorer("")},
		{"a page", "", "frame-ancestors 'none'", "en", Page(samplePage, "")},
		{"a page framed by the portal", "'self' https://portal.example", "frame-ancestors 'self' https://portal.example", "en", Page(samplePage, "'self' https://portal.example")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(tt.h, "/graphiql")
			body, policy := rec.Body.String(), rec.Header().Get("Content-Security-Policy")
			if rec.Code != 200 || !strings.Contains(body, `<html lang="`+tt.lang+`">`) || !strings.Contains(body, `<meta name="viewport" content="width=device-width, initial-scale=1">`) {
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

// TestExplorerPage: the explorer opens on parindex's own query, not GraphiQL's welcome, links the
// app's icon, and names fonts with Vietnamese letters before GraphiQL's Fira Code, which has none
// (the browser test checks how the letters are drawn).
func TestExplorerPage(t *testing.T) {
	body := get(Explorer(""), "/graphiql").Body.String()
	for _, want := range []string{
		`<link rel="icon" href="/favicon.svg"`,
		`defaultQuery: "# parindex: API GraphQL`,
		`ranking(year: 2023, parent: \"943\")`,
		`--font-family-mono: ui-monospace, "SF Mono", "Cascadia Mono", Consolas, "Noto Sans Mono", "Roboto Mono", Roboto,`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the explorer page lacks %s", want)
		}
	}
	if strings.Contains(body, "Fira Code") {
		t.Error("the explorer page names Fira Code, which has no Vietnamese letters")
	}
}

// TestPageCodings: a page made at start-up is sent in brotli or gzip as the client accepts, each
// decoding to the page, with the same Content-Security-Policy, an ETag of its own and 304 to it.
func TestPageCodings(t *testing.T) {
	h := Explorer("")
	page := get(h, "/graphiql").Body.Bytes()
	policy := get(h, "/graphiql").Header().Get("Content-Security-Policy")
	etags := map[string]bool{}
	for _, c := range []struct {
		accept, coding string
		decode         func([]byte) ([]byte, error)
	}{
		{"gzip, deflate, br, zstd", "br", decodeBrotli},
		{"gzip, deflate", "gzip", decodeGzip},
		{"", "", func(b []byte) ([]byte, error) { return b, nil }},
	} {
		req := httptest.NewRequest(http.MethodGet, "/graphiql", nil)
		req.Header.Set("Accept-Encoding", c.accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		got, err := c.decode(rec.Body.Bytes())
		hd := rec.Header()
		if rec.Code != 200 || err != nil || !bytes.Equal(got, page) || hd.Get("Content-Encoding") != c.coding || hd.Get("Vary") != "Accept-Encoding" ||
			hd.Get("Content-Length") != strconv.Itoa(rec.Body.Len()) || hd.Get("Content-Security-Policy") != policy || hd.Get("Cache-Control") != "no-cache" {
			t.Errorf("accepting %q: %d, %d bytes decoding to the page: %v (%v), headers %v; want 200 in %q with the page's policy",
				c.accept, rec.Code, rec.Body.Len(), bytes.Equal(got, page), err, hd, c.coding)
		}
		if c.coding != "" && rec.Body.Len() >= len(page) {
			t.Errorf("accepting %q: %d bytes for a page of %d", c.accept, rec.Body.Len(), len(page))
		}
		etags[hd.Get("ETag")] = true
		req.Header.Set("If-None-Match", hd.Get("ETag"))
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotModified {
			t.Errorf("accepting %q with If-None-Match %s: %d, want 304", c.accept, req.Header.Get("If-None-Match"), rec.Code)
		}
	}
	if len(etags) != 3 {
		t.Errorf("ETags %v, want one per coding", etags)
	}
}
