import { describe, expect, it } from 'vitest';
import { areasByMean, areasOption } from './areas';
import { movers, signedPoints } from './changes';
import { spreadLabels } from './slope';
import { messages } from '../i18n';
import { AN_MY_TREND, FIELDS_2023, GROUPS, RANKING_2023 } from '../testing/fixtures';
import { fieldsOption, fieldTooltip } from './fields';
import { heatmapOption } from './heatmap';
import type { Comparison, FieldRef } from '../queries';
import type { ChartContext } from './option';
import { groupDiffers, rankingOption, rankingTooltip } from './ranking';
import { observedValues, trendAxisMin, trendOption, trendTooltip } from './trend';

const vi = messages('vi');
const wide: ChartContext = { animation: false, width: 1000 };
const narrow: ChartContext = { animation: true, width: 360 };

// The options are plain objects; these helpers read the parts the tests look at.
type Loose = Record<string, unknown>;
const seriesOf = (o: unknown): Loose[] => (o as { series: Loose[] }).series;
const axis = (o: unknown, name: 'xAxis' | 'yAxis'): Loose => (o as Record<string, Loose>)[name] as Loose;

describe('rankingOption', () => {
  const option = rankingOption(RANKING_2023, 2023, vi, wide);
  const bars = seriesOf(option)[0]!;
  const data = bars['data'] as { value: number; itemStyle: Loose }[];

  it('has one bar per unit in rank order, best at the top', () => {
    expect(axis(option, 'yAxis')['data']).toEqual(['An Mỹ', 'Xuân Hòa', 'Phong Nẫm', 'An Lạc Tây']);
    expect(axis(option, 'yAxis')['inverse']).toBe(true);
    expect(data.map((d) => d.value)).toEqual([95.12, 91.4, 80.5, 74.25]);
  });

  it('colours bars by computed group', () => {
    expect(data.map((d) => d.itemStyle['color'])).toEqual(['#0072B2', '#0072B2', '#56B4E9', '#E69F00']);
  });

  it('marks a unit whose published group differs', () => {
    expect(RANKING_2023.map(groupDiffers)).toEqual([false, false, true, false]);
    expect(data[2]!.itemStyle['borderType']).toBe('dashed');
    expect(data[0]!.itemStyle['borderType']).toBeUndefined();
    const label = (bars['label'] as { formatter: (p: unknown) => string }).formatter;
    expect(label({ dataIndex: 2 })).toBe('80,50 % (Công bố: III)');
    expect(label({ dataIndex: 0 })).toBe('95,12 %');
  });

  it('follows the animation setting', () => {
    expect((option as Loose)['animation']).toBe(false);
    expect((rankingOption(RANKING_2023, 2023, vi, narrow) as Loose)['animation']).toBe(true);
  });

  it('explains rank, group and the published decision in the tooltip', () => {
    expect(rankingTooltip(RANKING_2023[0]!, 4, vi)).toBe(
      [
        '<strong>Xã An Mỹ</strong>',
        'Chỉ số: 95,12 %',
        'Hạng: 1/4',
        'Nhóm: Nhóm I – Rất tốt',
        'Nhóm công bố: Nhóm I – Rất tốt, hạng công bố 1',
        '<small>Nguồn: Quyết định 2234/QĐ-UBND của Chủ tịch UBND huyện Kế Sách, 27/12/2023</small>',
      ].join('<br>'),
    );
    expect(rankingTooltip(RANKING_2023[2]!, 4, vi)).toContain('Nhóm công bố: Nhóm III – Khá (khác nhóm tính toán)');
    expect(rankingTooltip(RANKING_2023[3]!, 4, vi)).not.toContain('Nhóm công bố');
  });
});

