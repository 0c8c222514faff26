package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
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
	var o observation
	next := fn
	fn = func(o *observation) error {
		e.read.Add(1)
		return next(o)
	}
	var batches <-chan scanBatch
	scanErr := func() error { return nil }
	if e.query.Level != LevelTotal {
		ctx, cancel := context.WithCancel(ctx)
		batches, scanErr = e.scan(ctx)
		defer func() {
			cancel()
			for range batches { // let the scanner see the cancellation and close its rows
			}
		}()
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
			if err := e.mergeYear(year, batches, scanErr, frame, &pos, missingUntil, fn); err != nil {
				return err
			}
		}
		if err := missingUntil("\xff"); err != nil {
			return err
		}
	}
	return nil
}

// mergeYear merges the field or criterion rows of a year, as the scanner hands them over, into
// the frame of the year.
func (e *Export) mergeYear(year int, batches <-chan scanBatch, scanErr func() error, frame []*exportUnit, next *int,
	missingUntil func(string) error, fn func(*observation) error) error {
	var crits []exportCriterion // the criteria of the framework, in the order of the rows
	crit := 0                   // the criterion the next row is expected to have
	var fw string
	var cur *exportUnit
	var o observation
	for {
		b, ok := <-batches
		if !ok {
			if err := scanErr(); err != nil {
				return fmt.Errorf("export %d: %w", year, err)
			}
			return fmt.Errorf("export %d: the scan ended early", year)
		}
		if b.year != year {
			return fmt.Errorf("export %d: rows of %d came first", year, b.year)
		}
		if b.end {
			return nil
		}
		batch := b.rows
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
					crits = e.criteriaByCode(fw)
				}
				crit = 0
			}
			o.points, o.max, o.percent, o.rank = row.points, row.max, row.percent, row.rank
			if e.query.Level == LevelCriterion {
				// A unit's rows come by code (derive.go): look where the row before left off.
				for crit < len(crits) && crits[crit].code != row.item {
					crit++
				}
				if crit == len(crits) {
					return fmt.Errorf("export %d: criterion %s of unit %s is not in framework %s, or out of order", year, row.item, row.unit, fw)
				}
				c := crits[crit]
				crit++
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
}

// criteriaByCode are the criteria of a framework in the order criterion_results keeps them
// within a unit: by code, as text.
func (e *Export) criteriaByCode(framework string) []exportCriterion {
	var out []exportCriterion
	for _, c := range e.criteria {
		if c.framework == framework {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b exportCriterion) int { return strings.Compare(a.code, b.code) })
	return out
}

// scannedRow is a field or criterion row as read from DuckDB.
type scannedRow struct {
	unit, item           string // item: the field slug or the criterion code
	points, max, percent float64
	rank                 int
}

// scanBatch is a batch of rows of a year; the last batch of each year is an empty one with end
// set, so that a year without rows is told from one whose rows are still coming.
type scanBatch struct {
	year int
	rows []scannedRow
	end  bool
}

// scanBatchRows is how many rows the scanner hands over at once.
const scanBatchRows = 4096

// scan reads the field or criterion rows of every year of the export, one statement per year, on
// its own goroutine, and hands them over in batches: reading from DuckDB (half the time, in the
// driver) overlaps writing the file, and the next year's statement starts while the writer is
// still on the year before. The returned function reports the scan's error once the channel is
// closed.
func (e *Export) scan(ctx context.Context) (<-chan scanBatch, func() error) {
	t := (&e.boundary).tables()
	out := make(chan scanBatch, 2)
	var err error
	send := func(b scanBatch) bool {
		select {
		case out <- b:
			return true
		case <-ctx.Done():
			err = ctx.Err()
			return false
		}
	}
	go func() {
		defer close(out)
		for _, year := range e.years {
			where := "year = " + strconv.Itoa(year)
			if e.filter != "" {
				where += " AND " + e.filter
			}
			if len(e.fields) > 0 {
				where += " AND field_slug IN ('" + strings.Join(e.fields, "', '") + "')" // slugs checked by planFields
			}
			var text string
			if e.query.Level == LevelField {
				text = `SELECT unit_id, field_slug, points, max_points, percent, rank FROM ` + t.fields + ` WHERE ` + where +
					` ORDER BY province_id, parent_id, unit_id, ordinal`
			} else {
				// criterion_results is kept in this order (derive.go), and a scan of one table keeps
				// it (DuckDB's insertion order): no ORDER BY, no sort of millions of rows. The unit
				// is sent only when it changes (a window over an empty OVER keeps the order too),
				// which spares the driver a string per row; so is the code, sent as its position in
				// the list of codes (a small number, which the driver boxes without allocating).
				text = `SELECT CASE WHEN unit_id IS DISTINCT FROM lag(unit_id) OVER () THEN unit_id END,
					list_position($codes::VARCHAR[], criterion_code), points
					FROM criterion_results WHERE ` + where
			}
			if err = e.scanYear(ctx, year, text, send); err != nil || !send(scanBatch{year: year, end: true}) {
				return
			}
		}
	}()
	return out, func() error { return err }
}

// scanYear runs one year's statement and sends its rows in batches.
func (e *Export) scanYear(ctx context.Context, year int, text string, send func(scanBatch) bool) error {
	args := e.args
	var codes []string // criterion rows: the codes their positions refer to
	if e.query.Level == LevelCriterion {
		for _, c := range e.criteria {
			if !slices.Contains(codes, c.code) {
				codes = append(codes, c.code)
			}
		}
		args = append(slices.Clip(args), sql.Named("codes", nonNil(codes)))
	}
	rows, err := e.snap.conn.QueryContext(ctx, text, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	batch := e.batch()
	var changed sql.NullString // criterion rows: the unit when it changes, else NULL
	var position any           // criterion rows: the code's position in codes, from 1
	unit := ""
	for rows.Next() {
		batch = batch[:len(batch)+1]
		r := &batch[len(batch)-1]
		if e.query.Level == LevelField {
			err = rows.Scan(&r.unit, &r.item, &r.points, &r.max, &r.percent, &r.rank)
		} else if err = rows.Scan(&changed, &position, &r.points); err == nil {
			if changed.Valid {
				unit = changed.String
			}
			r.unit = unit
			i, ok := position.(int32)
			if !ok || i < 1 || int(i) > len(codes) {
				return fmt.Errorf("unit %s has a criterion outside the frameworks of the export (position %v)", unit, position)
			}
			r.item = codes[i-1]
		}
		if err != nil {
			return err
		}
		if len(batch) == cap(batch) {
			if !send(scanBatch{year: year, rows: batch}) {
				return ctx.Err()
			}
			batch = e.batch()
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(batch) > 0 && !send(scanBatch{year: year, rows: batch}) {
		return ctx.Err()
	}
	return nil
}

// batch returns an empty batch, reusing one the writer is done with.
func (e *Export) batch() []scannedRow {
	select {
	case b := <-e.recycle:
		return b
	default:
		return make([]scannedRow, 0, scanBatchRows)
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
