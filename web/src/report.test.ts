import { describe, expect, it } from 'vitest';
import type { Change, Changes, ComparedUnit } from './queries';
import { barWidth, changesByUnit, frameworkLines, publishedSources, reportFields, reportYears, risersAndFallers, scoreSources } from './report';
import { parseState, serialiseState, VIEWS } from './state';
import { AN_MY_TREND, CAO_BANG_FRAMEWORK, DECISION, GENERATOR, KE_SACH, KE_SACH_FRAMEWORK, RANKING_2023 } from './testing/fixtures';

const unitRef = (id: string, name: string) => ({ id, code: id.split('@')[0] as string, name, shortName: name.replace(/^Xã /, ''), kind: 'Xã' });
const bench = (mean: number, best: number, bestUnit = 'Xã Xuân Hòa') => ({
  units: 13,
  parentMean: mean,
  parentMedian: mean,
  topQuartile: best,
  best,
  bestUnit: unitRef('31534@2025-03-01', bestUnit),
  groupMean: mean,
});

describe('report fields', () => {
  const u: ComparedUnit = {
    unit: unitRef('31564@2025-03-01', 'Xã An Mỹ'),
    framework: KE_SACH,
    cohort: null,
    percent: 95.12,
    rank: 1,
    group: { code: 'I', label: 'Rất tốt', labelEn: 'Very good', ordinal: 1, framework: KE_SACH },
    benchmarks: bench(88.13, 95.12),
    fields: [
      { field: { slug: 'direction', nameVi: 'Công tác chỉ đạo', nameEn: 'Direction' }, percent: 91.1, rank: 1, benchmarks: bench(68.87, 91.1) },
      { field: { slug: 'public_finance', nameVi: 'Cải cách tài chính công', nameEn: 'Public finance' }, percent: 60, rank: 9, benchmarks: bench(67.31, 93.29) },
    ],
  };

  it('sets each field against the parent mean and the best unit, in the page language', () => {
    const vi = reportFields(u, 'vi');
    expect(vi.map((f) => [f.name, f.rank, f.units, f.bestUnit])).toEqual([
      ['Công tác chỉ đạo', 1, 13, 'Xuân Hòa'],
      ['Cải cách tài chính công', 9, 13, 'Xuân Hòa'],
    ]);
    // Above the mean is positive, below negative: the sign a reader sees.
    expect(vi[0]?.diff).toBeCloseTo(22.23);
    expect(vi[1]?.diff).toBeCloseTo(-7.31);
    expect(reportFields(u, 'en').map((f) => f.name)).toEqual(['Direction', 'Public finance']);
  });
});

describe('report years', () => {
  it('keeps a year without a score as a gap, never 0, and stops at the report year', () => {
    expect(reportYears(AN_MY_TREND, 2023)).toEqual([
      { year: 2019, percent: 82.5, rank: 3, group: 'II' },
      { year: 2020, percent: 84, rank: 2, group: 'II' },
      { year: 2021, percent: null, rank: null, group: null },
      { year: 2022, percent: 88.25, rank: 2, group: 'II' },
      { year: 2023, percent: 95.12, rank: 1, group: 'I' },
    ]);
    // 2025: the unit no longer existed; the year is there, empty.
    expect(reportYears(AN_MY_TREND, 2025).at(-1)).toEqual({ year: 2025, percent: null, rank: null, group: null });
  });
});

function change(id: string, name: string, from: number, to: number, rankFrom: number, rankTo: number): Change {
  return {
    unit: unitRef(id, name),
    status: 'BOTH',
    percentFrom: from,
    percentTo: to,
    change: to - from,
    rankFrom,
    rankTo,
    groupFrom: null,
    groupTo: null,
    frameworkChanged: false,
    cohort: null,
  };
}

