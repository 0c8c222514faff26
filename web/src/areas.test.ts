import { describe, expect, it } from 'vitest';
import { findAreas, foldName, followParent, lineageProbe, parseAreas, resolveScope, scopeParent, type AreasAnswer, type Province } from './areas';
import { messages } from './i18n';
import { inArea, OVERVIEW, overviewDoc, TABLE, tableDoc } from './queries';
import { pickerModel } from './views/areapicker';

const unit = (id: string, name: string, kind: string) => ({ code: id.split('@')[0] as string, name: `${kind} ${name}`, shortName: name });
const SOC_TRANG = unit('94@2025-03-01', 'Sóc Trăng', 'Tỉnh');
const KE_SACH = unit('943@2025-03-01', 'Kế Sách', 'Huyện');
const LONG_PHU = unit('946@2025-03-01', 'Long Phú', 'Huyện');
const AN_GIANG = unit('89@2025-03-01', 'An Giang', 'Tỉnh');
const CHAU_DOC = unit('884@2025-03-01', 'Châu Đốc', 'Thành phố');
const CAN_THO = unit('92@2025-07-01', 'Cần Thơ', 'Thành phố');
const HA_NOI = unit('01@2025-07-01', 'Hà Nội', 'Thành phố');

const answer = (rows: [ReturnType<typeof unit>, ReturnType<typeof unit>, number, number][]): AreasAnswer => ({
  aggregate: { rows: rows.map(([province, parent, n, avg]) => ({ province, parent, values: [n, avg] })) },
});

/** The default data: one district before 2025, one province after. */
const DEFAULT_2024 = parseAreas(answer([[SOC_TRANG, KE_SACH, 13, 84]]));
const DEFAULT_2025 = parseAreas(answer([[CAN_THO, CAN_THO, 6, 85]]));
/** National data, in the API's order (by code), not Vietnamese order. */
const NATIONAL_2024 = parseAreas(
  answer([
    [AN_GIANG, CHAU_DOC, 7, 80],
    [SOC_TRANG, LONG_PHU, 11, 80],
    [SOC_TRANG, KE_SACH, 13, 86],
  ]),
);
const NATIONAL_2025 = parseAreas(
  answer([
    [HA_NOI, HA_NOI, 126, 84.6],
    [CAN_THO, CAN_THO, 103, 82.4],
  ]),
);
const province = (list: Province[], code: string): Province => list.find((p) => p.code === code) as Province;

describe('parseAreas', () => {
  it('groups districts under their province, both in Vietnamese order', () => {
    expect(NATIONAL_2024.map((p) => p.shortName)).toEqual(['An Giang', 'Sóc Trăng']);
    expect(province(NATIONAL_2024, '94').districts.map((d) => d.shortName)).toEqual(['Kế Sách', 'Long Phú']);
    expect(NATIONAL_2025.map((p) => p.shortName)).toEqual(['Cần Thơ', 'Hà Nội']);
  });
  it('counts a province’s units and weighs its mean by them', () => {
    const p = province(NATIONAL_2024, '94');
    expect(p.units).toBe(24);
    expect(p.average).toBeCloseTo((11 * 80 + 13 * 86) / 24, 10);
  });
  it('gives no districts to a province whose communes belong to it directly (after 2025-07-01)', () => {
    expect(province(NATIONAL_2025, '92').districts).toEqual([]);
    expect(province(NATIONAL_2025, '92').units).toBe(103);
  });
  it('reads an empty year as no areas', () => {
    expect(parseAreas(answer([]))).toEqual([]);
  });
});

