package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/parindex/parindex/analytics"
	"github.com/parindex/parindex/graph"
)

// newBrowser starts one headless chromium for a test and its subtests (each subtest opens its
// own tab with newTab). Without chromium the test is skipped, unless PARINDEX_REQUIRE_BROWSER is
// set (make test sets it), where a missing browser is a failure.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("PARINDEX_REQUIRE_BROWSER") != "" {
			t.Fatal("chromium not found; make deps installs it")
		}
		t.Skip("chromium not found; make deps installs it")
	}
	scratch := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(scratch, "profile")),
		chromedp.WindowSize(1280, 1000),
		// Chromium leaves folders in TMPDIR: keep them in the test's scratch folder.
		chromedp.Env("TMPDIR="+scratch),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	return ctx
}

// newTab opens a tab of the shared browser at 1280×1000 with a deadline.
func newTab(t *testing.T, browserCtx context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	// Generous: the machine running CI may be busy; a passing run takes a few seconds per tab.
	ctx, cancelTimeout := context.WithTimeout(ctx, 120*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 1000)); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return ctx
}

// recordPolicyViolations keeps, in window.policyViolations of every page the tab opens next, what
// the page's Content-Security-Policy refused (as "directive blocked-address").
var recordPolicyViolations chromedp.Action[chromedp.Void] = func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
	_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
		window.policyViolations = [];
		document.addEventListener('securitypolicyviolation', (e) => window.policyViolations.push(e.violatedDirective + ' ' + e.blockedURI));`})
	return chromedp.Void{}, err
}

// screenshot saves a PNG of the page when PARINDEX_SCREENSHOTS names a folder, for a person to
// look at.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("PARINDEX_SCREENSHOTS")
	if dir == "" {
		return
	}
	// After two frames: a chart drawn just before (its SVG in the DOM, data-ready set) was
	// otherwise captured blank now and then.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`,
		chromedp.EvalAwaitPromise)); err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	// Quality 100 is PNG (anything less is JPEG, whatever the file is called).
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Errorf("screenshot: %v", err)
	}
}

func must(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %.60s: %v", js, err)
	}
	return v
}

