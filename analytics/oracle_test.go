package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The statements compare, groupDistribution and scores ran before they read the results in memory
// (model.go), kept as the oracle the in-memory answers are checked against.

// compareSQL returns, for each unit asked, one row for the total (slug NULL) and one per field,
// each with the benchmarks of its parent. $wanted is a VALUES list of (pos, unit_id).
const compareSQL = `
WITH wanted(pos, unit_id) AS (VALUES $wanted),
sel AS (
    SELECT w.pos, r.unit_id, r.parent_id, r.percent, r.rank, r.group_code, r.framework_id
    FROM wanted w JOIN unit_results r ON r.unit_id = w.unit_id AND r.year = $year
),
parents AS (SELECT DISTINCT parent_id FROM sel),
obs AS (  -- every observation of the parents concerned: totals (slug NULL) and fields
    SELECT r.parent_id, NULL::TEXT AS slug, r.unit_id, r.percent, r.group_code, r.sort_key
    FROM unit_results r WHERE r.year = $year AND r.parent_id IN (SELECT parent_id FROM parents)
    UNION ALL
    SELECT f.parent_id, f.field_slug, f.unit_id, f.percent, f.group_code, r.sort_key
    FROM field_results f JOIN unit_results r ON r.year = f.year AND r.unit_id = f.unit_id
    WHERE f.year = $year AND f.parent_id IN (SELECT parent_id FROM parents)
),
bench AS (
    SELECT parent_id, slug, count(*) AS n, avg(percent) AS mean, median(percent) AS med,
           quantile_cont(percent, 0.75) AS q3, max(percent) AS best,
           arg_max(unit_id, (percent, -sort_key)) AS best_unit
    FROM obs GROUP BY parent_id, slug
),
group_bench AS (
    SELECT parent_id, slug, group_code, avg(percent) AS mean FROM obs GROUP BY parent_id, slug, group_code
),
rows AS (
    SELECT s.pos, NULL::TEXT AS slug, 0 AS ordinal, s.percent, s.rank, s.parent_id, s.group_code, s.unit_id, s.framework_id FROM sel s
    UNION ALL
    SELECT s.pos, f.field_slug, f.ordinal, f.percent, f.rank, s.parent_id, s.group_code, s.unit_id, s.framework_id
    FROM sel s JOIN field_results f ON f.year = $year AND f.unit_id = s.unit_id
)
SELECT x.pos, x.slug, x.percent, x.rank, x.unit_id, x.group_code, x.framework_id,
       b.n, b.mean, b.med, b.q3, b.best, b.best_unit, gb.mean
FROM rows x
JOIN bench b ON b.parent_id = x.parent_id AND b.slug IS NOT DISTINCT FROM x.slug
JOIN group_bench gb ON gb.parent_id = x.parent_id AND gb.slug IS NOT DISTINCT FROM x.slug AND gb.group_code = x.group_code`

const distributionSQL = `
WITH scoped AS (
    SELECT year, group_code FROM unit_results
    WHERE year IN ($year, $year - 1) AND ($parent = '' OR parent_id = $parent OR province_id = $parent)
),
counts AS (SELECT year, group_code, count(*) AS n FROM scoped GROUP BY year, group_code),
totals AS (SELECT year, count(*) AS n FROM scoped GROUP BY year)
SELECT g.code, g.label_vi, g.label_en, g.min_percent::DOUBLE, g.min_points::DOUBLE, g.ordinal, g.framework_id,
       coalesce(c.n, 0), (SELECT n FROM totals WHERE year = $year),
       CASE WHEN (SELECT n FROM totals WHERE year = $year - 1) IS NOT NULL THEN coalesce(p.n, 0) END,
       (SELECT n FROM totals WHERE year = $year - 1)
FROM (SELECT framework_id FROM unit_frameworks WHERE year = $year GROUP BY framework_id ORDER BY count(*) DESC, framework_id LIMIT 1) fy
JOIN group_bands g ON g.framework_id = fy.framework_id
LEFT JOIN counts c ON c.year = $year AND c.group_code = g.code
LEFT JOIN counts p ON p.year = $year - 1 AND p.group_code = g.code
ORDER BY g.ordinal`

