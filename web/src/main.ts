// The entry point: it asks the server for the years, the areas of the year the page opens on
// and that area's overview, and meanwhile loads the page (app.ts, with ECharts), so the answers
// travel while the scripts are evaluated. The page finds these answers in its cache.
import './style.css';
import { gql } from './api';
import { areasRef, parseAreas, resolveScope, scopeParent, type AreasAnswer } from './areas';
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
      const areas = areasRef(year);
      const scope = resolveScope(asked.parent, parseAreas((await prefetch(areas)) as AreasAnswer));
      // With several areas and none chosen the page shows the areas, not a ranking.
      if (scope.kind !== 'choose') await prefetch(inArea(overviewDoc, { year }, scopeParent(scope)));
    })
    .catch(() => {});
  void app.then(({ App }) => {
    loaded = App;
    App.prefetched.push([years, yearsAnswer]);
    return new App(root).start();
  });
}