// choose sets a <select> and fires its change event, as a person picking an option does.
func choose(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector(` + jsString(sel) + `); s.value = ` +
		jsString(value) + `; s.dispatchEvent(new Event('change', {bubbles: true})); })()`)
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

const tableRowsJS = `[...document.querySelectorAll('%s tbody tr')].map(tr => [...tr.cells].map(td => td.textContent.trim()).join(' | '))`

func tableRows(t *testing.T, ctx context.Context, table string) []string {
	t.Helper()
	return eval[[]string](t, ctx, strings.Replace(tableRowsJS, "%s", table, 1))
}

// TestBrowser opens the app as leaders would, one subtest per view, in one shared browser.
func TestBrowser(t *testing.T) {
	browserCtx := newBrowser(t)
	// The real routes, and a switch that makes /graphql answer 503 for the error-state test.
	var failing atomic.Bool
	routes := mustRoutes(t, openStore(t), config{limits: graph.DefaultLimits()})
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if failing.Load() && r.URL.Path == "/graphql" {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		routes.ServeHTTP(w, r)
	}))
	t.Cleanup(server.Close)
	srv := server.URL

	t.Run("overview: latest year first, change the year, back", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open /", chromedp.Navigate(srv+"/"), chromedp.WaitVisible(`#ranking-chart[data-ready="true"]`))
		// Measured, not asserted (BENCHMARKS.md): the app marks its first drawn chart.
		t.Logf("first chart drawn %.0f ms after navigation started", eval[float64](t, ctx, `performance.getEntriesByName('parindex:first-chart')[0].startTime`))
		t.Logf("%s", eval[string](t, ctx, `performance.getEntriesByType("resource").map(e => e.name.replace(location.origin, "") + " " + Math.round(e.startTime) + "-" + Math.round(e.responseEnd)).join("; ")`))
		must(t, ctx, "open / again", chromedp.Navigate(srv+"/?lang=en"), chromedp.WaitVisible(`#ranking-chart[data-ready="true"]`))
		t.Logf("again, assets cached: first chart drawn %.0f ms after navigation started", eval[float64](t, ctx, `performance.getEntriesByName('parindex:first-chart')[0].startTime`))
		must(t, ctx, "open / in Vietnamese", chromedp.Navigate(srv+"/"), chromedp.WaitVisible(`#ranking-chart[data-ready="true"]`))
		if year, count := eval[string](t, ctx, `document.querySelector('#ranking-chart').dataset.year + '/' + document.querySelector('#ranking-chart').dataset.count`), ""; year != "2025/6" {
			t.Errorf("the page opens on %s (year/bars)%s; want the latest year with the 6 communes of Cần Thơ: 2025/6", year, count)
		}
		// Every province is offered, and the page opens on the one with results (Cần Thơ in 2025).
		if v := eval[string](t, ctx, `[document.querySelector('#area').hidden, document.querySelector('#province').value, document.querySelectorAll('#province option').length, document.querySelector('#district').closest('.field').hidden].join()`); v != "false,92,34,true" {
			t.Errorf("2025 picker (hidden, province, provinces, district hidden) = %s; want false,92,34,true: the 34 provinces of 2025, Cần Thơ chosen, no districts", v)
		}
		must(t, ctx, "choose 2023", choose("#year", "2023"),
			chromedp.WaitVisible(`#ranking-chart[data-ready="true"][data-year="2023"]`),
			chromedp.WaitVisible(`#groups-chart[data-ready="true"][data-year="2023"]`),
			chromedp.WaitVisible(`#fields-chart[data-ready="true"][data-year="2023"]`),
			chromedp.WaitVisible(`#changes-chart[data-ready="true"][data-year="2023"]`))
		rows := tableRows(t, ctx, "table.ranking-table")
		if len(rows) != 13 || !strings.HasPrefix(rows[0], "1 | An Mỹ | 97,45\u00a0%") {
			t.Fatalf("2023 ranking table: %d rows, first %q; want 13 rows with An Mỹ first at 97,45 %%", len(rows), first(rows))
		}
		summary := eval[string](t, ctx, `document.querySelector('#summary').textContent`)
		if !strings.Contains(summary, "Xã An Mỹ đứng đầu") || !strings.Contains(summary, "So với năm 2022") {
			t.Errorf("the summary does not tell the year: %q", summary)
		}
		notice := eval[string](t, ctx, `document.querySelector('#notice').textContent`)
		if !strings.Contains(notice, "minh họa") || !strings.Contains(notice, "2234/QĐ-UBND") {
			t.Errorf("the notice does not say what is illustrative and what is real: %q", notice)
		}
		// Copy as GraphQL: the explorer link carries the exact document and variables.
		must(t, ctx, "copy as GraphQL", chromedp.Click(`#ranking [data-tool="copy"]`))
		if s := waitText(t, ctx, `#ranking .tool-status`); s != "Đã sao chép truy vấn GraphQL." {
			t.Errorf("after copy the panel says %q", s)
		}
		link := eval[string](t, ctx, `(() => { const u = new URL(document.querySelector('#ranking a.tool').href); return u.pathname + ' ' + u.searchParams.get('variables') + ' ' + u.searchParams.get('query').slice(0, 30); })()`)
		if !strings.HasPrefix(link, "/graphiql {\n  \"year\": 2023\n} query Overview($year: Int!)") {
			t.Errorf("explorer link %q, want /graphiql with the Overview query and year 2023", link)
		}
		// No request leaves the page's own origin.
		if other := eval[[]string](t, ctx, `performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))`); len(other) > 0 {
			t.Errorf("requests to other hosts: %q", other)
		}
		if url := eval[string](t, ctx, `location.search`); url != "?year=2023" {
			t.Errorf("URL query %q, want ?year=2023", url)
		}
		// 2023: the 63 provinces, Sóc Trăng's 11 districts after the whole province, Kế Sách chosen.
		if v := eval[string](t, ctx, `[document.querySelector('#province').value, document.querySelectorAll('#province option').length, document.querySelector('#district').value, document.querySelectorAll('#district option').length].join()`); v != "94,63,943,12" {
			t.Errorf("2023 picker (province, provinces, district, district options) = %s; want 94,63,943,12", v)
		}
		if h := eval[string](t, ctx, `document.querySelector('#ranking-heading').textContent`); h != "Xếp hạng các đơn vị năm 2023 – Huyện Kế Sách, Tỉnh Sóc Trăng" {
			t.Errorf("the ranking heading %q does not name the area the page opened on", h)
		}
		screenshot(t, ctx, "overview-2023-vi-1280")
		must(t, ctx, "back", chromedp.NavigateBack(), chromedp.WaitVisible(`#ranking-chart[data-ready="true"][data-year="2025"]`))
		if v := eval[string](t, ctx, `document.querySelector('#year').value`); v != "2025" {
			t.Errorf("after back the year select shows %s, want 2025", v)
		}
		// The 2024 → 2025 changes cross the reorganisation: today's communes are compared.
		if b := eval[string](t, ctx, `document.querySelector('#changes-chart').dataset.boundary`); b != "CURRENT" {
			t.Errorf("2025 changes drawn with boundary %q, want CURRENT", b)
		}
	})

	t.Run("the API explorer works without the internet and runs a linked query", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		query := url.QueryEscape(`{ ranking(year: 2023, parent: "943", first: 1) { unit { name } percent } }`)
		must(t, ctx, "open /graphiql", recordPolicyViolations, chromedp.Navigate(srv+"/graphiql?query="+query), chromedp.WaitVisible(`.graphiql-container`),
			chromedp.WaitVisible(`.graphiql-execute-button`), chromedp.Click(`.graphiql-execute-button`))
		answer := ""
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline) && !strings.Contains(answer, "percent"); time.Sleep(50 * time.Millisecond) {
			answer = eval[string](t, ctx, `document.querySelector('.result-window')?.textContent ?? ''`)
		}
		if !strings.Contains(answer, "An Mỹ") || !strings.Contains(answer, "97.45") {
			t.Errorf("the explorer's answer %q does not name An Mỹ at 97.45", answer)
		}
		if other := eval[[]string](t, ctx, `performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))`); len(other) > 0 {
			t.Errorf("the explorer loads from other hosts: %q", other)
		}
		must(t, ctx, "open the documentation", chromedp.Click(`.graphiql-sidebar button[aria-label$="Documentation Explorer"]`),
			chromedp.WaitVisible(`.graphiql-doc-explorer`))
		if v := eval[[]string](t, ctx, `window.policyViolations`); len(v) > 0 {
			t.Errorf("the explorer breaks its Content-Security-Policy: %q", v)
		}
		screenshot(t, ctx, "graphiql-1280")
	})

	t.Run("an error says what failed in Vietnamese, and retry recovers", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		failing.Store(true)
		must(t, ctx, "open while /graphql fails", chromedp.Navigate(srv+"/?year=2023"), chromedp.WaitVisible(`#app > .status[data-state="error"] button`))
		text := eval[string](t, ctx, `document.querySelector('#app > .status').textContent`)
		if !strings.Contains(text, "Không tải được dữ liệu: máy chủ trả lời lỗi HTTP 503") || !strings.Contains(text, "HTTP_503") {
			t.Errorf("error state %q", text)
		}
		failing.Store(false)
		must(t, ctx, "retry", chromedp.Click(`#app > .status button`), chromedp.WaitVisible(`#ranking-chart[data-ready="true"][data-year="2023"]`))
	})

	t.Run("keyboard: tabs, table toggle and sorting without a mouse", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open", chromedp.Navigate(srv+"/?year=2023"), chromedp.WaitVisible(`#ranking-chart[data-ready="true"]`),
			chromedp.Focus(`a.tab[data-view="table"]`), chromedp.KeyEvent("\r"),
			chromedp.WaitVisible(`table.all-table tbody tr`),
			chromedp.Focus(`table.all-table th:nth-child(2) button`), chromedp.KeyEvent("\r"), chromedp.KeyEvent("\r"))
		rows := tableRows(t, ctx, "table.all-table")
		if !strings.Contains(first(rows), "Xã Xuân Hòa") {
			t.Errorf("after sorting by unit twice with Enter (descending), first row %q, want Xã Xuân Hòa", first(rows))
		}
		if focused := eval[string](t, ctx, `document.activeElement.closest('th')?.textContent ?? ''`); !strings.HasPrefix(focused, "Đơn vị") {
			t.Errorf("focus after sorting is on %q, want the unit header", focused)
		}
		must(t, ctx, "overview by keyboard", chromedp.Focus(`a.tab[data-view="overview"]`), chromedp.KeyEvent("\r"),
			chromedp.WaitVisible(`#ranking .table-toggle`), chromedp.Focus(`#ranking .table-toggle`), chromedp.KeyEvent(" "),
			chromedp.WaitVisible(`#ranking-data:not(.sr-only)`))
	})

	t.Run("overview: a year without results is an empty state", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open 2010", chromedp.Navigate(srv+"/?year=2010"), chromedp.WaitVisible(`#ranking .status[data-state="empty"]`))
		text := eval[string](t, ctx, `document.querySelector('#ranking .status').textContent`)
		if !strings.Contains(text, "2010") || strings.Contains(text, "internal") {
			t.Errorf("empty state %q", text)
		}
	})

	t.Run("profile: sentences, charts, a former commune links to what it became", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open An Mỹ", chromedp.Navigate(srv+"/?view=profile&year=2023&unit=31564@2025-03-01"),
			chromedp.WaitVisible(`#trend-chart[data-ready="true"]`),
			chromedp.WaitVisible(`#radar-chart[data-ready="true"][data-year="2023"]`),
			chromedp.WaitVisible(`#criteria-chart[data-ready="true"]`),
			chromedp.WaitVisible(`#field-trend-chart[data-ready="true"][data-count="8"]`),
			chromedp.WaitVisible(`#rank-chart[data-ready="true"]`),
			chromedp.WaitVisible(`#successors a`))
		summary := eval[string](t, ctx, `document.querySelector('#profile-summary').textContent`)
		if !strings.Contains(summary, "Xã An Mỹ đứng đầu Huyện Kế Sách năm 2023") || !strings.Contains(summary, "Lĩnh vực yếu nhất là") {
			t.Errorf("profile sentences: %q", summary)
		}
		trend := tableRows(t, ctx, "table.trend-table")
		if len(trend) != 7 || !strings.HasPrefix(trend[6], "2025 | — |") {
			t.Errorf("An Mỹ's trend table %q: want 7 years, 2025 empty (merged), never 0", trend)
		}
		screenshot(t, ctx, "profile-an-my-vi-1280")
		must(t, ctx, "follow the successor", chromedp.Click(`#successors a`),
			chromedp.WaitVisible(`#trend-chart[data-ready="true"][data-unit="31552@2025-07-01"]`),
			chromedp.WaitVisible(`#history a`))
		if b := eval[string](t, ctx, `document.querySelector('#trend-chart').dataset.boundary`); b != "CURRENT" {
			t.Errorf("a commune created in 2025 is drawn with boundary %q, want CURRENT (its predecessors' history)", b)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('#history a').length`); n < 2 {
			t.Errorf("Nhơn Mỹ lists %d predecessors, want at least 2", n)
		}
		must(t, ctx, "back to An Mỹ", chromedp.NavigateBack(), chromedp.WaitVisible(`#trend-chart[data-ready="true"][data-unit="31564@2025-03-01"]`))
	})

	t.Run("profile: what a commune was before and what it became, nothing uncertain as fact", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		// Xã Nam An Phụ (2025): six communes, two of which had merged others by receivers the lists
		// do not establish. The default data has no results for it.
		must(t, ctx, "open Nam An Phụ", chromedp.Navigate(srv+"/?view=profile&unit=10705@2025-07-01"),
			chromedp.WaitVisible(`#history > li`), chromedp.WaitVisible(`#no-results`))
		events := eval[[]string](t, ctx, `[...document.querySelectorAll('#history > li')].map(li => li.querySelector('.event-head').textContent)`)
		if len(events) != 6 || events[0] != "01/07/2025 · Xã Nam An Phụ" || events[1] != "01/01/2025 · Xã Vũ Dũng" {
			t.Errorf("Nam An Phụ's history: %q; want 6 events, newest first, its own first", events)
		}
		vuDung := eval[[]string](t, ctx, `[...document.querySelectorAll('#history > li[data-unit="10762@2025-03-01"] .event-lines > li')].map(li => li.dataset.certainty + ' ' + li.textContent)`)
		if len(vuDung) != 3 || !strings.HasPrefix(vuDung[0], "ESTABLISHED Đổi tên, tên cũ: Xã Cổ Dũng") ||
			!strings.HasPrefix(vuDung[1], "INFERRED Có lẽ đã nhập vào đơn vị này — chưa xác lập chính thức") ||
			!strings.HasPrefix(vuDung[2], "CANDIDATE Có thể đã nhập vào đơn vị này, hoặc vào một đơn vị khác") {
			t.Errorf("Xã Vũ Dũng's event: %q; want the rename, then the inferred merger and the candidate, each saying how uncertain it is", vuDung)
		}
		if v := eval[string](t, ctx, `document.querySelector('#profile-summary').textContent`); !strings.Contains(v, "Chưa có kết quả chỉ số cải cách hành chính nào cho Xã Nam An Phụ.") || !strings.Contains(v, "parindex import") {
			t.Errorf("a unit without results: the summary says %q; want that it has none and how results are imported", v)
		}
		if shown := eval[[]string](t, ctx, `['trend', 'rank', 'field-trend', 'radar', 'criteria'].filter(id => !document.getElementById(id).hidden)`); len(shown) > 0 {
			t.Errorf("a unit without results shows the panels %q; want no empty charts", shown)
		}
		screenshot(t, ctx, "profile-history-nam-an-phu-vi-1280")

		// A link of the history opens that unit's profile.
		must(t, ctx, "open Xã Quang Thành from the history", chromedp.Click(`#history > li[data-unit="10705@2025-03-01"] .event-head a`),
			chromedp.WaitVisible(`#successors li`))
		if v := eval[string](t, ctx, `location.search + ' ' + document.querySelector('#successors').textContent`); v != "?view=profile&unit=10705@2025-03-01 Từ 01/07/2025 (sắp xếp đơn vị hành chính) thuộc: Xã Nam An Phụ" {
			t.Errorf("Quang Thành: %q; want its profile, saying what it became", v)
		}

		// A former commune whose receiver the lists do not name: candidates, never one of them as fact.
		must(t, ctx, "open Kênh Giang", chromedp.Navigate(srv+"/?view=profile&unit=10597@2018-10-16"), chromedp.WaitVisible(`#successors li`))
		if v := eval[string](t, ctx, `document.querySelector('#successors li').textContent`); !strings.HasPrefix(v, "Từ 10/01/2019 có thể đã nhập vào một trong: Phường An Lạc, ") ||
			!strings.Contains(v, "Danh mục chính thức không cho biết đơn vị nào đã nhận.") {
			t.Errorf("Kênh Giang became %q; want the candidates, saying the lists do not name the receiver", v)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('#successors a').length`); n != 6 {
			t.Errorf("Kênh Giang links %d candidates, want 6", n)
		}

		// A move names both districts (read from the units' own details).
		must(t, ctx, "open Hoà Thuận", chromedp.Navigate(srv+"/?view=profile&unit=01648@2025-03-01"), chromedp.WaitVisible(`#history .event-lines li`))
		if v := waitText(t, ctx, `#history .event-lines li`); v != "Chuyển từ Huyện Phục Hoà về Huyện Quảng Hòa, trước là: Thị trấn Hoà Thuận" {
			t.Errorf("Hoà Thuận's move: %q", v)
		}
		if v := eval[string](t, ctx, `document.querySelector('#history .event-lines a').getAttribute('href')`); !strings.HasSuffix(v, "unit=01648@2020-02-01") {
			t.Errorf("the earlier Hoà Thuận links to %q, want its own profile (01648@2020-02-01)", v)
		}
		must(t, ctx, "English", chromedp.Navigate(srv+"/?view=profile&unit=01648@2025-03-01&lang=en"), chromedp.WaitVisible(`#history .event-lines li`))
		if v := eval[string](t, ctx, `document.querySelector('#history .event-lines li').textContent`); v != "Moved from Huyện Phục Hoà to Huyện Quảng Hòa; formerly: Thị trấn Hoà Thuận" {
			t.Errorf("Hoà Thuận's move in English: %q", v)
		}
	})

	t.Run("profile of a Kế Sách commune: what it became, what a 2025 commune was made of", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open Nhơn Mỹ", chromedp.Navigate(srv+"/?view=profile&unit=31552@2025-07-01"),
			chromedp.WaitVisible(`#trend-chart[data-ready="true"]`), chromedp.WaitVisible(`#history li`))
		if v := eval[string](t, ctx, `document.querySelector('#history .event-lines li').textContent`); v != "Sắp xếp đơn vị hành chính, hợp thành từ: Xã An Mỹ, Xã Nhơn Mỹ, Xã Song Phụng" {
			t.Errorf("Nhơn Mỹ was made of %q", v)
		}
		screenshot(t, ctx, "profile-nhon-my-vi-1280")
		must(t, ctx, "open An Mỹ", chromedp.Click(`#history a[data-unit="31564@2025-03-01"]`), chromedp.WaitVisible(`#trend-chart[data-ready="true"][data-unit="31564@2025-03-01"]`))
		if v := eval[string](t, ctx, `document.querySelector('#profile-summary').textContent`); !strings.Contains(v, "Xã An Mỹ tồn tại đến hết ngày 30/06/2025.") {
			t.Errorf("An Mỹ's summary %q does not say until when it existed", v)
		}
	})

	t.Run("picker: a province and a district without results say so, and Kế Sách is one choice away", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open 2024", chromedp.Navigate(srv+"/?year=2024"), chromedp.WaitVisible(`#ranking-chart[data-ready="true"][data-count="13"]`))
		must(t, ctx, "choose Hà Nội", choose("#province", "01"), chromedp.WaitVisible(`#areas .status[data-state="empty"]`))
		if v := eval[string](t, ctx, `document.querySelector('#areas').textContent`); !strings.Contains(v, "Chưa có kết quả cho Thành phố Hà Nội năm 2024.") || !strings.Contains(v, "parindex import") {
			t.Errorf("Hà Nội without results: %q", v)
		}
		if v := eval[string](t, ctx, `[location.search, document.querySelector('#district').value, document.querySelectorAll('#district option').length, document.querySelector('#ranking').hidden, document.querySelector('#notice').hidden].join()`); v != "?year=2024&parent=01,01,31,true,true" {
			t.Errorf("after choosing Hà Nội (URL, district, district options, ranking hidden, notice hidden) = %s; want ?year=2024&parent=01,01,31,true,true", v)
		}
		screenshot(t, ctx, "picker-ha-noi-2024-vi-1280")
		must(t, ctx, "choose Ba Đình", choose("#district", "001"), chromedp.WaitVisible(`#areas .status[data-state="empty"]`))
		if v := waitText(t, ctx, `#areas .status`); v != "Chưa có kết quả cho Quận Ba Đình, Thành phố Hà Nội năm 2024." {
			t.Errorf("Ba Đình without results: %q", v)
		}
		// A district is found by name in the whole country.
		must(t, ctx, "find Kế Sách", chromedp.SendKeys(`#area-search`, "ke sach"), chromedp.WaitVisible(`#area-search-results button[data-area="943"]`),
			chromedp.Click(`#area-search-results button[data-area="943"]`), chromedp.WaitVisible(`#ranking-chart[data-ready="true"][data-count="13"]`))
		if v := eval[string](t, ctx, `location.search + ' ' + document.querySelector('#province').value`); v != "?year=2024&parent=943 94" {
			t.Errorf("after finding Kế Sách: %q", v)
		}
		// Back to Ba Đình, then 2025: its communes became part of Hà Nội, a province of 2025 still
		// without results.
		must(t, ctx, "back", chromedp.NavigateBack(), chromedp.WaitVisible(`#areas .status[data-state="empty"]`))
		must(t, ctx, "choose 2025", choose("#year", "2025"))
		if v := waitFor(t, ctx, `location.search + ' ' + document.querySelector('#areas .status').textContent`, "?year=2025&parent=01 Chưa có kết quả cho Thành phố Hà Nội năm 2025."); v != "?year=2025&parent=01 Chưa có kết quả cho Thành phố Hà Nội năm 2025." {
			t.Errorf("2025 from Ba Đình: %q; want Hà Nội of 2025, the province Ba Đình's communes became part of", v)
		}
	})

	t.Run("compare: pick communes by search, change the field, reload from the URL", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open compare", chromedp.Navigate(srv+"/?view=compare&year=2023"),
			chromedp.WaitVisible(`#lines-chart[data-ready="true"][data-count="3"]`),
			chromedp.WaitVisible(`#slope-chart[data-ready="true"]`),
			chromedp.WaitVisible(`#heatmap-chart[data-ready="true"][data-count="3"]`))
		must(t, ctx, "search without diacritics", chromedp.SendKeys(`#compare-search`, "phong nam"),
			chromedp.WaitVisible(`#compare-search-results button[data-unit="31537@2025-03-01"]`),
			chromedp.Click(`#compare-search-results button[data-unit="31537@2025-03-01"]`),
			chromedp.WaitVisible(`#lines-chart[data-ready="true"][data-count="4"]`),
			chromedp.WaitVisible(`#heatmap-chart[data-ready="true"][data-count="4"]`))
		must(t, ctx, "choose a field", choose("#compare-field", "direction"),
			chromedp.WaitVisible(`#lines-chart[data-ready="true"][data-field="direction"]`))
		must(t, ctx, "choose the slope's years", choose("#compare-from", "2020"),
			chromedp.WaitVisible(`#slope-chart[data-ready="true"][data-from="2020"]`))
		url := eval[string](t, ctx, `location.href`)
		for _, want := range []string{"view=compare", "units=", "31537@2025-03-01", "field=direction", "from=2020"} {
			if !strings.Contains(url, want) {
				t.Errorf("URL %s lacks %s", url, want)
			}
		}
		before := tableRows(t, ctx, "table.lines-table")
		screenshot(t, ctx, "compare-vi-1280")

		// A colleague opens the copied link: the same view.
		other := newTab(t, browserCtx)
		must(t, other, "open the copied URL", chromedp.Navigate(url),
			chromedp.WaitVisible(`#lines-chart[data-ready="true"][data-field="direction"][data-count="4"]`),
			chromedp.WaitVisible(`#slope-chart[data-ready="true"][data-from="2020"]`))
		if after := tableRows(t, other, "table.lines-table"); strings.Join(after, "\n") != strings.Join(before, "\n") {
			t.Errorf("the copied URL shows\n%q\nwant\n%q", after, before)
		}
		if v := eval[string](t, other, `document.querySelector('#compare-field').value`); v != "direction" {
			t.Errorf("field select %q after reload, want direction", v)
		}
	})

	t.Run("table: every number, sortable", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open table", chromedp.Navigate(srv+"/?view=table&year=2023"), chromedp.WaitVisible(`table.all-table tbody tr`))
		rows := tableRows(t, ctx, "table.all-table")
		if len(rows) != 13 || !strings.HasPrefix(rows[0], "1 | Xã An Mỹ") || strings.Count(rows[0], " | ") != 13 {
			t.Fatalf("table view: %d rows, first %q; want 13 rows of 14 cells, An Mỹ first", len(rows), first(rows))
		}
		must(t, ctx, "sort by index", chromedp.Click(`table.all-table th:nth-child(3) button`), chromedp.Click(`table.all-table th:nth-child(3) button`))
		sorted := tableRows(t, ctx, "table.all-table")
		if !strings.HasPrefix(sorted[0], "13 | Xã Phong Nẫm") {
			t.Errorf("ascending by index, first row %q, want Phong Nẫm (rank 13)", sorted[0])
		}
		if q := eval[string](t, ctx, `new URL(document.querySelector('#all a.tool').href).searchParams.get('query').slice(0, 11)`); q != "query Table" {
			t.Errorf("the table view's explorer link opens %q, want the Table query", q)
		}
		if s := eval[string](t, ctx, `document.querySelector('table.all-table th:nth-child(3)').getAttribute('aria-sort')`); s != "ascending" {
			t.Errorf("aria-sort %q, want ascending", s)
		}
	})

	t.Run("language: English by the toggle, with English numbers", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open", chromedp.Navigate(srv+"/?year=2023"), chromedp.WaitVisible(`#ranking-chart[data-ready="true"]`),
			chromedp.Click(`#lang`), chromedp.WaitVisible(`#ranking-chart[data-ready="true"][data-year="2023"]`))
		if lang := eval[string](t, ctx, `document.documentElement.lang + ' ' + location.search`); lang != "en ?year=2023&lang=en" {
			t.Errorf("after the toggle: %q, want en ?year=2023&lang=en", lang)
		}
		heading := eval[string](t, ctx, `document.querySelector('#ranking-heading').textContent`)
		rows := tableRows(t, ctx, "table.ranking-table")
		if heading != "Ranking of the units, 2023 – Huyện Kế Sách, Tỉnh Sóc Trăng" || !strings.HasPrefix(first(rows), "1 | An Mỹ | 97.45%") {
			t.Errorf("English page: heading %q, first row %q", heading, first(rows))
		}
		screenshot(t, ctx, "overview-2023-en-1280")
		must(t, ctx, "English profile", chromedp.Click(`a.tab[data-view="profile"]`), chromedp.WaitVisible(`#radar-chart[data-ready="true"]`))
		if s := eval[string](t, ctx, `document.querySelector('#profile-summary').textContent`); !strings.Contains(s, "ranked") {
			t.Errorf("English profile summary %q", s)
		}
		screenshot(t, ctx, "profile-en-1280")
	})

	t.Run("download a chart as PNG and SVG, and its table as CSV", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		dir := t.TempDir()
		must(t, ctx, "allow downloads",
			chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
					Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
				})
				return err
			}))
		// Chromium asks before a page's second download, so each download gets a fresh page.
		download := func(tool, ext string) []byte {
			t.Helper()
			must(t, ctx, "download "+ext, chromedp.Navigate(srv+"/?year=2023"), chromedp.WaitVisible(`#ranking-chart[data-ready="true"]`),
				chromedp.Click(`#ranking [data-tool="`+tool+`"]`))
			for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
				files, _ := filepath.Glob(filepath.Join(dir, "*."+ext))
				for _, f := range files {
					if b, err := os.ReadFile(f); err == nil && len(b) > 0 {
						return b
					}
				}
			}
			status := waitText(t, ctx, `#ranking .tool-status`)
			t.Fatalf("no .%s file was saved (the page says %q)", ext, status)
			return nil
		}
		png := download("png", "png")
		svg := download("svg", "svg")
		csv := download("csv", "csv")
		if !bytes.HasPrefix(csv, []byte("\uFEFFHạng,Đơn vị,Chỉ số")) || !bytes.Contains(csv, []byte("1,An Mỹ,\"97,45 %\"")) {
			t.Errorf("CSV download: %.120q", csv)
		}
		if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 10_000 {
			t.Errorf("PNG download: %d bytes, header %q", len(png), png[:min(8, len(png))])
		}
		if !bytes.Contains(svg, []byte("An Mỹ")) || !bytes.Contains(svg, []byte("Xếp hạng các đơn vị năm 2023")) {
			t.Errorf("SVG download lacks the communes or the title: %.200q", svg)
		}
	})

	t.Run("375 px phone: no horizontal scroll in any view or language", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "phone viewport", chromedp.EmulateViewport(375, 800, chromedp.EmulateMobile))
		for _, c := range []struct{ name, path, wait string }{
			{"overview-vi", "/?year=2023", `#fields-chart[data-ready="true"]`},
			{"profile-vi", "/?view=profile&year=2023&unit=31564@2025-03-01", `#criteria-chart[data-ready="true"]`},
			{"compare-vi", "/?view=compare&year=2023", `#heatmap-chart[data-ready="true"]`},
			{"table-vi", "/?view=table&year=2023", `table.all-table tbody tr`},
			{"overview-en", "/?year=2025&lang=en", `#fields-chart[data-ready="true"]`},
			{"profile-en", "/?view=profile&unit=31552@2025-07-01&lang=en", `#criteria-chart[data-ready="true"]`},
			{"compare-en", "/?view=compare&lang=en", `#heatmap-chart[data-ready="true"]`},
			{"profile-history-vi", "/?view=profile&unit=10705@2025-07-01", `#history > li`},
			{"picker-ha-noi-vi", "/?year=2024&parent=01", `#areas .status[data-state="empty"]`},
		} {
			must(t, ctx, c.name, chromedp.Navigate(srv+c.path), chromedp.WaitVisible(c.wait))
			if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 375 {
				t.Errorf("%s: page is %d px wide at 375 px", c.name, w)
			}
			// A chart drawn wider than its panel is cut at the right edge (overflow hidden).
			if wide := eval[[]string](t, ctx, chartsWiderThanPanelJS); len(wide) > 0 {
				t.Errorf("%s: charts drawn wider than their element at 375 px: %q", c.name, wide)
			}
			if strings.HasPrefix(c.name, "profile") && !strings.HasPrefix(c.name, "profile-history") {
				if cut := eval[string](t, ctx, lastYearLabelCutJS); cut != "" {
					t.Errorf("%s: %s", c.name, cut)
				}
			}
			screenshot(t, ctx, c.name+"-375")
		}
	})
}

