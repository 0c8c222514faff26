// The entry point. It sends the first requests of the view the URL asks for at once (the years,
// the areas of the opening year and that area's overview; for a profile, the unit, its framework,
// its trend and its scores) and meanwhile loads the page (app.ts), the view's code and the chart
// types it draws, so the answers travel while the scripts arrive and are evaluated. The page
// finds these answers in its cache.
import './style.css';
import { gql } from './api';
import { districtsOf, locateArea, scopeParent } from './areas';
import type { ChartPart } from './charts/echarts';
import { madeFrom } from './history';
import { COMPARE, inArea, overviewDoc, profileTrendQuery, SCORES, UNIT_DETAIL, unitFrameworksRef, YEARS, type Framework, type UnitDetail } from './queries';
import { parseState, resolveYear, type View } from './state';
import type { QueryRef } from './views/panel';

/**
 * The chart types each view draws, loaded with its code. A draw loads whatever its option needs
 * anyway (echarts.ts): a part missing here costs time, never a chart.
 */
const VIEW_PARTS: Record<View, ChartPart[]> = {
  overview: ['bar'],
  profile: ['bar', 'line', 'markLine', 'radar'],
  compare: ['heatmap', 'line'],
  table: [],
  report: [],
};

const root = document.getElementById('app');
if (root) {
  const years = { query: YEARS, variables: {} };
  const yearsAnswer = gql<{ years: number[] }>(YEARS);
  const asked = parseState(location.search);
  const app = import('./app');
  // The view's code and its chart types, beside the page's (not after it).
  void app.then(({ VIEW_MODULES }) => VIEW_MODULES[asked.view]()).catch(() => {});
  if (VIEW_PARTS[asked.view].length > 0) void import('./charts/echarts').then(({ loadParts }) => loadParts(VIEW_PARTS[asked.view])).catch(() => {});
  let loaded: (typeof import('./app'))['App'] | null = null;
  // Sends a request now and hands its answer to the page once the page is loaded.
  const prefetch = <T>(ref: QueryRef): Promise<T> => {
    const answer = gql<T>(ref.query, ref.variables);
    answer.catch(() => {});
    if (loaded) loaded.prefetched.push([ref, answer]);
    else void app.then(({ App }) => App.prefetched.push([ref, answer]));
    return answer;
  };
  // Failures are shown by the page when it asks again; here they must not go unhandled.
  yearsAnswer
    .then(async ({ years: list }) => {
      const year = resolveYear(asked.year, list);
      if (year === null || !list.includes(year)) return;
      // The overview of the area the URL names (every view asks for it: the notice is written
      // from it) travels beside the areas, one round trip less on a slow link; the areas then
      // say whether it is the one the page shows.
      const guessed = asked.parent;
      if (guessed !== null) prefetch(inArea(overviewDoc, { year }, guessed));
      const located = await locateArea(prefetch, year, asked.parent);
      // The picker's districts and the area's overview travel together; with no area (or one
      // without results) chosen the page shows no ranking.
      void districtsOf(prefetch, year, located).catch(() => null);
      const scope = located.scope;
      const parent = scopeParent(scope);
      if ((scope.kind === 'area' || scope.kind === 'single') && parent !== guessed) await prefetch(inArea(overviewDoc, { year }, parent));
    })
    .catch(() => {});
  if (asked.view === 'profile' && asked.unit !== null) void prefetchProfile(asked.unit, asked.year, yearsAnswer, prefetch).catch(() => {});
  void app.then(({ App }) => {
    loaded = App;
    App.prefetched.push([years, yearsAnswer]);
    return new App(root).start();
  });
}

/**
 * The requests of a unit's profile, as views/profile.ts sends them: the unit; then the framework
 * it was scored on in the year shown; then its trend (one series per field of that framework),
 * its comparison with its parent and its criterion scores.
 */
async function prefetchProfile(
  unitId: string,
  askedYear: number | null,
  yearsAnswer: Promise<{ years: number[] }>,
  prefetch: <T>(ref: QueryRef) => Promise<T>,
): Promise<void> {
  const unitAnswer = prefetch<{ unit: UnitDetail }>({ query: UNIT_DETAIL, variables: { unit: unitId } });
  const [{ years }, { unit }] = await Promise.all([yearsAnswer, unitAnswer]);
  const year = resolveYear(askedYear, years);
  if (year === null || unit.years.length === 0) return;
  const y = unit.years.includes(year) ? year : (unit.years[unit.years.length - 1] ?? year);
  const boundary = madeFrom(unit.id, unit.validFrom, unit.lineage).length > 0 ? 'CURRENT' : 'AS_PUBLISHED';
  prefetch({ query: COMPARE, variables: { units: [unit.id], year: y } });
  prefetch({ query: SCORES, variables: { unit: unit.id, year: y } });
  const { f0 } = await prefetch<{ f0: Framework }>(unitFrameworksRef([{ year: y, unit: unit.id }]));
  prefetch({ query: profileTrendQuery(f0.fields.map((f) => f.slug)), variables: { unit: unit.id, boundary } });
}
