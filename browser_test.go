package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// newBrowser starts headless chromium for one test. Without chromium the test is skipped, unless
// PARINDEX_REQUIRE_BROWSER is set (make test sets it), where a missing browser is a failure.
func newBrowser(t *testing.T, width, height int) context.Context {
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
		chromedp.WindowSize(width, height),
		// Chromium leaves folders in TMPDIR: keep them in the test's scratch folder.
		chromedp.Env("TMPDIR="+scratch),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// screenshot saves a PNG of the page when PARINDEX_SCREENSHOTS names a folder, for a person to
// look at.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("PARINDEX_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Errorf("screenshot: %v", err)
	}
}

// TestBrowserRanking opens the app as a leader would: the latest year first, then 2023, where
// the ranking must show the 13 communes of Kế Sách with An Mỹ first.
func TestBrowserRanking(t *testing.T) {
	ctx := newBrowser(t, 1280, 1800)
	srv := httptestServer(t)

	attr := func(name string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.AttributeValue(`#ranking-chart`, name))
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		return v.Value
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv+"/"),
		chromedp.WaitVisible(`#ranking-chart[data-ready="true"]`),
	); err != nil {
		t.Fatalf("open /: %v", err)
	}
	if year, count := attr("data-year"), attr("data-count"); year != "2025" || count != "6" {
		t.Errorf("the page opens on year %s with %s bars; want the latest year, 2025, with the 6 communes of Cần Thơ", year, count)
	}

	if err := chromedp.Do(ctx,
		chromedp.SetValue(`#year`, "2023"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#year').dispatchEvent(new Event('change', {bubbles: true}))`),
		chromedp.WaitVisible(`#ranking-chart[data-ready="true"][data-year="2023"]`),
	); err != nil {
		t.Fatalf("choose 2023: %v", err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('table.ranking-table tbody tr')].map(tr => [...tr.cells].map(td => td.textContent.trim()).join(' | '))`))
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "ranking-2023")
	if count := attr("data-count"); count != "13" || len(rows) != 13 {
		t.Fatalf("2023 shows %s bars and %d table rows, want 13 and 13", count, len(rows))
	}
	if !strings.HasPrefix(rows[0], "1 | An Mỹ | ") {
		t.Errorf("first row %q, want An Mỹ at rank 1", rows[0])
	}
	svgText, err := chromedp.Run(ctx, chromedp.Text(`#ranking-chart`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(svgText, "An Mỹ") || !strings.Contains(svgText, "Phong Nẫm") {
		t.Errorf("the chart's text does not name the communes: %.200q", svgText)
	}
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(url, "year=2023") {
		t.Errorf("URL %s does not keep the year", url)
	}
}
