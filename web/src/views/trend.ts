// Section 3: one unit's index over the years, with a picker of the units of the year.
import { ChartHandle } from '../charts/echarts';
import { observedValues, TREND_HEIGHT, trendOption } from '../charts/trend';
import { h, replaceChildren } from '../dom';
import { formatPercent } from '../format';
import type { Messages } from '../i18n';
import type { FrameworkGroup, Series, UnitRef } from '../queries';
import { clearStatus, showEmpty, showError, showLoading, statusLine } from './status';
import { DataTable } from './table';

export class TrendView {
  readonly section: HTMLElement;
  private readonly status = statusLine();
  private readonly picker = h('select', { id: 'trend-unit', name: 'unit' });
  private readonly pickerField = h('div', { class: 'field', hidden: true });
  private readonly chart: ChartHandle;
  private readonly table: DataTable;

  /** Called when the reader picks a unit, with its ID. */
  onPick: (id: string) => void = () => {};

  constructor(private readonly m: Messages) {
    const chartEl = h('div', { id: 'trend-chart', class: 'chart', 'data-ready': 'false', hidden: true });
    this.chart = new ChartHandle(chartEl);
    this.table = new DataTable('trend-data', 'trend-table', m);
    this.table.clear();
    this.pickerField.append(h('label', { for: 'trend-unit' }, m.unitLabel), this.picker);
    this.picker.addEventListener('change', () => this.onPick(this.picker.value));
    this.section = h(
      'section',
      { id: 'trend', 'aria-labelledby': 'trend-heading' },
      h('h2', { id: 'trend-heading' }, m.trendHeading),
      h('p', { class: 'note' }, m.trendNote),
      this.pickerField,
      this.status,
      chartEl,
      this.table.toggle,
      this.table.wrap,
    );
  }

  /** Lists the units the picker offers, sorted by name, with `selected` chosen. */
  setUnits(units: readonly UnitRef[], selected: string | null): void {
    const sorted = [...units].sort((a, b) => a.shortName.localeCompare(b.shortName, this.m.locale));
    replaceChildren(
      this.picker,
      ...sorted.map((u) => h('option', { value: u.id, selected: u.id === selected }, u.name)),
    );
    if (selected !== null) this.picker.value = selected;
    this.pickerField.hidden = sorted.length === 0;
  }

  loading(): void {
    this.chart.busy();
    showLoading(this.status, this.m);
  }

  error(err: unknown, retry: () => void): void {
    this.hide();
    showError(this.status, this.m, err, retry);
  }

  empty(year: number): void {
    this.setUnits([], null);
    this.hide();
    showEmpty(this.status, this.m.emptyYear(year));
  }

  show(series: Series, groups: readonly FrameworkGroup[]): void {
    const m = this.m;
    clearStatus(this.status);
    this.chart.draw((ctx) => trendOption(series, groups, m, ctx), TREND_HEIGHT, {
      'data-unit': series.unit.id,
      'data-count': String(series.years.length),
    });
    const values = observedValues(series);
    this.table.fill(
      m.trendChartLabel(series.unit.name),
      [m.year, m.index, m.rank, m.group, m.statusLabel],
      series.years.map((year, i) => ({
        cells: [
          String(year),
          formatPercent(values[i], m.locale),
          values[i] === null ? m.none : String(series.ranks[i] ?? m.none),
          values[i] === null ? m.none : (series.groups[i] ?? m.none),
          m.status[series.status[i] ?? 'NOT_ASSESSED'],
        ],
        attrs: { 'data-year': String(year) },
      })),
    );
  }

  private hide(): void {
    this.chart.hide();
    this.table.clear();
  }
}