// compareBySQL is Compare as a statement, for IDs that exist.
func compareBySQL(s *Store, ctx context.Context, ids []string, year int) (*Comparison, error) {
	var values []string
	args := []any{sql.Named("year", year)}
	for i, id := range ids {
		values = append(values, fmt.Sprintf("(%d, $u%d)", i, i))
		args = append(args, sql.Named(fmt.Sprintf("u%d", i), id))
	}
	rows, err := s.query(ctx, strings.Replace(compareSQL, "$wanted", strings.Join(values, ", "), 1), args...)
	if err != nil {
		return nil, fmt.Errorf("compare %d: %w", year, err)
	}
	defer rows.Close()
	r := s.refs.Load()
	fields := r.yearFields(year)
	ordinal := map[string]int{}
	for i, f := range fields {
		ordinal[f.Slug] = i
	}
	out := &Comparison{Year: year, Fields: fields, Units: make([]ComparedUnit, len(ids)), Frameworks: []string{}}
	found := 0
	for rows.Next() {
		var pos, rank int
		var slug sql.NullString
		var percent float64
		var unitID, group, fw, best string
		var b Benchmarks
		if err := rows.Scan(&pos, &slug, &percent, &rank, &unitID, &group, &fw,
			&b.Units, &b.ParentMean, &b.ParentMedian, &b.TopQuartile, &b.Best, &best, &b.GroupMean); err != nil {
			return nil, fmt.Errorf("compare %d: %w", year, err)
		}
		b.BestUnit = r.units[best].ref
		cu := &out.Units[pos]
		if !slug.Valid {
			found++
			fs := cu.Fields // the fields may have come first
			*cu = ComparedUnit{Unit: r.units[unitID].ref, Framework: fw, Percent: percent, Rank: rank, Group: r.groups[fw][group], Benchmarks: b, Fields: fs}
			continue
		}
		if cu.Fields == nil {
			cu.Fields = make([]ComparedField, len(fields))
		}
		o := ordinal[slug.String]
		cu.Fields[o] = ComparedField{Field: fields[o], Percent: percent, Rank: rank, Benchmarks: b}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("compare %d: %w", year, err)
	}
	if found < len(ids) {
		return nil, notFound("compare %d: %d of the %d units asked have no result that year", year, len(ids)-found, len(ids))
	}
	for _, cu := range out.Units {
		if !slices.Contains(out.Frameworks, cu.Framework) {
			out.Frameworks = append(out.Frameworks, cu.Framework)
		}
	}
	out.MixedFrameworks = len(out.Frameworks) > 1
	return out, nil
}

