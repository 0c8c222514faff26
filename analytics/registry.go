package analytics

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/parindex/parindex/analytics/dataset"
)

// registryVersion names the embedded registry of units (dataset.Registry): every version of every
// unit of the official lists from 2017-12-13 to 2025-07-01 and the links between them. A
// database that holds an older one (or, written before the registry, only the units its data
// named) is brought up to it when it is opened.
const registryVersion = 1

// ensureRegistry brings an existing database's units and lineage up to the embedded registry, in one
// transaction that makes a new release: versions the database lacks are added, the facts of
// those it has (name, kind, level, parent, dates) are the registry's, links are added and their
// change, certainty and basis set. Units and links the registry does not know (written by an
// older load) are kept, and so are every score and published result: their units keep their IDs.
// The derived tables are rebuilt, since a unit's dates and parents decide them.
func (s *Store) ensureRegistry(ctx context.Context) error {
	var version sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT max(version) FROM registry_version`).Scan(&version); err != nil {
		return fmt.Errorf("registry version: %w", err)
	}
	if version.Valid && version.Int64 >= registryVersion {
		return nil
	}
	units, links, err := dataset.Registry()
	if err != nil {
		return fmt.Errorf("registry: %w", err)
	}
	return s.inTx(ctx, func(conn *sql.Conn) error {
		steps := []string{
			`CREATE OR REPLACE TEMP TABLE registry_units AS SELECT * FROM units LIMIT 0`,
			`CREATE OR REPLACE TEMP TABLE registry_lineage AS SELECT * FROM lineage LIMIT 0`,
		}
		for _, q := range steps {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("registry: %w", err)
			}
		}
		if err := appendUnitsTo(conn, "registry_units", units); err != nil {
			return fmt.Errorf("registry: units: %w", err)
		}
		if err := appendLineageTo(conn, "registry_lineage", links); err != nil {
			return fmt.Errorf("registry: lineage: %w", err)
		}
		steps = []string{
			`UPDATE units SET name = r.name, short_name = r.short_name, kind = r.kind, level = r.level, parent_id = r.parent_id,
				valid_from = r.valid_from, valid_to = r.valid_to, search_key = r.search_key
			 FROM registry_units r
			 WHERE units.id = r.id AND (units.name, units.short_name, units.kind, units.level, units.parent_id, units.valid_from, units.valid_to)
			       IS DISTINCT FROM (r.name, r.short_name, r.kind, r.level, r.parent_id, r.valid_from, r.valid_to)`,
			`INSERT INTO units (id, code, list, name, short_name, kind, level, parent_id, valid_from, valid_to, search_key)
			 SELECT id, code, list, name, short_name, kind, level, parent_id, valid_from, valid_to, search_key
			 FROM registry_units WHERE id NOT IN (SELECT id FROM units)`,
			`UPDATE lineage SET effective = r.effective, coverage = r.coverage, change = r.change, certainty = r.certainty, basis = r.basis
			 FROM registry_lineage r
			 WHERE lineage.predecessor_id = r.predecessor_id AND lineage.successor_id = r.successor_id`,
			`INSERT INTO lineage SELECT * FROM registry_lineage r
			 WHERE NOT EXISTS (SELECT 1 FROM lineage l WHERE l.predecessor_id = r.predecessor_id AND l.successor_id = r.successor_id)`,
			`DROP TABLE registry_units; DROP TABLE registry_lineage`,
		}
		for _, q := range steps {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("registry: %w", err)
			}
		}
		// The facts stay; a new release says why the answers about units changed.
		if _, err := conn.ExecContext(ctx, `INSERT INTO releases SELECT coalesce(max(id), 0) + 1, now(), ? FROM releases`,
			registryRelease); err != nil {
			return fmt.Errorf("registry: release: %w", err)
		}
		if err := refreshDerived(ctx, conn); err != nil {
			return err
		}
		_, err := conn.ExecContext(ctx, `DELETE FROM registry_version; INSERT INTO registry_version VALUES (?)`, registryVersion)
		return err
	})
}

// registryRelease describes the release that brings a database's units up to the registry.
const registryRelease = "Danh mục đơn vị hành chính: mọi phiên bản của mọi đơn vị trong các danh mục chính thức từ 13/12/2017 đến 01/07/2025"
