package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/parindex/parindex/graph"
)

// TestBrowserMobile opens every view at 375 px (a phone) and at 1280 px (a desktop) and checks
// what a leader meets at once: nothing wider than the page, no text cut, no axis labels on top
// of each other, numbers kept with their unit, the views' tabs on one row, a chart's tools
// behind one menu on a phone, a table that says it scrolls sideways, and views that open on a
// year with data for what they show.
func TestBrowserMobile(t *testing.T) {
	browserCtx := newBrowser(t)
	server := httptest.NewServer(mustRoutes(t, openStore(t), config{limits: graph.DefaultLimits()}))
	t.Cleanup(server.Close)
	srv := server.URL
	// The README's compare link: two communes of Kế Sách that have results up to 2024 only.
	const compareLink = "/?view=compare&units=31564@2025-03-01,31534@2025-03-01&field=direction&from=2019&to=2024"

	for _, width := range []int64{375, 1280} {
		open := func(t *testing.T, path, wait string) context.Context {
			t.Helper()
			ctx := newTab(t, browserCtx)
			if width < 600 {
				must(t, ctx, "phone viewport", chromedp.EmulateViewport(width, 800, chromedp.EmulateMobile))
			} else {
				must(t, ctx, "desktop viewport", chromedp.EmulateViewport(width, 1000))
			}
			must(t, ctx, "open "+path, chromedp.Navigate(srv+path), chromedp.WaitVisible(wait))
			return ctx
		}

		t.Run(fmt.Sprintf("%d px: every view fits, no text cut, no axis labels overlap, no unit alone on a line", width), func(t *testing.T) {
			for _, c := range []struct{ name, path, wait string }{
				{"overview", "/", `#changes-chart[data-ready="true"]`},
				{"overview-2023", "/?year=2023", `#changes-chart[data-ready="true"]`},
				{"profile", "/?view=profile&unit=31564@2025-03-01", `#criteria-chart[data-ready="true"]`},
				{"compare", compareLink, `#heatmap-chart[data-ready="true"]`},
				{"table", "/?view=table", `table.all-table tbody tr`},
				{"overview-en", "/?lang=en&year=2024", `#changes-chart[data-ready="true"]`},
				{"profile-en", "/?view=profile&unit=31552@2025-07-01&lang=en", `#criteria-chart[data-ready="true"]`},
				{"compare-en", "/?view=compare&lang=en", `#heatmap-chart[data-ready="true"]`},
			} {
				t.Run(c.name, func(t *testing.T) {
					ctx := open(t, c.path, c.wait)
					// Every chart of the view drawn (or said empty) before looking.
					waitFor(t, ctx, `[...document.querySelectorAll('.view:not([hidden]) section:not([hidden])')].every(s => s.getAttribute('aria-busy') !== 'true') && [...document.querySelectorAll('.view:not([hidden]) .chart:not([hidden])')].every(e => e.dataset.ready === 'true')`, "true")
					screenshot(t, ctx, fmt.Sprintf("mobile-%s-%d", c.name, width))
					if w := eval[int](t, ctx, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 0 {
						t.Errorf("the page scrolls sideways by %d px", w)
					}
					if cut := eval[[]string](t, ctx, textCutJS); len(cut) > 0 {
						t.Errorf("text cut or out of its box: %q", cut)
					}
					if overlaps := eval[[]string](t, ctx, axisLabelsOverlapJS); len(overlaps) > 0 {
						t.Errorf("axis labels that touch or overlap: %q", overlaps)
					}
					if broken := eval[[]string](t, ctx, unitBreaksJS); len(broken) > 0 {
						t.Errorf("a number and its unit may break apart (a plain space before %%, điểm or points): %q", broken)
					}
					if cut := eval[[]string](t, ctx, `[...document.querySelectorAll('.chart[data-ready="true"]:not([hidden]) svg text')].map(t => t.textContent).filter(s => s.includes('…') || s.includes('...'))`); len(cut) > 0 {
						t.Errorf("chart texts cut with an ellipsis (legend or labels): %q", cut)
					}
					if cut := eval[[]string](t, ctx, selectsCutJS); len(cut) > 0 {
						t.Errorf("a drop-down cuts the option it shows: %q", cut)
					}
				})
			}
		})

		t.Run(fmt.Sprintf("%d px: the tabs are one row", width), func(t *testing.T) {
			ctx := open(t, "/?view=table", `table.all-table tbody tr`)
			if rows := eval[int](t, ctx, `new Set([...document.querySelectorAll('a.tab')].map(a => Math.round(a.getBoundingClientRect().top))).size`); rows != 1 {
				t.Errorf("the four tabs are on %d rows", rows)
			}
			// Each reachable: the current one in view, the last one's text whole (not cut by the bar).
			if v := eval[string](t, ctx, `(() => { const n = document.querySelector('nav.tabs'); const a = n.querySelector('[aria-current="page"]'); const r = a.getBoundingClientRect(), b = n.getBoundingClientRect(); return r.left >= b.left - 1 && r.right <= b.right + 1 ? 'visible' : 'hidden'; })()`); v != "visible" {
				t.Errorf("the current tab (Bảng số liệu) is %s", v)
			}
			if width < 600 {
				// The narrowest phones common today: the four tabs still whole, none scrolled out.
				must(t, ctx, "360 px", chromedp.EmulateViewport(360, 800, chromedp.EmulateMobile))
				if v := eval[string](t, ctx, `(() => { const n = document.querySelector('nav.tabs'); return n.scrollWidth <= n.clientWidth + 1 ? 'fits' : n.scrollWidth + ' > ' + n.clientWidth; })()`); v != "fits" {
					t.Errorf("at 360 px the tabs are wider than their row: %s", v)
				}
			}
		})

		t.Run(fmt.Sprintf("%d px: a chart's tools", width), func(t *testing.T) {
			ctx := open(t, "/?year=2023", `#ranking-chart[data-ready="true"]`)
			visible := `(sel) => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden').length`
			count := func(sel string) int {
				return eval[int](t, ctx, `(`+visible+`)(`+jsString(sel)+`)`)
			}
			if width < 600 {
				// One button under each chart; the tools appear when it is pressed.
				if n := count(`#ranking .tools .tool`); n != 0 {
					t.Errorf("%d tools under the ranking before the menu is opened; want them behind one button", n)
				}
				if v := eval[string](t, ctx, `(() => { const b = document.querySelector('#ranking .tools-button'); return [b.getAttribute('aria-expanded'), document.getElementById(b.getAttribute('aria-controls'))?.contains(document.querySelector('#ranking [data-tool="csv"]'))].join(); })()`); v != "false,true" {
					t.Errorf("the tools button (aria-expanded, controls the tools) = %s; want false,true", v)
				}
				if h := eval[float64](t, ctx, `(() => { const s = document.querySelector('#ranking'), c = s.querySelector('.chart').getBoundingClientRect(); return s.querySelector('.table-wrap').getBoundingClientRect().top - c.bottom; })()`); h > 70 {
					t.Errorf("the ranking's tools and table button take %.0f px under its chart; want one row (≤ 70)", h)
				}
				must(t, ctx, "open the tools", chromedp.Click(`#ranking .tools-button`))
				if n := count(`#ranking .tools .tool`); n < 5 {
					t.Errorf("the opened menu shows %d tools; want PNG, SVG, CSV, copy, GraphiQL", n)
				}
				for _, tool := range []string{"png", "svg", "csv", "copy"} {
					if count(`#ranking [data-tool="`+tool+`"]`) != 1 {
						t.Errorf("the opened menu has no %s entry", tool)
					}
				}
				if v := eval[string](t, ctx, `document.querySelector('#ranking .tools-button').getAttribute('aria-expanded')`); v != "true" {
					t.Errorf("aria-expanded of the opened menu = %s", v)
				}
				must(t, ctx, "Escape", chromedp.Focus(`#ranking [data-tool="csv"]`), chromedp.KeyEvent(kb.Escape))
				if v := eval[string](t, ctx, `[document.querySelector('#ranking .tools-button').getAttribute('aria-expanded'), document.activeElement === document.querySelector('#ranking .tools-button')].join()`); v != "false,true" {
					t.Errorf("after Escape (expanded, focus on the button) = %s; want false,true", v)
				}
				// A tool works from the menu: copy says so.
				must(t, ctx, "copy from the menu", chromedp.Click(`#ranking .tools-button`), chromedp.Click(`#ranking [data-tool="copy"]`))
				if s := waitText(t, ctx, `#ranking .tool-status`); s == "" {
					t.Errorf("copy from the menu says nothing")
				}
				if n := count(`#ranking .tools .tool`); n != 0 {
					t.Errorf("the menu stays open after a tool was used (%d tools shown)", n)
				}
			} else {
				// A desktop has the room: the tools are one row, each one click away, no menu button.
				if n := count(`#ranking .tools .tool`); n < 5 {
					t.Errorf("%d tools shown under the ranking at %d px; want the row of 5", n, width)
				}
				if n := count(`#ranking .tools-button`); n != 0 {
					t.Errorf("a menu button is shown at %d px", width)
				}
				if rows := eval[int](t, ctx, `(() => { const r = [...document.querySelectorAll('#ranking .tools .tool, #ranking .table-toggle')].map(e => e.getBoundingClientRect()); return r.filter(b => (b.top + b.bottom) / 2 > r[0].bottom || (b.top + b.bottom) / 2 < r[0].top).length + 1; })()`); rows != 1 {
					t.Errorf("the tools and the table's button take %d rows", rows)
				}
			}
		})

		t.Run(fmt.Sprintf("%d px: the table says it scrolls sideways and can be scrolled", width), func(t *testing.T) {
			ctx := open(t, "/?view=table&year=2023", `table.all-table tbody tr`)
			region := eval[string](t, ctx, `(() => { const w = document.querySelector('#all-data'); const ids = (w.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean); const name = ids.map(id => document.getElementById(id)?.textContent ?? '').join(' ') + (w.getAttribute('aria-label') || ''); return [w.tabIndex, w.getAttribute('role'), name].join('|'); })()`)
			parts := strings.SplitN(region, "|", 3)
			if len(parts) != 3 || parts[0] != "0" || parts[1] != "region" {
				t.Fatalf("the table's scroll container (tabindex|role|name) = %q; want focusable region", region)
			}
			columns := eval[int](t, ctx, `document.querySelectorAll('table.all-table thead th').length`)
			if !strings.Contains(parts[2], fmt.Sprint(columns)+" cột") {
				t.Errorf("the table's accessible name %q does not give its %d columns", parts[2], columns)
			}
			scrolls := eval[bool](t, ctx, `(() => { const w = document.querySelector('#all-data'); return w.scrollWidth > w.clientWidth + 1; })()`)
			if scrolls && !strings.Contains(parts[2], "cuộn ngang") {
				t.Errorf("the table scrolls sideways but its name %q does not say so", parts[2])
			}
			if width < 600 {
				if !scrolls {
					t.Errorf("the 14-column table does not scroll at %d px (it cannot fit)", width)
				}
				// Seen, not only announced: a visible cue.
				if v := eval[string](t, ctx, `(() => { const c = document.querySelector('#view-table .table-hint'); return c && c.getClientRects().length > 0 ? c.textContent : ''; })()`); !strings.Contains(v, "cột") {
					t.Errorf("no visible cue that the table scrolls (got %q)", v)
				}
				// Headers short: none over three lines (the long field names took six).
				if h := eval[float64](t, ctx, `document.querySelector('table.all-table thead').getBoundingClientRect().height`); h > 72 {
					t.Errorf("the header row is %.0f px tall; want compact headers (≤ 72)", h)
				}
				// Each field's full name still there for a screen reader and a pointer.
				if v := eval[string](t, ctx, `(() => { const th = [...document.querySelectorAll('table.all-table thead th')].find(t => t.textContent.includes('Công tác chỉ đạo')); return th ? (th.title || th.querySelector('[title]')?.title || '') : 'missing'; })()`); !strings.Contains(v, "Công tác chỉ đạo") {
					t.Errorf("the first field's header lost its full name: %q", v)
				}
				// Keyboard: focus the region, press the right arrow, it scrolls; the unit stays in view.
				must(t, ctx, "scroll with the keyboard", chromedp.Focus(`#all-data`), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight))
				left := waitFor(t, ctx, `document.querySelector('#all-data').scrollLeft > 0`, "true")
				if left != "true" {
					t.Errorf("the arrow key does not scroll the focused table")
				}
				must(t, ctx, "scroll to the end", chromedp.Evaluate[chromedp.Void](`document.querySelector('#all-data').scrollLeft = 1e6`))
				if v := eval[string](t, ctx, `(() => { const w = document.querySelector('#all-data').getBoundingClientRect(); const a = document.querySelector('table.all-table tbody tr a[data-nav]').getBoundingClientRect(); return a.left >= w.left - 1 && a.right <= w.right + 1 ? 'in view' : 'out of view'; })()`); v != "in view" {
					t.Errorf("scrolled to the last column, the unit's name is %s; want a sticky column", v)
				}
			}
			screenshot(t, ctx, fmt.Sprintf("mobile-table-scrolled-%d", width))
		})

		t.Run(fmt.Sprintf("%d px: the compare link opens on a year with data, each sentence once", width), func(t *testing.T) {
			ctx := open(t, compareLink, `#heatmap-chart[data-ready="true"]`)
			if v := eval[string](t, ctx, `[document.querySelector('#heatmap-chart').dataset.year, document.querySelector('#heatmap-chart').dataset.count, document.querySelector('#year').value].join()`); v != "2024,2,2024" {
				t.Errorf("the compare link shows (heatmap year, units, year selected) %s; want 2024,2,2024: the latest year both communes have results", v)
			}
			if dup := eval[[]string](t, ctx, repeatedSentencesJS); len(dup) > 0 {
				t.Errorf("sentences printed twice in a panel: %q", dup)
			}
			// The year a reader picks is kept, and an empty year says so once.
			must(t, ctx, "choose 2025", choose("#year", "2025"), chromedp.WaitVisible(`#heatmap .status[data-state="empty"]`))
			if dup := eval[[]string](t, ctx, repeatedSentencesJS); len(dup) > 0 {
				t.Errorf("2025: sentences printed twice in a panel: %q", dup)
			}
			if v := eval[string](t, ctx, `document.querySelector('#year').value`); v != "2025" {
				t.Errorf("after choosing 2025 the selector says %s", v)
			}
		})

		t.Run(fmt.Sprintf("%d px: an area asked without a year opens on its latest year with results", width), func(t *testing.T) {
			// The district of Kế Sách was abolished on 1 July 2025: its last year is 2024.
			ctx := open(t, "/?parent=943", `#ranking-chart[data-ready="true"]`)
			if v := eval[string](t, ctx, `[document.querySelector('#ranking-chart').dataset.year, document.querySelector('#ranking-chart').dataset.count, document.querySelector('#year').value].join()`); v != "2024,13,2024" {
				t.Errorf("/?parent=943 shows (ranking year, units, year selected) %s; want 2024,13,2024", v)
			}
		})

		t.Run(fmt.Sprintf("%d px: the profile's year selector says the year its content shows", width), func(t *testing.T) {
			// A commune of Kế Sách: results up to 2024, the page's latest year is 2025.
			ctx := open(t, "/?view=profile&unit=31564@2025-03-01", `#criteria-chart[data-ready="true"]`)
			if v := eval[string](t, ctx, `[document.querySelector('#year').value, document.querySelector('#criteria-chart').dataset.year, document.querySelector('#radar-chart').dataset.year].join()`); v != "2024,2024,2024" {
				t.Errorf("profile (selector, criteria year, radar year) = %s; want 2024 for all", v)
			}
			if s := eval[string](t, ctx, `document.querySelector('#profile-summary .sentences').textContent`); !strings.Contains(s, "2024") {
				t.Errorf("the summary does not speak of 2024: %q", s)
			}
		})

		t.Run(fmt.Sprintf("%d px: the changes panel says when no unit fell", width), func(t *testing.T) {
			// 2022 → 2023: all 13 communes of Kế Sách rose.
			ctx := open(t, "/?year=2023", `#changes-chart[data-ready="true"]`)
			if note := eval[string](t, ctx, `document.querySelector('#changes .note').textContent`); !strings.Contains(note, "Không đơn vị nào giảm") {
				t.Errorf("the changes panel draws only risers without saying that none fell: %q", note)
			}
			ctx = open(t, "/?year=2023&lang=en", `#changes-chart[data-ready="true"]`)
			if note := eval[string](t, ctx, `document.querySelector('#changes .note').textContent`); !strings.Contains(note, "No unit fell") {
				t.Errorf("en: the changes panel does not say that no unit fell: %q", note)
			}
			// A year with a faller draws both sides and says nothing of the kind.
			ctx = open(t, "/?year=2024", `#changes-chart[data-ready="true"]`)
			if note := eval[string](t, ctx, `document.querySelector('#changes .note').textContent`); strings.Contains(note, "Không đơn vị nào") {
				t.Errorf("2024 has a faller, yet the note says %q", note)
			}
		})
	}
}