// chartsWiderThanPanelJS lists the drawn charts whose surface is wider than their element.
const chartsWiderThanPanelJS = `[...document.querySelectorAll('.chart[data-ready="true"]')]
	.filter(e => !e.hidden && e.firstElementChild && e.firstElementChild.getBoundingClientRect().width > e.clientWidth + 1)
	.map(e => e.id + ' ' + Math.round(e.firstElementChild.getBoundingClientRect().width) + ' > ' + e.clientWidth)`

// lastYearLabelCutJS says how the trend chart's last year label or point leaves the chart, or "".
const lastYearLabelCutJS = `(() => {
	const chart = document.querySelector('#trend-chart');
	const box = chart.getBoundingClientRect();
	const years = [...chart.querySelectorAll('svg text')].filter(t => /^20\d\d$/.test(t.textContent.trim()));
	if (years.length === 0) return 'the trend chart has no year labels';
	const last = years.reduce((a, b) => (a.getBoundingClientRect().right > b.getBoundingClientRect().right ? a : b));
	const right = last.getBoundingClientRect().right;
	return right > box.right ? 'the label ' + last.textContent + ' ends at ' + Math.round(right) + ' px, right of the chart (' + Math.round(box.right) + ')' : '';
})()`

// waitText waits up to 15 s for an element to have text (a status written after a promise) and
// returns it.
func waitText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var text string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if text = eval[string](t, ctx, `document.querySelector(`+jsString(sel)+`)?.textContent ?? ''`); text != "" {
			break
		}
	}
	return text
}

