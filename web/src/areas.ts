// The areas a leader can choose: every province of a year and, before the 2025 reorganisation,
// every district of the chosen province, read from the registry of units (`units`, one level at a
// time: the provinces, then one province's districts), and the results in each, read from one
// aggregate (units per province and parent). An area without results is still offered: the page
// then says it has none. Pure functions, but for locateArea and districtsOf, which take the
// page's fetch; tested in areas.test.ts.
import type { QueryRef } from './views/panel';

/** The provinces and parents of a year with the number of units that have results, and their mean. */
export const AREAS = /* GraphQL */ `query Areas($year: Int!) {
  aggregate(filter: { years: [$year] }, groupBy: [PROVINCE, PARENT], metrics: [COUNT, AVG], first: 2000) {
    rows {
      province { code name shortName }
      parent { code name shortName }
      values
    }
  }
}`;

export function areasRef(year: number): QueryRef {
  return { query: AREAS, variables: { year } };
}

/** Codes, not IDs: in one year a code names one province or district (2 and 3 digits). */
export interface AreaUnit {
  code: string;
  name: string;
  shortName: string;
}

export interface AreasAnswer {
  aggregate: { rows: { province: AreaUnit; parent: AreaUnit; values: (number | null)[] }[] };
}

/** A province or a district with the units that have results in the year. */
export interface Area extends AreaUnit {
  /** Units with results. */
  units: number;
  /** Mean total percent of those units. */
  average: number | null;
}

/** A province; `districts` is empty when its communes belong to it directly (after 2025-07-01). */
export interface Province extends Area {
  districts: Area[];
}

const collator = new Intl.Collator('vi');
const byName = (a: AreaUnit, b: AreaUnit): number => collator.compare(a.shortName, b.shortName) || a.code.localeCompare(b.code);

/** The provinces of an Areas answer in Vietnamese order, each with its districts in Vietnamese order. */
export function parseAreas(answer: AreasAnswer): Province[] {
  const provinces = new Map<string, Province>();
  for (const row of answer.aggregate.rows) {
    const units = row.values[0] ?? 0;
    const average = row.values[1] ?? null;
    let p = provinces.get(row.province.code);
    if (!p) {
      p = { ...row.province, units: 0, average: null, districts: [] };
      provinces.set(row.province.code, p);
    }
    // The mean of the province weighs each parent's mean by its units.
    if (average !== null) p.average = ((p.average ?? 0) * p.units + average * units) / (p.units + units);
    p.units += units;
    if (row.parent.code !== row.province.code) p.districts.push({ ...row.parent, units, average });
  }
  const list = [...provinces.values()].sort(byName);
  for (const p of list) p.districts.sort(byName);
  return list;
}

/** A unit of the registry as the area documents ask for it. */
export interface RegistryUnit extends AreaUnit {
  level: number;
  /** The official list it comes from: before "2025-07-01" a province has districts. */
  list: string;
}

/** The first official list without districts (the two-level local government). */
const TWO_LEVELS = '2025-07-01';

/** The provinces of a year, from the registry (63 before 2025-07-01, 34 after). */
export const PROVINCES = /* GraphQL */ `query Provinces($year: Int!) {
  units(level: 1, year: $year) { code name shortName level list }
}`;

export function provincesRef(year: number): QueryRef {
  return { query: PROVINCES, variables: { year } };
}

export interface ProvincesAnswer {
  units: RegistryUnit[];
}

/** The districts (and, after 2025-07-01, the communes) of a province in a year. */
export const DISTRICTS = /* GraphQL */ `query Districts($province: ID!, $year: Int!) {
  units(parent: $province, year: $year) { code name shortName level list }
}`;

export function districtsRef(province: string, year: number): QueryRef {
  return { query: DISTRICTS, variables: { province, year } };
}

/** One area by code, to find a district without results and its province. */
export const AREA = /* GraphQL */ `query Area($code: ID!, $year: Int!) {
  unit(code: $code, year: $year) { code name shortName level list parent validFrom validTo }
}`;

export function areaRef(code: string, year: number): QueryRef {
  return { query: AREA, variables: { code, year } };
}

interface AreaAnswer {
  unit: (RegistryUnit & { parent: string | null; validFrom: string | null; validTo: string | null }) | null;
}

/** The provinces of a Provinces answer, each once, in Vietnamese order. */
export function parseProvinces(answer: ProvincesAnswer): RegistryUnit[] {
  const byCode = new Map<string, RegistryUnit>();
  for (const u of answer.units) if (u.level === 1) byCode.set(u.code, u);
  return [...byCode.values()].sort(byName);
}

/** The districts of a Districts answer in Vietnamese order; none for a province of the two-level lists. */
export function parseDistricts(answer: { units: RegistryUnit[] }): RegistryUnit[] {
  return answer.units.filter((u) => u.level === 2 && u.list < TWO_LEVELS).sort(byName);
}