// textCutJS lists the visible elements whose own text is cut or leaves its box: text wider
// than its element (scrollWidth) or outside the page, except inside a container that scrolls
// sideways on purpose (a table's, the tabs').
const textCutJS = `(() => {
	const out = [];
	const vw = document.documentElement.clientWidth;
	const scroller = (e) => { for (let p = e; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return p; } return null; };
	for (const e of document.querySelectorAll('body *')) {
		// The skip link waits off the page until focused; a visually hidden text is for screen readers.
		if (['SCRIPT', 'STYLE', 'OPTION', 'SELECT', 'svg'].includes(e.tagName) || e.closest('svg, .sr-only, .skip, [hidden]')) continue;
		if ([...function* () { for (let p = e; p; p = p.parentElement) yield p; }()].some(p => getComputedStyle(p).clipPath !== 'none')) continue;
		const own = [...e.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim() !== '').map(n => n.textContent.trim()).join(' ');
		if (own === '' || e.getClientRects().length === 0) continue;
		const s = getComputedStyle(e);
		if (s.visibility === 'hidden') continue;
		const name = (e.id ? '#' + e.id : e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : '')) + ' "' + own.slice(0, 40) + '"';
		if (s.display !== 'inline' && e.scrollWidth > e.clientWidth + 1 && !['auto', 'scroll'].includes(s.overflowX)) out.push(name + ' ' + e.scrollWidth + ' > ' + e.clientWidth);
		if (scroller(e)) continue;
		const r = e.getBoundingClientRect();
		if (r.right > vw + 1 || r.left < -1) out.push(name + ' at ' + Math.round(r.left) + '–' + Math.round(r.right) + ' of ' + vw);
	}
	return out;
})()`

