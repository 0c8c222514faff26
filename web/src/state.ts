// The page's state lives in the URL query, so a link or a reload shows the same thing:
// ?view=compare&year=2023&units=31564@2025-03-01,31534@2025-03-01&field=direction&from=2019&to=2023&lang=en,
// or ?year=2024&parent=943 for the overview of one district.
// Pure functions, tested in state.test.ts.
import type { Lang } from './i18n';

/** The four views of the page, one tab each. */
export const VIEWS = ['overview', 'profile', 'compare', 'table'] as const;
/** The views, and the printable report (no tab: the profile and the overview open it). */
export const PAGES = [...VIEWS, 'report'] as const;
export type View = (typeof PAGES)[number];

/** What the URL says the page shows. Null means "the default". */
export interface AppState {
  view: View;
  /** The year of the overview, the table, the profile's radar and the compare heatmap (null: latest). */
  year: number | null;
  /**
   * The area of the overview and the table: the official code of a province or a district
   * (null: the only area of the data, or none chosen yet).
   */
  parent: string | null;
  /** The unit of the profile (null: the first of the year's ranking). */
  unit: string | null;
  /** The units compared, in the order picked (empty: the top three of the year). */
  units: string[];
  /** A field slug for the compare lines and slope (null: the total index). */
  field: string | null;
  /** The two years of the slope chart (null: the first and last years with results). */
  from: number | null;
  to: number | null;
  lang: Lang;
}

/** The state of a URL without a query. */
export const DEFAULT_STATE: Readonly<AppState> = {
  view: 'overview',
  year: null,
  parent: null,
  unit: null,
  units: [],
  field: null,
  from: null,
  to: null,
  lang: 'vi',
};

const MAX_UNIT_ID = 64;
/** At most this many units are compared (the API allows 50; a chart stays readable with 12). */
export const MAX_COMPARED = 12;

function parseYear(value: string | null): number | null {
  const v = value?.trim() ?? '';
  return /^\d{4}$/.test(v) ? Number(v) : null;
}

function parseUnit(value: string): string | null {
  const v = value.trim();
  return v !== '' && v.length <= MAX_UNIT_ID ? v : null;
}

/**
 * Reads the state from a query string ("?year=2023&unit=…"). Values that cannot be right
 * (a year that is not a four-digit number, an empty or overlong unit ID, a parent that is not
 * a code or an ID, an unknown view, field slug or language) are dropped, so the page falls back to its defaults instead of failing.
 */
export function parseState(search: string): AppState {
  const q = new URLSearchParams(search);
  const state: AppState = { ...DEFAULT_STATE, units: [] };
  const view = q.get('view');
  if (view !== null && (PAGES as readonly string[]).includes(view)) state.view = view as View;
  state.year = parseYear(q.get('year'));
  const parent = q.get('parent')?.trim() ?? '';
  if (/^[0-9A-Za-z@.-]{1,32}$/.test(parent)) state.parent = parent;
  state.unit = parseUnit(q.get('unit') ?? '');
  const units = (q.get('units') ?? '').split(',').map(parseUnit);
  for (const u of units) {
    if (u !== null && !state.units.includes(u) && state.units.length < MAX_COMPARED) state.units.push(u);
  }
  const field = q.get('field')?.trim() ?? '';
  if (/^[a-z_]{1,32}$/.test(field)) state.field = field;
  state.from = parseYear(q.get('from'));
  state.to = parseYear(q.get('to'));
  if (q.get('lang') === 'en') state.lang = 'en';
  return state;
}

/**
 * Writes the state as a query string, "" for the default state. Defaults are left out, the
 * order is fixed (view, year, parent, unit, units, field, from, to, lang), and "@", ":" and the commas
 * between units stay readable.
 */
export function serialiseState(state: AppState): string {
  const parts: string[] = [];
  if (state.view !== 'overview') parts.push(`view=${state.view}`);
  if (state.year !== null) parts.push(`year=${state.year}`);
  if (state.parent !== null) parts.push(`parent=${encodeValue(state.parent)}`);
  if (state.unit !== null && state.unit !== '') parts.push(`unit=${encodeValue(state.unit)}`);
  if (state.units.length > 0) parts.push(`units=${state.units.map(encodeValue).join(',')}`);
  if (state.field !== null) parts.push(`field=${encodeValue(state.field)}`);
  if (state.from !== null) parts.push(`from=${state.from}`);
  if (state.to !== null) parts.push(`to=${state.to}`);
  if (state.lang !== 'vi') parts.push(`lang=${state.lang}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@').replace(/%3A/gi, ':');
}

/** Whether two states show the same thing. */
export function sameState(a: AppState, b: AppState): boolean {
  return serialiseState(a) === serialiseState(b);
}

/**
 * The year the page shows: the one the URL asks for (even one without scores, which then
 * shows an empty state), or else the latest of `years`; null when there is none.
 */
export function resolveYear(asked: number | null, years: readonly number[]): number | null {
  if (asked !== null) return asked;
  return years.length > 0 ? Math.max(...years) : null;
}

/**
 * The two years of a slope chart: the ones asked for when both have results and differ,
 * else the first and last years with results (in order, earlier first); null with fewer
 * than two years.
 */
export function resolveSlopeYears(
  from: number | null,
  to: number | null,
  years: readonly number[],
): [number, number] | null {
  if (years.length < 2) return null;
  const sorted = [...years].sort((a, b) => a - b);
  const a = from !== null && sorted.includes(from) ? from : (sorted[0] as number);
  const b = to !== null && sorted.includes(to) ? to : (sorted[sorted.length - 1] as number);
  if (a === b) return [sorted[0] as number, sorted[sorted.length - 1] as number];
  return a < b ? [a, b] : [b, a];
}
