package dataset

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sort"
)

// The illustrative generator makes the scores that no decision publishes. It is deterministic
// (same input, same scores, on every machine) and it reproduces every published fact of 2023:
// each unit's group, the first place, the seven published field averages to two decimals, and an
// eighth field whose average ranks fifth of eight.
//
// A year is built top-down: field averages of the district -> each unit's total -> a unit × field
// matrix whose rows sum to the totals and whose columns sum to the averages -> criteria. Points are
// whole cents (0.01), so sums are exact. Years other than 2023 move from it with a steady trend
// per field and per unit plus a small yearly shock, so that ranks persist and change the way
// rankings do, not like noise.

// Score is one generated criterion score.
type Score struct {
	Year      int
	UnitID    string
	Criterion string
	Cents     int64
}

// GeneratorInput is what the generator needs to know about the real world.
type generatorInput struct {
	anchorYear int      // the year whose published facts must be reproduced (2023)
	firstYear  int      // first generated year of the old units
	lastOld    int      // last year of the old units (2024)
	oldUnits   []string // unit IDs of the old communes, in the order the announcement lists them
	groups     map[string]string
	firstPlace string
	averages   map[string]float64 // published field averages of the anchor year, percent
	newUnits   []string           // unit IDs of the communes created on 2025-07-01
	newYear    int                // the year of the new communes (2025)
	preds      map[string][]string
	frameworks []Framework
	slack      string // the field whose average is not published and absorbs the rest
}

// Targets of the anchor year's totals inside each published group, percent: the published facts
// fix the group of each unit and the mean of all units (through the field averages), not the
// totals themselves. The order inside a group follows the announcement.
var anchorRanges = map[string][2]float64{
	"I":   {93.65, 97.45},
	"II":  {87.15, 89.85},
	"III": {78.45, 79.65},
}

// fieldTrend is how many percentage points a field's district average gains a year (illustrative:
// e-government moved fastest in these years, organisation was already complete).
var fieldTrend = map[string]float64{
	"direction": 2.2, "institutions": 1.4, "procedures": 0.9, "organisation": 0.8,
	"civil_service": 0.7, "public_finance": 1.6, "e_government": 3.0, "impact": 1.2,
}

func generateScores(in generatorInput) ([]Score, error) {
	anchorFw, ok := Latest(in.frameworks, in.anchorYear)
	if !ok {
		return nil, fmt.Errorf("generate: no framework for %d", in.anchorYear)
	}

	// Anchor year: totals from the published groups.
	anchorTotals, err := anchorTargets(in)
	if err != nil {
		return nil, err
	}
	anchorMean := Mean(anchorTotals)
	anchorDev := make(map[string]float64, len(in.oldUnits))
	for i, u := range in.oldUnits {
		anchorDev[u] = anchorTotals[i] - anchorMean
	}
	// The slack field's average is whatever makes the field averages add up to the mean total.
	anchorAvg := map[string]float64{}
	rest := anchorMean
	for _, f := range anchorFw.Fields {
		if f.Slug == in.slack {
			continue
		}
		avg, ok := in.averages[f.Slug]
		if !ok {
			return nil, fmt.Errorf("generate: no published average for field %q", f.Slug)
		}
		anchorAvg[f.Slug] = avg
		rest -= avg * float64(f.MaxCents()) / 10000
	}
	slackMax := float64(anchorFw.Fields[anchorFw.FieldIndex(in.slack)].MaxCents()) / 100
	anchorAvg[in.slack] = rest / slackMax * 100

	var rows []Score
	devByYear := map[int]map[string]float64{}
	for year := in.firstYear; year <= in.lastOld; year++ {
		fw, ok := Latest(in.frameworks, year)
		if !ok {
			return nil, fmt.Errorf("generate: no framework for %d", year)
		}
		avgs := yearAverages(anchorAvg, year-in.anchorYear, year)
		dev := map[string]float64{}
		for _, u := range in.oldUnits {
			dev[u] = anchorDev[u]
			if year != in.anchorYear {
				dev[u] += float64(year-in.anchorYear)*0.9*noise(u, "slope") + 0.8*noise(u, year)
			}
		}
		devByYear[year] = dev
		exact := year == in.anchorYear
		yr, err := buildYear(year, fw, in.oldUnits, nil, avgs, dev, exact, in.slack)
		if err != nil {
			return nil, err
		}
		rows = append(rows, yr...)
	}

	// The new communes start from their predecessors' last year.
	fw, ok := Latest(in.frameworks, in.newYear)
	if !ok {
		return nil, fmt.Errorf("generate: no framework for %d", in.newYear)
	}
	last := devByYear[in.lastOld]
	dev := map[string]float64{}
	for _, u := range in.newUnits {
		mean, ok := meanOf(in.preds[u], last)
		if !ok {
			return nil, fmt.Errorf("generate: %s has no predecessor with scores", u)
		}
		dev[u] = mean + 0.8*noise(u, in.newYear)
	}
	avgs := yearAverages(anchorAvg, in.newYear-in.anchorYear, in.newYear)
	yr, err := buildYear(in.newYear, fw, in.newUnits, nil, avgs, dev, false, in.slack)
	if err != nil {
		return nil, err
	}
	return append(rows, yr...), nil
}

