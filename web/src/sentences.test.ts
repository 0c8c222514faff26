import { describe, expect, it } from 'vitest';
import { messages } from './i18n';
import type { Changes, ComparedUnit } from './queries';
import { formats, overviewFacts, profileFacts, usableChanges } from './sentences';
import { AN_MY_TREND, CAO_BANG, CAO_BANG_FRAMEWORK, CAO_BANG_GROUPS, KE_SACH, OVERVIEW_2023, RANKING_2023 } from './testing/fixtures';

const vi = messages('vi');
const en = messages('en');

const unitRef = { id: '31564@2025-03-01', code: '31564', name: 'Xã An Mỹ', shortName: 'An Mỹ', kind: 'Xã' };
const bench = (mean: number, best: number) => ({
  units: 13,
  parentMean: mean,
  parentMedian: mean,
  topQuartile: best,
  best,
  bestUnit: unitRef,
  groupMean: mean,
});
const field = (slug: string, nameVi: string, nameEn: string, percent: number, mean: number) => ({
  field: { slug, nameVi, nameEn },
  percent,
  rank: 1,
  benchmarks: bench(mean, 100),
});

function compared(rank: number, percent: number): ComparedUnit {
  return {
    unit: unitRef,
    percent,
    rank,
    framework: KE_SACH,
    cohort: null,
    group: { code: 'I', label: 'Rất tốt', labelEn: 'Very good', ordinal: 1, framework: KE_SACH },
    benchmarks: bench(88.13, 97.45),
    fields: [
      field('direction', 'Công tác chỉ đạo, điều hành', 'Direction', 91.1, 68.87),
      field('public_finance', 'Cải cách tài chính công', 'Public finance', 82.29, 85.4),
      field('procedures', 'Cải cách thủ tục hành chính', 'Procedures', 100, 97.22),
    ],
  };
}

describe('profile sentences', () => {
  it('tells rank, change since the last year with a value, weakest and strongest field (vi)', () => {
    // 2023 follows 2022 (88,25); a gap in 2021 is skipped, never read as 0.
    const facts = profileFacts('Xã An Mỹ', 'Huyện Kế Sách', 2023, compared(1, 95.12), AN_MY_TREND, null, 'vi');
    expect(vi.profileSentences(facts!, formats(vi))).toEqual([
      'Xã An Mỹ đứng đầu Huyện Kế Sách năm 2023 với chỉ số 95,12\u00A0% (nhóm I).',
      'So với năm 2022, chỉ số tăng 6,87\u00A0điểm.',
      'Lĩnh vực yếu nhất là Cải cách tài chính công (82,29\u00A0%, thấp hơn trung bình 3,11\u00A0điểm); mạnh nhất là Cải cách thủ tục hành chính (100,00\u00A0%).',
    ]);
  });

  it('says the rank out of the total and a fall, in English', () => {
    const facts = profileFacts('Xã An Mỹ', 'Huyện Kế Sách', 2024, compared(3, 93), AN_MY_TREND, null, 'en');
    expect(en.profileSentences(facts!, formats(en))).toEqual([
      'Xã An Mỹ ranked 3 of 13 in Huyện Kế Sách in 2024 with an index of 93.00% (group I).',
      'Since 2023 the index fell by 2.12\u00A0points.',
      'Its weakest field is Public finance (82.29%, 3.11\u00A0points below the mean); its strongest is Procedures (100.00%).',
    ]);
  });

  it('has no change after a gap year with no earlier value, and names the predecessors', () => {
    const trend = { ...AN_MY_TREND, values: [null, null, null, null, 95.12, null, null], status: AN_MY_TREND.status.map((s, i) => (i === 4 ? s : 'NOT_ASSESSED' as const)) };
    const facts = profileFacts('Xã Nhơn Mỹ', null, 2023, compared(1, 95.12), trend, ['Xã An Mỹ', 'Xã Nhơn Mỹ'], 'vi');
    expect(facts!.change).toBeNull();
    const text = vi.profileSentences(facts!, formats(vi));
    expect(text[0]).toBe('Xã Nhơn Mỹ đứng đầu năm 2023 với chỉ số 95,12\u00A0% (nhóm I).');
    expect(text[text.length - 1]).toBe('Các năm trước khi thành lập là trung bình kết quả của Xã An Mỹ và Xã Nhơn Mỹ.');
  });

  it("names a class by its label where the framework does not number its classes", () => {
    const tot = { ...compared(1, 93.5), framework: CAO_BANG, group: CAO_BANG_GROUPS[0]! };
    expect(vi.profileSentences(profileFacts('Xã Quốc Toản', 'Huyện Quảng Hòa', 2021, tot, null, null, 'vi')!, formats(vi))[0]).toBe(
      'Xã Quốc Toản đứng đầu Huyện Quảng Hòa năm 2021 với chỉ số 93,50\u00A0% (xếp loại Tốt).',
    );
    expect(en.profileSentences(profileFacts('Xã Quốc Toản', 'Huyện Quảng Hòa', 2021, tot, null, null, 'en')!, formats(en))[0]).toBe(
      'Xã Quốc Toản ranked first of Huyện Quảng Hòa in 2021 with an index of 93.50% (rated Good).',
    );
  });

  it('is null without a comparison for the year', () => {
    expect(profileFacts('Xã An Mỹ', null, 2025, null, AN_MY_TREND, null, 'vi')).toBeNull();
  });
});

