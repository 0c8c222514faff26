// The page's state lives in the URL query, so a link or a reload shows the same thing:
// ?year=2023&unit=31564@2025-03-01&lang=en. Pure functions, tested in state.test.ts.
import type { Lang } from './i18n';

/** What the URL says the page shows. Null means "the default" (latest year, first unit). */
export interface AppState {
  year: number | null;
  unit: string | null;
  lang: Lang;
}

/** The state of a URL without a query. */
export const DEFAULT_STATE: Readonly<AppState> = { year: null, unit: null, lang: 'vi' };

const MAX_UNIT_ID = 64;

/**
 * Reads the state from a query string ("?year=2023&unit=…"). Values that cannot be right
 * (a year that is not a four-digit number, an empty or overlong unit ID, an unknown language)
 * are dropped, so the page falls back to its defaults instead of failing.
 */
export function parseState(search: string): AppState {
  const q = new URLSearchParams(search);
  const state: AppState = { ...DEFAULT_STATE };
  const year = q.get('year')?.trim() ?? '';
  if (/^\d{4}$/.test(year)) state.year = Number(year);
  const unit = q.get('unit')?.trim() ?? '';
  if (unit !== '' && unit.length <= MAX_UNIT_ID) state.unit = unit;
  if (q.get('lang') === 'en') state.lang = 'en';
  return state;
}

/**
 * Writes the state as a query string, "" for the default state. Defaults are left out, the
 * order is fixed (year, unit, lang), and "@" and ":" stay readable in unit IDs.
 */
export function serialiseState(state: AppState): string {
  const parts: string[] = [];
  if (state.year !== null) parts.push(`year=${state.year}`);
  if (state.unit !== null && state.unit !== '') parts.push(`unit=${encodeValue(state.unit)}`);
  if (state.lang !== 'vi') parts.push(`lang=${state.lang}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@').replace(/%3A/gi, ':');
}

/** Whether two states show the same thing. */
export function sameState(a: AppState, b: AppState): boolean {
  return a.year === b.year && a.unit === b.unit && a.lang === b.lang;
}

/**
 * The year the page shows: the one the URL asks for (even one without scores, which then
 * shows an empty state), or else the latest of `years`; null when there is none.
 */
export function resolveYear(asked: number | null, years: readonly number[]): number | null {
  if (asked !== null) return asked;
  return years.length > 0 ? Math.max(...years) : null;
}
