package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// refs is the reference data that requests consult before any query: the data release, the
// years with results, and the units (to resolve IDs and codes). It is read once per release and
// never changed: a load replaces it whole, so readers need no lock. Looking these up in DuckDB
// cost 5–9 ms per request at national scale (13,368 units).
type refs struct {
	release int64
	years   []int
	units   map[string]*unitRef   // by ID
	byCode  map[string][]*unitRef // the units sharing an official code
}

// unitRef is what resolving a code needs to know of a unit.
type unitRef struct {
	id, list string
	from, to int          // first and last year the unit existed at the end of
	results  map[int]bool // years with results, as published
}

// existed reports whether the unit existed at the end of year, when scores are given: a commune
// merged on 2025-07-01 has no 2025 result, its successor has.
func (u *unitRef) existed(year int) bool { return u.from <= year && year <= u.to }

// Release returns the number of the newest data release. Every load makes a new release, so
// answers cached under one release number stay true until the number changes. It reads memory
// only and is safe for concurrent use.
func (s *Store) Release() int64 { return s.refs.Load().release }

// refresh reads the reference data of the newest release into memory; loads call it after
// committing.
func (s *Store) refresh(ctx context.Context) error {
	r := &refs{units: map[string]*unitRef{}, byCode: map[string][]*unitRef{}}
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM releases`).Scan(&r.release); err != nil {
		return fmt.Errorf("refresh: release: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, code, list, valid_from, valid_to, result_years FROM units`)
	if err != nil {
		return fmt.Errorf("refresh: units: %w", err)
	}
	defer rows.Close()
	years := map[int]bool{}
	for rows.Next() {
		var code string
		var from, to sql.NullTime
		var results []any
		u := &unitRef{from: math.MinInt, to: math.MaxInt, results: map[int]bool{}}
		if err := rows.Scan(&u.id, &code, &u.list, &from, &to, &results); err != nil {
			return fmt.Errorf("refresh: units: %w", err)
		}
		if from.Valid {
			u.from = from.Time.Year()
		}
		if to.Valid {
			u.to = to.Time.Year()
			if !(to.Time.Month() == time.December && to.Time.Day() == 31) {
				u.to-- // gone before the end of its last year
			}
		}
		for _, y := range results {
			u.results[int(toInt64(y))] = true
			years[int(toInt64(y))] = true
		}
		r.units[u.id] = u
		r.byCode[code] = append(r.byCode[code], u)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("refresh: units: %w", err)
	}
	for y := range years {
		r.years = append(r.years, y)
	}
	slices.Sort(r.years)
	s.refs.Store(r)
	return nil
}

// resolveUnit turns an ID ("31528@2025-07-01") or a bare official code ("31528") into an ID. A
// code names the unit that existed in year, preferring one with results that year; without a
// year, the unit of the newest list.
func (s *Store) resolveUnit(ctx context.Context, idOrCode string, year *int) (string, error) {
	ids, err := s.resolveUnits(ctx, []string{idOrCode}, year)
	if err != nil {
		return "", err
	}
	return ids[0], nil
}

// resolveUnits resolves several IDs or codes, keeping their order.
func (s *Store) resolveUnits(_ context.Context, idsOrCodes []string, year *int) ([]string, error) {
	r := s.refs.Load()
	out := make([]string, len(idsOrCodes))
	for i, key := range idsOrCodes {
		key = strings.TrimSpace(key)
		if u, ok := r.units[key]; ok {
			out[i] = u.id
			continue
		}
		candidates := r.byCode[key]
		if strings.Contains(key, "@") || len(candidates) == 0 {
			return nil, notFound("no unit %q: give an official code (\"31564\") or an ID (\"31564@2025-03-01\")", idsOrCodes[i])
		}
		best := slices.MaxFunc(candidates, func(a, b *unitRef) int {
			if year != nil {
				if c := compareBool(a.existed(*year), b.existed(*year)); c != 0 {
					return c
				}
				if c := compareBool(a.results[*year], b.results[*year]); c != 0 {
					return c
				}
			}
			return strings.Compare(a.list, b.list)
		})
		out[i] = best.id
	}
	return out, nil
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	default:
		return -1
	}
}
