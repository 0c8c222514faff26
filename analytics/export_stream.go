package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// observation is one value of the stream the shapes are built from: a unit's total, field or
// criterion in a year, or, with status other than OBSERVED, the absence of any.
type observation struct {
	unit      *exportUnit
	year      int
	total     *unitYear // nil when the unit has no result that year
	status    Status
	field     string
	criterion string
	points    float64
	max       float64
	percent   float64
	rank      int // 0: none
}

// stream hands every observation of the export to fn in row order: by year, then province,
// parent and unit, then field (in framework order) or criterion code. The rows of a level are read
// in the order the derived tables keep them, so that no sort runs over millions of rows; a row out
// of that order is an error, never a misplaced row.
func (e *Export) stream(ctx context.Context, fn func(*observation) error) error {
	t := (&e.boundary).tables()
	var o observation
	next := fn
	fn = func(o *observation) error {
		e.read.Add(1)
		return next(o)
	}
	for _, year := range e.years {
		frame := e.frame[year]
		pos := 0 // the frame unit the SQL rows are expected to belong to
		missingUntil := func(key string) error {
			for ; pos < len(frame) && frame[pos].key < key; pos++ {
				u := frame[pos]
				if tot := e.results[yearUnit{year, u.ref.id}]; tot != nil {
					if e.query.Level == LevelTotal {
						o = observation{unit: u, year: year, total: tot, status: StatusObserved,
							points: tot.points, max: tot.max, percent: tot.pct, rank: tot.rank}
						if err := fn(&o); err != nil {
							return err
						}
					}
					continue // observed: its rows come from SQL (or the fields asked are none of its)
				}
				o = observation{unit: u, year: year, status: e.refs.missing(u.ref, year, e.boundary == BoundaryCurrent)}
				if err := fn(&o); err != nil {
					return err
				}
			}
			return nil
		}
		if e.query.Level != LevelTotal {
			if err := e.streamYear(ctx, t, year, frame, &pos, missingUntil, fn); err != nil {
				return err
			}
		}
		if err := missingUntil("\xff"); err != nil {
			return err
		}
	}
	return nil
}

// streamYear reads the field or criterion rows of a year and merges them into the frame.
func (e *Export) streamYear(ctx context.Context, t tables, year int, frame []*exportUnit, next *int,
	missingUntil func(string) error, fn func(*observation) error) error {
	where := "year = " + strconv.Itoa(year)
	if e.filter != "" {
		where += " AND " + e.filter
	}
	if len(e.fields) > 0 {
		where += " AND field_slug IN ('" + strings.Join(e.fields, "', '") + "')"
	}
	var text string
	if e.query.Level == LevelField {
		text = `SELECT unit_id, field_slug, points, max_points, percent, rank FROM ` + t.fields + ` WHERE ` + where +
			` ORDER BY province_id, parent_id, unit_id, ordinal`
	} else {
		// criterion_results is kept in this order (derive.go); no ORDER BY, no sort of millions of rows.
		text = `SELECT unit_id, criterion_code, points FROM criterion_results WHERE ` + where
	}
	ctx, cancel := context.WithCancel(ctx)
	batches, scanErr := e.scan(ctx, text)
	defer func() {
		cancel()
		for range batches { // let the scanner see the cancellation and close its rows
		}
	}()
	maxOf := map[string]exportCriterion{}
	var fw string
	var cur *exportUnit
	var o observation
	for batch := range batches {
		for i := range batch {
			row := &batch[i]
			if cur == nil || cur.ref.id != row.unit {
				if err := missingUntil(frameKey(frame, *next, row.unit)); err != nil {
					return err
				}
				if *next >= len(frame) || frame[*next].ref.id != row.unit {
					return fmt.Errorf("export %d: unit %s is out of the order of the derived table", year, row.unit)
				}
				cur = frame[*next]
				*next++
				o.unit, o.year, o.status = cur, year, StatusObserved
				o.total = e.results[yearUnit{year, row.unit}]
				if o.total == nil {
					return fmt.Errorf("export %d: unit %s has scores but no total", year, row.unit)
				}
				if o.total.framework != fw {
					fw = o.total.framework
					clear(maxOf)
					for _, c := range e.criteria {
						if c.framework == fw {
							maxOf[c.code] = c
						}
					}
				}
			}
			o.points, o.max, o.percent, o.rank = row.points, row.max, row.percent, row.rank
			if e.query.Level == LevelCriterion {
				c, ok := maxOf[row.item]
				if !ok {
					return fmt.Errorf("export %d: criterion %s is not in framework %s", year, row.item, fw)
				}
				// The same arithmetic as criterion_results.percent: round(points / max * 100, 6).
				o.field, o.criterion, o.max = c.field, c.code, c.max
				o.percent = math.Round(o.points/o.max*100*1e6) / 1e6
			} else {
				o.field = row.item
			}
			if err := fn(&o); err != nil {
				return err
			}
		}
		select {
		case e.recycle <- batch[:0]:
		default: // enough spare batches; let this one go
		}
	}
	if err := scanErr(); err != nil {
		return fmt.Errorf("export %d: %w", year, err)
	}
	return nil
}

// scannedRow is a field or criterion row as read from DuckDB.
type scannedRow struct {
	unit, item           string // item: the field slug or the criterion code
	points, max, percent float64
	rank                 int
}

// scanBatch is how many rows the scanner hands over at once.
const scanBatch = 4096

// scan runs a field or criterion statement on its own goroutine and hands its rows over in
// batches, so that reading from DuckDB (half the time, in the driver) overlaps writing the file.
// The returned function reports the scan's error once the channel is closed.
func (e *Export) scan(ctx context.Context, text string) (<-chan []scannedRow, func() error) {
	out := make(chan []scannedRow, 2)
	var err error
	go func() {
		defer close(out)
		var rows *sql.Rows
		if rows, err = e.store.db.QueryContext(ctx, text, e.args...); err != nil {
			return
		}
		defer rows.Close()
		batch := e.batch()
		for rows.Next() {
			batch = batch[:len(batch)+1]
			r := &batch[len(batch)-1]
			if e.query.Level == LevelField {
				err = rows.Scan(&r.unit, &r.item, &r.points, &r.max, &r.percent, &r.rank)
			} else {
				err = rows.Scan(&r.unit, &r.item, &r.points)
			}
			if err != nil {
				return
			}
			if len(batch) == cap(batch) {
				select {
				case out <- batch:
				case <-ctx.Done():
					err = ctx.Err()
					return
				}
				batch = e.batch()
			}
		}
		if err = rows.Err(); err == nil && len(batch) > 0 {
			out <- batch
		}
	}()
	return out, func() error { return err }
}

// batch returns an empty batch, reusing one the writer is done with.
func (e *Export) batch() []scannedRow {
	select {
	case b := <-e.recycle:
		return b
	default:
		return make([]scannedRow, 0, scanBatch)
	}
}

// frameKey is the ordering key of unitID in the frame (searching from next), or the key that
// stops missingUntil at the end when the unit is not in the frame.
func frameKey(frame []*exportUnit, next int, unitID string) string {
	for i := next; i < len(frame); i++ {
		if frame[i].ref.id == unitID {
			return frame[i].key
		}
	}
	return ""
}
