package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/parindex/parindex/graph"
)

// recordLayoutShifts keeps, in window.layoutShift of every page the tab opens next, the sum of the
// layout shifts not caused by the reader (as Lighthouse's CLS counts them, but summed over the
// whole load rather than its worst window: never less), and in window.shifted what moved.
var recordLayoutShifts chromedp.Action[chromedp.Void] = func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
	_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
		window.layoutShift = 0;
		window.shifted = [];
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) {
				if (e.hadRecentInput) continue;
				window.layoutShift += e.value;
				const what = (e.sources || []).map((s) => {
					const n = s.node;
					const name = !n ? '?' : n.nodeType !== 1 ? n.nodeName : n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') + (n.className && typeof n.className === 'string' ? '.' + n.className.split(' ').join('.') : '');
					return name + ' ' + s.previousRect.y + '→' + s.currentRect.y;
				});
				window.shifted.push(e.value.toFixed(4) + ' at ' + Math.round(e.startTime) + ' ms: ' + what.join(', '));
			}
		}).observe({ type: 'layout-shift', buffered: true });`})
	return chromedp.Void{}, err
}

// everyChartReady is true once the view shown has drawn: no panel is loading and every chart
// shown says data-ready="true".
const everyChartReady = `(() => {
	const view = [...document.querySelectorAll('#main > .view')].find((v) => !v.hidden);
	if (!view || view.querySelector('[aria-busy="true"]')) return false;
	const charts = [...view.querySelectorAll('.chart')].filter((c) => !c.hidden && !c.closest('[hidden]'));
	return charts.every((c) => c.dataset.ready === 'true') && (charts.length > 0 || view.querySelector('table tbody tr') !== null);
})()`

// assetsJS lists the scripts and style sheets the page loaded: name, bytes sent (encodedBodySize)
// and bytes decoded.
const assetsJS = `performance.getEntriesByType('resource')
	.filter((e) => /\/assets\/[^/]+\.(js|css)$/.test(e.name))
	.map((e) => [e.name.replace(/^.*\/assets\//, ''), e.encodedBodySize, e.decodedBodySize])`

// TestBrowserPerf opens each view at 375 px (a phone) and 1280 px and checks what does not depend
// on the machine: nothing moves while the page loads (layout shift ≤ 0.05 until every chart is
// drawn), each view loads only the chart types it draws, and the compressed bytes of its
// scripts and styles stay within a budget (where the server compresses them).
func TestBrowserPerf(t *testing.T) {
	browserCtx := newBrowser(t)
	server := httptest.NewServer(mustRoutes(t, openStore(t), config{limits: graph.DefaultLimits()}))
	t.Cleanup(server.Close)

	views := []struct {
		name, path string
		// Whether its layout shift is held to 0.05 (else it is only logged).
		steady bool
		// Chunks the view must load and must not load (by the start of their names).
		loads, skips []string
		// The most bytes of scripts and styles sent compressed, in KiB: brotli, as browsers get
		// them from localhost or over HTTPS (about a tenth over what they weigh now).
		budget int
	}{
		{"overview", "/", true, []string{"echarts-core-", "echarts-bar-", "overview-"},
			[]string{"echarts-line-", "echarts-radar-", "echarts-heatmap-", "echarts-markline-", "profile-", "compare-", "tableview-"}, 200},
		{"profile", "/?view=profile&unit=31552@2025-07-01", true, []string{"echarts-core-", "echarts-line-", "echarts-radar-", "echarts-bar-", "profile-"},
			[]string{"echarts-heatmap-", "overview-", "compare-", "tableview-"}, 215},
		// A profile with a history (merged into a 2025 commune) and a year before the 2025 reorganisation.
		{"profile-history", "/?view=profile&year=2023&unit=31564@2025-03-01", true, []string{"echarts-core-", "echarts-line-", "echarts-radar-", "echarts-bar-", "profile-"},
			[]string{"echarts-heatmap-", "overview-", "compare-", "tableview-"}, 215},
		{"compare", "/?view=compare&year=2023", true, []string{"echarts-core-", "echarts-line-", "echarts-heatmap-", "compare-"},
			[]string{"echarts-radar-", "echarts-bar-", "overview-", "profile-"}, 205},
		{"table", "/?view=table&year=2023", true, []string{"tableview-"},
			[]string{"echarts-core-", "echarts-line-", "echarts-radar-", "echarts-heatmap-", "echarts-bar-", "profile-", "compare-"}, 40},
	}
	for _, v := range views {
		for _, width := range []int64{375, 1280} {
			t.Run(fmt.Sprintf("%s at %d px", v.name, width), func(t *testing.T) {
				ctx := newTab(t, browserCtx)
				must(t, ctx, "viewport", chromedp.EmulateViewport(width, 812), recordLayoutShifts)
				must(t, ctx, "open "+v.path, chromedp.Navigate(server.URL+v.path))
				if got := waitFor(t, ctx, everyChartReady, "true"); got != "true" {
					t.Fatalf("the %s was not drawn within 15 s", v.name)
				}
				// Two frames, so that a shift caused by the last drawing is recorded.
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`,
					chromedp.EvalAwaitPromise)); err != nil {
					t.Fatal(err)
				}
				screenshot(t, ctx, fmt.Sprintf("perf-%s-%d", v.name, width))
				// The view is shown once its first panel is drawn, not when the cap runs out (the
				// table, without a chart, once waited the whole cap, invisible).
				waitFor(t, ctx, `!document.querySelector('main').classList.contains('settling')`, "true")
				if settled := eval[string](t, ctx, `document.querySelector('main').dataset.settled ?? ''`); settled == "timeout" {
					t.Errorf("the %s stayed transparent until the cap: its first panel was never seen as drawn", v.name)
				}
				if shift := eval[float64](t, ctx, `window.layoutShift`); shift > 0.05 && !v.steady {
					t.Logf("layout shift while the %s loads: %.3f (not checked); what moved:\n%s", v.name, shift,
						strings.Join(eval[[]string](t, ctx, `window.shifted`), "\n"))
				} else if shift > 0.05 {
					t.Errorf("layout shift while the %s loads: %.3f, want ≤ 0.05; what moved:\n%s", v.name, shift,
						strings.Join(eval[[]string](t, ctx, `window.shifted`), "\n"))
				}

				assets := eval[[][]any](t, ctx, assetsJS)
				var names []string
				sent, decoded := 0.0, 0.0
				for _, a := range assets {
					names = append(names, a[0].(string))
					sent += a[1].(float64)
					decoded += a[2].(float64)
				}
				loaded := func(prefix string) bool {
					for _, n := range names {
						if strings.HasPrefix(n, prefix) {
							return true
						}
					}
					return false
				}
				for _, p := range v.loads {
					if !loaded(p) {
						t.Errorf("the %s did not load %s*; it loaded %v", v.name, p, names)
					}
				}
				for _, p := range v.skips {
					if loaded(p) {
						t.Errorf("the %s loaded %s*, code it does not draw with; it loaded %v", v.name, p, names)
					}
				}
				if width != 375 {
					return
				}
				if sent >= decoded {
					t.Errorf("the server sent the %s's assets uncompressed (%.0f KiB); want brotli (web.Handler, scripts/compress.mjs)", v.name, sent/1024)
					return
				}
				t.Logf("%s: %.0f KiB of scripts and styles sent (%.0f KiB decoded): %v", v.name, sent/1024, decoded/1024, names)
				if sent > float64(v.budget)*1024 {
					t.Errorf("the %s loads %.0f KiB of scripts and styles compressed, over its budget of %d KiB: %v", v.name, sent/1024, v.budget, names)
				}
			})
		}
	}
}
