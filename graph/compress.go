package graph

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Content codings of answers.
const (
	codingBrotli = "br"
	codingZstd   = "zstd"
	codingGzip   = "gzip"
)

// The order a coding is chosen in when a client weighs several equally depends on how often an
// answer is compressed (BenchmarkCompressAnswer). An answer kept in memory (at most
// Limits.MaxCachedAnswerBytes) is compressed once per release and its coded bytes kept: brotli's
// are the smallest, 10 % under gzip. A larger answer or an export is compressed every time:
// zstd is 8 to 12 times faster than brotli at that size, for bytes near gzip's.
var (
	codingsKept     = []string{codingBrotli, codingZstd, codingGzip}
	codingsStreamed = []string{codingZstd, codingGzip, codingBrotli}
	codings         = codingsKept // every coding
)

// Levels, chosen from BenchmarkCompressAnswer: beyond them each coding costs much more time for a
// few per cent fewer bytes. Brotli has a faster level for answers compressed every time.
const (
	brotliLevel     = 5
	brotliFastLevel = 3
	gzipLevel       = 6 // the package's default is 5: 3 % more bytes here, no faster
)

// minCompressBytes is the smallest answer worth compressing: below it the coding's framing and
// the client's work take back most of what is saved.
const minCompressBytes = 1 << 10

// A streamed answer's coded bytes are flushed to the client after streamFlushBytes of the answer
// or streamFlushInterval, whichever comes first: brotli would otherwise hold megabytes before it
// writes, and an export read slowly from the database still reaches the client (and a proxy's
// read timeout) as it goes. Each flush ends a block, but the window stays: it costs a few bytes.
const (
	streamFlushBytes    = 256 << 10
	streamFlushInterval = time.Second
)

// negotiateCoding returns the content coding to answer in for an Accept-Encoding header, or ""
// for none (identity). The coding with the highest q-value wins; a tie goes to the earlier in
// order (codingsKept or codingsStreamed); q=0 refuses a coding; "*" weighs every coding not named; an identity (or "*") named
// with a higher q-value than every coding is kept as it is. Without the header, or when nothing
// matches, the answer is not compressed.
func negotiateCoding(header string, order []string) string {
	if header == "" {
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
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0 // a malformed weight is not a promise to decode
				}
				q = f
			}
		}
		if name != "" {
			weights[name] = q
		}
	}
	weight := func(name string) (float64, bool) {
		if q, ok := weights[name]; ok {
			return q, true
		}
		q, ok := weights["*"]
		return q, ok
	}
	best, bestQ := "", 0.0
	for _, c := range order {
		if q, ok := weight(c); ok && q > bestQ {
			best, bestQ = c, q
		}
	}
	if best == "" {
		return ""
	}
	if q, ok := weight("identity"); ok && q > bestQ {
		return ""
	}
	return best
}

// compressible reports whether an answer of this media type gains from compression: text and
// JSON do; Parquet, XLSX and zip are compressed already.
func compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return strings.HasPrefix(mt, "text/") || mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// encoder is what the three codings' writers have in common.
type encoder interface {
	io.WriteCloser
	Flush() error
	Reset(io.Writer)
}

// encoders keeps writers of each coding, by name and effort (fast or not), for reuse: a brotli
// or zstd writer allocates its window and tables, hundreds of kilobytes, when it is made. It is
// safe for concurrent use.
var encoders = map[encoderKind]*sync.Pool{
	{codingBrotli, false}: {New: func() any { return brotli.NewWriterLevel(io.Discard, brotliLevel) }},
	{codingBrotli, true}:  {New: func() any { return brotli.NewWriterLevel(io.Discard, brotliFastLevel) }},
	{codingGzip, false}:   {New: newGzip},
	{codingGzip, true}:    {New: newGzip},
	{codingZstd, false}:   {New: newZstd},
	{codingZstd, true}:    {New: newZstd},
}

type encoderKind struct {
	coding string
	fast   bool // compressed every time, not kept
}

func newGzip() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzipLevel) // the level is valid
	return w
}

func newZstd() any {
	// One goroutine per writer: the answer is written by the request's own. The window stays
	// within the 8 MB that browsers accept for zstd over HTTP.
	w, _ := zstd.NewWriter(io.Discard, zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(4<<20)) // the options are valid
	return w
}

// newEncoder returns a writer of the kind into w, from the pool.
func newEncoder(kind encoderKind, w io.Writer) encoder {
	e := encoders[kind].Get().(encoder)
	e.Reset(w)
	return e
}

// releaseEncoder gives a closed writer back to the pool.
func releaseEncoder(kind encoderKind, e encoder) {
	e.Reset(io.Discard)
	encoders[kind].Put(e)
}

// compressBytes returns b in the coding; fast when the answer is not kept.
func compressBytes(coding string, fast bool, b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b) / 4)
	kind := encoderKind{coding, fast}
	e := newEncoder(kind, &out)
	e.Write(b) // writes into a bytes.Buffer do not fail
	e.Close()
	releaseEncoder(kind, e)
	return out.Bytes()
}

// compressedStream compresses a streamed answer into an http.ResponseWriter. What the coding
// holds back is flushed to the client at least every streamFlushInterval, and by Close.
type compressedStream struct {
	kind     encoderKind
	enc      encoder
	rc       *http.ResponseController
	interval time.Duration
	flushed  time.Time // when the last flush was
	held     int       // bytes written since
}

// newCompressedStream starts a compressed answer in the coding into w. Its headers must be set
// by the caller (see setCoding).
func newCompressedStream(coding string, w http.ResponseWriter) *compressedStream {
	kind := encoderKind{coding, true}
	return &compressedStream{kind: kind, enc: newEncoder(kind, w), rc: http.NewResponseController(w),
		interval: streamFlushInterval, flushed: time.Now()}
}

func (s *compressedStream) Write(p []byte) (int, error) {
	n, err := s.enc.Write(p)
	s.held += n
	if err == nil && (s.held >= streamFlushBytes || time.Since(s.flushed) >= s.interval) {
		err = s.flush()
	}
	return n, err
}

func (s *compressedStream) flush() error {
	s.flushed, s.held = time.Now(), 0
	if err := s.enc.Flush(); err != nil {
		return err
	}
	if err := s.rc.Flush(); err != nil && err != http.ErrNotSupported {
		return err
	}
	return nil
}

// Close ends the coding's stream, sends what it held and gives the writer back for reuse.
func (s *compressedStream) Close() error {
	if err := s.enc.Close(); err != nil {
		return err // the writer is left to the garbage collector: its state is unknown
	}
	releaseEncoder(s.kind, s.enc)
	if err := s.rc.Flush(); err != nil && err != http.ErrNotSupported {
		return err
	}
	return nil
}

// setCoding marks an answer as varying with Accept-Encoding and, when coding is not "", as
// compressed in it. Any Content-Length set before no longer holds.
func setCoding(h http.Header, coding string) {
	addVary(h, "Accept-Encoding")
	if coding != "" {
		h.Set("Content-Encoding", coding)
		h.Del("Content-Length")
	}
}

// addVary adds a header name to Vary, keeping the names already there (rs/cors puts Origin there
// before the endpoint runs), all on one line: nginx before 1.23 caches by only one of several
// Vary lines.
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
