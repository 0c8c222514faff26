// Answers shaped like the server's, for unit tests. Only tests import this file.
import type { FieldSummaryRow, Overview, RankingRow, Series, Source } from '../queries';

export const GENERATOR: Source = { kind: 'ILLUSTRATIVE', title: 'parindex illustrative generator', date: null };
export const DECISION: Source = {
  kind: 'OFFICIAL',
  title: 'Quyết định 2234/QĐ-UBND của Chủ tịch UBND huyện Kế Sách',
  date: '2023-12-27',
};

const groupI = { code: 'I', label: 'Rất tốt', labelEn: 'Very good' };
const groupII = { code: 'II', label: 'Tốt', labelEn: 'Good' };
const groupIII = { code: 'III', label: 'Khá', labelEn: 'Fair' };

function row(
  code: string,
  kind: string,
  shortName: string,
  percent: number,
  rank: number,
  group: typeof groupI,
  published: RankingRow['published'],
): RankingRow {
  return {
    unit: { id: `${code}@2025-03-01`, code, name: `${kind} ${shortName}`, shortName, kind },
    percent,
    rank,
    group,
    published,
    source: GENERATOR,
  };
}

export const RANKING_2023: RankingRow[] = [
  row('31564', 'Xã', 'An Mỹ', 95.12, 1, groupI, { group: groupI, rank: 1, source: DECISION }),
  row('31534', 'Xã', 'Xuân Hòa', 91.4, 2, groupI, { group: groupI, rank: null, source: DECISION }),
  // Computed II, published III: the chart must mark it.
  row('31537', 'Xã', 'Phong Nẫm', 80.5, 3, groupII, { group: groupIII, rank: null, source: DECISION }),
  row('31540', 'Xã', 'An Lạc Tây', 74.25, 4, groupIII, null),
];

export const FIELDS_2023: FieldSummaryRow[] = [
  {
    field: { slug: 'direction', nameVi: 'Công tác chỉ đạo, điều hành cải cách hành chính', nameEn: 'Direction' },
    average: 68.87,
    rank: 7,
    published: { average: 68.87, rank: 7, source: DECISION },
  },
  {
    field: { slug: 'impact', nameVi: 'Tác động của cải cách hành chính', nameEn: 'Impact' },
    average: 85.1,
    rank: 5,
    published: { average: null, rank: 5, source: DECISION },
  },
  {
    field: { slug: 'organisation', nameVi: 'Cải cách tổ chức bộ máy hành chính', nameEn: 'Organisation' },
    average: 100,
    rank: 1,
    published: null,
  },
];

export const GROUPS = [
  { code: 'I', label: 'Rất tốt', labelEn: 'Very good', minPercent: 90 },
  { code: 'II', label: 'Tốt', labelEn: 'Good', minPercent: 80 },
  { code: 'III', label: 'Khá', labelEn: 'Fair', minPercent: 70 },
  { code: 'IV', label: 'Trung bình', labelEn: 'Average', minPercent: 50 },
  { code: 'V', label: 'Yếu', labelEn: 'Weak', minPercent: 0 },
];

export const OVERVIEW_2023: Overview = {
  ranking: RANKING_2023,
  fieldSummary: FIELDS_2023,
  framework: { groups: GROUPS, fields: FIELDS_2023.map((f) => f.field), source: GENERATOR },
};

/** An Mỹ: scored 2019–2024, merged away in 2025 (the server sends a null there). */
export const AN_MY_TREND: Series = {
  unit: { id: '31564@2025-03-01', code: '31564', shortName: 'An Mỹ', name: 'Xã An Mỹ', kind: 'Xã' },
  years: [2019, 2020, 2021, 2022, 2023, 2024, 2025],
  values: [82.5, 84, null, 88.25, 95.12, 93, null],
  ranks: [3, 2, null, 2, 1, 1, null],
  groups: ['II', 'II', null, 'II', 'I', 'I', null],
  status: ['OBSERVED', 'OBSERVED', 'NOT_ASSESSED', 'OBSERVED', 'OBSERVED', 'OBSERVED', 'NOT_EXISTING'],
  sources: ['ILLUSTRATIVE', 'ILLUSTRATIVE', null, 'ILLUSTRATIVE', 'ILLUSTRATIVE', 'ILLUSTRATIVE', null],
  contributors: [['31564@2025-03-01'], ['31564@2025-03-01'], [], ['31564@2025-03-01'], ['31564@2025-03-01'], ['31564@2025-03-01'], []],
  certainty: ['ESTABLISHED', 'ESTABLISHED', null, 'ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED', null],
};
