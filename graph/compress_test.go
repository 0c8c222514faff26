package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/parindex/parindex/analytics"
)

func TestNegotiateCoding(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"", ""},
		{"identity", ""},
		{"gzip", "gzip"},
		{"x-gzip", "gzip"},
		{"gzip, deflate, br, zstd", "br"}, // Chrome: equal weights, br first
		{"gzip, deflate, br", "br"},
		{"gzip, zstd", "zstd"},
		{"deflate, compress", ""},
		{"br;q=0, gzip", "gzip"},
		{"BR;Q=0, GZIP", "gzip"},
		{"br;q=0.5, gzip;q=0.9", "gzip"},
		{"gzip;q=0", ""},
		{"gzip;q=oops", ""},
		{"*", "br"},
		{"*;q=0", ""},
		{"gzip, *;q=0", "gzip"},
		{"br;q=0, *", "zstd"},
		{"gzip;q=0.5, identity", ""}, // the client prefers the answer as it is
		{"gzip;q=0.5", "gzip"},       // identity not named: any coding named is better
		{"gzip, identity;q=0", "gzip"},
	} {
		if got := negotiateCoding(tc.header, codingsKept); got != tc.want {
			t.Errorf("Accept-Encoding %q: got %q, want %q", tc.header, got, tc.want)
		}
	}
	// Answers compressed every time prefer the fastest coding.
	for _, tc := range []struct{ header, want string }{
		{"gzip, deflate, br, zstd", "zstd"},
		{"gzip, deflate, br", "gzip"},
		{"br", "br"},
		{"br, gzip;q=0.5", "br"},
	} {
		if got := negotiateCoding(tc.header, codingsStreamed); got != tc.want {
			t.Errorf("streamed, Accept-Encoding %q: got %q, want %q", tc.header, got, tc.want)
		}
	}
}