// waitFor evaluates js until it gives want, for up to 15 s, and returns the last value.
func waitFor(t *testing.T, ctx context.Context, js, want string) string {
	t.Helper()
	var got string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got = eval[string](t, ctx, `(() => { try { return String(`+js+`); } catch (e) { return ''; } })()`); got == want {
			break
		}
	}
	return got
}

func first(rows []string) string {
	if len(rows) == 0 {
		return ""
	}
	return rows[0]
}

// TestBrowserAreas opens the app on data with several provinces and districts (a sample of the
// national dataset: Cần Thơ, Hậu Giang and Sóc Trăng, 2023–2025), where a leader first chooses
// an area: a province, then one of its districts.
func TestBrowserAreas(t *testing.T) {
	browserCtx := newBrowser(t)
	path := filepath.Join(t.TempDir(), "sample.duckdb")
	opts := analytics.NationalOptions{Provinces: []string{"92", "93", "94"}, FirstYear: 2023}
	if _, err := analytics.CreateNational(context.Background(), path, opts); err != nil {
		t.Fatal(err)
	}
	store, err := analytics.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	server := httptest.NewServer(mustRoutes(t, store, config{limits: graph.DefaultLimits()}))
	t.Cleanup(server.Close)
	srv := server.URL

	t.Run("choose a province, then a district; the URL keeps it; back, forward, reload", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open 2024", chromedp.Navigate(srv+"/?year=2024"), chromedp.WaitVisible(`#areas-chart[data-ready="true"][data-count="3"]`))
		if rows := tableRows(t, ctx, "table.areas-table"); len(rows) != 3 || !strings.HasPrefix(rows[0], "Cần Thơ") || !strings.HasPrefix(rows[2], "Sóc Trăng | 11 | 108 |") {
			t.Errorf("2024 without an area lists %q; want Cần Thơ, Hậu Giang, Sóc Trăng (11 districts, 108 communes)", rows)
		}
		if v := eval[string](t, ctx, `[document.querySelector('#province').value, document.querySelector('#district').closest('.field').hidden, document.querySelector('#ranking').hidden].join()`); v != ",true,true" {
			t.Errorf("before a choice (province, district hidden, ranking hidden) = %s; want ,true,true", v)
		}
		screenshot(t, ctx, "areas-provinces-vi-1280")

		must(t, ctx, "choose Sóc Trăng", choose("#province", "94"), chromedp.WaitVisible(`#district`),
			chromedp.WaitVisible(`#areas-chart[data-ready="true"][data-count="11"]`))
		if rows := tableRows(t, ctx, "table.areas-table"); len(rows) != 11 || !strings.Contains(strings.Join(rows, "\n"), "Huyện Kế Sách | 13 |") {
			t.Errorf("Sóc Trăng lists %d districts %q; want 11 with Huyện Kế Sách's 13 communes", len(rows), rows)
		}
		if v := eval[string](t, ctx, `location.search + ' ' + document.querySelector('#district').value`); v != "?year=2024&parent=94 94" {
			t.Errorf("after choosing Sóc Trăng, URL and district = %q; want ?year=2024&parent=94 with the whole province", v)
		}
		screenshot(t, ctx, "areas-soc-trang-2024-vi-1280")

		must(t, ctx, "choose Kế Sách", choose("#district", "943"),
			chromedp.WaitVisible(`#ranking-chart[data-ready="true"][data-count="13"]`),
			chromedp.WaitVisible(`#groups-chart[data-ready="true"][data-count="13"]`),
			chromedp.WaitVisible(`#fields-chart[data-ready="true"]`),
			chromedp.WaitVisible(`#changes-chart[data-ready="true"]`))
		if v := eval[string](t, ctx, `location.search`); v != "?year=2024&parent=943" {
			t.Errorf("URL %q, want ?year=2024&parent=943", v)
		}
		if h := eval[string](t, ctx, `document.querySelector('#ranking-heading').textContent`); !strings.HasSuffix(h, "Huyện Kế Sách, Tỉnh Sóc Trăng") {
			t.Errorf("the ranking heading %q does not name the area", h)
		}
		vars := eval[string](t, ctx, `new URL(document.querySelector('#changes a.tool').href).searchParams.get('variables')`)
		if !strings.Contains(vars, `"parent": "943"`) {
			t.Errorf("the changes chart's query variables %q do not hold the district", vars)
		}
		ranking := tableRows(t, ctx, "table.ranking-table")
		screenshot(t, ctx, "areas-ke-sach-2024-vi-1280")

		must(t, ctx, "table view", chromedp.Click(`a.tab[data-view="table"]`), chromedp.WaitVisible(`table.all-table tbody tr`))
		if n, url := len(tableRows(t, ctx, "table.all-table")), eval[string](t, ctx, `location.search`); n != 13 || url != "?view=table&year=2024&parent=943" {
			t.Errorf("table view: %d rows at %q; want Kế Sách's 13 at ?view=table&year=2024&parent=943", n, url)
		}
		must(t, ctx, "back to the overview", chromedp.NavigateBack(), chromedp.WaitVisible(`#ranking-chart[data-ready="true"][data-count="13"]`))
		must(t, ctx, "back to the province", chromedp.NavigateBack(), chromedp.WaitVisible(`#areas-chart[data-ready="true"][data-count="11"]`))
		if n := len(tableRows(t, ctx, "table.areas-table")); n != 11 {
			t.Errorf("back at the province: %d districts listed, want 11", n)
		}
		must(t, ctx, "forward", chromedp.NavigateForward(), chromedp.WaitVisible(`#ranking-chart[data-ready="true"][data-count="13"]`))
		if v := eval[string](t, ctx, `document.querySelector('#district').value`); v != "943" {
			t.Errorf("after forward the district select shows %q, want 943", v)
		}

		// A copied link opens the same area.
		other := newTab(t, browserCtx)
		must(t, other, "open the copied link", chromedp.Navigate(srv+"/?year=2024&parent=943"), chromedp.WaitVisible(`#ranking-chart[data-ready="true"][data-count="13"]`))
		if got := tableRows(t, other, "table.ranking-table"); strings.Join(got, "\n") != strings.Join(ranking, "\n") {
			t.Errorf("the copied link ranks %q; the page ranked %q", got, ranking)
		}

		// 2025 has no districts: the area follows Kế Sách's communes to Cần Thơ.
		must(t, ctx, "choose 2025", choose("#year", "2025"), chromedp.WaitVisible(`#ranking-chart[data-ready="true"][data-year="2025"]`))
		if v := eval[string](t, ctx, `location.search`); v != "?year=2025&parent=92" {
			t.Errorf("after choosing 2025 the URL is %q; want the province Kế Sách's communes became part of, ?year=2025&parent=92", v)
		}
	})

	t.Run("find a district by name without diacritics", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open 2023", chromedp.Navigate(srv+"/?year=2023"), chromedp.WaitVisible(`#areas-chart[data-ready="true"]`),
			chromedp.SendKeys(`#area-search`, "ke sach"), chromedp.WaitVisible(`#area-search-results button[data-area="943"]`))
		if hits := eval[string](t, ctx, `[...document.querySelectorAll('#area-search-results button')].map(b => b.textContent).join('; ')`); hits != "Huyện Kế Sách, Tỉnh Sóc Trăng" {
			t.Errorf("\"ke sach\" finds %q; want Huyện Kế Sách, Tỉnh Sóc Trăng alone", hits)
		}
		must(t, ctx, "pick it", chromedp.Click(`#area-search-results button[data-area="943"]`),
			chromedp.WaitVisible(`#ranking-chart[data-ready="true"][data-year="2023"][data-count="13"]`))
		if v := eval[string](t, ctx, `location.search + ' ' + document.querySelector('#area-search').value`); v != "?year=2023&parent=943 " {
			t.Errorf("after picking, URL and search box = %q; want ?year=2023&parent=943 and an empty box", v)
		}
	})

	t.Run("375 px phone: the picker and the areas fit", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "phone viewport", chromedp.EmulateViewport(375, 800, chromedp.EmulateMobile))
		for _, c := range []struct{ name, path, wait string }{
			{"areas-province-vi", "/?year=2024&parent=94", `#areas-chart[data-ready="true"]`},
			{"areas-district-vi", "/?year=2024&parent=946", `#fields-chart[data-ready="true"]`},
			{"areas-provinces-en", "/?year=2023&lang=en", `#areas-chart[data-ready="true"]`},
		} {
			must(t, ctx, c.name, chromedp.Navigate(srv+c.path), chromedp.WaitVisible(c.wait))
			if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 375 {
				t.Errorf("%s: page is %d px wide at 375 px", c.name, w)
			}
			screenshot(t, ctx, c.name+"-375")
		}
	})
}

