// The page: a header (title, language, the four views as tabs, the year, and on data with
// several areas the province and district), the notice about illustrative data, and the view the
// URL asks for. The URL holds the whole state (state.ts);
// history.pushState records each choice so back and forward work.
import { gql } from './api';
import {
  areaSearchRef,
  districtHits,
  districtsOf,
  followParent,
  lineageProbe,
  locateArea,
  scopeParent,
  scopeProvince,
  type AreaHit,
  type Located,
  type Province,
  type RegistryUnit,
  type Scope,
} from './areas';
import { h, replaceChildren } from './dom';
import { messages, type Messages } from './i18n';
import { illustrativeNotice } from './notice';
import { FRAMEWORK, inArea, overviewDoc, YEARS, type Framework, type Overview } from './queries';
import { parseState, resolveYear, sameState, serialiseState, VIEWS, type AppState, type View as ViewName } from './state';
import type { View, ViewContext } from './views/context';
import { AreaPicker } from './views/areapicker';
import type { QueryRef } from './views/panel';
import { clearStatus, showEmpty, showError, showLoading, statusLine } from './views/status';
import { releaseCharts } from './charts/echarts';

/**
 * The code of each view, loaded when the view is first shown (main.ts starts the one the page
 * opens on together with this module), so the first view does not wait for the others' code.
 */
export const VIEW_MODULES: Record<ViewName, () => Promise<new (ctx: ViewContext) => View>> = {
  overview: () => import('./views/overview').then((m) => m.OverviewView),
  profile: () => import('./views/profile').then((m) => m.ProfileView),
  compare: () => import('./views/compare').then((m) => m.CompareView),
  table: () => import('./views/tableview').then((m) => m.TableView),
  report: () => import('./views/report').then((m) => m.ReportView),
};

export class App implements ViewContext {
  private state: AppState;
  readonly m: Messages;
  years: number[] = [];
  /** The provinces (and districts) with results in the year shown, and what the URL's parent means in it. */
  provinces: Province[] = [];
  /** Every province of the year shown, and the districts of the chosen one (null: none to choose). */
  allProvinces: RegistryUnit[] = [];
  private districts: RegistryUnit[] | null = null;
  scope: Scope = { kind: 'single' };
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly views = new Map<ViewName, View>();

  private readonly yearSelect = h('select', { id: 'year', name: 'year' });
  private readonly yearField = h('div', { class: 'field year-field', hidden: true });
  private readonly langLink = h('a', { class: 'lang', id: 'lang' });
  private readonly tabs = h('nav', { class: 'tabs' });
  private readonly picker: AreaPicker;
  private readonly notice = h('p', { id: 'notice', class: 'notice', role: 'note', hidden: true });
  private readonly pageStatus = statusLine();
  private readonly main = h('main', { id: 'main', tabindex: -1, hidden: true });
  private readonly footer = h('footer', { class: 'page-footer', hidden: true });
  /** Whether a view has been shown (the first one waits for the notice, see show). */
  private shown = false;

