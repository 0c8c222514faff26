import { describe, expect, it } from 'vitest';
import {
  areaHits,
  districtHits,
  districtsOf,
  findProvinces,
  foldName,
  followParent,
  lineageProbe,
  locateArea,
  parseAreas,
  parseDistricts,
  parseProvinces,
  resolveScope,
  scopeParent,
  type AreasAnswer,
  type Province,
  type RegistryUnit,
} from './areas';
import { messages } from './i18n';
import { inArea, OVERVIEW, overviewDoc, TABLE, tableDoc } from './queries';
import { pickerModel } from './views/areapicker';
import type { QueryRef } from './views/panel';

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

/** Provinces and districts as the registry lists them (level, list). */
const reg = (u: ReturnType<typeof unit>, level: number, list: string): RegistryUnit => ({ ...u, level, list });
const PROVINCES_2024 = [reg(SOC_TRANG, 1, '2025-03-01'), reg(AN_GIANG, 1, '2025-03-01'), reg(unit('92@2025-03-01', 'Cần Thơ', 'Thành phố'), 1, '2025-03-01')];
const PROVINCES_2025 = [reg(CAN_THO, 1, '2025-07-01'), reg(HA_NOI, 1, '2025-07-01'), reg(unit('91@2025-07-01', 'An Giang', 'Tỉnh'), 1, '2025-07-01')];
const SOC_TRANG_DISTRICTS = [reg(LONG_PHU, 2, '2025-03-01'), reg(KE_SACH, 2, '2025-03-01'), reg(unit('941@2025-03-01', 'Sóc Trăng', 'Thành phố'), 2, '2025-03-01')];

describe('parseProvinces and parseDistricts: the registry, one level at a time', () => {
  it('keeps the provinces once each, in Vietnamese order', () => {
    const answer = {
      units: [reg(SOC_TRANG, 1, '2025-03-01'), reg(AN_GIANG, 1, '2025-03-01'), reg(unit('92@2025-03-01', 'Cần Thơ', 'Thành phố'), 1, '2025-03-01'), reg(SOC_TRANG, 1, '2025-03-01')],
    };
    expect(parseProvinces(answer).map((p) => p.name)).toEqual(['Tỉnh An Giang', 'Thành phố Cần Thơ', 'Tỉnh Sóc Trăng']);
  });
  it('keeps the districts of a province before 2025-07-01, never the communes after', () => {
    expect(parseDistricts({ units: SOC_TRANG_DISTRICTS }).map((d) => d.shortName)).toEqual(['Kế Sách', 'Long Phú', 'Sóc Trăng']);
    expect(parseDistricts({ units: [reg(unit('31552@2025-07-01', 'Nhơn Mỹ', 'Xã'), 2, '2025-07-01')] })).toEqual([]);
  });
});

