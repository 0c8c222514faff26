package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/parindex/parindex/graph"
)

// widths are the viewports a leader opens the pages in: a phone and a desktop.
var widths = []int64{375, 1280}

// viewport sets the tab to a phone (375 px, mobile) or a desktop width.
func viewport(width int64) chromedp.Action[chromedp.Void] {
	if width < 600 {
		return chromedp.EmulateViewport(width, 800, chromedp.EmulateMobile)
	}
	return chromedp.EmulateViewport(width, 1000)
}

// responseHeaders records the headers of every response the tab receives, by URL path.
type responseHeaders struct {
	mu      sync.Mutex
	headers map[string]map[string]string // path -> lower-case name -> value
}

func listenResponses(t *testing.T, ctx context.Context) *responseHeaders {
	t.Helper()
	rh := &responseHeaders{headers: map[string]map[string]string{}}
	err := chromedp.Listen(ctx, func(ev any) {
		e, ok := ev.(*network.EventResponseReceived)
		if !ok || e.Response == nil {
			return
		}
		h := map[string]string{}
		for k, v := range e.Response.Headers {
			h[strings.ToLower(k)] = fmt.Sprint(v)
		}
		path := e.Response.URL
		if i := strings.Index(path, "://"); i >= 0 {
			if j := strings.Index(path[i+3:], "/"); j >= 0 {
				path = path[i+3+j:]
			}
		}
		rh.mu.Lock()
		rh.headers[path] = h
		rh.mu.Unlock()
	})
	if err != nil {
		t.Fatalf("listen to responses: %v", err)
	}
	return rh
}

func (rh *responseHeaders) get(path string) (map[string]string, bool) {
	rh.mu.Lock()
	defer rh.mu.Unlock()
	h, ok := rh.headers[path]
	return h, ok
}