// distributionBySQL is GroupDistribution as a statement, for the ID of a scope ("": every unit).
func distributionBySQL(s *Store, ctx context.Context, year int, scope string) (*GroupDistribution, error) {
	rows, err := s.db.QueryContext(ctx, distributionSQL, sql.Named("year", year), sql.Named("parent", scope))
	if err != nil {
		return nil, fmt.Errorf("group distribution %d: %w", year, err)
	}
	defer rows.Close()
	out := &GroupDistribution{Year: year, Groups: []GroupCount{}, Frameworks: []string{}}
	for rows.Next() {
		var g GroupCount
		var units, prevCount, prevUnits sql.NullInt64
		if err := rows.Scan(&g.Group.Code, &g.Group.Label, &g.Group.LabelEn, &g.Group.MinPercent, &g.Group.MinPoints, &g.Group.Ordinal, &g.Group.Framework,
			&g.Count, &units, &prevCount, &prevUnits); err != nil {
			return nil, fmt.Errorf("group distribution %d: %w", year, err)
		}
		out.Units = int(units.Int64)
		if out.Units > 0 {
			g.Share = float64(g.Count) / float64(out.Units) * 100
		}
		if prevUnits.Valid {
			py, pu, pc := year-1, int(prevUnits.Int64), int(prevCount.Int64)
			share := float64(pc) / float64(pu) * 100
			out.PreviousYear, out.PreviousUnits = &py, &pu
			g.PreviousCount, g.PreviousShare = &pc, &share
		}
		out.Groups = append(out.Groups, g)
		if !slices.Contains(out.Frameworks, g.Group.Framework) {
			out.Frameworks = append(out.Frameworks, g.Group.Framework)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("group distribution %d: %w", year, err)
	}
	if out.Units == 0 {
		if err := s.checkYear(ctx, year); err != nil {
			return nil, err
		}
	}
	r := s.refs.Load()
	out.PreviousByPosition = out.PreviousYear != nil && r.yearFramework(year-1) != r.yearFramework(year)
	out.MixedFrameworks = len(out.Frameworks) > 1
	return out, nil
}

const scoresBySQLText = `
WITH me AS (SELECT parent_id, framework_id FROM unit_results WHERE unit_id = $unit AND year = $year),
leader AS (
    SELECT r.unit_id FROM unit_results r JOIN me ON r.parent_id = me.parent_id
    WHERE r.year = $year ORDER BY r.rank, r.sort_key LIMIT 1
),
best AS (
    SELECT c.criterion_code, max(c.points) AS points
    FROM criterion_results c JOIN me ON c.parent_id = me.parent_id
    WHERE c.year = $year GROUP BY c.criterion_code
)
SELECT cr.code, cr.name, cr.max_points::DOUBLE, f.slug, f.name_vi, f.name_en,
       m.points, m.percent, l.points, best.points
FROM criterion_results m
JOIN me ON true
JOIN criteria cr ON cr.framework_id = me.framework_id AND cr.code = m.criterion_code
JOIN fields f ON f.framework_id = cr.framework_id AND f.slug = cr.field_slug
JOIN criterion_results l ON l.year = $year AND l.unit_id = (SELECT unit_id FROM leader) AND l.criterion_code = m.criterion_code
JOIN best ON best.criterion_code = m.criterion_code
WHERE m.year = $year AND m.unit_id = $unit
ORDER BY l.points - m.points DESC, cr.max_points - m.points DESC, cr.ordinal`

// scoresBySQL is Scores as a statement, for an ID that exists.
func scoresBySQL(s *Store, ctx context.Context, id string, year int) ([]CriterionScore, error) {
	rows, err := s.db.QueryContext(ctx, scoresBySQLText, sql.Named("unit", id), sql.Named("year", year))
	if err != nil {
		return nil, fmt.Errorf("scores of %s in %d: %w", id, year, err)
	}
	defer rows.Close()
	out := []CriterionScore{}
	for rows.Next() {
		var c CriterionScore
		if err := rows.Scan(&c.Criterion.Code, &c.Criterion.Name, &c.Criterion.MaxPoints,
			&c.Field.Slug, &c.Field.NameVi, &c.Field.NameEn,
			&c.Points, &c.Percent, &c.LeaderPoints, &c.BestPoints); err != nil {
			return nil, fmt.Errorf("scores of %s in %d: %w", id, year, err)
		}
		c.MaxPoints = c.Criterion.MaxPoints
		c.LostToMax = round2(c.MaxPoints - c.Points)
		c.LostToLeader = round2(c.LeaderPoints - c.Points)
		c.LostToBest = round2(c.BestPoints - c.Points)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("scores of %s in %d: %w", id, year, err)
	}
	if len(out) == 0 {
		if err := s.checkYear(ctx, year); err != nil {
			return nil, err
		}
		return nil, notFound("unit %s has no scores in %d", id, year)
	}
	return out, nil
}

// existedIn is the SQL condition "unit u existed when year ? was assessed".
const existedIn = `make_date(?, 12, 31) BETWEEN coalesce(u.valid_from, DATE '0001-01-01') AND coalesce(u.valid_to, DATE '9999-12-31')`

// unitsSelectSQL is the statement units and unit ran, before a WHERE clause on u.
const unitsSelectSQL = `
SELECT u.id, u.code, u.name, u.short_name, u.kind, u.level, u.list, u.parent_code, u.parent_name,
       u.valid_from::VARCHAR, u.valid_to::VARCHAR, coalesce(u.result_years, [])
FROM units u`

// queryUnits reads units by a statement of unitsSelectSQL's columns; their links are the
// reference data's, which the statements do not hold.
func (s *Store) queryUnits(ctx context.Context, query string, args ...any) ([]Unit, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	r := s.refs.Load()
	units := []Unit{}
	for rows.Next() {
		var u Unit
		var years []any
		if err := rows.Scan(&u.ID, &u.Code, &u.Name, &u.ShortName, &u.Kind, &u.Level, &u.List,
			&u.Parent, &u.ParentName, &u.ValidFrom, &u.ValidTo, &years); err != nil {
			return nil, err
		}
		u.Years = make([]int, 0, len(years))
		for _, y := range years {
			u.Years = append(u.Years, int(y.(int16)))
		}
		u.ref = r.units[u.ID]
		units = append(units, u)
	}
	return units, rows.Err()
}

// unitsBySQL is Units as a statement.
func unitsBySQL(s *Store, ctx context.Context, q UnitsQuery) ([]Unit, error) {
	var where []string
	var args []any
	if q.Search != nil {
		key := strings.TrimSpace(*q.Search)
		if key != "" {
			where = append(where, `contains(u.search_key, `+searchKey("?")+`)`)
			args = append(args, key)
		}
	}
	if q.Parent != nil {
		parent, err := s.resolveUnit(ctx, *q.Parent, q.Year)
		if err != nil {
			return nil, err
		}
		where = append(where, `u.parent_id = ?`)
		args = append(args, parent)
	}
	if q.Year != nil {
		where = append(where, existedIn)
		args = append(args, *q.Year)
	}
	query := unitsSelectSQL
	if len(where) > 0 {
		query += "\nWHERE " + strings.Join(where, " AND ")
	}
	limit, err := rowLimit(q.First)
	if err != nil {
		return nil, err
	}
	query += fmt.Sprintf("\nORDER BY u.sort_key\nLIMIT %d", limit)
	units, err := s.queryUnits(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	if err := tooMany(len(units), q.First); err != nil {
		return nil, err
	}
	return units, nil
}

// unitBySQL is Unit as a statement.
func unitBySQL(s *Store, ctx context.Context, idOrCode string, year *int) (*Unit, error) {
	id, err := s.resolveUnit(ctx, idOrCode, year)
	if err != nil {
		return nil, err
	}
	units, err := s.queryUnits(ctx, unitsSelectSQL+"\nWHERE u.id = ?", id)
	if err != nil {
		return nil, fmt.Errorf("unit %s: %w", id, err)
	}
	if len(units) == 0 {
		return nil, notFound("no unit %q", idOrCode)
	}
	return &units[0], nil
}

// TestMemoryAnswersAgreeWithSQL checks compare, groupDistribution and scores, answered from the
// results in memory, against the statements over the results tables: every unit of every year
// compared (in lists of up to MaxCompareUnits) and drilled down, every scope of every year
// counted, on the default data and on the Cao Bằng sample (districts before 1 July 2025, a
// province after).
func TestMemoryAnswersAgreeWithSQL(t *testing.T) {
	ctx := context.Background()
	for name, s := range map[string]*Store{"default": openDefault(t), "Cao Bằng": openExportSample(t)} {
		years, err := s.Years(ctx)
		if err != nil {
			t.Fatal(err)
		}
		compared, scopes := 0, 0
		for _, year := range years {
			var units []string
			parents := []string{""}
			rows, err := s.db.QueryContext(ctx, `SELECT unit_id, parent_id, province_id FROM unit_results WHERE year = ? ORDER BY unit_id`, year)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for rows.Next() {
				var u string
				var p, q sql.NullString
				if err := rows.Scan(&u, &p, &q); err != nil {
					t.Fatal(err)
				}
				units = append(units, u)
				for _, x := range []sql.NullString{p, q} {
					if x.Valid && !seen[x.String] {
						seen[x.String] = true
						parents = append(parents, x.String)
					}
				}
			}
			rows.Close()
			for _, u := range units {
				got, err := s.Scores(ctx, u, year)
				if err != nil {
					t.Fatal(err)
				}
				want, err := scoresBySQL(s, ctx, u, year)
				if err != nil {
					t.Fatal(err)
				}
				// Exactly: the points are cents and the percents rounded as the statement rounds them.
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s %d, %s: %+v, the statement %+v", name, year, u, got, want)
				}
			}
			for from := 0; from < len(units); from += MaxCompareUnits {
				ids := units[from:min(from+MaxCompareUnits, len(units))]
				got, err := s.Compare(ctx, ids, year)
				if err != nil {
					t.Fatal(err)
				}
				want, err := compareBySQL(s, ctx, ids, year)
				if err != nil {
					t.Fatal(err)
				}
				if diff := nearlyEqual(reflect.ValueOf(got), reflect.ValueOf(want), "compare"); diff != "" {
					t.Fatalf("%s %d: %s", name, year, diff)
				}
				compared += len(ids)
			}
			for _, p := range parents {
				var parent *string
				if p != "" {
					parent = &p
				}
				got, err := s.GroupDistribution(ctx, year, parent, nil)
				if err != nil {
					t.Fatal(err)
				}
				want, err := distributionBySQL(s, ctx, year, p)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s %d, scope %q: %+v, the statement %+v", name, year, p, got, want)
				}
				scopes++
			}
		}
		if compared == 0 || scopes == 0 {
			t.Fatalf("%s: nothing compared", name)
		}
		t.Logf("%s: %d units compared, %d scopes counted", name, compared, scopes)
	}
}