describe('resolveScope', () => {
  it('opens the default data on the one area with results, with the documents of everything', () => {
    const s = resolveScope(null, DEFAULT_2024, PROVINCES_2024);
    expect(s.kind === 'area' && [s.area.code, s.province.code, s.implicit]).toEqual(['943', '94', true]);
    expect(scopeParent(s)).toBeNull();
    const after = resolveScope(null, DEFAULT_2025, PROVINCES_2025);
    expect(after.kind === 'area' && [after.area.code, after.implicit]).toEqual(['92', true]);
  });
  it('takes an area the URL names as chosen, with its parent in the documents', () => {
    const s = resolveScope('943', DEFAULT_2024, PROVINCES_2024);
    expect(s.kind === 'area' && s.implicit).toBe(false);
    expect(scopeParent(s)).toBe('943');
  });
  it('has nothing to choose without results or provinces', () => {
    expect(resolveScope(null, [], [])).toEqual({ kind: 'single' });
  });
  it('on national data without a parent asks to choose a province', () => {
    expect(resolveScope(null, NATIONAL_2024, PROVINCES_2024)).toEqual({ kind: 'choose', province: null, missing: null });
  });
  it('finds a district by code or ID, with its province', () => {
    for (const key of ['943', '943@2025-03-01']) {
      const s = resolveScope(key, NATIONAL_2024, PROVINCES_2024);
      expect(s.kind === 'area' && [s.area.code, s.province.code]).toEqual(['943', '94']);
    }
  });
  it('asks for a district of a province that has several with results before 2025', () => {
    const s = resolveScope('94', NATIONAL_2024, PROVINCES_2024);
    expect(s.kind === 'choose' && s.province?.code).toBe('94');
  });
  it('takes the only district with results of a province', () => {
    const s = resolveScope('89', NATIONAL_2024, PROVINCES_2024);
    expect(s.kind === 'area' && s.area.code).toBe('884');
  });
  it('takes a province whose communes belong to it directly', () => {
    const s = resolveScope('92', NATIONAL_2025, PROVINCES_2025);
    expect(s.kind === 'area' && s.area === s.province && s.area.code).toBe('92');
    expect(scopeParent(s)).toBe('92');
  });
  it('offers a province or district without results as an empty area', () => {
    const s = resolveScope('92', DEFAULT_2024, PROVINCES_2024);
    expect(s.kind === 'empty' && [s.area.code, s.province.code]).toEqual(['92', '92']);
    const longPhu = { area: LONG_PHU, province: SOC_TRANG };
    const d = resolveScope('946', DEFAULT_2024, PROVINCES_2024, longPhu);
    expect(d.kind === 'empty' && [d.area.name, d.province.name]).toEqual(['Huyện Long Phú', 'Tỉnh Sóc Trăng']);
    expect(scopeParent(d)).toBeNull();
  });
  it('says which parent is no area of the year', () => {
    expect(resolveScope('943', NATIONAL_2025, PROVINCES_2025)).toEqual({ kind: 'choose', province: null, missing: '943' });
  });
});

/** A fetch that answers from a table by document name, and records what it was asked. */
function fakeFetch(answers: Record<string, (v: Record<string, unknown>) => unknown>) {
  const asked: string[] = [];
  const fetch = async <T>(ref: QueryRef): Promise<T> => {
    const name = /query (\w+)/.exec(ref.query)?.[1] ?? '';
    asked.push(`${name} ${JSON.stringify(ref.variables)}`);
    const answer = answers[name];
    if (!answer) throw new Error(`unexpected ${name}`);
    return answer(ref.variables) as T;
  };
  return { fetch, asked };
}

const DEFAULT_SERVER = {
  Areas: () => answer([[SOC_TRANG, KE_SACH, 13, 84]]),
  Provinces: () => ({ units: PROVINCES_2024 }),
  Districts: (v: Record<string, unknown>) => ({ units: v['province'] === '94' ? SOC_TRANG_DISTRICTS : [] }),
  Area: (v: Record<string, unknown>) => {
    if (v['code'] === '946') return { unit: { ...reg(LONG_PHU, 2, '2025-03-01'), parent: '94', validFrom: null, validTo: '2025-06-30' } };
    if (v['code'] === '943') return { unit: { ...reg(KE_SACH, 2, '2025-03-01'), parent: '94', validFrom: null, validTo: '2025-06-30' } };
    throw new Error('NOT_FOUND');
  },
};

describe('locateArea and districtsOf', () => {
  it('asks for the results and the provinces, and for the chosen province’s districts', async () => {
    const { fetch, asked } = fakeFetch(DEFAULT_SERVER);
    const located = await locateArea(fetch, 2024, null);
    expect(located.scope.kind === 'area' && located.scope.area.code).toBe('943');
    expect(located.provinces).toHaveLength(3);
    expect((await districtsOf(fetch, 2024, located))?.map((d) => d.code)).toEqual(['943', '946', '941']);
    expect(asked).toEqual(['Areas {"year":2024}', 'Provinces {"year":2024}', 'Districts {"province":"94","year":2024}']);
  });
  it('finds a district without results by its code, in the year it existed', async () => {
    const { fetch, asked } = fakeFetch(DEFAULT_SERVER);
    const located = await locateArea(fetch, 2024, '946');
    expect(located.scope.kind === 'empty' && [located.scope.area.code, located.scope.province.code]).toEqual(['946', '94']);
    expect(asked).toContain('Area {"code":"946","year":2024}');
    const missing = await locateArea(fakeFetch(DEFAULT_SERVER).fetch, 2024, '999');
    expect(missing.scope).toEqual({ kind: 'choose', province: null, missing: '999' });
  });
  it('does not ask for a code it already knows', async () => {
    const { fetch, asked } = fakeFetch(DEFAULT_SERVER);
    await locateArea(fetch, 2024, '92');
    expect(asked.some((a) => a.startsWith('Area '))).toBe(false);
  });
  it('has no districts to offer after 2025-07-01', async () => {
    const server = { ...DEFAULT_SERVER, Areas: () => answer([[CAN_THO, CAN_THO, 6, 85]]), Provinces: () => ({ units: PROVINCES_2025 }) };
    const { fetch, asked } = fakeFetch(server);
    const located = await locateArea(fetch, 2025, null);
    expect(await districtsOf(fetch, 2025, located)).toBeNull();
    expect(asked.some((a) => a.startsWith('Districts'))).toBe(false);
  });
  it('finds no district 943 in 2025, when districts no longer exist', async () => {
    const server = { ...DEFAULT_SERVER, Areas: () => answer([[CAN_THO, CAN_THO, 6, 85]]), Provinces: () => ({ units: PROVINCES_2025 }) };
    const located = await locateArea(fakeFetch(server).fetch, 2025, '943');
    expect(located.scope).toEqual({ kind: 'choose', province: null, missing: '943' });
  });
});

