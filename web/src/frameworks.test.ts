import { describe, expect, it } from 'vitest';
import { byCohort, cohortCounts, cohortOf, fieldsOf, frameworksOfRows, mainFramework, mixedFrameworks, rowFrameworks } from './frameworks';
import type { Framework } from './queries';
import { CAO_BANG, CAO_BANG_FRAMEWORK, KE_SACH, KE_SACH_FRAMEWORK } from './testing/fixtures';

describe('the frameworks of rows', () => {
  const rows = [{ framework: KE_SACH }, { framework: CAO_BANG }, { framework: CAO_BANG }];

  it('lists them most rows first', () => {
    expect(frameworksOfRows(rows)).toEqual([CAO_BANG, KE_SACH]);
    expect(frameworksOfRows([])).toEqual([]);
  });

  it('says when rows mix frameworks', () => {
    expect(mixedFrameworks(rows)).toBe(true);
    expect(mixedFrameworks(rows.slice(1))).toBe(false);
    expect(mixedFrameworks([])).toBe(false);
  });

  it('takes the framework of most rows, or the first listed when there are none', () => {
    const listed = [KE_SACH_FRAMEWORK, CAO_BANG_FRAMEWORK];
    expect(rowFrameworks(rows, listed).map((f) => f.id)).toEqual([CAO_BANG, KE_SACH]);
    expect(mainFramework(rows.slice(0, 1), listed)?.id).toBe(KE_SACH);
    expect(mainFramework([], listed)?.id).toBe(KE_SACH);
    expect(mainFramework([], [])).toBeNull();
  });

  it('joins the fields of several frameworks by slug, in the first one’s order', () => {
    const other: Framework = {
      ...CAO_BANG_FRAMEWORK,
      fields: [
        { slug: 'appraisal', nameVi: 'Thẩm định', nameEn: 'Appraisal' },
        { slug: 'direction', nameVi: 'Chỉ đạo', nameEn: 'Direction' },
      ],
    };
    expect(fieldsOf([KE_SACH_FRAMEWORK, other]).map((f) => f.slug)).toEqual(['direction', 'impact', 'organisation', 'appraisal']);
  });
});

describe('cohorts', () => {
  // Hải Phòng 2025: wards ranked among wards, communes and the special zone among themselves.
  const haiPhong: Framework = {
    ...KE_SACH_FRAMEWORK,
    id: 'hai-phong-2025',
    cohorts: [
      { slug: 'phuong', nameVi: 'Phường', nameEn: 'Wards' },
      { slug: 'xa', nameVi: 'Xã, đặc khu', nameEn: 'Communes and special zones' },
    ],
  };
  const row = (name: string, cohort: string | null, rank: number) => ({ name, framework: 'hai-phong-2025', cohort, rank });
  // As the API orders them: by rank, the two cohorts interleaved.
  const rows = [row('Xã A', 'xa', 1), row('Phường B', 'phuong', 1), row('Phường C', 'phuong', 2), row('Xã D', 'xa', 2), row('Xã E', 'xa', 3)];

  it('puts one cohort after another, each ranking from 1', () => {
    expect(byCohort(rows, [haiPhong]).map((r) => `${r.name} ${r.rank}`)).toEqual(['Phường B 1', 'Phường C 2', 'Xã A 1', 'Xã D 2', 'Xã E 3']);
  });

  it('counts the units of each cohort', () => {
    expect(cohortCounts(rows, [haiPhong]).map((c) => `${c.cohort.nameVi} ${c.units}`)).toEqual(['Phường 2', 'Xã, đặc khu 3']);
  });

  it('names a row’s cohort as its framework does, and leaves rows without cohorts alone', () => {
    expect(cohortOf(rows[0]!, [haiPhong])?.nameEn).toBe('Communes and special zones');
    expect(cohortOf(row('Xã F', null, 1), [haiPhong])).toBeNull();
    const plain = [row('b', null, 2), row('a', null, 1)];
    expect(byCohort(plain, [haiPhong])).toEqual(plain);
    expect(cohortCounts(plain, [haiPhong])).toEqual([]);
  });
});
