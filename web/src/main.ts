// The entry point: it asks the server for the years, then for the overview of the year the page
// opens on, and meanwhile loads the page (app.ts, with ECharts), so the answers travel while the
// scripts are evaluated. The page finds these answers in its cache.
import './style.css';
import { gql } from './api';
import { OVERVIEW, YEARS } from './queries';
import { resolveYear } from './state';

const root = document.getElementById('app');
if (root) {
  const years = { query: YEARS, variables: {} };
  const yearsAnswer = gql<{ years: number[] }>(YEARS);
  const asked = /^\d{4}$/.exec(new URLSearchParams(location.search).get('year')?.trim() ?? '')?.[0];
  const app = import('./app');
  // Failures are shown by the page when it asks again; here they must not go unhandled.
  yearsAnswer
    .then(async ({ years: list }) => {
      const year = resolveYear(asked ? Number(asked) : null, list);
      if (year === null || !list.includes(year)) return;
      const overview = { query: OVERVIEW, variables: { year } };
      const answer = gql(overview.query, overview.variables);
      answer.catch(() => {});
      (await app).App.prefetched.push([overview, answer]);
    })
    .catch(() => {});
  void app.then(({ App }) => {
    App.prefetched.push([years, yearsAnswer]);
    return new App(root).start();
  });
}
