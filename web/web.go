// Package web serves the single-page app of parindex: the files that `npm run build` writes
// to web/dist, embedded in the binary at build time. The app's source is in web/src; dist is
// committed so that `go build` needs no Node.
package web

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed all:dist
var dist embed.FS

// The headers of the app's responses. Assets under /assets/ carry a content hash in their
// names, so they never change and can be cached for a year; index.html names the current
// assets, so it is revalidated on every load.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
	// The app loads its own scripts and styles and talks only to its own origin. ECharts and
	// the app set inline style attributes, hence 'unsafe-inline' for styles only. The
	// frame-ancestors directive is added by Handler.
	contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)

// file is one embedded file, read once, with the ETag of its content.
type file struct {
	name string
	data []byte
	etag string
}

// handler serves the embedded files; it holds no mutable state and is safe for concurrent use.
type handler struct {
	files  map[string]file // by path relative to dist, "index.html", "assets/index-….js"
	policy string          // Content-Security-Policy of the pages
}

// Handler returns the handler of the app. It is meant for every path that no other route
// claims, and it answers:
//   - a file of dist as it is, with Cache-Control "public, max-age=31536000, immutable" under
//     /assets/ and "no-cache" elsewhere, and an ETag that If-None-Match can revalidate;
//   - index.html for any other path without an extension (/communes/31564), so the app can
//     route it;
//   - 404 for a missing path with an extension (/assets/nope.js, /favicon.ico);
//   - 405 with an Allow header for any method but GET and HEAD.
//
// Its pages may be framed by the frameAncestors of their Content-Security-Policy: "" is 'none'
// (no site may frame the app), "'self' https://portal.example" lets those. The returned handler
// is safe for concurrent use.
func Handler(frameAncestors string) http.Handler {
	return newHandler(dist, frameAncestors)
}

func newHandler(fsys fs.FS, frameAncestors string) *handler {
	if frameAncestors == "" {
		frameAncestors = "'none'"
	}
	h := &handler{files: make(map[string]file), policy: contentSecurityPolicy + "; frame-ancestors " + frameAncestors}
	// Walking an embedded tree cannot fail once it compiled; a missing dist fails the build.
	_ = fs.WalkDir(fsys, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		name := strings.TrimPrefix(p, "dist/")
		h.files[name] = file{name: name, data: data, etag: `"` + hex.EncodeToString(sum[:16]) + `"`}
		return nil
	})
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "web: method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" {
		name = "index.html"
	}
	f, ok := h.files[name]
	if !ok {
		if path.Ext(name) != "" {
			http.NotFound(w, r)
			return
		}
		// A route of the app: let the app draw it.
		f, ok = h.files["index.html"]
		if !ok {
			http.NotFound(w, r)
			return
		}
	}
	h.serve(w, r, f)
}

func (h *handler) serve(w http.ResponseWriter, r *http.Request, f file) {
	hd := w.Header()
	if strings.HasPrefix(f.name, "assets/") {
		hd.Set("Cache-Control", cacheImmutable)
	} else {
		hd.Set("Cache-Control", cacheRevalidate)
	}
	if path.Ext(f.name) == ".html" {
		hd.Set("Content-Security-Policy", h.policy)
	}
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("ETag", f.etag)
	// ServeContent sets Content-Type from the name, answers HEAD, ranges and If-None-Match.
	http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(f.data))
}

// ExplorerFile is a file of the API explorer embedded with the app: the path the app's handler
// serves it at and its Subresource Integrity hash.
type ExplorerFile struct {
	Path, Integrity string
}

// ExplorerFiles are GraphiQL's script and style and the React it runs on, copied from
// node_modules into dist/assets/explorer by `npm run build`, so that /graphiql needs no CDN.
type ExplorerFiles struct {
	JS, CSS, React, ReactDOM ExplorerFile
}

func explorerFiles(fsys fs.FS) ExplorerFiles {
	find := func(pattern string) ExplorerFile {
		names, _ := fs.Glob(fsys, "dist/assets/explorer/"+pattern)
		if len(names) != 1 {
			return ExplorerFile{}
		}
		data, err := fs.ReadFile(fsys, names[0])
		if err != nil {
			return ExplorerFile{}
		}
		sum := sha512.Sum384(data)
		return ExplorerFile{Path: strings.TrimPrefix(names[0], "dist"), Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sum[:])}
	}
	return ExplorerFiles{JS: find("graphiql-*.min.js"), CSS: find("graphiql-*.min.css"),
		React: find("react-[0-9]*.min.js"), ReactDOM: find("react-dom-*.min.js")}
}
