// Package web serves the single-page app of parindex: the files that `npm run build` writes
// to web/dist, embedded in the binary at build time. The app's source is in web/src; dist is
// committed so that `go build` needs no Node.
package web

import (
	"crypto/sha512"
	"embed"
	"encoding/base64"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed all:dist
var dist embed.FS

// The headers of the app's responses. Assets under /assets/ carry a content hash in their
// names, so they never change and can be cached for a year; index.html names the current
// assets, so it is revalidated on every load. The icons keep their names when they change: a
// day in a cache is short enough for a new one to show, and spares a request on every page.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
	cacheIcon       = "public, max-age=86400"
	// The app loads its own scripts and styles and talks only to its own origin. ECharts and
	// the app set inline style attributes, hence 'unsafe-inline' for styles only. The
	// frame-ancestors directive is added by Handler.
	contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)

// contentTypes are the media types of the files of dist by extension, fixed here rather than
// read from the machine's mime.types, which differ between systems and may not know .ico.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".svg":   "image/svg+xml",
	".ico":   "image/x-icon",
	".png":   "image/png",
	".txt":   "text/plain; charset=utf-8",
	".woff2": "font/woff2",
}

// handler serves the embedded files; it holds no mutable state and is safe for concurrent use.
type handler struct {
	files map[string]file // by path relative to dist, "index.html", "assets/index-….js"
}

// Handler returns the handler of the app. It is meant for every path that no other route
// claims, and it answers:
//   - a file of dist, with Cache-Control "public, max-age=31536000, immutable" under /assets/,
//     "public, max-age=86400" for the icons (/favicon.ico, /favicon.svg) and "no-cache"
//     elsewhere, and an ETag that If-None-Match can revalidate;
//   - in brotli or gzip where the client accepts it (Accept-Encoding, see acceptedCoding) and
//     the build wrote that variant (`file.br`, `file.gz`: scripts/compress.mjs), with
//     Content-Encoding, an ETag of its own and Vary: Accept-Encoding; ranges (Range) only of
//     the file as it is;
//   - index.html for any other path without an extension (/communes/31564), so the app can
//     route it;
//   - 404 for a missing path with an extension (/assets/nope.js), and for the coded variants'
//     own names (/assets/app-….js.br): they are answers to a path, not paths;
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
	policy := contentSecurityPolicy + "; frame-ancestors " + frameAncestors
	read := map[string][]byte{}
	// Walking an embedded tree cannot fail once it compiled; a missing dist fails the build.
	_ = fs.WalkDir(fsys, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		read[strings.TrimPrefix(p, "dist/")] = data
		return nil
	})
	h := &handler{files: make(map[string]file)}
	for name, data := range read {
		if original, suffix := splitVariant(name); suffix != "" {
			if _, ok := read[original]; ok {
				continue // a variant of original
			}
		}
		coded := map[string][]byte{}
		for _, coding := range codings {
			if b, ok := read[name+suffixes[coding]]; ok {
				coded[coding] = b
			}
		}
		ext := path.Ext(name)
		contentType := contentTypes[ext]
		if contentType == "" {
			contentType = http.DetectContentType(data)
		}
		cache := cacheRevalidate
		switch {
		case strings.HasPrefix(name, "assets/"):
			cache = cacheImmutable
		case strings.HasPrefix(name, "favicon."):
			cache = cacheIcon
		}
		f := newFile(name, contentType, cache, data, coded)
		if ext == ".html" {
			f.header["Content-Security-Policy"] = policy
		}
		h.files[name] = f
	}
	return h
}

// splitVariant returns the name of the file a coded variant's name is of and the variant's
// suffix, or "" for a name that is no variant's.
func splitVariant(name string) (original, suffix string) {
	for _, s := range suffixes {
		if strings.HasSuffix(name, s) {
			return strings.TrimSuffix(name, s), s
		}
	}
	return name, ""
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
	serveFile(w, r, f)
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
