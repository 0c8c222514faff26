// The areas a leader can choose: the provinces of a year and, before the 2025 reorganisation,
// their districts, read from one aggregate (units per province and parent), so the page knows
// whether the data holds one area (the default data: one district) or many (national data).
// Pure functions, tested in areas.test.ts.
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
interface AreaUnit {
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

/**
 * What the overview and the table show for the `parent` of the URL:
 * - single: the data has one area (one district or one province): everything, as without a picker;
 * - area: the units of one parent, a district (before 2025-07-01) or a province (after);
 * - choose: no area yet: the provinces, or the districts of `province`; `missing` is a parent
 *   the URL asked for that has no results this year.
 */
export type Scope =
  | { kind: 'single' }
  | { kind: 'area'; area: Area; province: Province }
  | { kind: 'choose'; province: Province | null; missing: string | null };

/**
 * Finds a province or district of the year by code; an ID ("943@2025-03-01") is read as its code,
 * which names one area in a year.
 */
export function findArea(provinces: readonly Province[], key: string): { area: Area; province: Province } | null {
  const code = key.split('@')[0];
  for (const p of provinces) if (p.code === code) return { area: p, province: p };
  for (const p of provinces) for (const d of p.districts) if (d.code === code) return { area: d, province: p };
  return null;
}

/** The scope of the page for the parent the URL asks for. */
export function resolveScope(parent: string | null, provinces: readonly Province[]): Scope {
  const leaves = provinces.reduce((n, p) => n + Math.max(p.districts.length, 1), 0);
  if (leaves <= 1) return { kind: 'single' };
  if (parent === null) return { kind: 'choose', province: null, missing: null };
  const found = findArea(provinces, parent);
  if (!found) return { kind: 'choose', province: null, missing: parent };
  const { area, province } = found;
  if (area !== province) return { kind: 'area', area, province };
  const [only, ...more] = province.districts;
  if (only === undefined) return { kind: 'area', area: province, province };
  if (more.length === 0) return { kind: 'area', area: only, province };
  return { kind: 'choose', province, missing: null };
}

/** The parent queries of this scope ask for, or null to ask for everything. */
export function scopeParent(scope: Scope): string | null {
  return scope.kind === 'area' ? scope.area.code : null;
}

/**
 * The parent to keep when the page moves to another year, whose areas are `next`: the same one
 * if it has results then, else `successor` (the province its communes became part of, found by
 * the page from the lineage), else its province under the same code, else none.
 */
export function followParent(parent: string | null, previous: readonly Province[], next: readonly Province[], successor: string | null): string | null {
  if (parent === null || findArea(next, parent)) return parent;
  if (successor !== null && findArea(next, successor)) return successor;
  const province = findArea(previous, parent)?.province;
  if (province && findArea(next, province.code)) return province.code;
  return null;
}

/**
 * A district whose communes' lineage tells where an area went in the 2025 reorganisation: the
 * area itself when it is a district, else the province's first district; null when the area's
 * communes belong to the province directly or it is unknown.
 */
export function lineageProbe(parent: string, provinces: readonly Province[]): string | null {
  const found = findArea(provinces, parent);
  if (!found) return null;
  if (found.area !== found.province) return found.area.code;
  return found.province.districts[0]?.code ?? null;
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

/**
 * The provinces and districts whose name contains `text`, without case or diacritics ("ke sach"
 * finds Huyện Kế Sách): provinces first, then districts, each in Vietnamese order; at most `limit`.
 */
export function findAreas(provinces: readonly Province[], text: string, limit = 10): AreaHit[] {
  const key = foldName(text);
  if (key === '') return [];
  const hit = (a: AreaUnit): boolean => foldName(a.name).includes(key);
  const found: AreaHit[] = provinces.filter(hit).map((p) => ({ code: p.code, label: p.name }));
  for (const p of provinces) {
    for (const d of p.districts) if (hit(d)) found.push({ code: d.code, label: `${d.name}, ${p.name}` });
  }
  return found.slice(0, limit);
}
