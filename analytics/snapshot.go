package analytics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrReleaseChanging reports that a reader could not pin a data release because a new one kept
// being committed while it tried: the caller may retry in a moment.
var ErrReleaseChanging = errors.New("analytics: a new data release is being published")

// pinWait is how long snapshot waits for the reference data of a just-committed release: an
// import refreshes it within a few hundred milliseconds of its commit (national: one year read
// again in about 0.1 s).
const pinWait = 5 * time.Second

// snapshot is one connection inside a read-only transaction, and the reference data of the very
// release that transaction sees. DuckDB's transactions are snapshots: whatever commits meanwhile,
// every statement run on conn reads the state of the release, from the first to the last, so
// that a reader that plans a file and then streams it cannot mix two releases.
type snapshot struct {
	refs *refs
	conn *sql.Conn
}

// snapshot pins the newest release. An import commits before it publishes its reference data,
// so for a moment the database is ahead of s.refs: snapshot then waits (at most pinWait) until
// the two agree. The caller must close the snapshot.
func (s *Store) snapshot(ctx context.Context) (*snapshot, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	deadline := time.Now().Add(pinWait)
	for {
		r := s.refs.Load()
		if _, err := conn.ExecContext(ctx, `BEGIN TRANSACTION READ ONLY`); err != nil {
			conn.Close()
			return nil, fmt.Errorf("snapshot: %w", err)
		}
		var release int64
		if err := conn.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM releases`).Scan(&release); err != nil {
			conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`) //nolint:errcheck // the connection is closed next
			conn.Close()
			return nil, fmt.Errorf("snapshot: %w", err)
		}
		if release == r.release {
			return &snapshot{refs: r, conn: conn}, nil
		}
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`); err != nil {
			conn.Close()
			return nil, fmt.Errorf("snapshot: %w", err)
		}
		if time.Now().After(deadline) {
			conn.Close()
			return nil, ErrReleaseChanging
		}
		select {
		case <-ctx.Done():
			conn.Close()
			return nil, ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// Close ends the snapshot's transaction and gives its connection back. It may be called more
// than once.
func (sn *snapshot) Close() error {
	if sn == nil || sn.conn == nil {
		return nil
	}
	conn := sn.conn
	sn.conn = nil
	_, err := conn.ExecContext(context.Background(), `ROLLBACK`)
	return errors.Join(err, conn.Close())
}
