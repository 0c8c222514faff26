package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
)

// Content codings the files are kept in besides their own bytes, in the order a tie is broken:
// brotli's bytes are 10–17 % under gzip's for the app's scripts.
const (
	codingBrotli = "br"
	codingGzip   = "gzip"
)

var codings = []string{codingBrotli, codingGzip}

// suffixes are the names `npm run build` (scripts/compress.mjs) gives the coded bytes of a file.
var suffixes = map[string]string{codingBrotli: ".br", codingGzip: ".gz"}

// representation is one file's bytes in one coding ("" for the file as it is) and their ETag.
type representation struct {
	coding string
	data   []byte
	etag   string
}

// file is one file served by the package: its bytes, their coded variants where those are
// smaller, and the headers every answer of it carries. It does not change once made.
type file struct {
	name        string // path relative to dist: "index.html", "assets/index-….js"
	contentType string
	cache       string            // Cache-Control
	header      map[string]string // more headers of every answer (Content-Security-Policy)
	identity    representation
	coded       map[string]representation // by coding
}

// newFile returns a file of data with its coded variants (by coding, nil or empty for none).
// The ETag of a variant is the file's with the coding added, so that a cache holding one coding
// never revalidates it with the ETag of another.
func newFile(name, contentType, cache string, data []byte, coded map[string][]byte) file {
	sum := sha256.Sum256(data)
	tag := hex.EncodeToString(sum[:16])
	f := file{name: name, contentType: contentType, cache: cache, header: map[string]string{},
		identity: representation{data: data, etag: `"` + tag + `"`}, coded: map[string]representation{}}
	for coding, b := range coded {
		f.coded[coding] = representation{coding: coding, data: b, etag: `"` + tag + "-" + coding + `"`}
	}
	return f
}

// compressPage returns a page's bytes in each coding, at the levels of the build (brotli 11,
// gzip 9): a page made at start-up is compressed once, not at each request.
func compressPage(page []byte) map[string][]byte {
	coded := map[string][]byte{}
	var br, gz bytes.Buffer
	bw := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: brotli.BestCompression})
	bw.Write(page) // writes into a bytes.Buffer do not fail
	bw.Close()
	gw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression) // the level is valid
	gw.Write(page)
	gw.Close()
	for coding, b := range map[string][]byte{codingBrotli: br.Bytes(), codingGzip: gz.Bytes()} {
		if len(b) < len(page) {
			coded[coding] = b
		}
	}
	return coded
}

// acceptedCoding returns the coding to answer in, among those the file has, for an
// Accept-Encoding header: "" for the file as it is. Names are matched without regard to case
// and x-gzip is gzip; the coding with the highest q-value wins, a tie going to brotli, then
// gzip, then the file as it is; q=0 refuses a coding; "*" weighs every coding the header does
// not name, identity included; identity is acceptable unless refused by name or by "*;q=0".
// Without the header, or when nothing acceptable is available, the answer is the file as it
// is: refusing identity too earns the bytes rather than a 406, as most servers do.
func acceptedCoding(header string, available map[string]representation) string {
	if header == "" || len(available) == 0 {
		return ""
	}
	weights := map[string]float64{}
	for _, element := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(element, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "x-gzip" {
			name = codingGzip
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(p, "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0 // a malformed weight is no promise to decode
				}
				q = f
			}
		}
		if name != "" {
			weights[name] = q
		}
	}
	weight := func(name string) float64 {
		if q, ok := weights[name]; ok {
			return q
		}
		if q, ok := weights["*"]; ok {
			return q
		}
		if name == "identity" {
			return 0.001 // acceptable, but any coding asked for comes first
		}
		return 0
	}
	best, bestQ := "", 0.0
	for _, c := range codings {
		if _, ok := available[c]; ok {
			if q := weight(c); q > bestQ {
				best, bestQ = c, q
			}
		}
	}
	if best != "" && weight("identity") > bestQ {
		return ""
	}
	return best
}

// serveFile answers a GET or HEAD of f: in the coding the client accepts, with Vary:
// Accept-Encoding when f has coded variants (on every answer of it, the uncoded ones too), the
// representation's ETag, 304 to an If-None-Match naming it, and Content-Length of the bytes
// sent. A request with a Range gets ranges of the file as it is: a range of coded bytes is of
// no use to a browser, and the ETag it would revalidate with must be the uncoded one.
func serveFile(w http.ResponseWriter, r *http.Request, f file) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", f.cache)
	h.Set("X-Content-Type-Options", "nosniff")
	for k, v := range f.header {
		h.Set(k, v)
	}
	rep := f.identity
	if len(f.coded) > 0 {
		addVary(h, "Accept-Encoding")
		if r.Header.Get("Range") == "" {
			if coding := acceptedCoding(r.Header.Get("Accept-Encoding"), f.coded); coding != "" {
				rep = f.coded[coding]
			}
		}
	}
	h.Set("ETag", rep.etag)
	if rep.coding == "" {
		// ServeContent answers ranges, If-Range, If-None-Match and HEAD of the uncoded bytes.
		http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(rep.data))
		return
	}
	h.Set("Content-Encoding", rep.coding)
	if etagMatch(r.Header.Get("If-None-Match"), rep.etag) {
		for _, k := range []string{"Content-Type", "Content-Encoding", "Content-Length"} {
			h.Del(k)
		}
		w.WriteHeader(http.StatusNotModified)
		return
	}
	// Set here: ServeContent leaves Content-Length out of coded answers.
	h.Set("Content-Length", strconv.Itoa(len(rep.data)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(rep.data)
	}
}

// etagMatch reports whether an If-None-Match header names tag ("*" names any), comparing
// weakly as RFC 9110 asks for If-None-Match.
func etagMatch(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == tag {
			return true
		}
	}
	return false
}

// addVary adds a header name to Vary, keeping the names already there, on one line.
func addVary(h http.Header, name string) {
	var names []string
	for _, v := range h.Values("Vary") {
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); strings.EqualFold(n, name) {
				return
			} else if n != "" {
				names = append(names, n)
			}
		}
	}
	h.Set("Vary", strings.Join(append(names, name), ", "))
}
