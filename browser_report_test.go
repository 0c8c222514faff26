package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/parindex/parindex/graph"
	"golang.org/x/text/unicode/norm"
)

// TestBrowserReport prints the report a chairman takes away ("In báo cáo") to PDF on A4, as
// chromium prints it, and reads the PDF's text back (pdftotext, from poppler-utils: make deps
// installs it): one or two pages, each headed by the unit and the year, holding the numbers the
// API gives, the field names, the source and the illustrative notice. It also opens the report
// from the profile's and the overview's button at 375 and 1280 px.
func TestBrowserReport(t *testing.T) {
	browserCtx := newBrowser(t)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("PARINDEX_REQUIRE_BROWSER") != "" {
			t.Fatal("pdftotext not found; make deps installs poppler-utils")
		}
		t.Skip("pdftotext not found; make deps installs poppler-utils")
	}
	server := httptest.NewServer(mustRoutes(t, openStore(t), config{limits: graph.DefaultLimits()}))
	t.Cleanup(server.Close)
	srv := server.URL

	const unit = "31564@2025-03-01" // Xã An Mỹ, Huyện Kế Sách: its 2023 class and rank were published
	t.Run("a commune's report prints on one or two A4 pages with the API's numbers", func(t *testing.T) {
		var a struct {
			Compare struct {
				Units []struct {
					Unit       struct{ Name string }
					Percent    float64
					Rank       int
					Group      struct{ Code, Label string }
					Benchmarks struct{ Units int }
					Fields     []struct {
						Field struct{ NameVi string }
					}
				}
			}
			Ranking []struct {
				Unit      struct{ ID string }
				Published *struct {
					Rank   *int
					Source struct{ Title string }
				}
			}
		}
		apiAnswer(t, srv, `{ compare(units: ["`+unit+`"], year: 2023) { units { unit { name } percent rank group { code label } benchmarks { units } fields { field { nameVi } } } }
			ranking(year: 2023, parent: "943") { unit { id } published { rank source { title } } } }`, &a)
		if len(a.Compare.Units) != 1 || len(a.Compare.Units[0].Fields) == 0 {
			t.Fatalf("the API compares %d units for %s in 2023; want 1 with its fields", len(a.Compare.Units), unit)
		}
		u := a.Compare.Units[0]
		decision := ""
		for _, r := range a.Ranking {
			if r.Unit.ID == unit && r.Published != nil {
				decision = r.Published.Source.Title
			}
		}
		if decision == "" {
			t.Fatalf("no published result for %s in 2023: the test needs the unit with a published class", unit)
		}
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open the report", chromedp.Navigate(srv+"/?view=report&unit="+unit+"&year=2023"),
			chromedp.WaitVisible(`#view-report[data-ready="true"][data-kind="unit"]`))
		if got := eval[string](t, ctx, `document.querySelector('#view-report').dataset.unit + ' ' + document.querySelector('#view-report').dataset.year`); got != unit+" 2023" {
			t.Errorf("the report is of %q; want %s 2023", got, unit)
		}
		screenshot(t, ctx, "report-unit-vi-1280")
		pages := printPDF(t, ctx, "report-unit-vi")
		text := strings.Join(pages, "\n")
		want := []string{
			u.Unit.Name,
			"2023",
			"Huyện Kế Sách",
			percentVi(u.Percent),
			"Nhóm " + u.Group.Code + " – " + u.Group.Label,
			fmt.Sprintf("%d/%d", u.Rank, u.Benchmarks.Units),
			"Tiêu chí mất nhiều điểm nhất năm 2023",
			"Chỉ số, thứ hạng và nhóm qua các năm",
			"minh họa",               // the illustrative notice: the scores are generated
			"2234/QĐ-UBND",           // the decision that published its class and rank
			"Bộ chỉ số áp dụng",      // the framework it was scored on
			"đứng đầu Huyện Kế Sách", // the sentences
		}
		for _, f := range u.Fields {
			want = append(want, f.Field.NameVi)
		}
		for _, w := range want {
			if !strings.Contains(text, flat(w)) {
				t.Errorf("the printed report lacks %q", w)
			}
		}
		if !strings.Contains(flat(decision), "2234/QĐ-UBND") {
			t.Errorf("the published result's source is %q; want the decision 2234/QĐ-UBND", decision)
		}
		if strings.Contains(text, "Di chuột") {
			t.Errorf("the printed notice asks to hover a number: %q", text)
		}
		// Every page carries the unit and the year, so a loose second page still says whose it is.
		for i, p := range pages {
			if !strings.Contains(p, u.Unit.Name) || !strings.Contains(p, "2023") {
				t.Errorf("page %d of %d does not name %s and 2023: %.200q", i+1, len(pages), u.Unit.Name, p)
			}
		}
	})

	t.Run("a district's report prints on one or two A4 pages with its units ranked", func(t *testing.T) {
		var a struct {
			Ranking []struct {
				Unit    struct{ Name string }
				Percent float64
				Rank    int
				Group   struct{ Code, Label string }
			}
			FieldSummary []struct {
				Field struct{ NameVi string }
			}
		}
		apiAnswer(t, srv, `{ ranking(year: 2023, parent: "943") { unit { name } percent rank group { code label } } fieldSummary(year: 2023, parent: "943") { field { nameVi } } }`, &a)
		if len(a.Ranking) < 2 {
			t.Fatalf("the API ranks %d units of Kế Sách in 2023; want its communes", len(a.Ranking))
		}
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open the report", chromedp.Navigate(srv+"/?view=report&parent=943&year=2023"),
			chromedp.WaitVisible(`#view-report[data-ready="true"][data-kind="area"]`))
		screenshot(t, ctx, "report-area-vi-1280")
		// Every unit of the ranking, in order, with its index and class.
		rows := tableRows(t, ctx, ".report-ranking-table")
		if len(rows) != len(a.Ranking) {
			t.Fatalf("the report ranks %d units; the API %d", len(rows), len(a.Ranking))
		}
		for i, r := range a.Ranking {
			prefix := fmt.Sprintf("%d | %s | %s | %s – %s", r.Rank, r.Unit.Name, percentVi(r.Percent), r.Group.Code, r.Group.Label)
			if !strings.HasPrefix(flat(rows[i]), flat(prefix)) {
				t.Errorf("ranking row %d is %q; want it to start %q", i+1, rows[i], prefix)
			}
		}
		pages := printPDF(t, ctx, "report-area-vi")
		text := strings.Join(pages, "\n")
		want := []string{"Huyện Kế Sách, Tỉnh Sóc Trăng", "2023", "minh họa", "2234/QĐ-UBND", "Số đơn vị theo nhóm xếp loại năm 2023",
			// No unit of Kế Sách scored lower in 2023 than in 2022: the report says so instead of an empty list.
			"Không đơn vị nào giảm điểm so với năm 2022"}
		for _, r := range a.Ranking {
			want = append(want, r.Unit.Name, percentVi(r.Percent))
		}
		for _, f := range a.FieldSummary {
			want = append(want, f.Field.NameVi)
		}
		for _, w := range want {
			if !strings.Contains(text, flat(w)) {
				t.Errorf("the printed report lacks %q", w)
			}
		}
		for i, p := range pages {
			if !strings.Contains(p, "Huyện Kế Sách") || !strings.Contains(p, "2023") {
				t.Errorf("page %d of %d does not name Huyện Kế Sách and 2023: %.200q", i+1, len(pages), p)
			}
		}
	})

	t.Run("a district of another framework: its own classes and decision", func(t *testing.T) {
		// Quảng Hòa (Cao Bằng) in 2021: 19 communes scored on Cao Bằng's framework, whose four
		// classes have names and no numbers.
		store := openStore(t)
		loadCaoBang(t, store)
		caoBang := httptest.NewServer(mustRoutes(t, store, config{limits: graph.DefaultLimits()}))
		t.Cleanup(caoBang.Close)
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open the report", chromedp.Navigate(caoBang.URL+"/?view=report&year=2021&parent="+quangHoaDistrict),
			chromedp.WaitVisible(`#view-report[data-ready="true"][data-kind="area"][data-count="19"]`))
		pages := printPDF(t, ctx, "report-area-cao-bang")
		text := strings.Join(pages, "\n")
		for _, w := range []string{"Huyện Quảng Hòa, Tỉnh Cao Bằng", "2402/QĐ-UBND", "Tốt (≥ 90 %)", "Khá (70 – < 90 %)", "Kém (< 50 %)"} {
			if !strings.Contains(text, flat(w)) {
				t.Errorf("the printed report lacks %q", w)
			}
		}
		for _, other := range []string{"Rất tốt", "Nhóm I"} {
			if strings.Contains(text, other) {
				t.Errorf("the report of a Cao Bằng district names %q, a class of another framework", other)
			}
		}
	})

	t.Run("in English", func(t *testing.T) {
		ctx := newTab(t, browserCtx)
		must(t, ctx, "open the report", chromedp.Navigate(srv+"/?view=report&unit="+unit+"&year=2023&lang=en"),
			chromedp.WaitVisible(`#view-report[data-ready="true"]`))
		text := eval[string](t, ctx, `document.querySelector('#report').textContent`)
		for _, w := range []string{"Administrative Reform Index report, 2023", "Group I – Very good", "97.45%", "Sources", "illustrative"} {
			if !strings.Contains(text, w) {
				t.Errorf("the English report lacks %q", w)
			}
		}
	})

	for _, width := range []int64{375, 1280} {
		t.Run(fmt.Sprintf("the profile's and the overview's button opens the report at %d px", width), func(t *testing.T) {
			ctx := newTab(t, browserCtx)
			must(t, ctx, "narrow", chromedp.EmulateViewport(width, 900))
			cases := []struct{ kind, from, ready, href string }{
				{"unit", "/?view=profile&unit=" + unit + "&year=2023", `[data-kind="unit"][data-unit="` + unit + `"][data-year="2023"]`, "?view=report&year=2023&unit=" + unit},
				{"area", "/?year=2023&parent=943", `[data-kind="area"][data-parent="943"][data-year="2023"]`, "?view=report&year=2023&parent=943"},
			}
			for _, c := range cases {
				must(t, ctx, "open "+c.from, chromedp.Navigate(srv+c.from), chromedp.WaitVisible(`.report-link`))
				// Visible, whole and inside the screen.
				box := eval[string](t, ctx, `(() => { const r = document.querySelector('.report-link').getBoundingClientRect(); return [r.width > 0 && r.height >= 24, r.left >= 0 && r.right <= document.documentElement.clientWidth].join(); })()`)
				if box != "true,true" {
					t.Errorf("%s: the button (shown, inside the screen) = %s; want true,true", c.from, box)
				}
				if got := eval[string](t, ctx, `document.querySelector('.report-link').textContent.trim()`); got != "In báo cáo" {
					t.Errorf("%s: the button says %q; want In báo cáo", c.from, got)
				}
				if got := eval[string](t, ctx, `new URL(document.querySelector('.report-link').href).search`); got != c.href {
					t.Errorf("%s: the button leads to %q; want %q", c.from, got, c.href)
				}
				// The report's code and styles come when it is opened, not with the view.
				if got := eval[[]string](t, ctx, `performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.startsWith('/assets/report-'))`); len(got) > 0 {
					t.Errorf("%s: the view loaded the report's files before it was opened: %q", c.from, got)
				}
				screenshot(t, ctx, fmt.Sprintf("report-button-%s-vi-%d", c.kind, width))
				must(t, ctx, "click In báo cáo", chromedp.Click(`.report-link`), chromedp.WaitVisible(`#view-report[data-ready="true"]`+c.ready))
				// The report alone: the page's tabs and pickers give way to it, and nothing scrolls sideways.
				if v := eval[string](t, ctx, `[getComputedStyle(document.querySelector('.page-header')).display, document.documentElement.scrollWidth <= document.documentElement.clientWidth].join()`); v != "none,true" {
					t.Errorf("%s: the report's page (header display, no sideways scroll) = %s; want none,true", c.from, v)
				}
				// Column titles wrap to at most three lines (no band of blank header above short titles).
				if tall := eval[[]string](t, ctx, `[...document.querySelectorAll('.report-table thead th')].filter(th => th.getBoundingClientRect().height > 3.5 * parseFloat(getComputedStyle(th).lineHeight)).map(th => th.textContent)`); len(tall) > 0 {
					t.Errorf("%s: column titles taller than three lines: %q", c.from, tall)
				}
				screenshot(t, ctx, fmt.Sprintf("report-%s-vi-%d", c.kind, width))
				must(t, ctx, "back", chromedp.Click(`.report-back`), chromedp.WaitVisible(`.report-link`))
			}
		})
	}
}

