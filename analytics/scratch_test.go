package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"
)

func TestScratchNational(t *testing.T) {
	if os.Getenv("NAT") == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, err := sql.Open("duckdb", "/tmp/nat.duckdb")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	setup := []string{
		`CREATE OR REPLACE TABLE rk AS SELECT year, parent_id, unit_id, percent, rank, group_code, sort_key FROM unit_results ORDER BY year, parent_id`,
		`CREATE OR REPLACE TABLE ser AS SELECT unit_id, year, percent, rank, group_code FROM unit_results ORDER BY unit_id, year`,
	}
	for _, q := range setup {
		start := time.Now()
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
		fmt.Println("setup", time.Since(start))
	}
	var parents, units []string
	rows, _ := db.Query(`SELECT DISTINCT parent_id FROM unit_results WHERE year = 2024 USING SAMPLE 50`)
	for rows.Next() {
		var p string
		rows.Scan(&p)
		parents = append(parents, p)
	}
	rows.Close()
	rows, _ = db.Query(`SELECT unit_id FROM unit_results WHERE year = 2024 USING SAMPLE 50`)
	for rows.Next() {
		var p string
		rows.Scan(&p)
		units = append(units, p)
	}
	rows.Close()
	bench := func(name, q string, keys []string, prepared bool) {
		var stmt *sql.Stmt
		if prepared {
			stmt, _ = db.PrepareContext(ctx, q)
		}
		var d []time.Duration
		for i := 0; i < 200; i++ {
			k := keys[i%len(keys)]
			start := time.Now()
			var r *sql.Rows
			var err error
			if prepared {
				r, err = stmt.QueryContext(ctx, k)
			} else {
				r, err = db.QueryContext(ctx, q, k)
			}
			if err != nil {
				t.Fatal(name, err)
			}
			n := 0
			for r.Next() {
				n++
			}
			r.Close()
			d = append(d, time.Since(start))
		}
		sort.Slice(d, func(a, b int) bool { return d[a] < d[b] })
		fmt.Printf("%-28s prepared=%v p50 %v p99 %v\n", name, prepared, d[len(d)/2], d[len(d)*99/100])
	}
	for _, p := range []bool{false, true} {
		bench("floor", `SELECT 1 WHERE ? <> ''`, parents, p)
		bench("ranking wide", `SELECT unit_id, code, name, short_name, kind, parent_code, percent, rank, group_code, group_label, fields_json FROM unit_results WHERE year = 2024 AND parent_id = ?`, parents, p)
		bench("ranking narrow (same table)", `SELECT unit_id, percent, rank, group_code, sort_key FROM unit_results WHERE year = 2024 AND parent_id = ?`, parents, p)
		bench("ranking narrow table", `SELECT unit_id, percent, rank, group_code, sort_key FROM rk WHERE year = 2024 AND parent_id = ?`, parents, p)
		bench("fields of a district", `SELECT unit_id, field_slug, percent, rank FROM field_results WHERE year = 2024 AND parent_id = ?`, parents, p)
		bench("trend unit_results", `SELECT year, percent, rank, group_code FROM unit_results WHERE unit_id = ?`, units, p)
		bench("trend sorted table", `SELECT year, percent, rank, group_code FROM ser WHERE unit_id = ?`, units, p)
	}
}