/** Whether a province of the registry has districts (before 2025-07-01). */
export function hasDistricts(province: RegistryUnit): boolean {
  return province.list < TWO_LEVELS;
}

/**
 * What the overview and the table show for the `parent` of the URL:
 * - single: no areas to choose from (a year without results): everything, without a picker;
 * - area: the units of one parent that has results, a district (before 2025-07-01) or a province
 *   (after); `implicit` when the URL names none and the year's results are all in that one area
 *   (the default data: Kế Sách, then Cần Thơ), so the page opens on them as it always did;
 * - empty: a province or district of the year without results;
 * - choose: no area yet: the provinces, or the districts of `province`; `missing` is a parent
 *   the URL asked for that is no province or district of the year.
 */
export type Scope =
  | { kind: 'single' }
  | { kind: 'area'; area: Area; province: Province; implicit: boolean }
  | { kind: 'empty'; area: AreaUnit; province: AreaUnit }
  | { kind: 'choose'; province: Province | null; missing: string | null };

/**
 * Finds a province or district with results by code; an ID ("943@2025-03-01") is read as its
 * code, which names one area in a year.
 */
export function findArea(provinces: readonly Province[], key: string): { area: Area; province: Province } | null {
  const code = codeOf(key);
  for (const p of provinces) if (p.code === code) return { area: p, province: p };
  for (const p of provinces) for (const d of p.districts) if (d.code === code) return { area: d, province: p };
  return null;
}

function codeOf(key: string): string {
  return key.split('@')[0] as string;
}

/** The areas with results that hold units directly: districts, or provinces without districts. */
function leaves(results: readonly Province[]): { area: Area; province: Province }[] {
  return results.flatMap((p) => (p.districts.length === 0 ? [{ area: p as Area, province: p }] : p.districts.map((d) => ({ area: d, province: p }))));
}

/**
 * The scope of the page for the parent the URL asks for, from the year's results, its provinces
 * and, for a district without results, that district and its province (found by locateArea).
 */
export function resolveScope(
  parent: string | null,
  results: readonly Province[],
  provinces: readonly AreaUnit[],
  district: { area: AreaUnit; province: AreaUnit } | null = null,
): Scope {
  if (results.length === 0 && provinces.length === 0) return { kind: 'single' };
  if (parent === null) {
    const [only, ...more] = leaves(results);
    if (only !== undefined && more.length === 0) return { kind: 'area', ...only, implicit: true };
    return { kind: 'choose', province: null, missing: null };
  }
  const found = findArea(results, parent);
  if (found) {
    const { area, province } = found;
    if (area !== province) return { kind: 'area', area, province, implicit: false };
    const [only, ...more] = province.districts;
    if (only === undefined) return { kind: 'area', area: province, province, implicit: false };
    if (more.length === 0) return { kind: 'area', area: only, province, implicit: false };
    return { kind: 'choose', province, missing: null };
  }
  const p = provinces.find((x) => x.code === codeOf(parent));
  if (p) return { kind: 'empty', area: p, province: p };
  if (district && district.area.code === codeOf(parent)) return { kind: 'empty', ...district };
  return { kind: 'choose', province: null, missing: parent };
}

/**
 * The parent queries of this scope ask for, or null to ask for everything: an implicit area holds
 * every result of the year, so its documents stay those of everything (the README's links).
 */
export function scopeParent(scope: Scope): string | null {
  return scope.kind === 'area' && !scope.implicit ? scope.area.code : null;
}

/** The province of a scope (chosen, or holding the area), or null. */
export function scopeProvince(scope: Scope): AreaUnit | null {
  return scope.kind === 'area' || scope.kind === 'empty' ? scope.province : scope.kind === 'choose' ? scope.province : null;
}

/** Whether a unit existed on the last day of a year (as `units(year:)` counts it). */
export function existedAtEnd(u: { validFrom: string | null; validTo: string | null }, year: number): boolean {
  const end = `${year}-12-31`;
  return (u.validFrom === null || u.validFrom <= end) && (u.validTo === null || end <= u.validTo);
}

/** Sends a GraphQL document once per page (App.fetch), or sends it now (main.ts). */
export type Fetch = <T>(ref: QueryRef) => Promise<T>;

/** The areas of a year and what the URL's parent means in it. */
export interface Located {
  /** The provinces and districts with results. */
  results: Province[];
  /** Every province of the year. */
  provinces: RegistryUnit[];
  scope: Scope;
}

/**
 * Reads the year's results and provinces (two requests at once) and, when the URL's parent is
 * neither, asks for that one area: a district of the year without results is an empty area.
 */
