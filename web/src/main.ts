// The entry point: it asks the server for the years, the areas of the year the page opens on
// (results and provinces, the chosen province's districts) and that area's overview, and meanwhile loads the page (app.ts, with ECharts), so the answers
// travel while the scripts are evaluated. The page finds these answers in its cache.
import './style.css';
import { gql } from './api';
import { districtsOf, locateArea, scopeParent } from './areas';
import { inArea, overviewDoc, YEARS } from './queries';
import { parseState, resolveYear } from './state';
import type { QueryRef } from './views/panel';

const root = document.getElementById('app');
if (root) {
  const years = { query: YEARS, variables: {} };
  const yearsAnswer = gql<{ years: number[] }>(YEARS);
  const asked = parseState(location.search);
  const app = import('./app');
  let loaded: (typeof import('./app'))['App'] | null = null;
  // Sends a request now and hands its answer to the page once the page is loaded.
  const prefetch = (ref: QueryRef): Promise<unknown> => {
    const answer = gql(ref.query, ref.variables);
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
      const fetch = <T>(ref: QueryRef) => prefetch(ref) as Promise<T>;
      const located = await locateArea(fetch, year, asked.parent);
      // The picker's districts and the area's overview travel together; with no area (or one
      // without results) chosen the page shows no ranking.
      void districtsOf(fetch, year, located).catch(() => null);
      const scope = located.scope;
      if (scope.kind === 'area' || scope.kind === 'single') await prefetch(inArea(overviewDoc, { year }, scopeParent(scope)));
    })
    .catch(() => {});
  void app.then(({ App }) => {
    loaded = App;
    App.prefetched.push([years, yearsAnswer]);
    return new App(root).start();
  });
}