// axisLabelsOverlapJS lists, per drawn chart, the pairs of text labels of its SVG that overlap,
// touch, or on one line come closer than 4 px ("0,000,030,06" reads as one), legend and series
// labels included.
const axisLabelsOverlapJS = `(() => {
	const out = [];
	for (const chart of document.querySelectorAll('.chart[data-ready="true"]:not([hidden])')) {
		const texts = [...chart.querySelectorAll('svg text')].filter(t => t.textContent.trim() !== '' && t.getAttribute('opacity') !== '0' && getComputedStyle(t).opacity !== '0');
		const boxes = texts.map(t => ({ t: t.textContent.trim(), r: t.getBoundingClientRect() }));
		for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
			if (boxes[i].r.width === 0 || boxes[j].r.width === 0) continue;
			const a = boxes[i].r, b = boxes[j].r;
			const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
			const rows = a.top < b.bottom && b.top < a.bottom, columns = a.left < b.right && b.left < a.right;
			const touch = (rows && a.left < b.right + 4 && b.left < a.right + 4) || (a.left < b.right + 1 && b.left < a.right + 1 && a.top < b.bottom + 1 && b.top < a.bottom + 1) || (columns && a.top < b.bottom + 1 && b.top < a.bottom + 1);
			// The lines of one wrapped label sit on top of each other at the same place: touching is their layout.
			const ti = texts[i], tj = texts[j];
			const lines = ti.parentNode === tj.parentNode && ti.getAttribute('transform') === tj.getAttribute('transform') && ti.getAttribute('x') === tj.getAttribute('x');
			if (overlap || (touch && !lines)) out.push(chart.id + ': "' + boxes[i].t + '" / "' + boxes[j].t + '"');
		}
	}
	return out;
})()`