// anchorTargets spreads the units of each published group evenly over the group's range, the
// first place on top.
func anchorTargets(in generatorInput) ([]float64, error) {
	byGroup := map[string][]string{}
	for _, u := range in.oldUnits {
		g, ok := in.groups[u]
		if !ok {
			return nil, fmt.Errorf("generate: no published group for %s", u)
		}
		if u == in.firstPlace {
			byGroup[g] = append([]string{u}, byGroup[g]...)
		} else {
			byGroup[g] = append(byGroup[g], u)
		}
	}
	target := map[string]float64{}
	for g, units := range byGroup {
		r, ok := anchorRanges[g]
		if !ok {
			return nil, fmt.Errorf("generate: no target range for group %s", g)
		}
		for i, u := range units {
			t := r[1]
			if len(units) > 1 {
				t = r[1] - (r[1]-r[0])*float64(i)/float64(len(units)-1)
			}
			target[u] = t
		}
	}
	out := make([]float64, len(in.oldUnits))
	for i, u := range in.oldUnits {
		out[i] = target[u]
	}
	return out, nil
}

// yearAverages moves the anchor year's field averages by the fields' trends.
func yearAverages(anchor map[string]float64, offset, year int) map[string]float64 {
	out := make(map[string]float64, len(anchor))
	for slug, avg := range anchor {
		v := avg + float64(offset)*fieldTrend[slug]
		if offset != 0 {
			v += 0.6 * noise(slug, year)
		}
		hi := 99.6
		if slug == "organisation" {
			hi = 100
		}
		out[slug] = math.Max(40, math.Min(hi, v))
	}
	return out
}