describe('followParent: the area when the year changes', () => {
  it('keeps an area that exists in the next year, with results or not', () => {
    expect(followParent('943', resolveScope('943', NATIONAL_2024, PROVINCES_2024), PROVINCES_2024, null, '94')).toBe('943');
    expect(followParent('92', resolveScope('92', DEFAULT_2024, PROVINCES_2024), PROVINCES_2024, null, '92')).toBe('92');
    expect(followParent(null, resolveScope(null, NATIONAL_2025, PROVINCES_2025), PROVINCES_2025, null, null)).toBeNull();
  });
  it('follows a district to the province its communes became part of', () => {
    expect(followParent('943', resolveScope('943', NATIONAL_2025, PROVINCES_2025), PROVINCES_2025, '92', '94')).toBe('92');
  });
  it('falls back to the province under the same code, else to none', () => {
    const gone = resolveScope('943', NATIONAL_2025, PROVINCES_2025);
    expect(followParent('943', gone, PROVINCES_2025, null, '92')).toBe('92');
    expect(followParent('943', gone, PROVINCES_2025, null, '94')).toBeNull();
    expect(followParent('943', gone, PROVINCES_2025, '77', '94')).toBeNull();
  });
});

describe('lineageProbe', () => {
  it('asks a district itself, or a province’s first district', () => {
    expect(lineageProbe(resolveScope('943', NATIONAL_2024, PROVINCES_2024), null)).toBe('943');
    expect(lineageProbe(resolveScope('94', NATIONAL_2024, PROVINCES_2024), SOC_TRANG_DISTRICTS)).toBe('946');
    expect(lineageProbe(resolveScope('946', DEFAULT_2024, PROVINCES_2024, { area: LONG_PHU, province: SOC_TRANG }), null)).toBe('946');
  });
  it('has nothing to ask for a province without districts or no area', () => {
    expect(lineageProbe(resolveScope('92', NATIONAL_2025, PROVINCES_2025), null)).toBeNull();
    expect(lineageProbe(resolveScope(null, NATIONAL_2024, PROVINCES_2024), null)).toBeNull();
  });
});