  constructor(root: HTMLElement) {
    this.state = parseState(location.search);
    this.m = messages(this.state.lang);
    const m = this.m;
    document.documentElement.lang = m.lang;
    document.title = m.title;
    this.tabs.setAttribute('aria-label', m.viewsLabel);
    this.yearSelect.addEventListener('change', () => void this.changeYear(Number(this.yearSelect.value)));
    this.picker = new AreaPicker(
      m,
      (parent) => this.navigate({ parent }),
      (text) => this.findDistricts(text),
    );
    // Links of the page (a unit in a table, a successor in a profile) change the state without
    // reloading; a modifier key still opens them in a new tab.
    document.addEventListener('click', (e) => {
      const a = (e.target as Element | null)?.closest?.('a[data-nav]');
      if (!(a instanceof HTMLAnchorElement) || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      const next = parseState(new URL(a.href).search);
      this.navigate({ ...next, lang: this.state.lang });
    });
    window.addEventListener('popstate', () => {
      this.state = parseState(location.search);
      void this.show();
    });
    this.yearField.append(h('label', { for: 'year' }, m.yearLabel), this.yearSelect);
    this.langLink.textContent = m.otherLanguage;
    this.langLink.title = m.otherLanguageTitle;
    this.langLink.hreflang = m.lang === 'vi' ? 'en' : 'vi';
    this.langLink.lang = m.lang === 'vi' ? 'en' : 'vi';

    replaceChildren(
      root,
      h('a', { class: 'skip', href: '#main' }, m.skipToContent),
      h(
        'header',
        { class: 'page-header' },
        h('div', { class: 'title-row' }, h('h1', {}, m.title), this.langLink),
        h('p', { class: 'subtitle' }, m.subtitle),
        h('div', { class: 'bar' }, this.tabs, this.yearField),
        this.picker.root,
      ),
      this.notice,
      this.pageStatus,
      this.main,
      this.footer,
    );
    this.footer.append(`${m.footer} `, h('code', {}, '/graphql'), ' · ', h('a', { href: '/graphiql' }, m.explorer));
  }

  /**
   * Answers main.ts asked for before this module was loaded; fetch takes them (once) instead of
   * asking again.
   */
  static readonly prefetched: [QueryRef, Promise<unknown>][] = [];

  fetch<T>(ref: QueryRef): Promise<T> {
    const key = JSON.stringify([ref.query, ref.variables]);
    for (const [i, [r, answer]] of App.prefetched.entries()) {
      if (JSON.stringify([r.query, r.variables]) !== key) continue;
      App.prefetched.splice(i, 1);
      this.cache.set(key, answer);
      answer.catch(() => this.cache.delete(key));
      break;
    }
    let p = this.cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = gql<T>(ref.query, ref.variables);
      this.cache.set(key, p);
      p.catch(() => this.cache.delete(key));
    }
    return p;
  }

  /** The areas of a year and what `parent` means in it (cached like every answer). */
  private locate(year: number, parent: string | null): Promise<Located> {
    return locateArea((ref) => this.fetch(ref), year, parent);
  }

  /** The districts of the year shown whose name holds `text`, for the area search. */
  private async findDistricts(text: string): Promise<AreaHit[]> {
    const year = resolveYear(this.state.year, this.years);
    if (year === null || text.trim() === '') return [];
    return districtHits(await this.fetch(areaSearchRef(text, year)));
  }

  /** The ranking of the scope's units in `year`, the page's year; no ranking while no area with results is chosen. */
  async overview(year: number): Promise<Overview> {
    if (this.scope.kind === 'choose' || this.scope.kind === 'empty') return { ranking: [], fieldSummary: [], frameworks: [await this.framework(year)] };
    return this.fetch<Overview>(inArea(overviewDoc, { year }, scopeParent(this.scope)));
  }

  async framework(year: number): Promise<Framework> {
    return (await this.fetch<{ framework: Framework }>({ query: FRAMEWORK, variables: { year } })).framework;
  }

  href(patch: Partial<AppState>): string {
    return `${location.pathname}${serialiseState({ ...this.state, ...patch })}`;
  }

  navigate(patch: Partial<AppState>): void {
    const next = { ...this.state, ...patch };
    if (sameState(next, this.state)) return;
    const viewChanged = next.view !== this.state.view;
    this.state = next;
    history.pushState(null, '', this.href({}));
    void this.show();
    if (viewChanged) window.scrollTo(0, 0);
  }

  showingYear(year: number): void {
    if (!this.years.includes(year)) return;
    this.renderYears(year);
    void this.updateNotice(year);
  }

  /** Loads the years, then shows the state of the URL. */
  async start(): Promise<void> {
    showLoading(this.pageStatus, this.m);
    try {
      const data = await this.fetch<{ years: number[] }>({ query: YEARS, variables: {} });
      this.years = [...data.years].sort((a, b) => a - b);
    } catch (err) {
      showError(this.pageStatus, this.m, err, () => void this.start());
      this.footer.hidden = false;
      return;
    }
    if (this.years.length === 0) {
      showEmpty(this.pageStatus, this.m.noYears);
      this.footer.hidden = false;
      return;
    }
    clearStatus(this.pageStatus);
    this.main.hidden = false;
    void this.show();
  }