// TestBrowserDelivery checks what reaches a browser on a phone and on a desktop: the app's
// scripts and style in brotli, the icon, and the API explorer, in Vietnamese, fitting a phone,
// opening on a parindex query and drawing its Vietnamese answer in a font that has the letters.
func TestBrowserDelivery(t *testing.T) {
	browserCtx := newBrowser(t)
	server := httptest.NewServer(mustRoutes(t, openStore(t), config{limits: graph.DefaultLimits()}))
	t.Cleanup(server.Close)
	srv := server.URL

	for _, width := range widths {
		t.Run(fmt.Sprintf("the app's scripts arrive in brotli at %d px", width), func(t *testing.T) {
			ctx := newTab(t, browserCtx)
			rh := listenResponses(t, ctx)
			must(t, ctx, "open /", viewport(width), chromedp.Navigate(srv+"/?year=2023"),
				chromedp.WaitVisible(chromedp.CSS(`#ranking-chart[data-ready="true"]`)))
			// Every script and style the page loaded, with the sizes Resource Timing saw.
			type entry struct {
				Name    string  `json:"name"`
				Encoded float64 `json:"encoded"`
				Decoded float64 `json:"decoded"`
			}
			entries := eval[[]entry](t, ctx, `[...document.querySelectorAll('script[src], link[rel="stylesheet"], link[rel="modulepreload"]')]
				.map(e => new URL(e.src || e.href).pathname)
				.concat(performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.startsWith('/assets/')))
				.filter((p, i, all) => all.indexOf(p) === i)
				.map(p => { const r = performance.getEntriesByName(location.origin + p)[0]; return {name: p, encoded: r ? r.encodedBodySize : -1, decoded: r ? r.decodedBodySize : -1}; })`)
			if len(entries) < 3 {
				t.Fatalf("the page loaded %d scripts and styles (%v); want the entry, the app, ECharts and the style", len(entries), entries)
			}
			var encoded, decoded float64
			for _, e := range entries {
				h, ok := rh.get(e.Name)
				switch {
				case !ok:
					t.Errorf("%s: no response seen", e.Name)
				case h["content-encoding"] != "br":
					t.Errorf("%s: Content-Encoding %q, want br", e.Name, h["content-encoding"])
				case h["cache-control"] != "public, max-age=31536000, immutable" || !strings.Contains(h["vary"], "Accept-Encoding"):
					t.Errorf("%s: Cache-Control %q, Vary %q; want immutable, varying with Accept-Encoding", e.Name, h["cache-control"], h["vary"])
				}
				if !(e.Encoded > 0 && e.Encoded < e.Decoded) {
					t.Errorf("%s: %v bytes sent for %v bytes of script: not compressed", e.Name, e.Encoded, e.Decoded)
				}
				encoded += e.Encoded
				decoded += e.Decoded
			}
			if h, ok := rh.get("/?year=2023"); !ok || h["content-encoding"] != "br" || h["cache-control"] != "no-cache" {
				t.Errorf("the page itself: %v; want br and no-cache", h)
			}
			t.Logf("%d scripts and styles: %.0f bytes sent for %.0f", len(entries), encoded, decoded)
		})
	}

	t.Run("the icon", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open /", chromedp.Navigate(srv+"/?year=2023"), chromedp.WaitVisible(chromedp.CSS(`#ranking-chart[data-ready="true"]`)))
		for _, icon := range []string{"/favicon.ico", "/favicon.svg"} {
			size, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise((resolve) => { const i = new Image(); i.onload = () => resolve(i.naturalWidth + 'x' + i.naturalHeight); i.onerror = () => resolve('error'); i.src = '`+icon+`'; })`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("load %s: %v", icon, err)
			}
			if size != "32x32" && !(icon == "/favicon.ico" && size == "16x16") {
				t.Errorf("%s loads as an image of %s; want 32x32", icon, size)
			}
		}
		if href := eval[string](t, ctx, `document.querySelector('link[rel="icon"]').getAttribute('href')`); href != "/favicon.svg" {
			t.Errorf("the page's icon link is %q, want /favicon.svg", href)
		}
	})

	for _, width := range widths {
		t.Run(fmt.Sprintf("the explorer at %d px", width), func(t *testing.T) {
			ctx := newTab(t, browserCtx)
			must(t, ctx, "open /graphiql", viewport(width), recordPolicyViolations, chromedp.Navigate(srv+"/graphiql"),
				chromedp.WaitVisible(chromedp.CSS(`.graphiql-query-editor .CodeMirror`)))
			if got := eval[string](t, ctx, `document.documentElement.lang + ' | ' + document.querySelector('meta[name="viewport"]').content + ' | ' + document.querySelector('link[rel="icon"]')?.getAttribute('href')`); got != "vi | width=device-width, initial-scale=1 | /favicon.svg" {
				t.Errorf("lang | viewport | icon = %q; want vi, a device-width viewport and the icon", got)
			}
			query := eval[string](t, ctx, `document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue()`)
			if strings.Contains(query, "Welcome to GraphiQL") || !strings.Contains(query, `ranking(year: 2023, parent: "943")`) || !strings.Contains(query, "Bấm") || !strings.Contains(query, "Press") {
				t.Errorf("the explorer opens on %q; want parindex's ranking of Kế Sách with a note in Vietnamese and English", query)
			}
			must(t, ctx, "run the query", chromedp.Click(chromedp.CSS(`.graphiql-execute-button`)))
			answer := waitFor(t, ctx, `document.querySelector('.result-window .CodeMirror').CodeMirror.getValue().includes('Thị trấn Kế Sách')`, "true")
			if answer != "true" {
				t.Fatalf("the result pane does not show the ranking: %q", eval[string](t, ctx, `document.querySelector('.result-window').textContent.slice(0, 300)`))
			}
			if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(width) {
				t.Errorf("the explorer is %d px wide at %d px", w, width)
			}
			// Letters with two marks (ấ, ố, ế), in the answer and in the query's comment.
			checkVietnameseGlyphs(t, ctx, "result-window", "Rất tốt")
			checkVietnameseGlyphs(t, ctx, "result-window", "Xã An Mỹ")
			checkVietnameseGlyphs(t, ctx, "graphiql-query-editor", "Xếp hạng các xã")
			if v := eval[[]string](t, ctx, `window.policyViolations`); len(v) > 0 {
				t.Errorf("the Content-Security-Policy refused %q", v)
			}
			screenshot(t, ctx, fmt.Sprintf("graphiql-vi-%d", width))

			// The schema's documentation opens beside the editors and fits too.
			must(t, ctx, "open the documentation", chromedp.Click(chromedp.CSS(`button[aria-label="Show Documentation Explorer"]`)),
				chromedp.WaitVisible(chromedp.CSS(`.graphiql-plugin .graphiql-doc-explorer`)))
			if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(width) {
				t.Errorf("with the documentation open the explorer is %d px wide at %d px", w, width)
			}
			if w := eval[int](t, ctx, `Math.round(document.querySelector('.graphiql-plugin').getBoundingClientRect().width)`); width < 600 && w < 280 {
				t.Errorf("the documentation is %d px wide on a %d px phone; want it to take the width", w, width)
			}
			screenshot(t, ctx, fmt.Sprintf("graphiql-docs-vi-%d", width))
		})
	}
}

// checkVietnameseGlyphs finds the innermost span under the element of class scope whose text
// holds want and checks, with the fonts chromium reports for it, that each letter was drawn as one
// glyph of one font: a font without Vietnamese letters (GraphiQL's Fira Code) draws "ấ" as "a" and
// two marks, in up to three glyphs and two fonts, and the marks float apart from the letter.
func checkVietnameseGlyphs(t *testing.T, ctx context.Context, scope, want string) {
	t.Helper()
	// Mark the span, then ask chromium for the fonts of the marked node.
	found := eval[[]string](t, ctx, `(() => {
		const spans = [...document.querySelectorAll('.`+scope+` .CodeMirror-code span')].filter(s => s.textContent.includes(`+jsString(want)+`) && ![...s.querySelectorAll('span')].some(c => c.textContent.includes(`+jsString(want)+`)));
		if (!spans.length) return [];
		spans[0].setAttribute('data-glyph-probe', '');
		return [spans[0].textContent, getComputedStyle(spans[0]).fontFamily];
	})()`)
	if len(found) != 2 {
		t.Errorf("no span in .%s holds %q", scope, want)
		return
	}
	text, family := found[0], found[1]
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(`.`+scope+` [data-glyph-probe]`)))
	if err != nil || len(nodes) == 0 {
		t.Errorf("the span of %q: %v", text, err)
		return
	}
	fonts, err := chromedp.Run(ctx, chromedp.Action[css.GetPlatformFontsForNodeResult](func(ctx context.Context, tg *chromedp.Target) (css.GetPlatformFontsForNodeResult, error) {
		return cdp.Call(ctx, tg, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: nodes[0].NodeID})
	}))
	if err != nil {
		t.Errorf("fonts of %q: %v", text, err)
		return
	}
	var glyphs float64
	var used []string
	for _, f := range fonts.Fonts {
		glyphs += f.GlyphCount
		used = append(used, fmt.Sprintf("%s (%v glyphs)", f.FamilyName, f.GlyphCount))
	}
	t.Logf("%q in %s: drawn with %s", text, family, strings.Join(used, ", "))
	// A letter drawn whole is one glyph (chromium counts fewer where a run is shaped once for
	// several nodes); "ấ" drawn as "a" and two marks is three, and a mark from another font
	// brings that font into the list.
	if chars := utf8.RuneCountInString(text); len(fonts.Fonts) != 1 || glyphs > float64(chars) {
		t.Errorf("%q (%d characters) is drawn with %s; want one font, a glyph a letter (font-family %s)", text, chars, strings.Join(used, ", "), family)
	}
}

// TestServedInBrotli asks the binary's routes (main.go's, with the access log and every
// middleware) for the app's page, each script and style it names, the explorer and the icon as
// a browser does (Accept-Encoding: gzip, deflate, br, zstd), and checks that each comes in
// brotli, decodes, and carries its caching headers: nothing in the chain drops the coding or
// compresses twice.
func TestServedInBrotli(t *testing.T) {
	server := httptest.NewServer(mustRoutes(t, openStore(t), config{limits: graph.DefaultLimits()}))
	t.Cleanup(server.Close)
	// The client must not ask for gzip and decode it itself.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	get := func(path string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, server.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		coded, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		if res.Header.Get("Content-Encoding") != "br" || res.Header.Get("Content-Length") != strconv.Itoa(len(coded)) ||
			!strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: %d, Content-Encoding %q, Content-Length %q for %d bytes, Vary %q, X-Content-Type-Options %q; want br, its length, Vary: Accept-Encoding, nosniff",
				path, res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Content-Length"), len(coded), res.Header.Get("Vary"), res.Header.Get("X-Content-Type-Options"))
		}
		body, err := io.ReadAll(brotli.NewReader(bytes.NewReader(coded)))
		if err != nil || len(body) <= len(coded) {
			t.Errorf("GET %s: %d bytes of brotli decode to %d bytes: %v", path, len(coded), len(body), err)
		}
		return res, body
	}

	res, index := get("/")
	if res.Header.Get("Cache-Control") != "no-cache" || !strings.HasPrefix(res.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("GET /: Cache-Control %q, Content-Security-Policy %q; want no-cache and the app's policy", res.Header.Get("Cache-Control"), res.Header.Get("Content-Security-Policy"))
	}
	if res, _ := get("/?view=profile&unit=31564"); res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("a route of the app: Cache-Control %q, want no-cache", res.Header.Get("Cache-Control"))
	}
	assets := regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(string(index), -1)
	if len(assets) < 2 {
		t.Fatalf("index.html names %d scripts and styles: %s", len(assets), index)
	}
	for _, m := range assets {
		if res, _ := get(m[1]); res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: Cache-Control %q, want immutable", m[1], res.Header.Get("Cache-Control"))
		}
	}
	if res, page := get("/graphiql"); !strings.Contains(string(page), `<html lang="vi">`) || !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self' 'sha256-") {
		t.Errorf("GET /graphiql: %.100s… with policy %q", page, res.Header.Get("Content-Security-Policy"))
	}
	if res, _ := get("/favicon.ico"); res.Header.Get("Content-Type") != "image/x-icon" {
		t.Errorf("GET /favicon.ico: Content-Type %q", res.Header.Get("Content-Type"))
	}
}
