package analytics

import (
	"context"
	"fmt"
)

// Years returns the years that have results, oldest first.
func (s *Store) Years(ctx context.Context) ([]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT year FROM unit_results ORDER BY year`)
	if err != nil {
		return nil, fmt.Errorf("years: %w", err)
	}
	defer rows.Close()
	years := []int{}
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, fmt.Errorf("years: %w", err)
		}
		years = append(years, y)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("years: %w", err)
	}
	return years, nil
}

// yearsHint completes an error message about a missing year with the years there are. It is only
// called on the error path.
func (s *Store) yearsHint(ctx context.Context) string {
	years, err := s.Years(ctx)
	if err != nil || len(years) == 0 {
		return ""
	}
	return fmt.Sprintf("; years with results: %d–%d", years[0], years[len(years)-1])
}

// checkYear returns a not-found error unless year has results.
func (s *Store) checkYear(ctx context.Context, year int) error {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM unit_results WHERE year = ?`, year).Scan(&n); err != nil {
		return fmt.Errorf("year %d: %w", year, err)
	}
	if n == 0 {
		return notFound("no results for year %d%s", year, s.yearsHint(ctx))
	}
	return nil
}
