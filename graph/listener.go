package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
)

// MaxHeaderBytes is the http.Server's MaxHeaderBytes for parindex: a request line and headers of
// at most the body's limit. net/http reads and checks a whole request line before any handler
// runs: a server that took megabyte URLs in order to answer them 414 spent most of its time doing
// so under hostile clients (BENCHMARKS.md, the soak). Past this limit net/http refuses the request
// itself; Listener gives that refusal the API's shape and code.
const MaxHeaderBytes = MaxBodyBytes

// Listener wraps ln so that the refusals net/http writes itself, before any handler runs (a
// request line or headers over MaxHeaderBytes, a malformed request), are answered in the API's
// error shape with a code, as every other error: a request line too long is 414 and headers too
// large are 431, both REQUEST_TOO_LARGE; a malformed request keeps its status, BAD_REQUEST.
// Serve plain HTTP on it (parindex does not terminate TLS).
func Listener(ln net.Listener) net.Listener { return codedListener{ln} }

type codedListener struct{ net.Listener }

func (l codedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &codedConn{Conn: c}, nil
}

// codedConn recognises net/http's own refusals among what is written to the connection: each is
// one write of a status line and these very headers, which no handler's answer has.
type codedConn struct {
	net.Conn
	lineEnded atomic.Bool // a line end was read since the last answer: the request line is whole
}

// netHTTPRefusal is what follows the status line of a refusal net/http writes itself.
var netHTTPRefusal = []byte("\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n")

func (c *codedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && bytes.IndexByte(p[:n], '\n') >= 0 {
		c.lineEnded.Store(true)
	}
	return n, err
}

func (c *codedConn) Write(p []byte) (int, error) {
	if answer, ok := c.coded(p); ok {
		if _, err := c.Conn.Write(answer); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	c.lineEnded.Store(false) // the next request starts after this answer
	return c.Conn.Write(p)
}

// coded returns the API's answer for a refusal of net/http's, and whether p is one.
func (c *codedConn) coded(p []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(p, []byte("HTTP/1.1 "))
	if !ok {
		return nil, false
	}
	statusLine, text, ok := bytes.Cut(rest, netHTTPRefusal)
	if !ok || len(statusLine) < 3 || bytes.IndexByte(statusLine, '\n') >= 0 {
		return nil, false
	}
	status, err := strconv.Atoi(string(statusLine[:3]))
	if err != nil || status < 400 {
		return nil, false
	}
	code, message := CodeBadRequest, string(text)
	if status == http.StatusRequestHeaderFieldsTooLarge {
		code = CodeRequestTooLarge
		message = fmt.Sprintf("the request's headers are larger than %d KiB", MaxHeaderBytes>>10)
		if !c.lineEnded.Load() {
			status = http.StatusRequestURITooLong
			message = fmt.Sprintf("the request line is longer than %d KiB (a larger GraphQL request goes in a POST body)", MaxHeaderBytes>>10)
		}
	}
	body, _ := json.Marshal(map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": code}}},
	})
	return fmt.Appendf(nil, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s",
		status, http.StatusText(status), mediaJSON, len(body), body), true
}