function changes(boundary: 'AS_PUBLISHED' | 'CURRENT', compared: number): Changes {
  return {
    from: 2022,
    to: 2023,
    boundary,
    summary: { units: 13, compared, improved: 9, declined: 4, unchanged: 0, inferred: 0, frameworkChanged: 0, meanChange: -0.5 },
    units: [],
    frameworks: [KE_SACH],
    mixedFrameworks: false,
  };
}

describe('overview sentences', () => {
  it('tells units, mean, leader and last, and the changes', () => {
    const facts = overviewFacts(2023, RANKING_2023, changes('AS_PUBLISHED', 13), OVERVIEW_2023.frameworks, 'vi');
    const text = vi.overviewSentences(facts!, formats(vi));
    expect(text[0]).toBe('Năm 2023 có 4 đơn vị được đánh giá, chỉ số trung bình 85,32\u00A0%; 2 đơn vị đạt nhóm I.');
    expect(text[1]).toBe(`Xã An Mỹ đứng đầu (95,12\u00A0%), ${RANKING_2023[RANKING_2023.length - 1]!.unit.name} đứng cuối (${formats(vi).pct(RANKING_2023[RANKING_2023.length - 1]!.percent)}).`);
    expect(text[2]).toBe('So với năm 2022: 9 đơn vị tăng điểm, 4 đơn vị giảm, trung bình giảm 0,50\u00A0điểm.');
  });

  it('uses today’s units only when the units as published compare nothing', () => {
    expect(usableChanges({ asPublished: changes('AS_PUBLISHED', 13), current: changes('CURRENT', 6) })?.boundary).toBe('AS_PUBLISHED');
    expect(usableChanges({ asPublished: changes('AS_PUBLISHED', 0), current: changes('CURRENT', 6) })?.boundary).toBe('CURRENT');
    expect(usableChanges({ asPublished: changes('AS_PUBLISHED', 0), current: changes('CURRENT', 0) })).toBeNull();
    const facts = overviewFacts(2023, RANKING_2023, changes('CURRENT', 6), OVERVIEW_2023.frameworks, 'en');
    expect(en.overviewSentences(facts!, formats(en))[2]).toBe('Since 2022 (today’s units): 9 units improved and 4 declined, a mean fall of 0.50\u00A0points.');
  });

  it("counts the best class by the framework's own label, even when no unit reached it", () => {
    const kha = RANKING_2023.map((r) => ({ ...r, framework: CAO_BANG, group: CAO_BANG_GROUPS[1]! }));
    expect(vi.overviewSentences(overviewFacts(2021, kha, null, [CAO_BANG_FRAMEWORK], 'vi')!, formats(vi))[0]).toContain('; 0 đơn vị xếp loại Tốt.');
    expect(en.overviewSentences(overviewFacts(2021, kha, null, [CAO_BANG_FRAMEWORK], 'en')!, formats(en))[0]).toContain('; 0 were rated Good.');
  });

  it('counts each framework’s best class when units of several are together', () => {
    const mixed = RANKING_2023.map((r, i) => (i === 3 ? { ...r, framework: CAO_BANG, group: CAO_BANG_GROUPS[0]! } : r));
    expect(vi.overviewSentences(overviewFacts(2021, mixed, null, OVERVIEW_2023.frameworks, 'vi')!, formats(vi))[0]).toContain(
      '; 3 đơn vị đạt xếp loại cao nhất của bộ chỉ số áp dụng cho mình.',
    );
  });

  it('is null for an empty year', () => {
    expect(overviewFacts(2030, [], null, [], 'vi')).toBeNull();
  });
});
