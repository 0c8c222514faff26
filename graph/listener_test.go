package graph

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/analytics"
)

// TestListenerCodesNetHTTPRefusals serves parindex's routes as the binary does (MaxHeaderBytes,
// Listener) and sends what net/http refuses before any handler runs: each answer must be in the
// API's shape with its code, and ordinary requests must go on as before, on the same connection.
func TestListenerCodesNetHTTPRefusals(t *testing.T) {
	store, err := analytics.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	routes, err := NewRoutes(store, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{Limits: DefaultLimits()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: routes, MaxHeaderBytes: MaxHeaderBytes, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(Listener(ln))
	t.Cleanup(func() { srv.Close() })
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: 10 * time.Second}

	years := url.QueryEscape(`{ years }`)
	for _, tt := range []struct {
		name   string
		target string
		header map[string]string
		status int
		code   string
	}{
		{"a 900 KB query string", "/graphql?query=" + years + "&variables=" + url.QueryEscape(`{"pad":"`+strings.Repeat("x", 900<<10)+`"}`), nil, 414, CodeRequestTooLarge},
		{"a 900 KB export link", "/export?units=" + strings.Repeat("1,", 450<<10), nil, 414, CodeRequestTooLarge},
		{"a query string just over the limit, within net/http's", "/graphql?query=" + years + "&pad=" + strings.Repeat("x", MaxBodyBytes), nil, 414, CodeRequestTooLarge},
		{"headers of 200 KB", "/graphql?query=" + years, map[string]string{"X-Pad": strings.Repeat("x", 200<<10)}, 431, CodeRequestTooLarge},
		{"an ordinary GET", "/graphql?query=" + years, nil, 200, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, base+tt.target, nil)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
				tt.code != "" && !strings.Contains(string(body), `"code":"`+tt.code+`"`) || tt.code == "" && strings.Contains(string(body), `"errors"`) {
				t.Errorf("%d %s %.300s; want %d with %q", resp.StatusCode, resp.Header.Get("Content-Type"), body, tt.status, tt.code)
			}
		})
	}

	// A request net/http cannot parse, then nothing else: the connection is closed after a coded 400.
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(conn, "GET /graphql HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || !strings.Contains(string(body), `"code":"`+CodeBadRequest+`"`) {
		t.Errorf("a malformed header: %d %s", resp.StatusCode, body)
	}

	// Answers of handlers pass through untouched, request after request on one connection.
	conn2, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close()
	conn2.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn2)
	for i := range 3 {
		io.WriteString(conn2, "GET /graphql?query="+years+" HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"years"`) {
			t.Errorf("request %d on one connection: %d %s", i, resp.StatusCode, body)
		}
	}
}