// decode returns the body of an answer in its Content-Encoding as it was before compression.
func decode(t testing.TB, coding string, body []byte) []byte {
	t.Helper()
	var r io.Reader
	var err error
	switch coding {
	case "":
		return body
	case codingGzip:
		r, err = gzip.NewReader(bytes.NewReader(body))
	case codingBrotli:
		r = brotli.NewReader(bytes.NewReader(body))
	case codingZstd:
		var d *zstd.Decoder
		d, err = zstd.NewReader(bytes.NewReader(body))
		if err == nil {
			defer d.Close()
		}
		r = d
	default:
		t.Fatalf("unknown coding %q", coding)
	}
	if err != nil {
		t.Fatalf("%s: %v", coding, err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", coding, err)
	}
	return out
}

// largeRanking asks for more than minCompressBytes.
var largeRanking = "/graphql?query=" + url.QueryEscape(`{ ranking(year: 2023) { unit { code name } rank percent } }`)

// TestCacheHeaders checks what a CDN or a browser may keep: clean GET answers for the configured
// time, with the release ETag and Vary; POST answers, answers with errors and admin answers
// never.
func TestCacheHeaders(t *testing.T) {
	limits := DefaultLimits()
	store, err := analytics.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	h, err := NewRoutes(store, slog.New(slog.NewTextHandler(io.Discard, nil)),
		Options{Limits: limits, AdminToken: testToken, CORSOrigins: []string{"https://portal.example"}})
	if err != nil {
		t.Fatal(err)
	}
	public := "public, max-age=60, stale-while-revalidate=300"
	years := "/graphql?query=" + url.QueryEscape(`{ years }`)
	for _, tc := range []struct {
		name, method, target, body string
		header                     map[string]string
		cache                      string // Cache-Control wanted
		etag                       bool
		vary                       []string // names Vary must hold
	}{
		{name: "GET clean", target: years, cache: public, etag: true, vary: []string{"Accept", "Accept-Encoding", "Origin"}},
		{name: "GET clean, compressed", target: largeRanking, header: map[string]string{"Accept-Encoding": "gzip"},
			cache: public, etag: true, vary: []string{"Accept", "Accept-Encoding", "Origin"}},
		{name: "GET with errors", target: "/graphql?query=" + url.QueryEscape(`{ ranking(year: 1890) { rank } }`), cache: "no-store"},
		{name: "GET invalid", target: "/graphql?query=" + url.QueryEscape(`{ nope }`), cache: "no-store"},
		{name: "GET with the admin token", target: years, header: map[string]string{"Authorization": "Bearer " + testToken}, cache: "no-store"},
		{name: "GET an admin field", target: "/graphql?query=" + url.QueryEscape(`{ releases { release } }`), cache: "no-store"},
		{name: "POST", method: http.MethodPost, target: "/graphql", body: query(`{ years }`, nil), header: jsonHeader, cache: "no-store"},
		{name: "POST compressed", method: http.MethodPost, target: "/graphql", body: query(`{ ranking(year: 2023) { unit { code name } rank percent } }`, nil),
			header: map[string]string{"Content-Type": "application/json", "Accept-Encoding": "br"}, cache: "no-store"},
		{name: "POST not JSON", method: http.MethodPost, target: "/graphql", body: "x", cache: "no-store"},
		{name: "export", target: "/export?parent=943&years=2023", cache: public, etag: true, vary: []string{"Accept-Encoding"}},
		{name: "export refused", target: "/export?format=docx", cache: "no-store"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			method := cmpOr(tc.method, http.MethodGet)
			header := map[string]string{"Origin": "https://portal.example"}
			for k, v := range tc.header {
				header[k] = v
			}
			rec := do(h, method, tc.target, tc.body, header)
			if got := rec.Header().Get("Cache-Control"); got != tc.cache {
				t.Errorf("%d: Cache-Control %q, want %q (%.200s)", rec.Code, got, tc.cache, rec.Body)
			}
			if got := rec.Header().Get("ETag"); (got != "") != tc.etag {
				t.Errorf("ETag %q, want one: %v", got, tc.etag)
			}
			vary := rec.Header().Get("Vary")
			if n := len(rec.Header().Values("Vary")); n > 1 {
				t.Errorf("%d Vary lines; a proxy may read only one", n)
			}
			for _, name := range tc.vary {
				if !strings.Contains(vary, name) {
					t.Errorf("Vary %q lacks %s", vary, name)
				}
			}
		})
	}

	t.Run("max-age 0", func(t *testing.T) {
		limits := DefaultLimits()
		limits.CacheMaxAge = 0
		h := newEndpoint(store, slog.New(slog.NewTextHandler(io.Discard, nil)), limits, nationalShape)
		if got := do(h, http.MethodGet, years, "", nil).Header().Get("Cache-Control"); got != "no-cache" {
			t.Errorf("Cache-Control %q, want no-cache", got)
		}
	})
}

func cmpOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// TestCompressedAnswers checks that every coding decodes to the answer as it is, has its own
// ETag that revalidates, repeats from memory the same, and that small answers and refused
// codings are sent as they are.
func TestCompressedAnswers(t *testing.T) {
	h, _ := newTestEndpoint(t, DefaultLimits())
	plain := do(h, http.MethodGet, largeRanking, "", nil)
	if plain.Code != 200 || plain.Body.Len() < minCompressBytes || plain.Header().Get("Content-Encoding") != "" {
		t.Fatalf("identity: %d, %d bytes, Content-Encoding %q", plain.Code, plain.Body.Len(), plain.Header().Get("Content-Encoding"))
	}
	etags := map[string]string{"": plain.Header().Get("ETag")}
	for _, coding := range codings {
		t.Run(coding, func(t *testing.T) {
			ae := map[string]string{"Accept-Encoding": coding}
			for i := range 3 { // run, then kept, then repeated from memory in the coding
				rec := do(h, http.MethodGet, largeRanking, "", ae)
				if got := rec.Header().Get("Content-Encoding"); got != coding {
					t.Fatalf("request %d: Content-Encoding %q", i, got)
				}
				if got := decode(t, coding, rec.Body.Bytes()); !bytes.Equal(got, plain.Body.Bytes()) {
					t.Fatalf("request %d: decodes to %d bytes, not the %d of the answer", i, len(got), plain.Body.Len())
				}
				if rec.Body.Len() >= plain.Body.Len()/2 {
					t.Errorf("request %d: %d bytes for %d", i, rec.Body.Len(), plain.Body.Len())
				}
				etags[coding] = rec.Header().Get("ETag")
			}
			ae["If-None-Match"] = etags[coding]
			if rec := do(h, http.MethodGet, largeRanking, "", ae); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etags[coding] {
				t.Errorf("If-None-Match %s: %d, %d bytes, ETag %q", etags[coding], rec.Code, rec.Body.Len(), rec.Header().Get("ETag"))
			}
			// Another coding's ETag names other bytes.
			ae["If-None-Match"] = etags[""]
			if rec := do(h, http.MethodGet, largeRanking, "", ae); rec.Code != 200 {
				t.Errorf("If-None-Match of the identity, asking %s: %d, want 200", coding, rec.Code)
			}
		})
	}
	if len(etags) != 1+len(codings) {
		t.Errorf("ETags shared between codings: %v", etags)
	}
	// Once kept, the coded bytes are not compressed again.
	h.answers = newByteCache(DefaultLimits().AnswerCacheBytes, DefaultLimits().MaxCachedAnswerBytes,
		func(a cachedAnswer) int { return len(a.body) })
	h.answers.Add(context.Background(), strings.Trim(etags[codingGzip], `"`), cachedAnswer{contentType: mediaJSON, body: []byte("kept")})
	if rec := do(h, http.MethodGet, largeRanking, "", map[string]string{"Accept-Encoding": "gzip"}); rec.Body.String() != "kept" {
		t.Errorf("the gzip bytes kept were not sent: %.40q", rec.Body)
	}

	// An answer too large to be kept is compressed every time, in the fastest coding.
	limits := DefaultLimits()
	limits.MaxCachedAnswerBytes = plain.Body.Len() - 1
	large, _ := newTestEndpoint(t, limits)
	for range 2 {
		rec := do(large, http.MethodGet, largeRanking, "", map[string]string{"Accept-Encoding": "gzip, deflate, br, zstd"})
		if got := rec.Header().Get("Content-Encoding"); got != codingZstd || !bytes.Equal(decode(t, got, rec.Body.Bytes()), plain.Body.Bytes()) {
			t.Errorf("an answer too large to keep: Content-Encoding %q, want zstd", got)
		}
	}

	for _, tc := range []struct{ name, target, accept string }{
		{"q=0", largeRanking, "gzip;q=0, br;q=0"},
		{"identity preferred", largeRanking, "gzip;q=0.1, identity"},
		{"unknown coding", largeRanking, "deflate"},
		{"small answer", "/graphql?query=" + url.QueryEscape(`{ years }`), "gzip, br, zstd"},
	} {
		rec := do(h, http.MethodGet, tc.target, "", map[string]string{"Accept-Encoding": tc.accept})
		if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "" || !strings.HasPrefix(rec.Body.String(), `{"data"`) {
			t.Errorf("%s: %d, Content-Encoding %q, %.40q", tc.name, rec.Code, rec.Header().Get("Content-Encoding"), rec.Body)
		}
		if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: Vary %q", tc.name, rec.Header().Get("Vary"))
		}
	}
}

// TestCompressedExports checks that CSV and JSON files are compressed, decode to the file as it
// is, revalidate by ETag, and that Parquet, already compressed, is sent as it is.
func TestCompressedExports(t *testing.T) {
	h := newTestRoutes(t)
	target := "/export?parent=943&from=2019&to=2025&level=criterion"
	plain := do(h, http.MethodGet, target, "", nil)
	if plain.Code != 200 || plain.Header().Get("ETag") == "" {
		t.Fatalf("identity: %d, ETag %q", plain.Code, plain.Header().Get("ETag"))
	}
	for _, coding := range codings {
		rec := do(h, http.MethodGet, target, "", map[string]string{"Accept-Encoding": coding})
		if rec.Code != 200 || rec.Header().Get("Content-Encoding") != coding {
			t.Fatalf("%s: %d, Content-Encoding %q", coding, rec.Code, rec.Header().Get("Content-Encoding"))
		}
		if got := decode(t, coding, rec.Body.Bytes()); !bytes.Equal(got, plain.Body.Bytes()) {
			t.Errorf("%s: decodes to %d bytes, not the %d of the file", coding, len(got), plain.Body.Len())
		}
		t.Logf("%s: %d bytes for %d", coding, rec.Body.Len(), plain.Body.Len())
		tag := rec.Header().Get("ETag")
		if tag == plain.Header().Get("ETag") {
			t.Errorf("%s: the ETag of the identity", coding)
		}
		// The same query written otherwise is the same file.
		other := "/export?level=criterion&to=2025&from=2019&parent=943"
		if rec := do(h, http.MethodGet, other, "", map[string]string{"Accept-Encoding": coding, "If-None-Match": tag}); rec.Code != http.StatusNotModified {
			t.Errorf("%s: If-None-Match %s: %d, want 304", coding, tag, rec.Code)
		}
	}
	for _, format := range []string{"parquet", "xlsx", "zip"} {
		rec := do(h, http.MethodGet, "/export?years=2023&format="+format, "", map[string]string{"Accept-Encoding": "br, gzip"})
		if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "" {
			t.Errorf("%s: %d, Content-Encoding %q", format, rec.Code, rec.Header().Get("Content-Encoding"))
		}
	}
	if rec := do(h, http.MethodGet, "/export?years=2023&format=json", "", map[string]string{"Accept-Encoding": "gzip"}); rec.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("json: Content-Encoding %q", rec.Header().Get("Content-Encoding"))
	}
}