  /**
   * Moves to another year keeping the area: the same one if it is a province or district then,
   * else what it became in the 2025 reorganisation (found from its communes' lineage), else its
   * province, else none.
   */
  private async changeYear(year: number): Promise<void> {
    const parent = this.state.parent;
    const from = this.selectedYear ?? resolveYear(this.state.year, this.years);
    // The URL's year again, where a view showed another (a unit without results in it): shown
    // again, so the selector and the content agree.
    if (year === this.state.year && from !== year) {
      void this.show();
      return;
    }
    if (parent === null || from === null || !this.years.includes(year) || !this.years.includes(from)) {
      this.navigate({ year });
      return;
    }
    let next: string | null = parent;
    try {
      const after = await this.locate(year, parent);
      let successor: string | null = null;
      const probe = lineageProbe(this.scope, this.districts);
      if (probe !== null && after.scope.kind === 'choose' && after.scope.missing !== null) {
        const ref = { query: SUCCESSOR_PARENT, variables: { parent: probe, year: from } };
        const answer = await this.fetch<{ units: { lineage: { change: string; successor: { parent: string | null } }[] }[] }>(ref);
        successor = answer.units[0]?.lineage.find((l) => l.change === 'REORGANISED' && l.successor.parent !== null)?.successor.parent ?? null;
      }
      next = followParent(parent, after.scope, after.provinces, successor, scopeProvince(this.scope)?.code ?? null);
    } catch {
      // Kept as it is: the page then says what it can of the area in the year.
    }
    this.navigate({ year, parent: next });
  }

  private async view(name: ViewName): Promise<View> {
    let v = this.views.get(name);
    if (!v) {
      const ViewClass = await VIEW_MODULES[name]();
      // Another show may have made it meanwhile.
      v = this.views.get(name);
      if (v) return v;
      v = new ViewClass(this);
      this.views.set(name, v);
      this.main.append(v.root);
    }
    return v;
  }

  /** The latest show: an earlier one still waiting for the areas stops when it gets them. */
  private seq = 0;

  /** Shows what the current state asks for. */
  private async show(): Promise<void> {
    const seq = ++this.seq;
    let year = resolveYear(this.state.year, this.years);
    if (year === null) return;
    this.renderYears(year);
    this.renderTabs();
    let located: Located = { results: [], provinces: [], scope: { kind: 'single' } };
    let districts: RegistryUnit[] | null = null;
    if (this.years.includes(year)) {
      try {
        located = await this.locate(year, this.state.parent);
        // An area asked without a year opens on its latest year with results (a district
        // abolished in 2025 on 2024), the selector saying so.
        if (this.state.year === null && this.state.parent !== null && noResults(located.scope)) {
          for (const y of [...this.years].reverse().filter((y) => y < (year as number))) {
            const earlier = await this.locate(y, this.state.parent);
            if (noResults(earlier.scope)) continue;
            year = y;
            located = earlier;
            this.renderYears(y);
            break;
          }
        }
        // The picker's districts; without them it still offers the provinces.
        districts = await districtsOf((ref) => this.fetch(ref), year, located).catch(() => null);
      } catch (err) {
        if (seq !== this.seq) return;
        showError(this.pageStatus, this.m, err, () => void this.show());
        this.main.hidden = true;
        this.footer.hidden = false;
        return;
      }
      if (seq !== this.seq) return;
      clearStatus(this.pageStatus);
      this.main.hidden = false;
    }
    this.provinces = located.results;
    this.allProvinces = located.provinces;
    this.districts = districts;
    this.scope = located.scope;
    this.picker.render(this.allProvinces, districts, this.scope, this.state.view === 'overview' || this.state.view === 'table');
    this.langLink.href = this.href({ lang: this.m.lang === 'vi' ? 'en' : 'vi' });
    let current: View;
    try {
      current = await this.view(this.state.view);
    } catch (err) {
      // The view's code did not arrive (the network dropped): say so, with a retry.
      if (seq !== this.seq) return;
      showError(this.pageStatus, this.m, err, () => void this.show());
      return;
    }
    if (seq !== this.seq) return;
    for (const v of this.views.values()) v.root.hidden = v !== current;
    document.title = `${this.state.view === 'report' ? this.m.reportTitle : this.m.views[this.state.view]} · ${this.m.title}`;
    current.show(this.state, year);
    const notice = this.updateNotice(year);
    if (!this.shown) {
      // The first view stays transparent (its requests on their way) until the notice above it
      // is known and its first panel is drawn, and the footer comes with it: nothing on the page
      // moves when they appear.
      this.shown = true;
      this.main.classList.add('settling');
      const drawn = firstPanelDrawn(current.root).then((seen) => {
        // Kept for tests: a view whose first panel is never seen as drawn waits the whole cap.
        if (!seen) this.main.dataset['settled'] = 'timeout';
      });
      void Promise.all([notice, drawn]).finally(() => {
        this.main.classList.remove('settling');
        this.footer.hidden = false;
        // Once that text is painted, the charts' code (a tab in the background paints no
        // frames: there the timer lets it come).
        requestAnimationFrame(() => setTimeout(releaseCharts, 0));
        setTimeout(releaseCharts, 1000);
      });
    }
  }