describe('fieldsOption', () => {
  const option = fieldsOption(FIELDS_2023, 2023, null, vi, wide);
  const [computed, published] = seriesOf(option);

  it('draws computed beside published averages', () => {
    expect(computed!['name']).toBe('2023 (tính toán)');
    expect(computed!['data']).toEqual([68.87, 85.1, 100]);
    expect(published!['name']).toBe('2023 (công bố)');
    // The field published with a rank only, and the one not published, have no bar: never 0.
    expect(published!['data']).toEqual([68.87, null, null]);
  });

  it('wraps long field names, tighter on a phone', () => {
    expect(axis(option, 'yAxis')['data']).toEqual([
      'Công tác chỉ đạo, điều hành\ncải cách hành chính',
      'Tác động của cải cách hành\nchính',
      'Cải cách tổ chức bộ máy hành\nchính',
    ]);
    const phone = (axis(fieldsOption(FIELDS_2023, 2023, null, vi, narrow), 'yAxis')['data'] as string[])[0]!;
    expect(phone.split('\n').every((line) => line.length <= 16)).toBe(true);
  });

  it('puts last year beside, matched by field, null where last year has no value', () => {
    const previous = [{ ...FIELDS_2023[2]!, average: 99 }, { ...FIELDS_2023[0]!, average: 60.5 }];
    const rows = FIELDS_2023.map((r) => ({ ...r, published: null }));
    const [, before] = seriesOf(fieldsOption(rows, 2023, { year: 2022, rows: previous }, vi, wide));
    expect(before!['name']).toBe('2022');
    expect(before!['data']).toEqual([60.5, null, 99]);
  });

  it('has one series when nothing was published', () => {
    const rows = FIELDS_2023.map((r) => ({ ...r, published: null }));
    expect(seriesOf(fieldsOption(rows, 2024, null, vi, wide))).toHaveLength(1);
  });

  it('shows a published rank without a value in the tooltip', () => {
    expect(fieldTooltip(FIELDS_2023[1]!, 8, vi)).toContain('Công bố: xếp thứ 5/8 (không công bố giá trị)');
    expect(fieldTooltip(FIELDS_2023[0]!, 8, vi)).toContain('Công bố: 68,87 %, xếp thứ 7/8');
  });
});

describe('trendOption', () => {
  it('leaves years that are not OBSERVED empty, never 0', () => {
    const sent0 = { ...AN_MY_TREND, values: AN_MY_TREND.values.map((v) => v ?? 0) };
    expect(observedValues(sent0)).toEqual([82.5, 84, null, 88.25, 95.12, 93, null]);
  });

  const option = trendOption(AN_MY_TREND, GROUPS, vi, wide);
  const line = seriesOf(option)[0]!;

  it('draws a line with gaps', () => {
    expect(line['connectNulls']).toBe(false);
    const data = line['data'] as ({ value: number } | null)[];
    expect(data.map((d) => (d === null ? null : d.value))).toEqual([82.5, 84, null, 88.25, 95.12, 93, null]);
    expect(axis(option, 'xAxis')['data']).toEqual(['2019', '2020', '2021', '2022', '2023', '2024', '2025']);
  });

  it('draws the group thresholds above the axis start as dashed lines', () => {
    expect(trendAxisMin([82.5, null, 95])).toBe(70);
    const marks = (line['markLine'] as { data: { yAxis: number; lineStyle: Loose }[] }).data;
    expect(marks.map((d) => d.yAxis)).toEqual([90, 80]);
    expect(marks.every((d) => d.lineStyle['type'] === 'dashed')).toBe(true);
  });

  it('says why a year has no value', () => {
    expect(trendTooltip(AN_MY_TREND, 6, GROUPS, vi)).toBe(
      '<strong>Xã An Mỹ — 2025</strong><br>Tình trạng: Đơn vị không tồn tại trong năm này',
    );
    expect(trendTooltip(AN_MY_TREND, 4, GROUPS, vi)).toBe(
      '<strong>Xã An Mỹ — 2023</strong><br>Chỉ số: 95,12 %<br>Hạng: 1<br>Nhóm: Nhóm I – Rất tốt<br>Tình trạng: Có điểm',
    );
  });

  it('draws a value that came through an inferred receiver hollow, and its tooltip says so', () => {
    const inferred = { ...AN_MY_TREND, certainty: AN_MY_TREND.certainty.map((c, i) => (i === 0 ? 'INFERRED' : c)) } as typeof AN_MY_TREND;
    const data = seriesOf(trendOption(inferred, GROUPS, vi, wide))[0]!['data'] as ({ symbol?: string; itemStyle: Loose } | null)[];
    expect(data[0]!.symbol).toBe('emptyCircle');
    expect(data[0]!.itemStyle['borderColor']).toBe(data[1]!.itemStyle['color']);
    expect(data[1]!.symbol).toBeUndefined();
    expect(trendTooltip(inferred, 0, GROUPS, vi)).toContain('<em>chưa xác lập chính thức</em>');
    expect(trendTooltip(AN_MY_TREND, 0, GROUPS, vi)).not.toContain('xác lập');
  });
});

describe('signedPoints', () => {
  it('signs rises and falls with a true minus, Vietnamese decimals', () => {
    expect(signedPoints(2.84, 'vi-VN')).toBe('+2,84');
    expect(signedPoints(-0.5, 'vi-VN')).toBe('−0,50');
    expect(signedPoints(0.001, 'vi-VN')).toBe('0,00');
    expect(signedPoints(1.5, 'en-GB', 1)).toBe('+1.5');
  });
});