// writeLog is a ResponseWriter that notes how many bytes had reached it at each write and flush.
type writeLog struct {
	*httptest.ResponseRecorder
	writes, flushes []int
}

func (w *writeLog) Write(p []byte) (int, error) {
	n, err := w.ResponseRecorder.Write(p)
	w.writes = append(w.writes, w.Body.Len())
	return n, err
}

func (w *writeLog) Flush() {
	w.ResponseRecorder.Flush()
	w.flushes = append(w.flushes, w.Body.Len())
}

// TestExportStreamsCompressed checks that a compressed export reaches the client as it is
// written, not once whole: the coded bytes arrive in many writes, and the end is flushed.
func TestExportStreamsCompressed(t *testing.T) {
	h := newTestRoutes(t)
	for _, coding := range codings {
		req := httptest.NewRequest(http.MethodGet, "/export?level=criterion&from=2019&to=2025", nil)
		req.Header.Set("Accept-Encoding", coding)
		w := &writeLog{ResponseRecorder: httptest.NewRecorder()}
		h.ServeHTTP(w, req)
		if w.Code != 200 || w.Header().Get("Content-Encoding") != coding {
			t.Fatalf("%s: %d, Content-Encoding %q", coding, w.Code, w.Header().Get("Content-Encoding"))
		}
		decoded := decode(t, coding, w.Body.Bytes())
		t.Logf("%s: %d bytes (%d decoded) in %d writes, %d flushes", coding, w.Body.Len(), len(decoded), len(w.writes), len(w.flushes))
		if len(w.writes) < 3 || w.writes[0] > w.Body.Len()*2/3 {
			t.Errorf("%s: %d bytes (%d decoded) in %d writes, the first ending at %d", coding, w.Body.Len(), len(decoded), len(w.writes), w.writes[0])
		}
		if len(w.flushes) == 0 || w.flushes[len(w.flushes)-1] != w.Body.Len() {
			t.Errorf("%s: flushed at %v of %d bytes; the end must be flushed", coding, w.flushes, w.Body.Len())
		}
	}
}