describe('pickerModel: what the area picker lists', () => {
  const vi = messages('vi');
  it('offers every province and district on the default data, Kế Sách selected', () => {
    const p = pickerModel(PROVINCES_2024, SOC_TRANG_DISTRICTS, resolveScope(null, DEFAULT_2024, PROVINCES_2024), vi);
    expect(p?.provinces.map((o) => o.label)).toEqual(['Sóc Trăng', 'An Giang', 'Cần Thơ']);
    expect(p?.province).toBe('94');
    expect(p?.districts?.map((o) => o.value)).toEqual(['94', '946', '943', '941']);
    expect(p?.district).toBe('943');
  });
  it('shows no picker where there is nothing to choose', () => {
    expect(pickerModel([], null, resolveScope(null, [], []), vi)).toBeNull();
  });
  it('starts with a placeholder and no district list while nothing is chosen', () => {
    const p = pickerModel(PROVINCES_2024, null, resolveScope(null, NATIONAL_2024, PROVINCES_2024), vi);
    expect(p?.provinces[0]).toEqual({ value: '', label: '— Chọn tỉnh, thành phố —' });
    expect(p?.province).toBe('');
    expect(p?.districts).toBeNull();
  });
  it('lists every district of the chosen province, the whole province first', () => {
    const p = pickerModel(PROVINCES_2024, SOC_TRANG_DISTRICTS, resolveScope('943', NATIONAL_2024, PROVINCES_2024), vi);
    expect(p?.province).toBe('94');
    expect(p?.districts?.slice(0, 2)).toEqual([
      { value: '94', label: 'Toàn tỉnh (các quận, huyện)' },
      { value: '946', label: 'Huyện Long Phú' },
    ]);
    expect(p?.district).toBe('943');
    expect(pickerModel(PROVINCES_2024, SOC_TRANG_DISTRICTS, resolveScope('94', NATIONAL_2024, PROVINCES_2024), vi)?.district).toBe('94');
  });
  it('selects a province or district without results', () => {
    const p = pickerModel(PROVINCES_2024, [], resolveScope('92', DEFAULT_2024, PROVINCES_2024), vi);
    expect([p?.province, p?.districts]).toEqual(['92', null]);
    const d = pickerModel(PROVINCES_2024, SOC_TRANG_DISTRICTS, resolveScope('946', DEFAULT_2024, PROVINCES_2024, { area: LONG_PHU, province: SOC_TRANG }), vi);
    expect([d?.province, d?.district]).toEqual(['94', '946']);
  });
  it('has no district list after 2025', () => {
    expect(pickerModel(PROVINCES_2025, null, resolveScope('92', NATIONAL_2025, PROVINCES_2025), vi)?.districts).toBeNull();
  });
  it('speaks English on the English page', () => {
    expect(pickerModel(PROVINCES_2024, null, resolveScope(null, NATIONAL_2024, PROVINCES_2024), messages('en'))?.provinces[0]?.label).toBe(
      '— Choose a province —',
    );
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
    // The year's frameworks are not an area's: every row names its own among them.
    expect(overview).toContain('frameworks(year: $year)');
  });
});

describe('area search without diacritics', () => {
  it('folds case, diacritics and đ', () => {
    expect(foldName('  Huyện   Kế Sách ')).toBe('huyen ke sach');
    expect(foldName('Thành phố Đà Nẵng')).toBe('thanh pho da nang');
  });
  it('finds provinces in memory, with or without diacritics', () => {
    expect(findProvinces(PROVINCES_2024, 'soc trang')).toEqual([{ code: '94', label: 'Tỉnh Sóc Trăng' }]);
    expect(findProvinces(PROVINCES_2024, 'Sóc')).toEqual(findProvinces(PROVINCES_2024, 'SOC'));
    expect(findProvinces(PROVINCES_2025, 'ha noi')).toEqual([{ code: '01', label: 'Thành phố Hà Nội' }]);
    expect(findProvinces(PROVINCES_2024, '  ')).toEqual([]);
  });
  it('keeps the districts of the server’s answer, each with its province', () => {
    const units = [
      { ...reg(KE_SACH, 2, '2025-03-01'), parentName: 'Tỉnh Sóc Trăng' },
      { ...reg(unit('31528@2025-03-01', 'Kế Sách', 'Thị trấn'), 3, '2025-03-01'), parentName: 'Huyện Kế Sách' },
      { ...reg(unit('31528@2025-07-01', 'Kế Sách', 'Xã'), 2, '2025-07-01'), parentName: 'Thành phố Cần Thơ' },
    ];
    expect(districtHits({ units })).toEqual([{ code: '943', label: 'Huyện Kế Sách, Tỉnh Sóc Trăng' }]);
  });
  it('lists provinces before districts, and keeps to the limit', () => {
    const provinces = findProvinces(PROVINCES_2024, 'soc trang');
    const districts = [{ code: '941', label: 'Thành phố Sóc Trăng, Tỉnh Sóc Trăng' }];
    expect(areaHits(provinces, districts).map((h) => h.code)).toEqual(['94', '941']);
    expect(areaHits(provinces, districts, 1)).toHaveLength(1);
  });
});