describe('movers', () => {
  const change = (id: string, c: number | null, status: 'BOTH' | 'ONLY_FROM' = 'BOTH') => ({
    unit: { id, code: id, name: id, shortName: id, kind: 'Xã' },
    status,
    percentFrom: 80,
    percentTo: c === null ? null : 80 + c,
    change: c,
    rankFrom: 1,
    rankTo: 1,
    groupFrom: null,
    groupTo: null,
  });
  it('keeps every unit with values in both years when there are few, biggest rise first', () => {
    expect(movers([change('a', -1), change('b', 2), change('c', null, 'ONLY_FROM')]).map((c) => c.unit.id)).toEqual(['b', 'a']);
  });
  it('keeps the five biggest rises and the five biggest falls of many', () => {
    const many = Array.from({ length: 20 }, (_, i) => change(`u${i}`, i - 10));
    const ids = movers(many).map((c) => c.unit.id);
    expect(ids).toEqual(['u19', 'u18', 'u17', 'u16', 'u15', 'u4', 'u3', 'u2', 'u1', 'u0']);
  });
});

describe('spreadLabels', () => {
  it('leaves labels that do not collide at their points', () => {
    expect(spreadLabels([90, 50], 0, 100, 300)).toEqual([0, 0]);
  });
  it('pushes a label down until it clears the one above', () => {
    // 72,6 and 71,5 on a 10–100 axis 344 px tall are 4 px apart: the lower moves 11 px down.
    const [a, b] = spreadLabels([72.6, 71.5], 10, 100, 344);
    expect(a).toBe(0);
    expect(b).toBeCloseTo(15 - (1.1 / 90) * 344, 6);
  });
});

describe('areasOption: provinces or districts by mean index', () => {
  const area = (code: string, shortName: string, average: number | null, units = 10) => ({ code, name: `Huyện ${shortName}`, shortName, units, average });
  const rows = areasByMean([area('941', 'Châu Thành', 84.3), area('943', 'Kế Sách', 86.1), area('999', 'Không điểm', null, 0), area('946', 'Long Phú', 80.2)]);

  it('orders by mean, highest first, and leaves out areas without one', () => {
    expect(rows.map((a) => a.code)).toEqual(['943', '941', '946']);
  });
  it('draws one bar per area with its mean, labelled in the page language', () => {
    const option = areasOption(rows, 2024, vi, narrow);
    expect(axis(option, 'yAxis')['data']).toEqual(['Kế Sách', 'Châu Thành', 'Long Phú']);
    const bars = seriesOf(option)[0]!;
    expect(bars['data']).toEqual([86.1, 84.3, 80.2]);
    const label = (bars['label'] as { formatter: (p: unknown) => string }).formatter({ value: 86.1 });
    expect(label).toBe('86,10 %');
    const tip = ((option as { tooltip: { formatter: (p: unknown) => string } }).tooltip.formatter)({ dataIndex: 0 });
    expect(tip).toContain('Huyện Kế Sách');
    expect(tip).toContain('Số xã: 10');
  });
});

describe('heatmapOption', () => {
  const unit = { id: '31564@2025-03-01', code: '31564', name: 'Xã An Mỹ', shortName: 'An Mỹ', kind: 'Xã' };
  const bench = { units: 13, parentMean: 80, parentMedian: 81, topQuartile: 88, best: 95, bestUnit: unit, groupMean: 82 };
  const field = (slug: string): FieldRef => ({ slug, nameVi: slug, nameEn: slug });
  const comparison: Comparison = {
    year: 2023,
    fields: [field('direction'), field('institutions'), field('procedures')],
    units: [
      {
        unit,
        percent: 85,
        rank: 2,
        group: { code: 'II', label: 'Tốt', labelEn: 'Good' },
        benchmarks: bench,
        // No score in institutions: the unit lists the two fields it has.
        fields: [
          { field: field('direction'), percent: 91.5, rank: 1, benchmarks: bench },
          { field: field('procedures'), percent: 70.25, rank: 9, benchmarks: bench },
        ],
      },
    ],
  };
  const option = heatmapOption(comparison, vi, wide);

  it("puts each score in its field's column and leaves a field without one empty, never 0", () => {
    const data = seriesOf(option)[0]!['data'] as { value: number[] }[];
    expect(data.map((d) => d.value)).toEqual([
      [0, 0, 91.5],
      [2, 0, 70.25],
    ]);
  });

  it("names the cell's own field in the tooltip", () => {
    const tooltip = (option as { tooltip: { formatter: (p: unknown) => string } }).tooltip.formatter;
    expect(tooltip({ value: [2, 0, 70.25] })).toContain('procedures: 70,25 %');
    expect(tooltip({ value: [1, 0, 0] })).toBe('');
  });
});
