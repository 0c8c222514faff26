// The page: a header with the year selector, the illustrative-data notice, and three sections
// (ranking, field averages, trend). The URL holds the state (see state.ts); history.pushState
// records each choice so back and forward work.
import './style.css';
import { gql, isAbort } from './api';
import { h, replaceChildren } from './dom';
import { messages, type Messages } from './i18n';
import { illustrativeNotice } from './notice';
import { OVERVIEW, TREND, YEARS, type Overview, type Series } from './queries';
import { parseState, resolveYear, sameState, serialiseState, type AppState } from './state';
import { FieldsView } from './views/fields';
import { RankingView } from './views/ranking';
import { showEmpty, showError, showLoading, statusLine, clearStatus } from './views/status';
import { TrendView } from './views/trend';

class App {
  private state: AppState;
  private readonly m: Messages;
  private years: number[] = [];
  /** The year whose overview is shown or loading, and its data once loaded. */
  private year: number | null = null;
  private overview: Overview | null = null;
  private trendUnit: string | null = null;
  private overviewLoad: AbortController | null = null;
  private trendLoad: AbortController | null = null;

  private readonly yearSelect = h('select', { id: 'year', name: 'year' });
  private readonly yearField = h('div', { class: 'field', hidden: true });
  private readonly langLink = h('a', { class: 'lang', hreflang: '' });
  private readonly notice = h('p', { id: 'notice', class: 'notice', role: 'note', hidden: true });
  private readonly pageStatus = statusLine();
  private readonly main = h('main', { id: 'main', hidden: true });
  private readonly ranking: RankingView;
  private readonly fields: FieldsView;
  private readonly trend: TrendView;

  constructor(root: HTMLElement) {
    this.state = parseState(location.search);
    this.m = messages(this.state.lang);
    const m = this.m;
    document.documentElement.lang = m.lang;
    document.title = m.title;

    this.ranking = new RankingView(m);
    this.fields = new FieldsView(m);
    this.trend = new TrendView(m);
    this.trend.onPick = (id) => this.pickUnit(id);
    this.yearSelect.addEventListener('change', () => this.pickYear(Number(this.yearSelect.value)));
    window.addEventListener('popstate', () => this.navigated());

    this.yearField.append(h('label', { for: 'year' }, m.yearLabel), this.yearSelect);
    this.langLink.textContent = m.otherLanguage;
    this.langLink.title = m.otherLanguageTitle;
    this.langLink.hreflang = m.lang === 'vi' ? 'en' : 'vi';
    this.updateLangLink();

    this.main.append(this.ranking.section, this.fields.section, this.trend.section);
    replaceChildren(
      root,
      h(
        'header',
        { class: 'page-header' },
        h('div', { class: 'title-row' }, h('h1', {}, m.title), this.langLink),
        h('p', { class: 'subtitle' }, m.subtitle),
        this.yearField,
      ),
      this.notice,
      this.pageStatus,
      this.main,
      h(
        'footer',
        { class: 'page-footer' },
        `${m.footer} `,
        h('code', {}, '/graphql'),
        ' · ',
        h('a', { href: '/graphiql' }, m.explorer),
      ),
    );
  }

  /** Loads the years, then shows the state of the URL. */
  async start(): Promise<void> {
    showLoading(this.pageStatus, this.m);
    try {
      const data = await gql<{ years: number[] }>(YEARS);
      this.years = [...data.years].sort((a, b) => a - b);
    } catch (err) {
      showError(this.pageStatus, this.m, err, () => void this.start());
      return;
    }
    if (this.years.length === 0) {
      showEmpty(this.pageStatus, this.m.noYears);
      return;
    }
    clearStatus(this.pageStatus);
    this.main.hidden = false;
    this.show();
  }

  /** Shows what the current state asks for, loading only what changed. */
  private show(): void {
    const year = resolveYear(this.state.year, this.years);
    if (year === null) return;
    this.renderYears(year);
    this.updateLangLink();
    if (year !== this.year) {
      void this.loadOverview(year);
      return;
    }
    if (!this.overview) return; // still loading: the unit is chosen when it arrives
    const unit = this.chooseUnit(this.overview);
    if (unit !== null && unit !== this.trendUnit) {
      this.trend.setUnits(this.overview.ranking.map((r) => r.unit), unit);
      void this.loadTrend(unit);
    }
  }

