package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// realAsset returns the URL path of one built script under dist/assets.
func realAsset(t *testing.T) string {
	t.Helper()
	matches, err := fs.Glob(dist, "dist/assets/*.js")
	if err != nil || len(matches) == 0 {
		t.Fatalf("no script in dist/assets (run `npm run build` in web/): %v", err)
	}
	return "/" + strings.TrimPrefix(matches[0], "dist/")
}

func TestHandler(t *testing.T) {
	index, err := fs.ReadFile(dist, "dist/index.html")
	if err != nil {
		t.Fatalf("read dist/index.html: %v", err)
	}
	asset := realAsset(t)
	assetBody, err := fs.ReadFile(dist, "dist"+asset)
	if err != nil {
		t.Fatalf("read %s: %v", asset, err)
	}

	tests := []struct {
		name       string
		method     string
		path       string
		wantStatus int
		wantBody   []byte // nil: not checked
		wantCache  string // "": not checked
		wantType   string // prefix of Content-Type; "": not checked
		wantAllow  string
		wantNoBody bool
		wantCSPSet bool
	}{
		{name: "root serves index.html", method: http.MethodGet, path: "/",
			wantStatus: http.StatusOK, wantBody: index, wantCache: "no-cache", wantType: "text/html", wantCSPSet: true},
		{name: "index.html by name", method: http.MethodGet, path: "/index.html",
			wantStatus: http.StatusOK, wantBody: index, wantCache: "no-cache", wantType: "text/html"},
		{name: "app route falls back to index.html", method: http.MethodGet, path: "/some/route",
			wantStatus: http.StatusOK, wantBody: index, wantCache: "no-cache", wantType: "text/html"},
		{name: "commune route with query falls back", method: http.MethodGet, path: "/communes/31564?year=2023",
			wantStatus: http.StatusOK, wantBody: index, wantType: "text/html"},
		{name: "hashed asset is immutable", method: http.MethodGet, path: asset,
			wantStatus: http.StatusOK, wantBody: assetBody, wantCache: "public, max-age=31536000, immutable",
			wantType: "text/javascript"},
		{name: "missing script is 404", method: http.MethodGet, path: "/assets/nope.js",
			wantStatus: http.StatusNotFound},
		{name: "missing file with extension at the root is 404", method: http.MethodGet, path: "/robots.txt",
			wantStatus: http.StatusNotFound},
		{name: "the icon", method: http.MethodGet, path: "/favicon.ico",
			wantStatus: http.StatusOK, wantCache: "public, max-age=86400", wantType: "image/x-icon"},
		{name: "the icon as SVG", method: http.MethodGet, path: "/favicon.svg",
			wantStatus: http.StatusOK, wantCache: "public, max-age=86400", wantType: "image/svg+xml"},
		{name: "a coded variant is no path of its own", method: http.MethodGet, path: asset + ".br",
			wantStatus: http.StatusNotFound},
		{name: "nor is the gzip one", method: http.MethodGet, path: "/index.html.gz",
			wantStatus: http.StatusNotFound},
		{name: "dot segments cannot leave dist", method: http.MethodGet, path: "/assets/../../web.go",
			wantStatus: http.StatusNotFound},
		{name: "HEAD has headers and no body", method: http.MethodHead, path: "/",
			wantStatus: http.StatusOK, wantCache: "no-cache", wantNoBody: true},
		{name: "POST is 405", method: http.MethodPost, path: "/",
			wantStatus: http.StatusMethodNotAllowed, wantAllow: "GET, HEAD"},
		{name: "DELETE on an asset is 405", method: http.MethodDelete, path: asset,
			wantStatus: http.StatusMethodNotAllowed, wantAllow: "GET, HEAD"},
	}

	h := Handler("")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, nil)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)

			if res.StatusCode != tc.wantStatus {
				t.Fatalf("%s %s: status = %d, want %d", tc.method, tc.path, res.StatusCode, tc.wantStatus)
			}
			if tc.wantBody != nil && string(body) != string(tc.wantBody) {
				t.Errorf("%s %s: body is %d bytes starting %.60q, want the %d bytes of the file",
					tc.method, tc.path, len(body), body, len(tc.wantBody))
			}
			if got := res.Header.Get("Cache-Control"); tc.wantCache != "" && got != tc.wantCache {
				t.Errorf("%s %s: Cache-Control = %q, want %q", tc.method, tc.path, got, tc.wantCache)
			}
			if got := res.Header.Get("Content-Type"); tc.wantType != "" && !strings.HasPrefix(got, tc.wantType) {
				t.Errorf("%s %s: Content-Type = %q, want prefix %q", tc.method, tc.path, got, tc.wantType)
			}
			if got := res.Header.Get("Allow"); got != tc.wantAllow {
				t.Errorf("%s %s: Allow = %q, want %q", tc.method, tc.path, got, tc.wantAllow)
			}
			if tc.wantNoBody && len(body) != 0 {
				t.Errorf("%s %s: body has %d bytes, want none", tc.method, tc.path, len(body))
			}
			if got := res.Header.Get("Content-Security-Policy"); tc.wantCSPSet && !strings.Contains(got, "default-src 'self'") {
				t.Errorf("%s %s: Content-Security-Policy = %q, want default-src 'self'", tc.method, tc.path, got)
			}
		})
	}
}