function changes(units: Change[]): Changes {
  return {
    from: 2022,
    to: 2023,
    boundary: 'AS_PUBLISHED',
    summary: { units: units.length, compared: units.length, improved: 0, declined: 0, unchanged: 0, inferred: 0, frameworkChanged: 0, meanChange: null },
    units,
    frameworks: [KE_SACH],
    mixedFrameworks: false,
  };
}

describe('risers and fallers', () => {
  it('has no fallers when every unit rose, so the report can say so', () => {
    const c = changes([change('1@x', 'Xã A', 80, 82, 2, 1), change('2@x', 'Xã B', 81, 81.5, 1, 2)]);
    const { risers, fallers } = risersAndFallers(c);
    expect(risers.map((r) => r.unit.name)).toEqual(['Xã A', 'Xã B']);
    expect(fallers).toEqual([]);
  });

  it('lists the biggest fall first and leaves out units that did not move', () => {
    const c = changes([change('1@x', 'Xã A', 80, 82, 2, 1), change('2@x', 'Xã B', 81, 80, 1, 2), change('3@x', 'Xã C', 70, 65, 3, 3), change('4@x', 'Xã D', 60, 60, 4, 4)]);
    const { risers, fallers } = risersAndFallers(c);
    expect(risers.map((r) => r.unit.name)).toEqual(['Xã A']);
    expect(fallers.map((r) => r.unit.name)).toEqual(['Xã C', 'Xã B']);
    expect(changesByUnit(c).get('2@x')?.rankFrom).toBe(1);
    expect(risersAndFallers(null)).toEqual({ risers: [], fallers: [] });
  });
});

describe('report sources', () => {
  it('names each official decision once and says when scores are illustrative', () => {
    expect(scoreSources(RANKING_2023)).toEqual({ official: [], illustrative: true });
    const official = RANKING_2023.map((r) => ({ ...r, source: DECISION }));
    expect(scoreSources(official)).toEqual({ official: ['Quyết định 2234/QĐ-UBND của Chủ tịch UBND huyện Kế Sách, 27/12/2023'], illustrative: false });
    expect(scoreSources([...official, { source: GENERATOR }]).illustrative).toBe(true);
  });

  it('finds the published results and their decision', () => {
    const p = publishedSources(RANKING_2023);
    expect(p.rows.map((r) => r.unit.shortName)).toEqual(['An Mỹ', 'Xuân Hòa', 'Phong Nẫm']);
    expect(p.sources).toEqual(['Quyết định 2234/QĐ-UBND của Chủ tịch UBND huyện Kế Sách, 27/12/2023']);
  });

  it('says which decision issued a framework and that its criteria are illustrative', () => {
    expect(frameworkLines(CAO_BANG_FRAMEWORK)).toEqual({
      name: CAO_BANG_FRAMEWORK.name,
      decision: 'Quyết định 2402/QĐ-UBND ngày 08/12/2021 của UBND tỉnh Cao Bằng',
      illustrative: 'parindex illustrative generator',
    });
    expect(frameworkLines(KE_SACH_FRAMEWORK).decision).toBeNull();
  });
});

describe('report bars and address', () => {
  it('clamps a bar to 0–100 % and draws nothing for a missing value', () => {
    expect(barWidth(97.456)).toBe('97.5%');
    expect(barWidth(120)).toBe('100%');
    expect(barWidth(-3)).toBe('0%');
    expect(barWidth(null)).toBe('0%');
  });

  it('is a page of the URL state without a tab of its own', () => {
    const s = parseState('?view=report&year=2023&unit=31564@2025-03-01&lang=en');
    expect([s.view, s.year, s.unit, s.lang]).toEqual(['report', 2023, '31564@2025-03-01', 'en']);
    expect(serialiseState(s)).toBe('?view=report&year=2023&unit=31564@2025-03-01&lang=en');
    expect(parseState('?view=report&parent=943').parent).toBe('943');
    expect((VIEWS as readonly string[]).includes('report')).toBe(false);
  });
});