// TestCompressedStreamFlushesOnTime checks that a slow stream's coded bytes are sent within the
// flush interval, not held until the coding's buffer fills.
func TestCompressedStreamFlushesOnTime(t *testing.T) {
	for _, coding := range codings {
		w := &writeLog{ResponseRecorder: httptest.NewRecorder()}
		s := newCompressedStream(coding, w)
		s.interval = 10 * time.Millisecond
		line := []byte("31552,Xã Đại Hải,2023,field,e_government,72.5\n")
		s.Write(line)
		if w.Body.Len() != 0 {
			t.Logf("%s: %d bytes sent before the interval", coding, w.Body.Len())
		}
		time.Sleep(15 * time.Millisecond)
		s.Write(line)
		if len(w.flushes) == 0 || w.Body.Len() == 0 {
			t.Errorf("%s: nothing sent after the interval", coding)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if got := decode(t, coding, w.Body.Bytes()); !bytes.Equal(got, append(line, line...)) {
			t.Errorf("%s: decodes to %q", coding, got)
		}
	}
}

// BenchmarkCompressAnswer measures each coding on answers of the size a browser gets: the
// ranking and the changes of the default data, and a ranking of national size (10,047 rows,
// the default data's rows repeated with other codes). It reports the bytes sent and saved.
func BenchmarkCompressAnswer(b *testing.B) {
	h, _ := newTestEndpoint(b, DefaultLimits())
	answer := func(q string) []byte {
		rec := do(h, http.MethodPost, "/graphql", query(q, nil), jsonHeader)
		if rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors"`) {
			b.Fatalf("%d %.300s", rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	ranking := answer(`{ ranking(year: 2023) { unit { code name kind } year points maxPoints percent rank group { code label }
		fields { field { slug } percent rank } } }`)
	changes := answer(`{ changes(from: 2022, to: 2023) { summary { units compared improved declined }
		units { unit { code shortName } status percentFrom percentTo change relativeChange rankFrom rankTo rankChange
		groupFrom { code } groupTo { code } groupChange } } }`)
	answers := []struct {
		name string
		body []byte
	}{{"ranking", ranking}, {"changes", changes}, {"ranking-national", nationalSized(b, ranking, 10_047)}}
	for _, a := range answers {
		// As the endpoint does: fast when the answer is too large to be kept.
		fast := len(a.body) > DefaultLimits().MaxCachedAnswerBytes
		for _, coding := range codings {
			b.Run(fmt.Sprintf("%s-%dKB/%s", a.name, len(a.body)>>10, coding), func(b *testing.B) {
				b.SetBytes(int64(len(a.body)))
				var out []byte
				for b.Loop() {
					out = compressBytes(coding, fast, a.body)
				}
				b.ReportMetric(float64(len(out)), "bytes")
				b.ReportMetric(float64(len(a.body))/float64(len(out)), "ratio")
			})
		}
	}
}

// nationalSized repeats the rows of a ranking answer until it has n, each copy with its own
// unit code and its own figures (drawn from a fixed seed), so that the coding finds no more
// repetition than in a real national ranking.
func nationalSized(b *testing.B, answer []byte, n int) []byte {
	var a struct {
		Data struct {
			Ranking []map[string]any `json:"ranking"`
		} `json:"data"`
	}
	if err := json.Unmarshal(answer, &a); err != nil || len(a.Data.Ranking) == 0 {
		b.Fatalf("not a ranking (%v): %.100s", err, answer)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	percent := func() float64 { return math.Round(rnd.Float64()*6000)/100 + 40 }
	rows := make([]map[string]any, n)
	for i := range rows {
		row := maps.Clone(a.Data.Ranking[i%len(a.Data.Ranking)])
		unit := maps.Clone(row["unit"].(map[string]any))
		unit["code"] = strconv.Itoa(10_000 + i*3)
		row["unit"], row["rank"], row["percent"], row["points"] = unit, 1+rnd.IntN(n), percent(), math.Round(rnd.Float64()*8000)/100
		var fields []any
		for _, f := range row["fields"].([]any) {
			f := maps.Clone(f.(map[string]any))
			f["percent"], f["rank"] = percent(), 1+rnd.IntN(n)
			fields = append(fields, f)
		}
		row["fields"] = fields
		rows[i] = row
	}
	a.Data.Ranking = rows
	out, err := json.Marshal(a)
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkCachedGET measures a GET answered from memory, as it is and in each coding: the coded
// bytes are kept with the answer, so a hot answer costs no compression.
func BenchmarkCachedGET(b *testing.B) {
	h, _ := newTestEndpoint(b, DefaultLimits())
	target := "/graphql?query=" + url.QueryEscape(`{ ranking(year: 2023) { unit { code name kind } year points maxPoints percent rank group { code label }
		fields { field { slug } percent rank } } }`)
	for _, coding := range append([]string{""}, codings...) {
		ae := map[string]string{"Accept-Encoding": coding}
		for range 3 {
			do(h, http.MethodGet, target, "", ae) // run, kept, coded bytes kept
		}
		b.Run(cmpOr(coding, "identity"), func(b *testing.B) {
			var n int
			for b.Loop() {
				rec := do(h, http.MethodGet, target, "", ae)
				if rec.Code != 200 || rec.Header().Get("Content-Encoding") != coding {
					b.Fatal(rec.Code, rec.Header())
				}
				n = rec.Body.Len()
			}
			b.ReportMetric(float64(n), "bytes")
		})
	}
}
