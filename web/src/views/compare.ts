// Several units side by side: lines over the years, a slope chart between two years, and a
// heatmap of units × fields for one year.
import { heatmapHeight, heatmapOption } from '../charts/heatmap';
import { linesHeight, linesOption, type Line } from '../charts/lines';
import { SLOPE_HEIGHT, slopeOption, type Slope } from '../charts/slope';
import { inheritedYears } from '../charts/trend';
import { h, replaceChildren } from '../dom';
import { formatPercent } from '../format';
import { fieldsOf, rowFrameworks } from '../frameworks';
import { inferredYears } from '../history';
import { sourceFooter } from '../notice';
import { COMPARE, COMPARE_TREND, type Comparison, type Overview, type Series } from '../queries';
import { MAX_COMPARED, resolveSlopeYears, type AppState } from '../state';
import type { View, ViewContext } from './context';
import { Panel } from './panel';
import { UnitSearch } from './search';

/**
 * Whether every unit compared was created in the reorganisation: it did not exist in the first
 * year and has a value in the last.
 */
export function createdUnits(trend: readonly Series[]): boolean {
  return (
    trend.length > 0 &&
    trend.every((s) => s.status[0] === 'NOT_EXISTING' && s.status[s.status.length - 1] === 'OBSERVED')
  );
}

/**
 * The year the heatmap shows when the URL names none: the latest in which every unit compared
 * has a result, else the latest in which one has, else `year` (the page's).
 */
export function latestYearWithData(trend: readonly Series[], year: number): number {
  const years = trend[0]?.years ?? [];
  const observed = (s: Series, y: number) => s.status[s.years.indexOf(y)] === 'OBSERVED';
  const all = years.filter((y) => trend.every((s) => observed(s, y)));
  const any = years.filter((y) => trend.some((s) => observed(s, y)));
  return all[all.length - 1] ?? any[any.length - 1] ?? year;
}

/** How many units are compared when the URL names none: the top of the year's ranking. */
export const DEFAULT_COMPARED = 3;

export class CompareView implements View {
  readonly root: HTMLElement;
  private readonly chips = h('ul', { class: 'chips', id: 'compare-units' });
  private readonly measure = h('select', { id: 'compare-field', name: 'field' });
  private readonly fromSelect = h('select', { id: 'compare-from', name: 'from' });
  private readonly toSelect = h('select', { id: 'compare-to', name: 'to' });
  private readonly lines: Panel;
  private readonly slope: Panel;
  private readonly heat: Panel;
  private units: string[] = [];

