import { describe, expect, it } from 'vitest';
import { areasByMean, areasOption } from './areas';
import { movers, signedPoints } from './changes';
import { spreadLabels } from './slope';
import { seriesStyle } from './palette';
import { linesOption } from './lines';
import { criteriaOption } from './criteria';
import { messages } from '../i18n';
import { Classes } from '../groups';
import { AN_MY_TREND, CAO_BANG, CAO_BANG_FRAMEWORK, CAO_BANG_GROUPS, FIELDS_2023, GROUPS, KE_SACH, KE_SACH_FRAMEWORK, RANKING_2023 } from '../testing/fixtures';
import { groupsOption } from './groups';
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
  const classes = new Classes([KE_SACH_FRAMEWORK, CAO_BANG_FRAMEWORK]);
  const option = rankingOption(RANKING_2023, 2023, classes, vi, wide);
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
    expect(label({ dataIndex: 2 })).toBe('80,50\u00A0% (Công bố: III)');
    expect(label({ dataIndex: 0 })).toBe('95,12\u00A0%');
  });

  it('follows the animation setting', () => {
    expect((option as Loose)['animation']).toBe(false);
    expect((rankingOption(RANKING_2023, 2023, classes, vi, narrow) as Loose)['animation']).toBe(true);
  });

  it('explains rank, group and the published decision in the tooltip', () => {
    expect(rankingTooltip(RANKING_2023[0]!, 4, vi)).toBe(
      [
        '<strong>Xã An Mỹ</strong>',
        'Chỉ số: 95,12\u00A0%',
        'Hạng: 1/4',
        'Nhóm: Nhóm I – Rất tốt',
        'Nhóm công bố: Nhóm I – Rất tốt, hạng công bố 1',
        '<small>Nguồn: Quyết định 2234/QĐ-UBND của Chủ tịch UBND huyện Kế Sách, 27/12/2023</small>',
      ].join('<br>'),
    );
    expect(rankingTooltip(RANKING_2023[2]!, 4, vi)).toContain('Nhóm công bố: Nhóm III – Khá (khác nhóm tính toán)');
    expect(rankingTooltip(RANKING_2023[3]!, 4, vi)).not.toContain('Nhóm công bố');
  });

  // A Cao Bằng commune: four classes, named by their labels, coloured by position among four.
  const tot = CAO_BANG_GROUPS[0]!;
  const kha = CAO_BANG_GROUPS[1]!;
  const caoBang = [
    { ...RANKING_2023[0]!, framework: CAO_BANG, group: tot, published: null },
    { ...RANKING_2023[1]!, framework: CAO_BANG, group: kha, published: { group: tot, rank: null, source: RANKING_2023[1]!.source } },
    { ...RANKING_2023[3]!, framework: CAO_BANG, group: CAO_BANG_GROUPS[3]!, published: null },
  ];

  it("colours another framework's classes by their place among its own", () => {
    const d = seriesOf(rankingOption(caoBang, 2021, classes, vi, wide))[0]!['data'] as { itemStyle: Loose }[];
    // Tốt is the best (blue), Khá the second of four (sky), Kém the last (the same wine as a fifth of five).
    expect(d.map((x) => x.itemStyle['color'])).toEqual(['#0072B2', '#56B4E9', '#882255']);
  });

  it("names another framework's classes by their labels, without codes", () => {
    const bars = seriesOf(rankingOption(caoBang, 2021, classes, vi, wide))[0]!;
    expect((bars['label'] as { formatter: (p: unknown) => string }).formatter({ dataIndex: 1 })).toBe('91,40\u00A0% (Công bố: Tốt)');
    const tip = rankingTooltip(caoBang[1]!, 19, vi);
    expect(tip).toContain('Nhóm: Khá<br>Nhóm công bố: Tốt (khác nhóm tính toán)');
    expect(tip).not.toContain('KHA');
    expect(rankingTooltip(caoBang[0]!, 19, messages('en'))).toContain('Group: Good');
  });

  it('names the cohort a rank is taken in', () => {
    expect(rankingTooltip(RANKING_2023[1]!, 45, vi, 'Phường')).toContain('Hạng: 2/45 (Phường)');
  });
});

