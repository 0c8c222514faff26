package analytics

import (
	"context"
	"fmt"
)

// Release returns the number of the newest data release. Every load makes a new release, so
// answers cached under one release number stay true until the number changes. It reads memory
// only and is safe for concurrent use.
func (s *Store) Release() int64 { return s.release.Load() }

// refreshRelease reads the newest release number into memory; loads call it after committing.
func (s *Store) refreshRelease(ctx context.Context) error {
	var id int64
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM releases`).Scan(&id); err != nil {
		return fmt.Errorf("release: %w", err)
	}
	s.release.Store(id)
	return nil
}
