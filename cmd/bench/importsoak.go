package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parindex/parindex/analytics"
	"github.com/parindex/parindex/graph"
	"github.com/parindex/parindex/web"
)

// The import beside exports (-import-soak): a copy of the national database, served as the
// binary serves it, imports a national year (one score in five halved) twice: once idle, and once
// while -exporters clients download a province's criterion scores of that year in a loop. Every
// file downloaded must be byte for byte the file of the release its X-Parindex-Release header
// names (both are downloaded alone first), so that a file mixing two releases is counted; it
// reports both imports' times, the exports' latency and every status.

const (
	soakExport   = "/export?parent=001&years=2024&level=criterion"
	soakAdminKey = "bench-admin-token-0123456789abcdef0123456789"
)

func runImportSoak(ctx context.Context, cfg config) error {
	dir, err := os.MkdirTemp("", "parindex-import-soak-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "national.duckdb")
	if err := copyFile(cfg.db, path); err != nil {
		return err
	}
	store, err := analytics.Open(ctx, path)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Warm(ctx); err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	handler, err := graph.NewRoutes(store, logger, graph.Options{Limits: graph.DefaultLimits(), App: web.Handler(""), AdminToken: soakAdminKey, BackupDir: dir})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler, MaxHeaderBytes: graph.MaxHeaderBytes, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(graph.Listener(ln))
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: 2 * time.Minute}

	get := func() (int, string, []byte, error) {
		resp, err := client.Get(base + soakExport)
		if err != nil {
			return 0, "", nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("X-Parindex-Release"), b, err
	}
	files := map[string][]byte{} // each release's file, downloaded alone
	status, release, before, err := get()
	if err != nil || status != http.StatusOK {
		return fmt.Errorf("bench: first export: %d %v %.200s", status, err, before)
	}
	files[release] = before
	all, err := exportYear(client, base)
	if err != nil {
		return err
	}
	importFile := func(variant int) (time.Duration, string, error) {
		data := halveEveryFifth(all, variant)
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range map[string]string{"year": "2024", "decision": fmt.Sprintf("SOAK-%d/2024 (minh họa)", variant),
			"date": "2024-12-30", "importer": "bench", "replace_official": "true"} {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("file", "national-2024.csv")
		fw.Write(data)
		mw.Close()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/admin/import", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+soakAdminKey)
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || !bytes.Contains(b, []byte(`"COMMITTED"`)) {
			return 0, "", fmt.Errorf("bench: import: %d %.300s", resp.StatusCode, b)
		}
		return time.Since(start), strconv.FormatInt(store.Release(), 10), nil
	}
	idle, rel, err := importFile(1)
	if err != nil {
		return err
	}
	if status, release, files[rel], err = get(); err != nil || status != http.StatusOK || release != rel {
		return fmt.Errorf("bench: export of release %s: %d %s %v", rel, status, release, err)
	}
	fmt.Fprintf(os.Stderr, "bench: idle import %s (release %s); now %d exporters\n", rd(idle), rel, cfg.exporters)

	var mu sync.Mutex
	statuses := map[int]int{}
	var lat []time.Duration
	got := map[string]map[[32]byte]int{} // files downloaded, by release and content
	loadCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for range cfg.exporters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for loadCtx.Err() == nil {
				t := time.Now()
				status, release, b, err := get()
				d := time.Since(t)
				mu.Lock()
				switch {
				case err != nil:
					statuses[0]++
				case status == http.StatusOK:
					lat = append(lat, d)
					statuses[status]++
					if got[release] == nil {
						got[release] = map[[32]byte]int{}
					}
					got[release][sha256.Sum256(b)]++
				default:
					statuses[status]++
				}
				mu.Unlock()
				if status == http.StatusServiceUnavailable {
					time.Sleep(100 * time.Millisecond) // as a client honouring Retry-After would, sooner
				}
			}
		}()
	}
	time.Sleep(5 * time.Second)
	busy, rel, err := importFile(2)
	if err != nil {
		stop()
		wg.Wait()
		return err
	}
	time.Sleep(5 * time.Second)
	stop()
	wg.Wait()
	// The new release's file, downloaded alone, is what its downloads under load must be.
	if status, release, files[rel], err = get(); err != nil || status != http.StatusOK || release != rel {
		return fmt.Errorf("bench: export of release %s: %d %s %v", rel, status, release, err)
	}
	mixed, unknown := 0, 0
	for release, contents := range got {
		want, ok := files[release]
		for sum, n := range contents {
			switch {
			case !ok:
				unknown += n
			case sum != sha256.Sum256(want):
				mixed += n
			}
		}
	}
	p50, p99 := percentiles(lat)
	return report(cfg, func(w io.Writer, md bool) {
		header(w, md, cfg)
		table(w, md, []string{"what", "figure"}, [][]string{
			{"national import, idle", rd(idle)},
			{fmt.Sprintf("national import beside %d exporters", cfg.exporters), rd(busy)},
			{"exports answered 200", strconv.Itoa(len(lat))},
			{"export p50 / p99 ms", ms(p50) + " / " + ms(p99)},
			{"statuses (0: no answer)", fmt.Sprint(statuses)},
			{"files unlike their release's", strconv.Itoa(mixed)},
			{"files naming an unknown release", strconv.Itoa(unknown)},
		})
	})
}

// exportYear downloads every criterion score of 2024 as a long CSV.
func exportYear(client *http.Client, base string) ([][]string, error) {
	resp, err := client.Get(base + "/export?years=2024&level=criterion")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return csv.NewReader(resp.Body).ReadAll()
}

// halveEveryFifth writes a long CSV of the export's observed scores, every fifth score halved
// (the fifth from variant on, so that two variants differ).
func halveEveryFifth(rows [][]string, variant int) []byte {
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	var b strings.Builder
	b.WriteString("unit_code,criterion_code,points\n")
	n := 0
	for _, r := range rows[1:] {
		if r[col["status"]] != "OBSERVED" {
			continue
		}
		points, _ := strconv.ParseFloat(r[col["points"]], 64)
		if n++; n%5 == variant%5 {
			points = float64(int(points*50)) / 100
		}
		fmt.Fprintf(&b, "%s,%s,%.2f\n", r[col["unit_code"]], r[col["criterion_code"]], points)
	}
	return []byte(b.String())
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