// buildYear makes the criterion scores of one year for the given units. With exact set, the
// averages of every field but the slack field are met to the cent that rounds closest to them.
// keys, when not nil, are what the units' texture and weak criteria are drawn from (one per
// unit, so that a unit renamed or moved keeps its weak spots); nil draws them from the IDs.
func buildYear(year int, fw Framework, units, keys []string, avgs map[string]float64, dev map[string]float64, exact bool, slack string) ([]Score, error) {
	if keys == nil {
		keys = units
	}
	n := len(units)
	nf := len(fw.Fields)
	maxC := make([]int64, nf)
	meanPts := make([]float64, nf) // mean points of each field (not cents)
	colTarget := make([]int64, nf)
	slackIdx := fw.FieldIndex(slack)
	if slackIdx < 0 {
		return nil, fmt.Errorf("generate %d: framework %s has no field %q", year, fw.ID, slack)
	}
	var colSum int64
	for f, fd := range fw.Fields {
		maxC[f] = fd.MaxCents()
		exactCents := avgs[fd.Slug] / 100 * float64(maxC[f]) * float64(n)
		colTarget[f] = closestCents(exactCents, avgs[fd.Slug], maxC[f], n)
		if f != slackIdx {
			colSum += colTarget[f]
		}
	}
	for f := range fw.Fields {
		meanPts[f] = float64(colTarget[f]) / float64(n) / 100
	}

	// Totals: the mean of all field points plus each unit's deviation (centred, and shrunk if a
	// unit would need more room than the fields have).
	devs := make([]float64, n)
	for i, u := range units {
		devs[i] = dev[u]
	}
	centre := Mean(devs)
	up, down := make([]float64, nf), make([]float64, nf)
	var upRoom, downRoom float64
	for f := range fw.Fields {
		up[f] = float64(maxC[f])/100 - meanPts[f]
		down[f] = meanPts[f]
		upRoom += up[f]
		downRoom += down[f]
	}
	scale := 1.0
	for i := range devs {
		devs[i] -= centre
		if devs[i] > 0.85*upRoom {
			scale = math.Min(scale, 0.85*upRoom/devs[i])
		}
		if -devs[i] > 0.85*downRoom {
			scale = math.Min(scale, 0.85*downRoom/-devs[i])
		}
	}
	totals := make([]int64, n)
	var totalSum int64
	var meanTotal float64
	for f := range fw.Fields {
		meanTotal += meanPts[f]
	}
	for i := range devs {
		devs[i] *= scale
		totals[i] = int64(math.Round((meanTotal + devs[i]) * 100))
		totalSum += totals[i]
	}
	// The slack column takes what the totals leave.
	colTarget[slackIdx] = totalSum - colSum

	// Real-valued matrix: deviation shared in proportion to each field's room above its mean,
	// plus a texture that keeps every row and column sum.
	weights := make([]float64, nf)
	for f := range fw.Fields {
		weights[f] = up[f] / upRoom
	}
	xs := make([]float64, n)
	for i := range units {
		xs[i] = noise(keys[i], "texture", year)
	}
	xMean := Mean(xs)
	room := make([]float64, nf)
	zs := make([]float64, nf)
	var roomSum, roomZ float64
	for f, fd := range fw.Fields {
		room[f] = math.Min(up[f], down[f])
		zs[f] = noise(fd.Slug, "texture", year)
		roomSum += room[f]
		roomZ += room[f] * zs[f]
	}
	ys := make([]float64, nf)
	for f := range fw.Fields {
		if roomSum > 0 {
			ys[f] = room[f] * (zs[f] - roomZ/roomSum)
		}
	}
	var matrix [][]float64
	for k := 0.6; ; k /= 2 {
		matrix = make([][]float64, n)
		fits := true
		for i := range units {
			matrix[i] = make([]float64, nf)
			for f := range fw.Fields {
				v := meanPts[f] + devs[i]*weights[f] + k*(xs[i]-xMean)*ys[f]
				matrix[i][f] = v
				if v < 0 || v > float64(maxC[f])/100 {
					fits = false
				}
			}
		}
		if fits {
			break
		}
		if k < 1e-6 {
			return nil, fmt.Errorf("generate %d: deviations do not fit the fields' maximum points", year)
		}
	}

	cells, err := roundMatrix(matrix, totals, colTarget, maxC, slackIdx)
	if err != nil {
		return nil, fmt.Errorf("generate %d: %w", year, err)
	}
	if exact {
		for f, fd := range fw.Fields {
			if f == slackIdx {
				continue
			}
			got := float64(colTarget[f]) / float64(n) / float64(maxC[f]) * 100
			if math.Abs(got-avgs[fd.Slug]) > 0.005 {
				return nil, fmt.Errorf("generate %d: field %s averages %.4f, want %.2f", year, fd.Slug, got, avgs[fd.Slug])
			}
		}
	}

	var rows []Score
	for i, u := range units {
		for f, fd := range fw.Fields {
			for ci, pts := range splitCriteria(keys[i], year, fd, cells[i][f]) {
				rows = append(rows, Score{Year: year, UnitID: u, Criterion: fd.Criteria[ci].Code, Cents: pts})
			}
		}
	}
	return rows, nil
}

// closestCents returns the column sum in cents whose average is closest to the wanted percent.
func closestCents(exact, wantPercent float64, maxCents int64, n int) int64 {
	best := int64(math.Round(exact))
	bestDiff := math.Inf(1)
	for c := int64(math.Floor(exact)) - 1; c <= int64(math.Ceil(exact))+1; c++ {
		diff := math.Abs(float64(c)/float64(n)/float64(maxCents)*100 - wantPercent)
		if diff < bestDiff && c >= 0 && c <= maxCents*int64(n) {
			best, bestDiff = c, diff
		}
	}
	return best
}