// TestHandlerRevalidates checks that a browser holding the current index.html gets 304, so
// "no-cache" costs a round trip but no download.
func TestHandlerRevalidates(t *testing.T) {
	h := Handler("")
	first := httptest.NewRecorder()
	h.ServeHTTP(first, httptest.NewRequest(http.MethodGet, "/", nil))
	etag := first.Result().Header.Get("ETag")
	if etag == "" {
		t.Fatal("GET /: no ETag")
	}

	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("If-None-Match", etag)
	again := httptest.NewRecorder()
	h.ServeHTTP(again, req)
	if got := again.Result().StatusCode; got != http.StatusNotModified {
		t.Errorf("GET / with If-None-Match %s: status = %d, want %d", etag, got, http.StatusNotModified)
	}
}

// TestExplorerFiles: the explorer's four files are embedded, served by the app under /assets/
// (cached for a year), and their integrity hashes are those of the bytes served.
func TestExplorerFiles(t *testing.T) {
	files := explorerFiles(dist)
	h := Handler("")
	for name, f := range map[string]ExplorerFile{"GraphiQL script": files.JS, "GraphiQL style": files.CSS, "React": files.React, "React DOM": files.ReactDOM} {
		if !strings.HasPrefix(f.Path, "/assets/explorer/") || !strings.HasPrefix(f.Integrity, "sha384-") {
			t.Errorf("%s: %+v; npm run build copies it into dist/assets/explorer", name, f)
			continue
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, f.Path, nil))
		sum := sha512.Sum384(rec.Body.Bytes())
		if rec.Code != http.StatusOK || "sha384-"+base64.StdEncoding.EncodeToString(sum[:]) != f.Integrity {
			t.Errorf("%s: GET %s = %d with %d bytes whose hash is not %s", name, f.Path, rec.Code, rec.Body.Len(), f.Integrity)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != cacheImmutable {
			t.Errorf("%s: Cache-Control %q, want %q", name, cc, cacheImmutable)
		}
	}
}

// compressibleExt are the extensions scripts/compress.mjs writes variants of.
var compressibleExt = map[string]bool{".js": true, ".mjs": true, ".css": true, ".html": true, ".svg": true, ".ico": true,
	".json": true, ".map": true, ".txt": true, ".xml": true, ".webmanifest": true}

func decodeBrotli(b []byte) ([]byte, error) { return io.ReadAll(brotli.NewReader(bytes.NewReader(b))) }