  private renderYears(selected: number): void {
    const years = this.years.includes(selected) ? this.years : [...this.years, selected].sort((a, b) => a - b);
    replaceChildren(
      this.yearSelect,
      // Latest first: that is the year most readers want.
      ...[...years].reverse().map((y) => h('option', { value: y, selected: y === selected }, String(y))),
    );
    this.yearSelect.value = String(selected);
    this.yearField.hidden = false;
  }

  private async loadOverview(year: number): Promise<void> {
    this.overviewLoad?.abort();
    this.trendLoad?.abort();
    this.year = year;
    this.overview = null;
    this.trendUnit = null;
    this.notice.hidden = true;
    if (!this.years.includes(year)) {
      this.showEmpty(year);
      return;
    }
    const load = new AbortController();
    this.overviewLoad = load;
    this.ranking.loading(year);
    this.fields.loading(year);
    this.trend.loading();
    let overview: Overview;
    try {
      overview = await gql<Overview>(OVERVIEW, { year }, load.signal);
    } catch (err) {
      if (isAbort(err) || load.signal.aborted) return;
      const retry = (): void => {
        this.year = null;
        this.show();
      };
      this.ranking.error(err, retry);
      this.fields.error(err, retry);
      this.trend.error(err, retry);
      return;
    }
    if (load.signal.aborted) return;
    if (overview.ranking.length === 0) {
      this.showEmpty(year);
      return;
    }
    this.overview = overview;
    this.ranking.show(year, overview);
    this.fields.show(year, overview);
    this.updateNotice(null);
    const unit = this.chooseUnit(overview);
    this.trend.setUnits(overview.ranking.map((r) => r.unit), unit);
    if (unit !== null) void this.loadTrend(unit);
  }

  private showEmpty(year: number): void {
    this.ranking.empty(year);
    this.fields.empty(year);
    this.trend.empty(year);
  }

  /**
   * The unit of the trend: the one in the URL when it is ranked this year, else the first of
   * the ranking. A unit of another year is dropped from the URL (without a history entry).
   */
  private chooseUnit(overview: Overview): string | null {
    const ids = overview.ranking.map((r) => r.unit.id);
    if (this.state.unit !== null && ids.includes(this.state.unit)) return this.state.unit;
    if (this.state.unit !== null) {
      this.state = { ...this.state, unit: null };
      history.replaceState(null, '', this.url(this.state));
      this.updateLangLink();
    }
    return ids[0] ?? null;
  }

  private async loadTrend(unit: string): Promise<void> {
    this.trendLoad?.abort();
    const load = new AbortController();
    this.trendLoad = load;
    this.trendUnit = unit;
    this.trend.loading();
    let series: Series | undefined;
    try {
      const data = await gql<{ trend: Series[] }>(TREND, { units: [unit] }, load.signal);
      series = data.trend[0];
    } catch (err) {
      if (isAbort(err) || load.signal.aborted) return;
      this.trend.error(err, () => void this.loadTrend(unit));
      return;
    }
    if (load.signal.aborted || !this.overview) return;
    if (!series) {
      this.trend.error(new Error(unit), () => void this.loadTrend(unit));
      return;
    }
    this.trend.show(series, this.overview.framework.groups);
    this.updateNotice(series);
  }

  private updateNotice(series: Series | null): void {
    if (this.year === null || !this.overview) return;
    const text = illustrativeNotice(this.year, this.overview, series, this.m);
    this.notice.textContent = text ?? '';
    this.notice.hidden = text === null;
  }

  private pickYear(year: number): void {
    if (!Number.isInteger(year)) return;
    this.navigate({ ...this.state, year });
  }

  private pickUnit(unit: string): void {
    this.navigate({ ...this.state, unit });
  }

  /** Records a new state in the history and shows it. */
  private navigate(next: AppState): void {
    if (sameState(next, this.state)) return;
    this.state = next;
    history.pushState(null, '', this.url(next));
    this.show();
  }

  /** Back or forward: the URL changed under us. */
  private navigated(): void {
    this.state = parseState(location.search);
    this.show();
  }

  private url(state: AppState): string {
    return `${location.pathname}${serialiseState(state)}${location.hash}`;
  }

  private updateLangLink(): void {
    const other = this.m.lang === 'vi' ? 'en' : 'vi';
    this.langLink.href = this.url({ ...this.state, lang: other });
  }
}

const root = document.getElementById('app');
if (root) void new App(root).start();