  private renderTabs(): void {
    replaceChildren(
      this.tabs,
      ...VIEWS.map((name) => {
        const a = h(
          'a',
          { href: this.href({ view: name }), class: 'tab', 'data-view': name, 'aria-current': name === this.state.view ? 'page' : null },
          this.m.views[name],
        );
        a.addEventListener('click', (e) => {
          if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          this.navigate({ view: name });
        });
        return a;
      }),
    );
  }

  /** The year the selector says (the page's, or the one a view shows). */
  private selectedYear: number | null = null;

  private renderYears(selected: number): void {
    this.selectedYear = selected;
    const years = this.years.includes(selected) ? this.years : [...this.years, selected].sort((a, b) => a - b);
    replaceChildren(
      this.yearSelect,
      // Latest first: that is the year most readers want.
      ...[...years].reverse().map((y) => h('option', { value: y, selected: y === selected }, String(y))),
    );
    this.yearSelect.value = String(selected);
    this.yearField.hidden = false;
  }

  private async updateNotice(year: number): Promise<void> {
    // An area without results shows no number: nothing to say about where numbers come from.
    if (this.scope.kind === 'empty' && this.state.view !== 'profile' && this.state.view !== 'compare') {
      this.notice.hidden = true;
      return;
    }
    let overview: Overview;
    try {
      overview = await this.overview(year);
    } catch {
      this.notice.hidden = true;
      return;
    }
    if (Number(this.yearSelect.value) !== year) return;
    const text = illustrativeNotice(year, overview, null, this.m);
    this.notice.textContent = text ?? '';
    this.notice.hidden = text === null;
  }
}

/** Whether a scope has no results to show: an area without any, or one not found in the year. */
function noResults(scope: Scope): boolean {
  return scope.kind === 'empty' || (scope.kind === 'choose' && scope.missing !== null);
}

/** The longest the first view stays transparent waiting for its first panel (see firstPanelDrawn). */
const SETTLE_TIMEOUT_MS = 5000;

/**
 * Resolves once the first panel shown in `view` has its content (text, a chart at its height, an
 * empty or an error state) with true, or after SETTLE_TIMEOUT_MS with false: the panels below it
 * then do not move when it grows.
 */
function firstPanelDrawn(view: HTMLElement): Promise<boolean> {
  const drawn = (): boolean => {
    // The report has no panels: it is drawn once ready, or says why not.
    if (view.dataset['ready'] === 'true' || view.querySelector(':scope > .status[data-state="empty"], :scope > .status[data-state="error"]')) return true;
    const panel = [...view.querySelectorAll<HTMLElement>('.panel')].find((p) => !p.hidden);
    if (!panel) return false;
    if (panel.getAttribute('aria-busy') === 'true') return false;
    const state = panel.querySelector<HTMLElement>(':scope > .status')?.dataset['state'];
    return (
      state === 'ready' ||
      state === 'empty' ||
      state === 'error' ||
      (panel.querySelector(':scope > .panel-body')?.childElementCount ?? 0) > 0 ||
      panel.querySelector('.chart:not([hidden])') !== null
    );
  };
  return new Promise((resolve) => {
    if (drawn()) {
      resolve(true);
      return;
    }
    const observer = new MutationObserver(() => {
      if (!drawn()) return;
      done(true);
    });
    const timer = setTimeout(() => done(false), SETTLE_TIMEOUT_MS);
    const done = (seen: boolean): void => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(seen);
    };
    observer.observe(view, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy', 'hidden', 'data-state'] });
  });
}

/** The parent that the communes of a district became part of (the first one's, by its 2025 link). */
const SUCCESSOR_PARENT = /* GraphQL */ `query SuccessorParent($parent: ID!, $year: Int!) {
  units(parent: $parent, year: $year, first: 1) { lineage { change successor { parent } } }
}`;