// printPDF prints the page on A4 as chromium does (the page's own @page rules preferred),
// checks that it takes one or two pages, saves its pages as PNG where PARINDEX_SCREENSHOTS says,
// and returns each page's text with its whitespace flattened.
func printPDF(t *testing.T, ctx context.Context, name string) []string {
	t.Helper()
	yes := true
	pdf, err := chromedp.Run(ctx, chromedp.Action[[]byte](func(ctx context.Context, target *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, target, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69, PreferCSSPageSize: &yes, PrintBackground: &yes})
		return r.Data, err
	}))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// pdftotext ends every page with a form feed.
	pages := strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
	if len(pages) < 1 || len(pages) > 2 {
		t.Errorf("the report prints on %d A4 pages; want 1 or 2", len(pages))
	}
	if info, err := exec.Command("pdfinfo", file).Output(); err == nil {
		var w, h float64
		if m := regexp.MustCompile(`Page size:\s+[\d.]+ x [\d.]+ pts`).Find(info); m == nil {
			t.Errorf("pdfinfo gives no page size: %s", info)
		} else if _, err := fmt.Sscanf(strings.Join(strings.Fields(string(m))[2:5], " "), "%g x %g", &w, &h); err != nil || math.Abs(w-595) > 2 || math.Abs(h-842) > 2 {
			t.Errorf("the PDF's %s; want A4 (595 × 842 pt)", m)
		}
	}
	if shots := os.Getenv("PARINDEX_SCREENSHOTS"); shots != "" {
		if out, err := exec.Command("pdftoppm", "-png", "-r", "60", file, filepath.Join(shots, name+"-pdf")).CombinedOutput(); err != nil {
			t.Errorf("pdftoppm: %v %s", err, out)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".pdf"), pdf, 0o644); err != nil {
			t.Error(err)
		}
	}
	for i := range pages {
		pages[i] = flat(pages[i])
	}
	return pages
}

var spaces = regexp.MustCompile(`\s+`)

// flat is text as the tests compare it: composed Unicode, every run of whitespace (a line
// break in a table cell, a non-breaking space before "%") one space.
func flat(s string) string {
	return strings.TrimSpace(spaces.ReplaceAllString(norm.NFC.String(strings.ReplaceAll(s, "\u00a0", " ")), " "))
}

// percentVi is a percent as the Vietnamese page writes it: "97,45 %".
func percentVi(v float64) string {
	return strings.Replace(fmt.Sprintf("%.2f", v), ".", ",", 1) + " %"
}

// apiAnswer asks the server's GraphQL API and decodes the answer's data into out.
func apiAnswer(t *testing.T, srv, query string, out any) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	resp, err := http.Post(srv+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil || len(answer.Errors) > 0 {
		t.Fatalf("query %.60s: %v %v", query, err, answer.Errors)
	}
	if err := json.Unmarshal(answer.Data, out); err != nil {
		t.Fatal(err)
	}
}
