// Answers shaped like the server's, for unit tests. Only tests import this file.
import type { FieldSummaryRow, Framework, FrameworkGroup, Overview, RankingRow, Series, Source } from '../queries';

export const GENERATOR: Source = { kind: 'ILLUSTRATIVE', title: 'parindex illustrative generator', date: null };
export const DECISION: Source = {
  kind: 'OFFICIAL',
  title: 'Quyết định 2234/QĐ-UBND của Chủ tịch UBND huyện Kế Sách',
  date: '2023-12-27',
};

/** Kế Sách's framework of 2022 (Decision 962/QĐ-UBND): five classes numbered I–V. */
export const KE_SACH = 'ke-sach-962-2022';

const groupI = { code: 'I', label: 'Rất tốt', labelEn: 'Very good', ordinal: 1, framework: KE_SACH };
const groupII = { code: 'II', label: 'Tốt', labelEn: 'Good', ordinal: 2, framework: KE_SACH };
const groupIII = { code: 'III', label: 'Khá', labelEn: 'Fair', ordinal: 3, framework: KE_SACH };

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
    framework: KE_SACH,
    cohort: null,
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
    mixedFrameworks: false,
    published: { average: 68.87, rank: 7, source: DECISION },
  },
  {
    field: { slug: 'impact', nameVi: 'Tác động của cải cách hành chính', nameEn: 'Impact' },
    average: 85.1,
    rank: 5,
    mixedFrameworks: false,
    published: { average: null, rank: 5, source: DECISION },
  },
  {
    field: { slug: 'organisation', nameVi: 'Cải cách tổ chức bộ máy hành chính', nameEn: 'Organisation' },
    average: 100,
    rank: 1,
    mixedFrameworks: false,
    published: null,
  },
];

export const GROUPS: FrameworkGroup[] = [
  { code: 'I', label: 'Rất tốt', labelEn: 'Very good', ordinal: 1, framework: KE_SACH, minPercent: 90 },
  { code: 'II', label: 'Tốt', labelEn: 'Good', ordinal: 2, framework: KE_SACH, minPercent: 80 },
  { code: 'III', label: 'Khá', labelEn: 'Fair', ordinal: 3, framework: KE_SACH, minPercent: 70 },
  { code: 'IV', label: 'Trung bình', labelEn: 'Average', ordinal: 4, framework: KE_SACH, minPercent: 50 },
  { code: 'V', label: 'Yếu', labelEn: 'Weak', ordinal: 5, framework: KE_SACH, minPercent: 0 },
];

export const KE_SACH_FRAMEWORK: Framework = {
  id: KE_SACH,
  name: 'Quyết định 962/QĐ-UBND ngày 31/8/2022 của Chủ tịch UBND huyện Kế Sách (tiêu chí và điểm minh họa)',
  issuer: { code: '943', name: 'Huyện Kế Sách', shortName: 'Kế Sách' },
  groups: GROUPS,
  cohorts: [],
  fields: FIELDS_2023.map((f) => f.field),
  source: GENERATOR,
  decision: null,
};

/** Cao Bằng's framework (Decision 2402/QĐ-UBND of 08/12/2021): four classes, labels without numbers. */
export const CAO_BANG = 'cao-bang-2402-2021-minh-hoa';
const caoBangClass = (code: string, label: string, labelEn: string, ordinal: number, minPercent: number): FrameworkGroup => ({
  code,
  label,
  labelEn,
  ordinal,
  framework: CAO_BANG,
  minPercent,
});
export const CAO_BANG_GROUPS: FrameworkGroup[] = [
  caoBangClass('TOT', 'Tốt', 'Good', 1, 90),
  caoBangClass('KHA', 'Khá', 'Fair', 2, 70),
  caoBangClass('TB', 'Trung bình', 'Average', 3, 50),
  caoBangClass('KEM', 'Kém', 'Poor', 4, 0),
];
export const CAO_BANG_FRAMEWORK: Framework = {
  id: CAO_BANG,
  name: 'Bộ chỉ số cấp xã tỉnh Cao Bằng theo Quyết định 2402/QĐ-UBND ngày 08/12/2021 (tiêu chí và điểm minh họa)',
  issuer: { code: '04', name: 'Tỉnh Cao Bằng', shortName: 'Cao Bằng' },
  groups: CAO_BANG_GROUPS,
  cohorts: [],
  fields: FIELDS_2023.map((f) => f.field),
  source: GENERATOR,
  decision: { kind: 'OFFICIAL', title: 'Quyết định 2402/QĐ-UBND ngày 08/12/2021 của UBND tỉnh Cao Bằng', date: '2021-12-08' },
};

export const OVERVIEW_2023: Overview = {
  ranking: RANKING_2023,
  fieldSummary: FIELDS_2023,
  frameworks: [KE_SACH_FRAMEWORK, CAO_BANG_FRAMEWORK],
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
