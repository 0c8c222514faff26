// What every view gets from the page: the language, the years with results, cached GraphQL
// requests and navigation that records the state in the URL.
import type { AreaUnit, Province, Scope } from '../areas';
import type { Messages } from '../i18n';
import type { Framework, Overview } from '../queries';
import type { AppState } from '../state';
import type { QueryRef } from './panel';

export interface ViewContext {
  readonly m: Messages;
  /** Years with results, oldest first. */
  readonly years: readonly number[];
  /** The provinces (and their districts) with results in the year shown. */
  readonly provinces: readonly Province[];
  /** Every province of the year shown, with results or not. */
  readonly allProvinces: readonly AreaUnit[];
  /** What the overview and the table show: everything, one area, or a choice to make. */
  readonly scope: Scope;
  /** The ranking and field averages of the scope in the page's year (no ranking while none is chosen), and the year's frameworks. */
  overview(year: number): Promise<Overview>;
  /** The main framework of a year (most of its results were scored on it). */
  framework(year: number): Promise<Framework>;
  /** Sends a query once per page for the same variables; a failed answer is not kept. */
  fetch<T>(ref: QueryRef): Promise<T>;
  /** Records a new state (a history entry) and shows it. */
  navigate(patch: Partial<AppState>): void;
  /** The address of the page with `patch` applied to the current state. */
  href(patch: Partial<AppState>): string;
  /**
   * Tells the page the year a view shows when it is not the page's (the URL names no year and
   * the view's units have none then): the year selector and the notice follow it.
   */
  showingYear(year: number): void;
}

/** A view: a container the page shows, drawn for a state and a resolved year. */
export interface View {
  readonly root: HTMLElement;
  show(state: AppState, year: number): void;
}

/** The latest year with results before `year`, or null. */
export function previousYear(years: readonly number[], year: number): number | null {
  const before = years.filter((y) => y < year);
  return before.length > 0 ? Math.max(...before) : null;
}
