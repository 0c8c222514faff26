package analytics

import (
	"context"
	"fmt"
	"slices"
)

// Years returns the years that have results, oldest first.
func (s *Store) Years(context.Context) ([]int, error) {
	return slices.Clone(s.refs.Load().years), nil
}

// yearsHint completes an error message about a missing year with the years there are.
func (s *Store) yearsHint() string {
	years := s.refs.Load().years
	if len(years) == 0 {
		return ""
	}
	return fmt.Sprintf("; years with results: %d–%d", years[0], years[len(years)-1])
}

// checkYear returns a not-found error unless year has results.
func (s *Store) checkYear(_ context.Context, year int) error {
	if !slices.Contains(s.refs.Load().years, year) {
		return notFound("no results for year %d%s", year, s.yearsHint())
	}
	return nil
}