// TestBrowserFrameworks opens the app on a province with its own framework (Cao Bằng's four
// classes, added to the default data: seed_cao_bang_test.go) beside Kế Sách's, whose framework
// changed in 2022: classes are named and coloured as each framework has them, and answers that
// set units of different frameworks side by side say so.
func TestBrowserFrameworks(t *testing.T) {
	browserCtx := newBrowser(t)
	store := openStore(t)
	loadCaoBang(t, store)
	server := httptest.NewServer(mustRoutes(t, store, config{limits: graph.DefaultLimits()}))
	t.Cleanup(server.Close)
	srv := server.URL
	quangHoa := "/?year=2021&parent=" + quangHoaDistrict
	ready := []chromedp.Action[chromedp.Void]{
		chromedp.WaitVisible(`#ranking-chart[data-ready="true"][data-year="2021"][data-count="19"]`),
		chromedp.WaitVisible(`#groups-chart[data-ready="true"][data-year="2021"]`),
		chromedp.WaitVisible(`#fields-chart[data-ready="true"]`),
	}
	// The classes the legend names, each with its swatch's colour.
	const legendJS = `[...document.querySelectorAll('#ranking .legend li[data-group]')].map(li => li.querySelector('.legend-label').textContent + ' ' + getComputedStyle(li.querySelector('.swatch')).backgroundColor)`
	caoBangLegend := []string{"Tốt rgb(0, 114, 178)", "Khá rgb(86, 180, 233)", "Trung bình rgb(230, 159, 0)", "Kém rgb(136, 34, 85)"}
	// The fill of each bar of the ranking, by colour: how many units the chart draws in each class.
	const barsJS = `(() => { const n = {}; for (const p of document.querySelectorAll('#ranking-chart svg path')) { const f = (p.getAttribute('fill') || '').toUpperCase(); if (/^#[0-9A-F]{6}$/.test(f) && f !== '#FFFFFF') n[f] = (n[f] || 0) + 1; } return Object.entries(n).sort().map(([k, v]) => k + ' ' + v); })()`

	checkCaoBang := func(t *testing.T, ctx context.Context) {
		t.Helper()
		if got := eval[[]string](t, ctx, legendJS); strings.Join(got, "; ") != strings.Join(caoBangLegend, "; ") {
			t.Errorf("the legend reads %q; want Cao Bằng's four classes in their colours %q", got, caoBangLegend)
		}
		if got := eval[string](t, ctx, `document.querySelector('#ranking .legend').textContent`); !strings.Contains(got, "Khá (70 –\u00a0<\u00a090\u00a0%)") || !strings.Contains(got, "Kém (<\u00a050\u00a0%)") {
			t.Errorf("the legend %q does not give each class's range as Decision 2402 sets it", got)
		}
		if got := eval[string](t, ctx, `document.querySelector('#ranking .legend-source').textContent`); !strings.Contains(got, "2402/QĐ-UBND") {
			t.Errorf("the legend does not name the framework's decision: %q", got)
		}
		if got := eval[[]string](t, ctx, barsJS); strings.Join(got, "; ") != "#0072B2 2; #56B4E9 15; #E69F00 2" {
			t.Errorf("ranking bars by colour %q; want 2 Tốt (blue), 15 Khá (sky), 2 Trung bình (orange)", got)
		}
		groups := tableRows(t, ctx, "table.groups-table")
		if len(groups) != 4 || !strings.HasPrefix(groups[0], "Tốt | 2 |") || !strings.HasPrefix(groups[1], "Khá | 15 |") ||
			!strings.HasPrefix(groups[2], "Trung bình | 2 |") || !strings.HasPrefix(groups[3], "Kém | 0 |") {
			t.Errorf("units per class: %q; want Tốt 2, Khá 15, Trung bình 2, Kém 0", groups)
		}
		page := eval[string](t, ctx, `['#summary', '#ranking', '#groups'].map(s => document.querySelector(s).textContent).join(' ')`)
		for _, other := range []string{"Rất tốt", "Yếu", "Nhóm I", "TOT", "KHA"} {
			if strings.Contains(page, other) {
				t.Errorf("Quảng Hòa's overview says %q, which is no class of Cao Bằng's framework", other)
			}
		}
		if s := eval[string](t, ctx, `document.querySelector('#summary').textContent`); !strings.Contains(s, "19 đơn vị được đánh giá") || !strings.Contains(s, "2 đơn vị xếp loại Tốt") {
			t.Errorf("the summary %q does not count Tốt as the best class", s)
		}
		if c := eval[string](t, ctx, `[...document.querySelectorAll('.caution')].filter(e => !e.hidden).map(e => e.textContent).join(' ')`); c != "" {
			t.Errorf("one framework, yet the page cautions %q", c)
		}
	}

	t.Run("a province's own classes: Cao Bằng's labels and colours", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open Quảng Hòa 2021", append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(srv + quangHoa)}, ready...)...)
		checkCaoBang(t, ctx)
		screenshot(t, ctx, "app-cao-bang-1280")

		must(t, ctx, "English", append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(srv + quangHoa + "&lang=en")}, ready...)...)
		if got := eval[[]string](t, ctx, legendJS); len(got) != 4 || !strings.HasPrefix(got[0], "Good ") || !strings.HasPrefix(got[3], "Poor ") {
			t.Errorf("the English legend reads %q; want Good … Poor", got)
		}
		if s := eval[string](t, ctx, `document.querySelector('#summary').textContent`); !strings.Contains(s, "2 were rated Good") {
			t.Errorf("the English summary %q", s)
		}

		must(t, ctx, "table view", chromedp.Navigate(srv+"/?view=table&year=2021&parent="+quangHoaDistrict), chromedp.WaitVisible(`table.all-table tbody tr`))
		if rows := tableRows(t, ctx, "table.all-table"); len(rows) != 19 || !strings.Contains(rows[0], "| Tốt |") || !strings.Contains(rows[18], "| Trung bình |") {
			t.Errorf("the table view: %d rows, first %q; want 19 with the classes by their labels", len(rows), first(rows))
		}
	})

	t.Run("a unit's profile names its class as its framework does", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open Xã Quốc Toản", chromedp.Navigate(srv+"/?view=profile&year=2021&unit=01474@2025-03-01"),
			chromedp.WaitVisible(`#trend-chart[data-ready="true"]`), chromedp.WaitVisible(`#radar-chart[data-ready="true"][data-year="2021"]`))
		summary := waitFor(t, ctx, `/xếp loại (Tốt|Khá|Trung bình)\)/.test(document.querySelector('#profile-summary').textContent)`, "true")
		if summary != "true" {
			t.Errorf("Quốc Toản's summary %q does not name its class by Cao Bằng's label", eval[string](t, ctx, `document.querySelector('#profile-summary').textContent`))
		}
		trend := tableRows(t, ctx, "table.trend-table")
		if row := strings.Join(trend, "\n"); !strings.Contains(row, "2021 |") || !regexpClass.MatchString(row) {
			t.Errorf("Quốc Toản's trend table %q; want 2021 with a class of Cao Bằng's", trend)
		}
	})

	t.Run("375 px phone: Cao Bằng's classes fit", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "phone viewport", chromedp.EmulateViewport(375, 800, chromedp.EmulateMobile))
		must(t, ctx, "open Quảng Hòa 2021", append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(srv + quangHoa)}, ready...)...)
		checkCaoBang(t, ctx)
		if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 375 {
			t.Errorf("page is %d px wide at 375 px", w)
		}
		if wide := eval[[]string](t, ctx, chartsWiderThanPanelJS); len(wide) > 0 {
			t.Errorf("charts drawn wider than their element at 375 px: %q", wide)
		}
		// Every class is named under its bar, none hidden for lack of room.
		// (A name too long for its bar is wrapped: "Trung" above "bình".)
		if got := eval[string](t, ctx, `[...document.querySelectorAll('#groups-chart svg text')].map(t => t.textContent.trim()).filter(s => /^(Tốt|Khá|Trung|bình|Trung bình|Kém)$/.test(s)).join(' ')`); got != "Tốt Khá Trung bình Kém" {
			t.Errorf("the classes under the bars at 375 px: %q", got)
		}
		screenshot(t, ctx, "app-cao-bang-375")
	})

	t.Run("answers across frameworks say so", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		// Kế Sách's framework of 2019–2021 was replaced by Decision 962 from 2022.
		must(t, ctx, "open Kế Sách 2022", chromedp.Navigate(srv+"/?year=2022&parent=943"),
			chromedp.WaitVisible(`#changes-chart[data-ready="true"]`), chromedp.WaitVisible(`#groups-chart[data-ready="true"]`))
		if c := eval[string](t, ctx, `document.querySelector('#changes .caution').textContent`); c != "13 đơn vị được chấm theo bộ chỉ số khác nhau ở năm 2021 và năm 2022: thay đổi của các đơn vị này chỉ so sánh theo tỷ lệ phần trăm, xếp loại so sánh theo thứ bậc." {
			t.Errorf("the changes across Kế Sách's new framework caution %q", c)
		}
		if c := eval[string](t, ctx, `document.querySelector('#groups .caution').textContent`); !strings.HasPrefix(c, "Năm 2021 được chấm theo bộ chỉ số khác") {
			t.Errorf("the classes beside 2021 caution %q", c)
		}
		if c := eval[bool](t, ctx, `document.querySelector('#ranking .caution').hidden`); !c {
			t.Errorf("one year of one framework, yet the ranking cautions")
		}
		screenshot(t, ctx, "frameworks-changed-ke-sach-2022-vi-1280")

		// A Quảng Hòa commune beside a Kế Sách one in 2021: two frameworks side by side.
		must(t, ctx, "compare across provinces", chromedp.Navigate(srv+"/?view=compare&year=2021&units=01474@2025-03-01,31564@2025-03-01"),
			chromedp.WaitVisible(`#heatmap-chart[data-ready="true"][data-count="2"]`))
		if c := eval[string](t, ctx, `document.querySelector('#heatmap .caution').textContent`); c != "Các đơn vị được chấm theo nhiều bộ chỉ số khác nhau: chỉ so sánh được theo tỷ lệ phần trăm; xếp loại so sánh theo thứ bậc." {
			t.Errorf("the heatmap of two frameworks cautions %q", c)
		}
		must(t, ctx, "in English", chromedp.Navigate(srv+"/?view=compare&year=2021&units=01474@2025-03-01,31564@2025-03-01&lang=en"),
			chromedp.WaitVisible(`#heatmap-chart[data-ready="true"][data-count="2"]`))
		if c := eval[string](t, ctx, `document.querySelector('#heatmap .caution').textContent`); !strings.HasPrefix(c, "The units were scored on different frameworks") {
			t.Errorf("the English caution %q", c)
		}
	})
}

// regexpClass finds a class of Cao Bằng's framework in a table row.
var regexpClass = regexp.MustCompile(`\| (Tốt|Khá|Trung bình|Kém) \|`)