describe('groupsOption', () => {
  const count = (group: (typeof CAO_BANG_GROUPS)[number], n: number) => ({ group, count: n, share: (n / 19) * 100, previousCount: null, previousShare: null });
  const caoBang = {
    year: 2021,
    previousYear: null,
    units: 19,
    previousUnits: null,
    groups: [count(CAO_BANG_GROUPS[0]!, 2), count(CAO_BANG_GROUPS[1]!, 15), count(CAO_BANG_GROUPS[2]!, 2), count(CAO_BANG_GROUPS[3]!, 0)],
    frameworks: [CAO_BANG],
    mixedFrameworks: false,
    previousByPosition: false,
  };

  it("draws a framework's own classes with its labels and colours by position", () => {
    const option = groupsOption(caoBang, vi, wide);
    expect(axis(option, 'xAxis')['data']).toEqual(['Tốt', 'Khá', 'Trung bình', 'Kém']);
    const bars = seriesOf(option)[0]!['data'] as { value: number; itemStyle: Loose }[];
    expect(bars.map((b) => b.value)).toEqual([2, 15, 2, 0]);
    expect(bars.map((b) => b.itemStyle['color'])).toEqual(['#0072B2', '#56B4E9', '#E69F00', '#882255']);
    expect(axis(groupsOption(caoBang, messages('en'), narrow), 'xAxis')['data']).toEqual(['Good', 'Fair', 'Average', 'Poor']);
  });

  it('keeps numbered classes as "I / Rất tốt", the number alone on a phone', () => {
    const keSach = { ...caoBang, groups: GROUPS.map((g) => count(g, 1)), frameworks: [KE_SACH] };
    expect((axis(groupsOption(keSach, vi, wide), 'xAxis')['data'] as string[])[0]).toBe('I\nRất tốt');
    expect((axis(groupsOption(keSach, vi, narrow), 'xAxis')['data'] as string[])[0]).toBe('I');
  });

  it('says whose each class is when the units were scored on several frameworks', () => {
    const mixed = { ...caoBang, groups: [...caoBang.groups, ...GROUPS.map((g) => count(g, 1))], frameworks: [CAO_BANG, KE_SACH], mixedFrameworks: true };
    const names: Record<string, string> = { [CAO_BANG]: 'Cao Bằng', [KE_SACH]: 'Kế Sách' };
    const option = groupsOption(mixed, vi, wide, (id) => names[id] ?? id);
    const labels = axis(option, 'xAxis')['data'] as string[];
    expect(labels[0]).toBe('Tốt\nCao Bằng');
    expect(labels[5]).toBe('II\nTốt\nKế Sách');
    // Each framework's worst class is the same wine; its best the same blue.
    const colours = (seriesOf(option)[0]!['data'] as { itemStyle: Loose }[]).map((b) => b.itemStyle['color']);
    expect([colours[0], colours[3], colours[4], colours[8]]).toEqual(['#0072B2', '#882255', '#0072B2', '#882255']);
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
    expect(fieldTooltip(FIELDS_2023[0]!, 8, vi)).toContain('Công bố: 68,87\u00A0%, xếp thứ 7/8');
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
      '<strong>Xã An Mỹ — 2023</strong><br>Chỉ số: 95,12\u00A0%<br>Hạng: 1<br>Nhóm: Nhóm I – Rất tốt<br>Tình trạng: Có điểm',
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

describe('trendOption across frameworks', () => {
  // 2019–2021 on Cao Bằng's four classes (codes TOT …), 2022–2024 on five numbered ones.
  const trend = { ...AN_MY_TREND, values: [72.5, 90.5, null, 88.25, 95.12, 93, null], groups: ['KHA', 'TOT', null, 'II', 'I', 'I', null] };
  const byYear = [CAO_BANG_GROUPS, CAO_BANG_GROUPS, null, GROUPS, GROUPS, GROUPS, null];

  it("colours each year's point by its class in that year's framework", () => {
    const data = seriesOf(trendOption(trend, GROUPS, vi, wide, byYear))[0]!['data'] as ({ itemStyle: Loose } | null)[];
    expect(data.map((d) => (d ? d.itemStyle['color'] : null))).toEqual(['#56B4E9', '#0072B2', null, '#56B4E9', '#0072B2', '#0072B2', null]);
  });

  it("names each year's class as that year's framework does", () => {
    expect(trendTooltip(trend, 0, GROUPS, vi, byYear)).toContain('Nhóm: Khá<br>');
    expect(trendTooltip(trend, 3, GROUPS, vi, byYear)).toContain('Nhóm: Nhóm II – Tốt<br>');
  });

  it('labels thresholds by label where classes are not numbered', () => {
    const marks = (seriesOf(trendOption(trend, CAO_BANG_GROUPS, vi, wide, byYear))[0]!['markLine'] as { data: { yAxis: number; label: { formatter: string }; lineStyle: Loose }[] }).data;
    expect(marks.map((d) => d.label.formatter)).toEqual(['Tốt\n≥\u00A090', 'Khá\n≥\u00A070']);
    expect(marks.map((d) => d.lineStyle['color'])).toEqual(['#0072B2', '#56B4E9']);
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
    frameworkChanged: false,
    cohort: null,
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
    expect(label).toBe('86,10\u00A0%');
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
    frameworks: [KE_SACH],
    mixedFrameworks: false,
    fields: [field('direction'), field('institutions'), field('procedures')],
    units: [
      {
        unit,
        percent: 85,
        rank: 2,
        framework: KE_SACH,
        cohort: null,
        group: { code: 'II', label: 'Tốt', labelEn: 'Good', ordinal: 2, framework: KE_SACH },
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
    expect(tooltip({ value: [2, 0, 70.25] })).toContain('procedures: 70,25\u00A0%');
    expect(tooltip({ value: [1, 0, 0] })).toBe('');
  });
});

describe('seriesStyle', () => {
  it('gives each of eight series its own colour and its own marker', () => {
    const styles = Array.from({ length: 8 }, (_, i) => seriesStyle(i));
    expect(new Set(styles.map((s) => s.colour)).size).toBe(8);
    expect(new Set(styles.map((s) => s.symbol)).size).toBe(8);
  });
  it('keeps any two of twelve series apart by colour, or by marker and dash', () => {
    const styles = Array.from({ length: 12 }, (_, i) => seriesStyle(i));
    for (let i = 0; i < 12; i++)
      for (let j = i + 1; j < 12; j++) {
        const a = styles[i]!;
        const b = styles[j]!;
        if (a.colour === b.colour) expect(a.symbol !== b.symbol && a.dash !== b.dash, `${i} and ${j}`).toBe(true);
      }
  });
});

describe('linesOption legend', () => {
  it('shows a long name by its short form, the full name in its tooltip', () => {
    const o = linesOption(
      { years: [2023, 2024], lines: [{ name: 'Tác động của cải cách hành chính (tên chưa được công bố)', short: 'Tác động', values: [1, 2] }, { name: 'B', values: [3, 4] }], label: 'x', kind: 'percent' },
      messages('vi'),
      { animation: false, width: 375 },
    );
    const legend = o.legend as { formatter: (n: string) => string; tooltip: { show: boolean } };
    expect(legend.formatter('Tác động của cải cách hành chính (tên chưa được công bố)')).toBe('Tác động');
    expect(legend.formatter('B')).toBe('B');
    expect(legend.tooltip.show).toBe(true);
  });
});

describe('criteriaOption axis', () => {
  it('writes short ticks with the decimals they need', () => {
    const o = criteriaOption([], 2024, messages('vi'), { animation: false, width: 375 });
    const f = (o.xAxis as { axisLabel: { formatter: (v: number) => string } }).axisLabel.formatter;
    expect([0, 0.05, 0.1, 0.15].map(f)).toEqual(['0', '0,05', '0,1', '0,15']);
  });
});