describe('resolveScope', () => {
  it('on the default data asks for everything, whatever the URL says', () => {
    expect(resolveScope(null, DEFAULT_2024)).toEqual({ kind: 'single' });
    expect(resolveScope('943', DEFAULT_2024)).toEqual({ kind: 'single' });
    expect(resolveScope('999', DEFAULT_2025)).toEqual({ kind: 'single' });
    expect(resolveScope(null, [])).toEqual({ kind: 'single' });
  });
  it('on national data without a parent asks to choose a province', () => {
    expect(resolveScope(null, NATIONAL_2024)).toEqual({ kind: 'choose', province: null, missing: null });
  });
  it('finds a district by code or ID, with its province', () => {
    for (const key of ['943', '943@2025-03-01']) {
      const s = resolveScope(key, NATIONAL_2024);
      expect(s.kind === 'area' && [s.area.code, s.province.code]).toEqual(['943', '94']);
    }
  });
  it('asks for a district of a province that has several before 2025', () => {
    const s = resolveScope('94', NATIONAL_2024);
    expect(s.kind === 'choose' && s.province?.code).toBe('94');
  });
  it('takes the only district of a province', () => {
    const s = resolveScope('89', NATIONAL_2024);
    expect(s.kind === 'area' && s.area.code).toBe('884');
  });
  it('takes a province whose communes belong to it directly', () => {
    const s = resolveScope('92', NATIONAL_2025);
    expect(s.kind === 'area' && s.area === s.province && s.area.code).toBe('92');
    expect(scopeParent(s)).toBe('92');
  });
  it('says which parent has no results in the year', () => {
    expect(resolveScope('943', NATIONAL_2025)).toEqual({ kind: 'choose', province: null, missing: '943' });
  });
});

describe('followParent: the area when the year changes', () => {
  it('keeps an area that has results in both years', () => {
    expect(followParent('943', NATIONAL_2024, NATIONAL_2024, null)).toBe('943');
    expect(followParent(null, NATIONAL_2024, NATIONAL_2025, null)).toBeNull();
  });
  it('follows a district to the province its communes became part of', () => {
    expect(followParent('943', NATIONAL_2024, NATIONAL_2025, '92')).toBe('92');
  });
  it('falls back to the province under the same code, else to none', () => {
    const withSocTrang = parseAreas(answer([[unit('94@2025-07-01', 'Sóc Trăng', 'Tỉnh'), unit('94@2025-07-01', 'Sóc Trăng', 'Tỉnh'), 1, 1], [CAN_THO, CAN_THO, 1, 1]]));
    expect(followParent('943', NATIONAL_2024, withSocTrang, null)).toBe('94');
    expect(followParent('943', NATIONAL_2024, NATIONAL_2025, null)).toBeNull();
    expect(followParent('943', NATIONAL_2024, NATIONAL_2025, '77')).toBeNull();
  });
  it('goes back from a 2025 province to the old province with its code', () => {
    const before = parseAreas(
      answer([
        [unit('92@2025-03-01', 'Cần Thơ', 'Thành phố'), unit('916@2025-03-01', 'Ninh Kiều', 'Quận'), 5, 90],
        [SOC_TRANG, KE_SACH, 13, 84],
      ]),
    );
    expect(followParent('92', NATIONAL_2025, before, null)).toBe('92');
  });
});

describe('lineageProbe', () => {
  it('asks a district itself, or a province’s first district', () => {
    expect(lineageProbe('943', NATIONAL_2024)).toBe('943');
    expect(lineageProbe('94', NATIONAL_2024)).toBe('943');
  });
  it('has nothing to ask for a province without districts or an unknown code', () => {
    expect(lineageProbe('92', NATIONAL_2025)).toBeNull();
    expect(lineageProbe('999', NATIONAL_2024)).toBeNull();
  });
});