func decodeGzip(b []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// TestVariants: every compressible file of the embedded dist has a brotli and a gzip variant
// (all of them are larger than their coding's framing), each decoding to the file's bytes, and
// the gzip header carries no time, so that a build repeats byte for byte.
func TestVariants(t *testing.T) {
	n := 0
	err := fs.WalkDir(dist, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !compressibleExt[path.Ext(p)] {
			return err
		}
		n++
		data, err := fs.ReadFile(dist, p)
		if err != nil {
			return err
		}
		for _, v := range []struct {
			suffix string
			decode func([]byte) ([]byte, error)
		}{{".br", decodeBrotli}, {".gz", decodeGzip}} {
			coded, err := fs.ReadFile(dist, p+v.suffix)
			if err != nil {
				t.Errorf("%s: no %s variant (npm run build writes it): %v", p, v.suffix, err)
				continue
			}
			if got, err := v.decode(coded); err != nil || !bytes.Equal(got, data) {
				t.Errorf("%s%s: decodes to %d bytes (%v), want the %d bytes of the file", p, v.suffix, len(got), err, len(data))
			}
			if len(coded) >= len(data) {
				t.Errorf("%s%s: %d bytes for %d: a variant must be smaller", p, v.suffix, len(coded), len(data))
			}
			if v.suffix == ".gz" && (len(coded) < 10 || !bytes.Equal(coded[4:8], []byte{0, 0, 0, 0})) {
				t.Errorf("%s.gz: the header's time is % x, want 0 (the build must repeat)", p, coded[4:8])
			}
		}
		return nil
	})
	if err != nil || n < 6 {
		t.Fatalf("%d compressible files in dist (%v); want the page, its scripts and style, the explorer's and the icons", n, err)
	}
}

func TestAcceptedCoding(t *testing.T) {
	both := map[string]representation{codingBrotli: {}, codingGzip: {}}
	gzipOnly := map[string]representation{codingGzip: {}}
	for _, tc := range []struct {
		header    string
		available map[string]representation
		want      string
	}{
		{"", both, ""},
		{"gzip, deflate, br, zstd", both, "br"}, // Chromium over HTTPS and to localhost
		{"gzip, deflate", both, "gzip"},         // Chromium over plain HTTP
		{"br", both, "br"},
		{"BR", both, "br"},
		{" gzip ; q=1.0 ,  br ; Q=0.5 ", both, "gzip"},
		{"br;q=0.5, gzip;q=0.5", both, "br"},
		{"br;q=0, gzip", both, "gzip"},
		{"br;q=0, gzip;q=0", both, ""},
		{"x-gzip", both, "gzip"},
		{"*", both, "br"},
		{"*;q=0.5, br;q=0", both, "gzip"},
		{"*;q=0", both, ""},
		{"identity", both, ""},
		{"identity;q=1, br;q=0.5", both, ""},
		{"identity;q=0.5, br", both, "br"},
		{"identity;q=0", both, ""}, // br and gzip are not named, identity is refused: nothing is acceptable, the file as it is
		{"deflate, zstd", both, ""},
		{"br;q=abc, gzip;q=0.1", both, "gzip"}, // a malformed weight is a refusal
		{"br;q=1.5", both, ""},
		{"gzip, deflate, br", gzipOnly, "gzip"},
		{"br", gzipOnly, ""},
		{"gzip, br", nil, ""},
	} {
		if got := acceptedCoding(tc.header, tc.available); got != tc.want {
			t.Errorf("acceptedCoding(%q, %d codings) = %q, want %q", tc.header, len(tc.available), got, tc.want)
		}
	}
}