export async function locateArea(fetch: Fetch, year: number, parent: string | null): Promise<Located> {
  const [areas, listed] = await Promise.all([fetch<AreasAnswer>(areasRef(year)), fetch<ProvincesAnswer>(provincesRef(year))]);
  const results = parseAreas(areas);
  const provinces = parseProvinces(listed);
  let district: { area: AreaUnit; province: AreaUnit } | null = null;
  if (parent !== null && !findArea(results, parent) && !provinces.some((p) => p.code === codeOf(parent))) {
    try {
      const { unit } = await fetch<AreaAnswer>(areaRef(codeOf(parent), year));
      const province = provinces.find((p) => p.code === unit?.parent);
      if (unit && province && unit.level === 2 && hasDistricts(province) && existedAtEnd(unit, year)) district = { area: unit, province };
    } catch {
      // No such unit (NOT_FOUND): the page says the code is no area of the year.
    }
  }
  return { results, provinces, scope: resolveScope(parent, results, provinces, district) };
}

/**
 * Every district of the scope's province in the year (for the picker), or null when there is
 * none to choose: no province chosen, or one of the two-level lists.
 */
export async function districtsOf(fetch: Fetch, year: number, located: Located): Promise<RegistryUnit[] | null> {
  const chosen = scopeProvince(located.scope);
  const province = located.provinces.find((p) => p.code === chosen?.code);
  if (!province || !hasDistricts(province)) return null;
  return parseDistricts(await fetch<{ units: RegistryUnit[] }>(districtsRef(province.code, year)));
}

/**
 * The parent to keep when the page moves to another year, where the parent means `next`: the
 * same one if it is a province or district then (with results or not), else `successor` (the
 * province its communes became part of, found by the page from the lineage), else its province
 * under the same code, else none.
 */
export function followParent(
  parent: string | null,
  next: Scope,
  nextProvinces: readonly AreaUnit[],
  successor: string | null,
  province: string | null,
): string | null {
  if (parent === null) return null;
  if (next.kind !== 'choose' || next.missing === null) return parent;
  if (successor !== null && nextProvinces.some((p) => p.code === successor)) return successor;
  if (province !== null && nextProvinces.some((p) => p.code === province)) return province;
  return null;
}

/**
 * A district whose communes' lineage tells where an area went in the 2025 reorganisation: the
 * area itself when it is a district, else the province's first district (from `districts`);
 * null for a province without districts or no area.
 */
export function lineageProbe(scope: Scope, districts: readonly AreaUnit[] | null): string | null {
  if ((scope.kind === 'area' || scope.kind === 'empty') && scope.area.code !== scope.province.code) return scope.area.code;
  if (scope.kind === 'single') return null;
  return districts?.[0]?.code ?? null;
}

/** Text without case or diacritics, for search ("Huyện Kế Sách" → "huyen ke sach"). */
export function foldName(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** An area found by name: its code and "Huyện Kế Sách, Tỉnh Sóc Trăng". */
export interface AreaHit {
  code: string;
  label: string;
}

/** The provinces whose name contains `text`, without case or diacritics, in the order given. */
export function findProvinces(provinces: readonly AreaUnit[], text: string): AreaHit[] {
  const key = foldName(text);
  if (key === '') return [];
  return provinces.filter((p) => foldName(p.name).includes(key)).map((p) => ({ code: p.code, label: p.name }));
}

/**
 * The districts of a year whose name contains a text, found by the server without case or
 * diacritics (level 2: the districts before 2025-07-01; after, the communes, which the hits
 * leave out).
 */
export const AREA_SEARCH = /* GraphQL */ `query AreaSearch($search: String!, $year: Int!) {
  units(search: $search, year: $year, level: 2, first: 200) { code name shortName level list parentName }
}`;

export function areaSearchRef(text: string, year: number): QueryRef {
  return { query: AREA_SEARCH, variables: { search: text.trim(), year } };
}

/** The districts of an AreaSearch answer, each with its province ("Huyện Kế Sách, Tỉnh Sóc Trăng"). */
export function districtHits(answer: { units: (RegistryUnit & { parentName: string | null })[] }): AreaHit[] {
  return answer.units
    .filter((u) => u.level === 2 && u.list < TWO_LEVELS)
    .map((u) => ({ code: u.code, label: u.parentName ? `${u.name}, ${u.parentName}` : u.name }));
}

/**
 * What the area search lists: the provinces (from memory) first, then the districts the server
 * found, at most `limit`.
 */
export function areaHits(provinces: readonly AreaHit[], districts: readonly AreaHit[], limit = 10): AreaHit[] {
  return [...provinces, ...districts].slice(0, limit);
}

/** "Huyện Kế Sách, Tỉnh Sóc Trăng", or the province alone. */
export function areaTitle(area: AreaUnit, province: AreaUnit): string {
  return area.code === province.code ? province.name : `${area.name}, ${province.name}`;
}
