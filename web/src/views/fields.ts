// Section 2: the field averages of a year, computed beside published, with a table.
import { ChartHandle } from '../charts/echarts';
import { fieldName, fieldsHeight, fieldsOption, hasPublished } from '../charts/fields';
import { h } from '../dom';
import { formatPercent } from '../format';
import type { Messages } from '../i18n';
import type { Overview } from '../queries';
import { clearStatus, showEmpty, showError, showLoading, statusLine } from './status';
import { DataTable } from './table';

export class FieldsView {
  readonly section: HTMLElement;
  private readonly heading = h('h2', { id: 'fields-heading' });
  private readonly note = h('p', { class: 'note' });
  private readonly status = statusLine();
  private readonly chart: ChartHandle;
  private readonly table: DataTable;

  constructor(private readonly m: Messages) {
    const chartEl = h('div', { id: 'fields-chart', class: 'chart', 'data-ready': 'false', hidden: true });
    this.chart = new ChartHandle(chartEl);
    this.table = new DataTable('fields-data', 'fields-table', m);
    this.table.clear();
    this.note.textContent = m.fieldsNote(false);
    this.section = h(
      'section',
      { id: 'fields', 'aria-labelledby': 'fields-heading' },
      this.heading,
      this.note,
      this.status,
      chartEl,
      this.table.toggle,
      this.table.wrap,
    );
  }

  loading(year: number): void {
    this.heading.textContent = this.m.fieldsHeading(year);
    this.chart.busy();
    showLoading(this.status, this.m);
  }

  error(err: unknown, retry: () => void): void {
    this.hide();
    showError(this.status, this.m, err, retry);
  }

  empty(year: number): void {
    this.heading.textContent = this.m.fieldsHeading(year);
    this.hide();
    showEmpty(this.status, this.m.emptyYear(year));
  }

  show(year: number, overview: Overview): void {
    const rows = overview.fieldSummary;
    const m = this.m;
    this.heading.textContent = m.fieldsHeading(year);
    if (rows.length === 0) {
      this.empty(year);
      return;
    }
    clearStatus(this.status);
    const withPublished = hasPublished(rows);
    this.note.textContent = m.fieldsNote(withPublished);
    this.chart.draw((ctx) => fieldsOption(rows, year, m, ctx), fieldsHeight(rows.length, withPublished), {
      'data-year': String(year),
      'data-count': String(rows.length),
    });
    const total = rows.length;
    this.table.fill(
      m.fieldsHeading(year),
      [m.colField, m.computed, m.published],
      rows.map((r) => ({
        cells: [
          fieldName(r, m.lang),
          `${formatPercent(r.average, m.locale)} (${m.fieldRank(r.rank, total)})`,
          r.published === null
            ? m.none
            : r.published.average === null
              ? m.publishedRankOnly(r.published.rank, total)
              : `${formatPercent(r.published.average, m.locale)} (${m.fieldRank(r.published.rank, total)})`,
        ],
        attrs: { 'data-field': r.field.slug },
      })),
    );
  }

  private hide(): void {
    this.chart.hide();
    this.table.clear();
  }
}