// nearlyEqual says where two values differ, floats by more than 1e-9 relative (sums taken in
// another order), or "".
func nearlyEqual(a, b reflect.Value, path string) string {
	if a.Kind() != b.Kind() {
		return fmt.Sprintf("%s: %s against %s", path, a.Kind(), b.Kind())
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + ": nil against non-nil"
			}
			return ""
		}
		return nearlyEqual(a.Elem(), b.Elem(), path)
	case reflect.Struct:
		for i := range a.NumField() {
			if d := nearlyEqual(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); d != "" {
				return d
			}
		}
	case reflect.Slice:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d elements against %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := nearlyEqual(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
	case reflect.Float64:
		x, y := a.Float(), b.Float()
		if math.Abs(x-y) > 1e-9*math.Max(1, math.Abs(y)) {
			return fmt.Sprintf("%s: %v against %v", path, x, y)
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			return fmt.Sprintf("%s: %v against %v", path, a.Interface(), b.Interface())
		}
	}
	return ""
}

// TestUnitsAgreeWithSQL checks unit and units, answered from memory, against the statements
// they ran: every unit by ID and by code, in several years, and searches, parents, years and page
// sizes in combination, on the default data and on the Cao Bằng sample; and the search key folded
// in Go against DuckDB's on every unit's name and on text typed in a search box.
func TestUnitsAgreeWithSQL(t *testing.T) {
	ctx := context.Background()
	typed := []string{"ĐẠI HẢI", "Thị Trấn", "  an  my ", "Phường 1", "Ê ơ ư Ă Â", "Ỷ ỹ ỵ", "Hòa Hoà", "Nẫm", "xã"}
	for name, s := range map[string]*Store{"default": openDefault(t), "Cao Bằng": openExportSample(t)} {
		// Every name of the registry in one statement, then what stewards type.
		folds := map[string]string{}
		rows, err := s.db.QueryContext(ctx, `SELECT name, `+searchKey("name")+`, search_key FROM units`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n, key, stored string
			if err := rows.Scan(&n, &key, &stored); err != nil {
				t.Fatal(err)
			}
			if stored != key {
				t.Fatalf("%s: %q is stored with the key %q, DuckDB's is %q", name, n, stored, key)
			}
			folds[n] = key
		}
		rows.Close()
		for _, text := range typed {
			var key string
			if err := s.db.QueryRowContext(ctx, `SELECT `+searchKey("?"), text).Scan(&key); err != nil {
				t.Fatal(err)
			}
			folds[text] = key
		}
		for text, key := range folds {
			if got := searchFold(text); got != key {
				t.Fatalf("%s: %q folds to %q, DuckDB's key is %q", name, text, got, key)
			}
		}

		same := func(label string, got, want any, err, wantErr error) {
			t.Helper()
			if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
				t.Fatalf("%s %s: %v, the statement %v", name, label, err, wantErr)
			}
			if err == nil && !reflect.DeepEqual(got, want) {
				t.Fatalf("%s %s: %+v, the statement %+v", name, label, got, want)
			}
		}
		// Every unit with results or links, and one in 50 of the others (the registry's 17,288
		// units one by one took a minute and a half), by ID and by code.
		r := s.refs.Load()
		keys := map[string]bool{}
		parentSet := map[string]bool{}
		ids := slices.Sorted(maps.Keys(r.units))
		for i, id := range ids {
			u := r.units[id]
			if len(u.years) > 0 || len(u.links) > 0 && i%5 == 0 || i%50 == 0 {
				keys[id], keys[u.ref.Code] = true, true
			}
			if u.parentID != "" {
				parentSet[u.parentID] = true
			}
		}
		parents := slices.Sorted(maps.Keys(parentSet))
		years := []*int{nil, ptr(2019), ptr(2024), ptr(2025), ptr(2030)}
		for key := range keys {
			for _, year := range years {
				got, err := s.Unit(ctx, key, year)
				want, wantErr := unitBySQL(s, ctx, key, year)
				same(fmt.Sprintf("unit %s in %v", key, year), got, want, err, wantErr)
			}
		}
		searches := []*string{nil, ptr(""), ptr("an"), ptr("AN MY"), ptr("kế"), ptr("ke sach"), ptr("xa "), ptr("đ"),
			ptr("phuong 1"), ptr("thị trấn"), ptr("zzz"), ptr("  sach  "), ptr("an  my"), ptr("AN MỸ")}
		scopes := []*string{nil, ptr("943"), ptr("04"), ptr(parents[0]), ptr(parents[len(parents)-1])}
		for _, search := range searches {
			for _, parent := range scopes {
				for _, year := range years {
					for _, first := range []*int{nil, ptr(3), ptr(0)} {
						q := UnitsQuery{Search: search, Parent: parent, Year: year, First: first}
						got, err := s.Units(ctx, q)
						want, wantErr := unitsBySQL(s, ctx, q)
						same(fmt.Sprintf("units %+v", q), got, want, err, wantErr)
					}
				}
			}
		}
	}
}