// roundMatrix turns the real matrix into cents with exact column sums for every field but the
// slack one, and exact row sums through the slack column.
func roundMatrix(m [][]float64, rowTarget, colTarget, maxC []int64, slack int) ([][]int64, error) {
	n, nf := len(m), len(maxC)
	cells := make([][]int64, n)
	for i := range m {
		cells[i] = make([]int64, nf)
	}
	for f := 0; f < nf; f++ {
		if f == slack {
			continue
		}
		var sum int64
		order := make([]int, n)
		for i := range m {
			cells[i][f] = int64(math.Round(m[i][f] * 100))
			sum += cells[i][f]
			order[i] = i
		}
		residual := colTarget[f] - sum
		step := int64(1)
		if residual < 0 {
			step = -1
		}
		// Give the residual cents to the cells that rounding moved furthest the other way.
		sort.SliceStable(order, func(a, b int) bool {
			ea := (m[order[a]][f]*100 - float64(cells[order[a]][f])) * float64(step)
			eb := (m[order[b]][f]*100 - float64(cells[order[b]][f])) * float64(step)
			return ea > eb
		})
		for k := 0; residual != 0; k++ {
			if k >= 4*n {
				return nil, errors.New("cannot meet a field average within the maximum points")
			}
			i := order[k%n]
			if v := cells[i][f] + step; v >= 0 && v <= maxC[f] {
				cells[i][f] = v
				residual -= step
			}
		}
	}
	for i := range m {
		rest := rowTarget[i]
		for f := 0; f < nf; f++ {
			if f != slack {
				rest -= cells[i][f]
			}
		}
		if rest < 0 || rest > maxC[slack] {
			return nil, fmt.Errorf("unit %d: the total leaves %d cents for a field of %d", i, rest, maxC[slack])
		}
		cells[i][slack] = rest
	}
	return cells, nil
}

// splitCriteria shares the points a unit lost in a field between its criteria: each unit has
// persistent weak spots (the same criteria lose points year after year) with some yearly change.
func splitCriteria(unit string, year int, fd Field, points int64) []int64 {
	k := len(fd.Criteria)
	out := make([]int64, k)
	loss := float64(fd.MaxCents() - points)
	w := make([]float64, k)
	var wSum float64
	for c, cd := range fd.Criteria {
		weak := (noise(unit, cd.Code) + 1) / 2
		w[c] = float64(cd.MaxCents) * (0.2 + 1.6*weak*weak) * (1 + 0.3*noise(unit, cd.Code, year))
		wSum += w[c]
	}
	lossC := make([]float64, k)
	capped := make([]bool, k)
	remaining := loss
	for remaining > 1e-9 {
		var free float64
		for c := range fd.Criteria {
			if !capped[c] {
				free += w[c]
			}
		}
		if free == 0 {
			break
		}
		next := 0.0
		for c, cd := range fd.Criteria {
			if capped[c] {
				continue
			}
			lossC[c] += remaining * w[c] / free
			if lossC[c] > float64(cd.MaxCents) {
				next += lossC[c] - float64(cd.MaxCents)
				lossC[c] = float64(cd.MaxCents)
				capped[c] = true
			}
		}
		remaining = next
	}
	var sum int64
	for c, cd := range fd.Criteria {
		out[c] = cd.MaxCents - int64(math.Round(lossC[c]))
		sum += out[c]
	}
	// Rounding leaves a few cents: put them where there is room, largest criteria first.
	order := make([]int, k)
	for c := range order {
		order[c] = c
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(fd.Criteria[b].MaxCents - fd.Criteria[a].MaxCents) })
	for diff := points - sum; diff != 0; {
		moved := false
		for _, c := range order {
			if diff > 0 && out[c] < fd.Criteria[c].MaxCents {
				out[c]++
				diff--
				moved = true
			} else if diff < 0 && out[c] > 0 {
				out[c]--
				diff++
				moved = true
			}
			if diff == 0 {
				break
			}
		}
		if !moved {
			break
		}
	}
	return out
}

// noise is a deterministic pseudo-random number in [-1, 1) derived from its arguments.
func noise(parts ...any) float64 {
	h := fnv.New64a()
	for _, p := range parts {
		fmt.Fprintf(h, "%v|", p)
	}
	// fnv's low bits mix poorly for short keys; fold before scaling.
	x := h.Sum64()
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	return float64(x>>11)/float64(1<<53)*2 - 1
}

// Mean is the arithmetic mean of xs.
func Mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// meanOf is the mean of the values of the IDs that have one, and false when none has.
func meanOf(ids []string, values map[string]float64) (float64, bool) {
	var sum float64
	n := 0
	for _, id := range ids {
		if v, ok := values[id]; ok {
			sum += v
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}