describe('pickerModel: what the area picker lists', () => {
  const vi = messages('vi');
  it('shows no picker on the default data', () => {
    expect(pickerModel(DEFAULT_2024, resolveScope('943', DEFAULT_2024), vi)).toBeNull();
    expect(pickerModel(DEFAULT_2025, resolveScope(null, DEFAULT_2025), vi)).toBeNull();
  });
  it('starts with a placeholder and no district list while nothing is chosen', () => {
    const p = pickerModel(NATIONAL_2024, resolveScope(null, NATIONAL_2024), vi);
    expect(p?.provinces.map((o) => o.label)).toEqual(['— Chọn tỉnh, thành phố —', 'An Giang', 'Sóc Trăng']);
    expect(p?.province).toBe('');
    expect(p?.districts).toBeNull();
  });
  it('lists the districts of the chosen province, the whole province first', () => {
    const p = pickerModel(NATIONAL_2024, resolveScope('943', NATIONAL_2024), vi);
    expect(p?.provinces.map((o) => o.value)).toEqual(['89', '94']);
    expect(p?.province).toBe('94');
    expect(p?.districts).toEqual([
      { value: '94', label: 'Toàn tỉnh (các quận, huyện)' },
      { value: '943', label: 'Huyện Kế Sách' },
      { value: '946', label: 'Huyện Long Phú' },
    ]);
    expect(p?.district).toBe('943');
    expect(pickerModel(NATIONAL_2024, resolveScope('94', NATIONAL_2024), vi)?.district).toBe('94');
  });
  it('has no district list after 2025 or for a province with one district', () => {
    expect(pickerModel(NATIONAL_2025, resolveScope('92', NATIONAL_2025), vi)?.districts).toBeNull();
    const p = pickerModel(NATIONAL_2024, resolveScope('89', NATIONAL_2024), vi);
    expect([p?.province, p?.districts]).toEqual(['89', null]);
  });
  it('speaks English on the English page', () => {
    expect(pickerModel(NATIONAL_2024, resolveScope(null, NATIONAL_2024), messages('en'))?.provinces[0]?.label).toBe('— Choose a province —');
  });
});

describe('inArea: the documents of one area', () => {
  it('leaves the documents for every unit as they were', () => {
    expect(inArea(overviewDoc, { year: 2023 }, null)).toEqual({ query: OVERVIEW, variables: { year: 2023 } });
    expect(OVERVIEW.startsWith('query Overview($year: Int!) {\n  ranking(year: $year) {')).toBe(true);
    expect(TABLE).not.toContain('parent');
  });
  it('passes the parent to every root field that takes one', () => {
    const ref = inArea(tableDoc, { year: 2024 }, '943');
    expect(ref.variables).toEqual({ year: 2024, parent: '943' });
    expect(ref.query).toContain('query Table($year: Int!, $parent: ID!)');
    expect(ref.query).toContain('ranking(year: $year, parent: $parent)');
    const overview = inArea(overviewDoc, { year: 2024 }, '943').query;
    expect(overview.match(/parent: \$parent/g)).toHaveLength(2);
    expect(overview).toContain('framework(year: $year)');
  });
});

describe('findAreas: search without diacritics', () => {
  it('folds case, diacritics and đ', () => {
    expect(foldName('  Huyện   Kế Sách ')).toBe('huyen ke sach');
    expect(foldName('Thành phố Đà Nẵng')).toBe('thanh pho da nang');
  });
  it('finds a district with its province, with or without diacritics', () => {
    expect(findAreas(NATIONAL_2024, 'ke sach')).toEqual([{ code: '943', label: 'Huyện Kế Sách, Tỉnh Sóc Trăng' }]);
    expect(findAreas(NATIONAL_2024, 'Kế Sách')).toEqual(findAreas(NATIONAL_2024, 'KE SACH'));
    expect(findAreas(NATIONAL_2024, 'chau doc')).toEqual([{ code: '884', label: 'Thành phố Châu Đốc, Tỉnh An Giang' }]);
  });
  it('lists provinces before districts, and keeps to the limit', () => {
    expect(findAreas(NATIONAL_2024, 'soc').map((h) => h.code)).toEqual(['94']);
    expect(findAreas(NATIONAL_2024, 'huyen').map((h) => h.code)).toEqual(['943', '946']);
    expect(findAreas(NATIONAL_2024, 'huyen', 1)).toHaveLength(1);
    expect(findAreas(NATIONAL_2025, 'ha noi')).toEqual([{ code: '01', label: 'Thành phố Hà Nội' }]);
  });
  it('finds nothing for an empty text or a name that is not there', () => {
    expect(findAreas(NATIONAL_2024, '  ')).toEqual([]);
    expect(findAreas(NATIONAL_2024, 'ha noi')).toEqual([]);
  });
});