  constructor(private readonly ctx: ViewContext) {
    const m = ctx.m;
    this.lines = new Panel(m, 'lines');
    this.slope = new Panel(m, 'slope');
    this.heat = new Panel(m, 'heatmap');
    this.lines.setNote(m.linesNote);
    this.slope.setNote(m.slopeNote);
    const search = new UnitSearch(ctx, 'compare-search', (u) => {
      if (this.units.includes(u.id) || this.units.length >= MAX_COMPARED) return;
      ctx.navigate({ units: [...this.units, u.id] });
    });
    this.measure.addEventListener('change', () => ctx.navigate({ field: this.measure.value === '' ? null : this.measure.value }));
    this.fromSelect.addEventListener('change', () => ctx.navigate({ from: Number(this.fromSelect.value) }));
    this.toSelect.addEventListener('change', () => ctx.navigate({ to: Number(this.toSelect.value) }));
    this.root = h(
      'div',
      { class: 'view', id: 'view-compare' },
      h(
        'div',
        { class: 'controls' },
        h('div', { class: 'unit-picker' }, h('p', { class: 'label', id: 'compare-units-label' }, m.compareUnits), this.chips, search.root),
        h('div', { class: 'field measure' }, h('label', { for: 'compare-field' }, m.measureLabel), this.measure),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'compare-from' }, m.fromLabel),
          this.fromSelect,
          h('label', { for: 'compare-to' }, m.toLabel),
          this.toSelect,
        ),
      ),
      h('div', { class: 'grid' }, this.lines.section, this.slope.section, this.heat.section),
    );
    this.chips.setAttribute('aria-labelledby', 'compare-units-label');
  }

  /** The latest load: an earlier one still waiting for an answer stops when it gets it. */
  private seq = 0;

  show(state: AppState, year: number): void {
    void this.load(state, year, ++this.seq);
  }

  private async load(state: AppState, pageYear: number, seq: number): Promise<void> {
    let year = pageYear;
    const { m } = this.ctx;
    let overview: Overview | null = null;
    try {
      overview = await this.ctx.overview(year);
    } catch {
      // The panels say what failed.
    }
    if (seq !== this.seq) return;
    const fields = overview ? fieldsOf(rowFrameworks(overview.ranking, overview.frameworks)) : [];
    const field = state.field !== null && fields.some((f) => f.slug === state.field) ? state.field : null;
    // A phone's drop-down cannot show a field's full name: it shows the short one, the full
    // name is the lines' heading and the option's title.
    const narrow = window.matchMedia('(max-width: 600px)').matches;
    const full = (f: { nameVi: string; nameEn: string }): string => (m.lang === 'en' ? f.nameEn : f.nameVi);
    replaceChildren(
      this.measure,
      h('option', { value: '', selected: field === null }, m.total),
      ...fields.map((f) =>
        h('option', { value: f.slug, selected: f.slug === field, title: full(f) }, narrow ? m.fieldShort(f.slug, full(f)) : full(f)),
      ),
    );
    this.measure.value = field ?? '';
    this.measure.title = fields.find((f) => f.slug === field) ? full(fields.find((f) => f.slug === field)!) : m.total;
    const chosen = fields.find((f) => f.slug === field);
    const measureName = chosen ? (m.lang === 'en' ? chosen.nameEn : chosen.nameVi) : m.total;

    this.units = state.units.length > 0 ? state.units : (overview?.ranking.slice(0, DEFAULT_COMPARED).map((r) => r.unit.id) ?? []);
    if (this.units.length === 0) {
      replaceChildren(this.chips);
      for (const p of [this.lines, this.slope, this.heat]) p.empty(m.compareNone);
      return;
    }
    let trendRef = { query: COMPARE_TREND, variables: { units: this.units, field, boundary: 'AS_PUBLISHED' } };
    let loadTrend = () => this.ctx.fetch<{ trend: Series[] }>(trendRef);
    let trend: Series[] = [];
    try {
      trend = (await loadTrend()).trend;
      // Communes created in 2025 have one year of their own: their lines go back through
      // their predecessors (boundary CURRENT), and the note says so.
      if (createdUnits(trend)) {
        const current = { query: COMPARE_TREND, variables: { units: this.units, field, boundary: 'CURRENT' } };
        trendRef = current;
        loadTrend = () => this.ctx.fetch<{ trend: Series[] }>(current);
        trend = (await loadTrend()).trend;
      }
    } catch {
      // Shown by the panels below.
    }
    if (seq !== this.seq) return;
    // With no year in the URL, the heatmap opens on the latest year the units have results, and
    // the year selector says so.
    if (state.year === null) {
      year = latestYearWithData(trend, year);
      if (year !== pageYear) this.ctx.showingYear(year);
    }
    const throughPredecessors = trendRef.variables.boundary === 'CURRENT';
    // Values that came through a receiver the lists do not establish are no facts: say whose.
    const inferred = trend.flatMap((s) => {
      const years = inferredYears(s);
      return years.length > 0 ? [m.trendInferred(years.join(', '), s.unit.name)] : [];
    });
    this.lines.setNote([throughPredecessors ? `${m.linesNote} ${m.trendNoteCurrent}` : m.linesNote, ...inferred].join(' '));
    this.renderChips(trend);
    const years = trend[0]?.years ?? [...this.ctx.years];
    // By default the slope joins the first and last years in which every unit has a value
    // (communes merged in 2025 have none that year).
    const common = years.filter((y) => trend.every((s) => s.status[s.years.indexOf(y)] === 'OBSERVED'));
    const defaults = resolveSlopeYears(null, null, common.length >= 2 ? common : years);
    const pair = resolveSlopeYears(state.from ?? defaults?.[0] ?? null, state.to ?? defaults?.[1] ?? null, years);
    const yearOptions = (sel: HTMLSelectElement, chosen: number | undefined) => {
      replaceChildren(sel, ...years.map((y) => h('option', { value: y, selected: y === chosen }, String(y))));
      if (chosen !== undefined) sel.value = String(chosen);
    };
    yearOptions(this.fromSelect, pair?.[0]);
    yearOptions(this.toSelect, pair?.[1]);
    const observed = (s: Series): (number | null)[] => s.years.map((_, i) => (s.status[i] === 'OBSERVED' ? (s.values[i] ?? null) : null));
    const footer = (series: readonly Series[]) => sourceFooter(series.flatMap((s) => s.sources.map((k) => (k ? { kind: k, title: '', date: null } : null))), m);

    this.lines.setHeading(m.linesHeading(measureName));
    void this.lines.run(trendRef, loadTrend, ({ trend: t }) => {
      const lines: Line[] = t.map((s, i) => ({ name: s.unit.shortName, values: observed(s), style: i }));
      if (throughPredecessors) {
        // Before the unit existed: its predecessors' mean, drawn dashed in the unit's colour.
        t.forEach((s, i) => {
          const inherited = inheritedYears(s);
          const own = observed(s).map((v, j) => (inherited[j] ? null : v));
          const firstOwn = own.findIndex((v) => v !== null);
          lines[i] = { name: s.unit.shortName, values: own, style: i };
          lines.push({
            name: `${s.unit.shortName} (${m.trendPredecessors.toLowerCase()})`,
            values: observed(s).map((v, j) => (inherited[j] || j === firstOwn ? v : null)),
            dashed: true,
            style: i,
          });
        });
      }
      if (lines.every((l) => l.values.every((v) => v === null))) return m.compareNone;
      return {
        build: (c) => linesOption({ years: t[0]?.years ?? [], lines, label: m.linesHeading(measureName), kind: 'percent' }, m, c),
        height: linesHeight(lines, this.root.clientWidth || 800),
        attrs: { 'data-count': String(lines.length), 'data-units': this.units.join(','), 'data-field': field ?? '' },
        footer: footer(t),
        table: {
          caption: m.linesHeading(measureName),
          columns: [{ label: m.colUnit }, ...(t[0]?.years ?? []).map((y) => ({ label: String(y), numeric: true }))],
          rows: lines.map((l, i) => ({
            cells: [l.name, ...l.values.map((v) => ({ text: formatPercent(v, m.locale), value: v }))],
            attrs: { 'data-unit': t[i]?.unit.id ?? '' },
          })),
        },
      };
    });

    if (pair === null) {
      this.slope.setHeading(m.slopeHeading(measureName, year, year));
      this.slope.empty(m.noPrevious(year));
    } else {
      const [a, b] = pair;
      this.slope.setHeading(m.slopeHeading(measureName, a, b));
      void this.slope.run(trendRef, loadTrend, ({ trend: t }) => {
        const slopes: Slope[] = [];
        const missing: string[] = [];
        t.forEach((s, i) => {
          const v = observed(s);
          const from = v[s.years.indexOf(a)] ?? null;
          const to = v[s.years.indexOf(b)] ?? null;
          if (from === null || to === null) missing.push(s.unit.shortName);
          else slopes.push({ name: s.unit.shortName, from, to, style: i });
        });
        if (slopes.length === 0) {
          this.slope.setNote(m.slopeNote);
          return m.slopeMissing(missing.join(', '));
        }
        this.slope.setNote(missing.length > 0 ? `${m.slopeNote} ${m.slopeMissing(missing.join(', '))}` : m.slopeNote);
        return {
          build: (c) => slopeOption(slopes, pair, m.slopeHeading(measureName, a, b), m, c),
          height: SLOPE_HEIGHT,
          attrs: { 'data-count': String(slopes.length), 'data-from': String(a), 'data-to': String(b) },
          footer: footer(t),
          table: {
            caption: m.slopeHeading(measureName, a, b),
            columns: [{ label: m.colUnit }, { label: String(a), numeric: true }, { label: String(b), numeric: true }, { label: m.colChange, numeric: true }],
            rows: slopes.map((s) => ({
              cells: [
                s.name,
                { text: formatPercent(s.from, m.locale), value: s.from },
                { text: formatPercent(s.to, m.locale), value: s.to },
                { text: formatPercent(s.to - s.from, m.locale).replace(/\s?%$/, ''), value: s.to - s.from },
              ],
            })),
          },
        };
      });
    }

    // The heatmap asks only for units with a result in the year (compare refuses the others).
    const present = trend.filter((s) => s.status[s.years.indexOf(year)] === 'OBSERVED');
    const absent = trend.filter((s) => !present.includes(s)).map((s) => s.unit.shortName);
    this.heat.setHeading(m.heatHeading(year));
    const heatUnits = present.map((s) => s.unit.id);
    // Who has no result is said once: in the note beside a drawn heatmap, or as the empty state.
    this.heat.setNote(heatUnits.length === 0 ? null : absent.length > 0 ? `${m.heatNote} ${m.heatMissing(absent.join(', '), year)}` : m.heatNote);
    const heatRef = { query: COMPARE, variables: { units: heatUnits, year } };
    if (heatUnits.length === 0) {
      this.heat.empty(trend.length === 0 ? m.compareNone : m.heatMissing(absent.join(', '), year));
      return;
    }
    void this.heat.run(heatRef, () => this.ctx.fetch<{ compare: Comparison }>(heatRef), ({ compare }) => {
      this.heat.setCaution(compare.mixedFrameworks && m.mixedFrameworks);
      // On a phone the columns carry numbers only: the key names them.
      replaceChildren(
        this.heat.body,
        h('ol', { class: 'radar-key' }, ...compare.fields.map((f) => h('li', {}, m.lang === 'en' ? f.nameEn : f.nameVi))),
      );
      return {
        build: (c) => heatmapOption(compare, m, c),
        height: heatmapHeight(compare.units.length, this.root.clientWidth || 800),
        attrs: { 'data-year': String(year), 'data-count': String(compare.units.length) },
        footer: footer(present),
        table: {
          caption: m.heatHeading(year),
          columns: [
            { label: m.colUnit },
            { label: m.index, numeric: true },
            ...compare.fields.map((f, i) => ({ label: `${i + 1}. ${m.lang === 'en' ? f.nameEn : f.nameVi}`, numeric: true })),
          ],
          rows: compare.units.map((u) => ({
            cells: [
              u.unit.shortName,
              { text: formatPercent(u.percent, m.locale), value: u.percent },
              ...compare.fields.map((field) => {
                const f = u.fields.find((g) => g.field.slug === field.slug);
                return f ? { text: formatPercent(f.percent, m.locale), value: f.percent } : { text: '', value: null };
              }),
            ],
            attrs: { 'data-unit': u.unit.id },
          })),
        },
      };
    });
  }

  private renderChips(trend: readonly Series[]): void {
    const m = this.ctx.m;
    const name = (id: string): string => trend.find((s) => s.unit.id === id || s.unit.code === id)?.unit.shortName ?? id;
    replaceChildren(
      this.chips,
      ...this.units.map((id) => {
        const n = name(id);
        const b = h('button', { type: 'button', class: 'chip-remove', 'aria-label': m.removeUnit(n), title: m.removeUnit(n) }, '×');
        b.addEventListener('click', () => this.ctx.navigate({ units: this.units.filter((u) => u !== id) }));
        return h('li', { class: 'chip', 'data-unit': id }, n, b);
      }),
    );
  }
}