// unitBreaksJS lists the texts of the page (and of its charts) where a number and its unit are
// joined by a space a line may break at.
const unitBreaksJS = `(() => {
	const out = [];
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		const m = /\d[ \t\n]+(%|điểm|points)/.exec(n.textContent);
		if (m) out.push(n.textContent.slice(Math.max(0, m.index - 20), m.index + 20));
	}
	return out;
})()`

// selectsCutJS lists the visible drop-downs too narrow for the option they show.
const selectsCutJS = `(() => {
	const out = [];
	const ctx = document.createElement('canvas').getContext('2d');
	for (const s of document.querySelectorAll('select')) {
		if (s.getClientRects().length === 0 || s.closest('[hidden]')) continue;
		const o = s.options[s.selectedIndex];
		if (!o) continue;
		const st = getComputedStyle(s);
		ctx.font = st.fontWeight + ' ' + st.fontSize + ' ' + st.fontFamily;
		const need = ctx.measureText(o.textContent).width + parseFloat(st.paddingLeft) + parseFloat(st.paddingRight) + 16;
		if (need > s.clientWidth + 1) out.push('#' + s.id + ' "' + o.textContent + '" needs ' + Math.round(need) + ' px, has ' + s.clientWidth);
	}
	return out;
})()`

// repeatedSentencesJS lists the sentences a panel prints more than once.
const repeatedSentencesJS = `(() => {
	const out = [];
	for (const p of document.querySelectorAll('.view:not([hidden]) section:not([hidden])')) {
		const seen = new Set();
		for (const e of p.querySelectorAll('.note, .caution, .status, .sentences')) {
			if (e.hidden || e.closest('[hidden]')) continue;
			for (const s of e.textContent.split(/(?<=[.!?])\s+/).map(x => x.trim()).filter(x => x.length > 20)) {
				if (seen.has(s)) out.push(p.id + ': ' + s);
				seen.add(s);
			}
		}
	}
	return out;
})()`