// TestHandlerCodings: the app's page, a route of it, a script and the icon, asked for by
// browsers that accept brotli, gzip or neither, in full, by HEAD, revalidated and by range.
func TestHandlerCodings(t *testing.T) {
	asset := realAsset(t)
	h := Handler("")
	read := func(name string) []byte {
		b, err := fs.ReadFile(dist, "dist/"+name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		path, file, cache string
	}{
		{"/", "index.html", cacheRevalidate},
		{"/communes/31564", "index.html", cacheRevalidate},
		{asset, strings.TrimPrefix(asset, "/"), cacheImmutable},
		{"/favicon.ico", "favicon.ico", cacheIcon},
	} {
		identity := read(tc.file)
		etags := map[string]bool{}
		for _, c := range []struct {
			accept, coding string
			body           []byte
		}{
			{"gzip, deflate, br, zstd", "br", read(tc.file + ".br")},
			{"gzip, deflate", "gzip", read(tc.file + ".gz")},
			{"", "", identity},
			{"identity", "", identity},
		} {
			name := tc.path + " accepting " + c.accept
			req := httptest.NewRequest(http.MethodGet, tc.path, nil)
			req.Header.Set("Accept-Encoding", c.accept)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusOK || !bytes.Equal(body, c.body) {
				t.Errorf("%s: %d with %d bytes, want 200 with the %d bytes of %s in %q", name, res.StatusCode, len(body), len(c.body), tc.file, c.coding)
			}
			hd := res.Header
			if hd.Get("Content-Encoding") != c.coding || hd.Get("Vary") != "Accept-Encoding" || hd.Get("Content-Length") != strconv.Itoa(len(c.body)) || hd.Get("Cache-Control") != tc.cache {
				t.Errorf("%s: Content-Encoding %q, Vary %q, Content-Length %q, Cache-Control %q; want %q, Accept-Encoding, %d, %q",
					name, hd.Get("Content-Encoding"), hd.Get("Vary"), hd.Get("Content-Length"), hd.Get("Cache-Control"), c.coding, len(c.body), tc.cache)
			}
			if strings.HasSuffix(tc.file, ".html") && !strings.Contains(hd.Get("Content-Security-Policy"), "default-src 'self'") {
				t.Errorf("%s: Content-Security-Policy %q", name, hd.Get("Content-Security-Policy"))
			}
			etag := hd.Get("ETag")
			etags[c.coding+" "+etag] = true

			// Revalidated with its own ETag: 304 and no body; with another coding's: the bytes.
			again := httptest.NewRequest(http.MethodGet, tc.path, nil)
			again.Header.Set("Accept-Encoding", c.accept)
			again.Header.Set("If-None-Match", etag)
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, again)
			if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag || rec.Header().Get("Vary") != "Accept-Encoding" {
				t.Errorf("%s with If-None-Match %s: %d with %d bytes, ETag %q, Vary %q; want 304, no body, the same ETag, Vary", name, etag, rec.Code, rec.Body.Len(), rec.Header().Get("ETag"), rec.Header().Get("Vary"))
			}

			head := httptest.NewRequest(http.MethodHead, tc.path, nil)
			head.Header.Set("Accept-Encoding", c.accept)
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, head)
			if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") != strconv.Itoa(len(c.body)) || rec.Header().Get("Content-Encoding") != c.coding {
				t.Errorf("HEAD %s: %d with %d bytes, Content-Length %q, Content-Encoding %q; want 200, no body, %d, %q", name, rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"), rec.Header().Get("Content-Encoding"), len(c.body), c.coding)
			}
		}
		// One ETag per coding (identity asked for twice): a cache never takes one for another.
		seen := map[string]string{}
		for k := range etags {
			coding, etag, _ := strings.Cut(k, " ")
			if other, ok := seen[etag]; ok && other != coding {
				t.Errorf("%s: ETag %s for both %q and %q", tc.path, etag, coding, other)
			}
			seen[etag] = coding
		}
		if len(seen) != 3 {
			t.Errorf("%s: ETags %v; want one per coding: br, gzip, none", tc.path, etags)
		}
		for etag := range seen {
			req := httptest.NewRequest(http.MethodGet, tc.path, nil)
			req.Header.Set("Accept-Encoding", "br")
			req.Header.Set("If-None-Match", etag)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if want := map[bool]int{true: http.StatusNotModified, false: http.StatusOK}[seen[etag] == "br"]; rec.Code != want {
				t.Errorf("%s in br with If-None-Match %s (of %q): %d, want %d", tc.path, etag, seen[etag], rec.Code, want)
			}
		}

		// A range is of the file as it is, whatever the client accepts.
		req := httptest.NewRequest(http.MethodGet, tc.path, nil)
		req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
		req.Header.Set("Range", "bytes=0-99")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusPartialContent || rec.Header().Get("Content-Encoding") != "" || !bytes.Equal(rec.Body.Bytes(), identity[:100]) || rec.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("%s bytes 0-99 accepting br: %d, Content-Encoding %q, %d bytes, Vary %q; want 206 with the first 100 bytes of the file as it is",
				tc.path, rec.Code, rec.Header().Get("Content-Encoding"), rec.Body.Len(), rec.Header().Get("Vary"))
		}
	}
}