// TestExistedAtEnd checks the validity test of units against the condition the statement used,
// on the days around the end of a year.
func TestExistedAtEnd(t *testing.T) {
	s := openDefault(t)
	days := []*string{nil, ptr("2024-01-01"), ptr("2024-12-30"), ptr("2024-12-31"), ptr("2025-01-01"), ptr("2025-07-01")}
	for _, from := range days {
		for _, to := range days {
			u := &Unit{ValidFrom: from, ValidTo: to}
			for _, year := range []int{2023, 2024, 2025} {
				var want bool
				if err := s.db.QueryRow(`SELECT `+strings.ReplaceAll(existedIn, "u.", "")+` FROM (SELECT ?::DATE AS valid_from, ?::DATE AS valid_to)`,
					year, from, to).Scan(&want); err != nil {
					t.Fatal(err)
				}
				if got := existedAtEnd(u, year); got != want {
					t.Errorf("valid %v–%v, end of %d: %v, the statement %v", deref(from), deref(to), year, got, want)
				}
			}
		}
	}
}

// searchKey is the SQL expression of a text without case or diacritics, which searchFold (and the
// search keys the loads store) must equal: "Xã Đại Hải" -> "xa dai hai".
func searchKey(expr string) string {
	return `lower(strip_accents(replace(replace(` + expr + `, 'Đ', 'D'), 'đ', 'd')))`
}
