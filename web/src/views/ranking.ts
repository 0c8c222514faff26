// Section 1: the ranking of a year, as a bar chart with a legend of the groups and a table.
import { ChartHandle } from '../charts/echarts';
import { groupDiffers, rankingHeight, rankingOption } from '../charts/ranking';
import { h, replaceChildren } from '../dom';
import { formatPercent } from '../format';
import { groupColour, groupLabel } from '../groups';
import type { Messages } from '../i18n';
import type { FrameworkGroup, GroupRef, Overview, RankingRow } from '../queries';
import { clearStatus, showEmpty, showError, showLoading, statusLine } from './status';
import { DataTable } from './table';

export class RankingView {
  readonly section: HTMLElement;
  private readonly heading = h('h2', { id: 'ranking-heading' });
  private readonly status = statusLine();
  private readonly legend = h('ul', { class: 'legend' });
  private readonly chart: ChartHandle;
  private readonly table: DataTable;

  constructor(private readonly m: Messages) {
    const chartEl = h('div', { id: 'ranking-chart', class: 'chart', 'data-ready': 'false', hidden: true });
    this.chart = new ChartHandle(chartEl);
    this.table = new DataTable('ranking-data', 'ranking-table', m);
    this.table.clear();
    this.section = h(
      'section',
      { id: 'ranking', 'aria-labelledby': 'ranking-heading' },
      this.heading,
      h('p', { class: 'note' }, m.rankingNote),
      this.status,
      this.legend,
      chartEl,
      this.table.toggle,
      this.table.wrap,
    );
  }

  loading(year: number): void {
    this.heading.textContent = this.m.rankingHeading(year);
    this.chart.busy();
    showLoading(this.status, this.m);
  }

  error(err: unknown, retry: () => void): void {
    this.hide();
    showError(this.status, this.m, err, retry);
  }

  empty(year: number): void {
    this.heading.textContent = this.m.rankingHeading(year);
    this.hide();
    showEmpty(this.status, this.m.emptyYear(year));
  }

  show(year: number, overview: Overview): void {
    const rows = overview.ranking;
    const m = this.m;
    this.heading.textContent = m.rankingHeading(year);
    clearStatus(this.status);
    this.renderLegend(rows, overview.framework.groups);
    this.chart.draw((ctx) => rankingOption(rows, year, m, ctx), rankingHeight(rows.length), {
      'data-year': String(year),
      'data-count': String(rows.length),
    });
    this.table.fill(
      m.tableCaption(year),
      [m.colRank, m.colUnit, m.colPercent, m.colGroup, m.colPublishedGroup],
      rows.map((r) => ({
        cells: [
          String(r.rank),
          r.unit.shortName,
          formatPercent(r.percent, m.locale),
          this.groupCell(r.group),
          r.published ? this.groupCell(r.published.group) : m.none,
        ],
        attrs: { 'data-unit': r.unit.id, 'data-rank': String(r.rank) },
      })),
    );
  }

  private groupCell(g: GroupRef): string {
    return `${g.code} – ${groupLabel(g, this.m.lang)}`;
  }

  private hide(): void {
    this.chart.hide();
    this.table.clear();
    replaceChildren(this.legend);
  }

  /** Lists the groups that appear (computed or published), in the framework's order. */
  private renderLegend(rows: readonly RankingRow[], groups: readonly FrameworkGroup[]): void {
    const m = this.m;
    const seen = new Set<string>();
    for (const r of rows) {
      seen.add(r.group.code);
      if (r.published) seen.add(r.published.group.code);
    }
    const items = groups
      .filter((g) => seen.has(g.code))
      .map((g) =>
        h(
          'li',
          {},
          h('span', { class: 'swatch', style: `background:${groupColour(g.code)}`, 'aria-hidden': 'true' }),
          m.groupName(g.code, groupLabel(g, m.lang)),
        ),
      );
    if (rows.some(groupDiffers)) {
      items.push(h('li', {}, h('span', { class: 'swatch differs', 'aria-hidden': 'true' }), m.mismatchLegend));
    }
    this.legend.setAttribute('aria-label', m.group);
    replaceChildren(this.legend, ...items);
  }
}
