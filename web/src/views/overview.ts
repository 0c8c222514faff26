// The overview of a year: sentences, the ranking coloured by group (published group where it
// differs), units per group beside last year, field averages beside last year, and the biggest
// risers and fallers.
import { areasRef, scopeParent, type Area, type AreaUnit, type Scope } from '../areas';
import { areasByMean, areasHeight, areasOption } from '../charts/areas';
import { changesHeight, changesOption, movers, signedPoints } from '../charts/changes';
import { fieldName, fieldsHeight, fieldsOption, hasPublished, previousAverages } from '../charts/fields';
import { GROUPS_HEIGHT, groupsOption } from '../charts/groups';
import { groupDiffers, rankingHeight, rankingOption } from '../charts/ranking';
import { h, replaceChildren } from '../dom';
import { formatPercent, formatSource } from '../format';
import { groupColour, groupLabel } from '../groups';
import { sourceFooter } from '../notice';
import {
  changesDoc,
  fieldsTwoYearsDoc,
  groupDistributionDoc,
  inArea,
  overviewDoc,
  type Changes,
  type FieldSummaryRow,
  type GroupDistribution,
  type GroupRef,
  type Overview,
} from '../queries';
import { formats, overviewFacts, usableChanges } from '../sentences';
import type { AppState } from '../state';
import { previousYear, type View, type ViewContext } from './context';
import { Panel } from './panel';
import { importHint } from './status';

type ChangesAnswer = { asPublished: Changes; current: Changes };

export class OverviewView implements View {
  readonly root: HTMLElement;
  private readonly summary: Panel;
  private readonly ranking: Panel;
  private readonly groups: Panel;
  private readonly fields: Panel;
  private readonly changes: Panel;
  /** The provinces, or the districts of one, while no area is chosen (national data). */
  private readonly areas: Panel;

  constructor(private readonly ctx: ViewContext) {
    const m = ctx.m;
    this.summary = new Panel(m, 'summary', { chart: false });
    this.ranking = new Panel(m, 'ranking');
    this.groups = new Panel(m, 'groups');
    this.fields = new Panel(m, 'fields');
    this.changes = new Panel(m, 'changes');
    this.areas = new Panel(m, 'areas', { wide: true });
    this.areas.setVisible(false);
    this.ranking.setNote(m.rankingNote);
    this.root = h(
      'div',
      { class: 'view grid', id: 'view-overview' },
      this.areas.section,
      this.summary.section,
      this.ranking.section,
      this.groups.section,
      this.changes.section,
      this.fields.section,
    );
  }

  show(_state: AppState, year: number): void {
    const { m } = this.ctx;
    const panels = [this.summary, this.ranking, this.groups, this.fields, this.changes];
    const scope = this.ctx.scope;
    if (scope.kind === 'choose') {
      for (const p of panels) p.setVisible(false);
      this.areas.setVisible(true);
      showAreas(this.areas, this.ctx, scope, year);
      return;
    }
    if (scope.kind === 'empty') {
      // A province or district without results: say so plainly, and where results come from.
      for (const p of panels) p.setVisible(false);
      this.areas.setVisible(true);
      const title = areaTitle(scope.area, scope.province);
      this.areas.setHeading(m.inArea(m.summaryHeading(year), title));
      this.areas.setNote(null);
      this.areas.empty(m.areaNoResults(title, year));
      this.areas.body.append(importHint(m));
      return;
    }
    this.areas.setVisible(false);
    for (const p of panels) p.setVisible(true);
    if (!this.ctx.years.includes(year)) {
      // A year without results (from a link): nothing to ask the server.
      this.summary.setHeading(m.summaryHeading(year));
      this.ranking.setHeading(m.rankingHeading(year));
      this.groups.setHeading(m.groupsHeading(year));
      this.fields.setHeading(m.fieldsHeading(year));
      this.changes.setHeading(m.changesHeading(year, year));
      for (const p of panels) p.empty(m.emptyYear(year));
      return;
    }
    const prev = previousYear(this.ctx.years, year);
    const parent = scopeParent(scope);
    const overviewRef = inArea(overviewDoc, { year }, parent);
    const changesRef = prev === null ? null : inArea(changesDoc, { from: prev, to: year }, parent);
    const loadOverview = () => this.ctx.fetch<Overview>(overviewRef);
    // Headings name the area where one was chosen: a saved chart says whose numbers it shows.
    const inScope = (heading: string): string => (scope.kind === 'area' ? m.inArea(heading, areaTitle(scope.area, scope.province)) : heading);
    const loadChanges = () => (changesRef ? this.ctx.fetch<ChangesAnswer>(changesRef).then(usableChanges) : Promise.resolve(null));

    this.summary.setHeading(inScope(m.summaryHeading(year)));
    void this.summary.run(overviewRef, () => Promise.all([loadOverview(), loadChanges()]), ([o, c]) => {
      const facts = overviewFacts(year, o.ranking, c);
      if (!facts) return m.emptyYear(year);
      replaceChildren(this.summary.body, h('p', { class: 'sentences' }, m.overviewSentences(facts, formats(m)).join(' ')));
      return { footer: '' };
    });

    this.ranking.setHeading(inScope(m.rankingHeading(year)));
    void this.ranking.run(overviewRef, loadOverview, (o) => {
      const rows = o.ranking;
      if (rows.length === 0) return m.emptyYear(year);
      this.renderLegend(o);
      const groupCell = (g: GroupRef): string => `${g.code} – ${groupLabel(g, m.lang)}`;
      return {
        build: (c) => rankingOption(rows, year, m, c),
        height: rankingHeight(rows.length),
        attrs: { 'data-year': String(year), 'data-count': String(rows.length) },
        onClick: (i) => {
          const r = rows[i];
          if (r) this.ctx.navigate({ view: 'profile', unit: r.unit.id });
        },
        footer: sourceFooter([...rows.map((r) => r.source), ...rows.map((r) => r.published?.source)], m),
        table: {
          caption: m.tableCaption(year),
          columns: [
            { label: m.colRank, numeric: true },
            { label: m.colUnit },
            { label: m.colPercent, numeric: true },
            { label: m.colGroup },
            { label: m.colPublishedGroup },
            { label: m.colSource },
          ],
          rows: rows.map((r) => ({
            cells: [
              { text: String(r.rank), value: r.rank },
              { text: r.unit.shortName, href: this.ctx.href({ view: 'profile', unit: r.unit.id }) },
              { text: formatPercent(r.percent, m.locale), value: r.percent },
              groupCell(r.group),
              r.published ? groupCell(r.published.group) : { text: m.none, value: null },
              formatSource(r.published?.source ?? r.source),
            ],
            attrs: { 'data-unit': r.unit.id, 'data-rank': String(r.rank) },
          })),
        },
      };
    });

    this.groups.setHeading(inScope(m.groupsHeading(year)));
    const groupsRef = inArea(groupDistributionDoc, { year }, parent);
    void this.groups.run(groupsRef, () => this.ctx.fetch<{ groupDistribution: GroupDistribution }>(groupsRef), ({ groupDistribution: d }) => {
      if (d.units === 0) return m.emptyYear(year);
      this.groups.setNote(m.groupsNote(d.year, d.previousYear, d.units, d.previousUnits));
      return {
        build: (c) => groupsOption(d, m, c),
        height: GROUPS_HEIGHT,
        attrs: { 'data-year': String(year), 'data-count': String(d.units) },
        footer: sourceFooter([], m),
        table: {
          caption: m.groupsHeading(year),
          columns: [
            { label: m.group },
            { label: `${m.colCount} ${year}`, numeric: true },
            { label: `${m.colShare} ${year}`, numeric: true },
            ...(d.previousYear !== null
              ? [{ label: `${m.colCount} ${d.previousYear}`, numeric: true }, { label: `${m.colShare} ${d.previousYear}`, numeric: true }]
              : []),
          ],
          rows: d.groups.map((g) => ({
            cells: [
              m.groupName(g.group.code, groupLabel(g.group, m.lang)),
              { text: String(g.count), value: g.count },
              { text: formatPercent(g.share, m.locale, 1), value: g.share },
              ...(d.previousYear !== null
                ? [
                    { text: String(g.previousCount ?? 0), value: g.previousCount },
                    { text: formatPercent(g.previousShare, m.locale, 1), value: g.previousShare },
                  ]
                : []),
            ],
            attrs: { 'data-group': g.group.code },
          })),
        },
      };
    });

    this.fields.setHeading(inScope(m.fieldsHeading(year)));
    const fieldsRef = prev === null ? overviewRef : inArea(fieldsTwoYearsDoc, { year, previous: prev }, parent);
    const loadFields = async (): Promise<{ rows: FieldSummaryRow[]; previous: FieldSummaryRow[] | null }> => {
      if (prev === null) return { rows: (await loadOverview()).fieldSummary, previous: null };
      const a = await this.ctx.fetch<{ current: FieldSummaryRow[]; previous: FieldSummaryRow[] }>(fieldsRef);
      // The area may have no results the year before (a province made in 2025 was another one).
      return { rows: a.current, previous: a.previous.length > 0 ? a.previous : null };
    };
    void this.fields.run(fieldsRef, loadFields, ({ rows, previous }) => {
      if (rows.length === 0) return m.emptyYear(year);
      const withPublished = hasPublished(rows);
      const prevData = previous && prev !== null ? { year: prev, rows: previous } : null;
      const units = rows[0]?.units;
      const previousUnits = previous?.[0]?.units;
      const scope =
        prev !== null && units !== undefined && previousUnits !== undefined && units !== previousUnits
          ? m.fieldsScope(year, units, prev, previousUnits)
          : '';
      this.fields.setNote(m.fieldsNote(prev, withPublished) + scope);
      const before = previousAverages(rows, previous);
      const bars = 1 + (prevData ? 1 : 0) + (withPublished ? 1 : 0);
      return {
        build: (c) => fieldsOption(rows, year, prevData, m, c),
        height: fieldsHeight(rows.length, bars),
        attrs: { 'data-year': String(year), 'data-count': String(rows.length) },
        footer: sourceFooter(rows.map((r) => r.published?.source), m),
        table: {
          caption: m.fieldsHeading(year),
          columns: [
            { label: m.colField },
            { label: String(year), numeric: true },
            { label: m.rank, numeric: true },
            ...(prev !== null ? [{ label: String(prev), numeric: true }] : []),
            { label: m.published, numeric: true },
            { label: m.colSource },
          ],
          rows: rows.map((r, i) => ({
            cells: [
              fieldName(r, m.lang),
              { text: formatPercent(r.average, m.locale), value: r.average },
              { text: m.rankOf(r.rank, rows.length), value: r.rank },
              ...(prev !== null ? [{ text: formatPercent(before[i], m.locale), value: before[i] ?? null }] : []),
              r.published === null
                ? { text: m.none, value: null }
                : r.published.average === null
                  ? { text: m.publishedRankOnly(r.published.rank, rows.length), value: null }
                  : { text: formatPercent(r.published.average, m.locale), value: r.published.average },
              r.published ? formatSource(r.published.source) : m.none,
            ],
            attrs: { 'data-field': r.field.slug },
          })),
        },
      };
    });

    if (prev === null || changesRef === null) {
      this.changes.setHeading(m.changesHeading(year, year));
      this.changes.setNote(null);
      this.changes.empty(m.noPrevious(year));
      return;
    }
    this.changes.setHeading(inScope(m.changesHeading(prev, year)));
    void this.changes.run(changesRef, loadChanges, (c) => {
      if (!c) return m.nothingCompared(prev, year);
      const rows = movers(c.units);
      if (rows.length === 0) return m.nothingCompared(prev, year);
      this.changes.setNote(m.changesNote(c.boundary === 'CURRENT') + (c.summary.inferred > 0 ? m.changesInferred(c.summary.inferred) : ''));
      return {
        build: (cx) => changesOption(rows, prev, year, m, cx),
        height: changesHeight(rows.length),
        attrs: { 'data-year': String(year), 'data-count': String(rows.length), 'data-boundary': c.boundary },
        onClick: (i) => {
          const r = rows[i];
          if (r) this.ctx.navigate({ view: 'profile', unit: r.unit.id });
        },
        footer: sourceFooter([], m),
        table: {
          caption: m.changesHeading(prev, year),
          columns: [
            { label: m.colUnit },
            { label: String(prev), numeric: true },
            { label: String(year), numeric: true },
            { label: m.colChange, numeric: true },
            { label: `${m.rank} ${prev}`, numeric: true },
            { label: `${m.rank} ${year}`, numeric: true },
          ],
          rows: c.units.map((r) => ({
            cells: [
              { text: r.unit.shortName, href: this.ctx.href({ view: 'profile', unit: r.unit.id }) },
              { text: formatPercent(r.percentFrom, m.locale), value: r.percentFrom },
              { text: formatPercent(r.percentTo, m.locale), value: r.percentTo },
              { text: r.change === null ? m.none : signedPoints(r.change, m.locale), value: r.change },
              { text: r.rankFrom === null ? m.none : String(r.rankFrom), value: r.rankFrom },
              { text: r.rankTo === null ? m.none : String(r.rankTo), value: r.rankTo },
            ],
            attrs: { 'data-unit': r.unit.id },
          })),
        },
      };
    });
  }

  /** Lists the groups that appear (computed or published), in the framework's order. */
  private renderLegend(o: Overview): void {
    const m = this.ctx.m;
    const seen = new Set<string>();
    for (const r of o.ranking) {
      seen.add(r.group.code);
      if (r.published) seen.add(r.published.group.code);
    }
    const items = o.framework.groups
      .filter((g) => seen.has(g.code))
      .map((g) =>
        h(
          'li',
          {},
          h('span', { class: 'swatch', style: `background:${groupColour(g.code)}`, 'aria-hidden': 'true' }),
          m.groupName(g.code, groupLabel(g, m.lang)),
        ),
      );
    if (o.ranking.some(groupDiffers)) {
      items.push(h('li', {}, h('span', { class: 'swatch differs', 'aria-hidden': 'true' }), m.mismatchLegend));
    }
    replaceChildren(this.ranking.body, h('ul', { class: 'legend', 'aria-label': m.group }, ...items));
  }
}

/** "Huyện Kế Sách, Tỉnh Sóc Trăng", or the province alone. */
export function areaTitle(area: AreaUnit, province: AreaUnit): string {
  return area.code === province.code ? province.name : `${area.name}, ${province.name}`;
}

/**
 * The provinces of the year, or the districts of one province, by the mean index of their units:
 * a bar or a name in the table opens that area's overview.
 */
function showAreas(panel: Panel, ctx: ViewContext, scope: Extract<Scope, { kind: 'choose' }>, year: number): void {
  const m = ctx.m;
  const province = scope.province;
  panel.setHeading(province ? m.districtsHeading(province.name, year) : m.provincesHeading(year));
  const missing = scope.missing !== null ? `${m.areaMissing(scope.missing, year)} ` : '';
  // The areas without results are in the picker; the chart and the table hold those with results.
  const without = province ? 0 : ctx.allProvinces.filter((p) => !ctx.provinces.some((r) => r.code === p.code)).length;
  panel.setNote(missing + (province ? m.districtsNote : m.provincesNote) + (without > 0 ? ` ${m.provincesWithout(without, year)}` : ''));
  const ref = areasRef(year);
  void panel.run(ref, () => ctx.fetch(ref), () => {
    const rows: readonly (Area & { districts?: Area[] })[] = province ? province.districts : ctx.provinces;
    if (rows.length === 0) return m.emptyYear(year);
    // After 2025-07-01 communes belong to the provinces directly: no district column then.
    const withDistricts = province === null && ctx.provinces.some((p) => p.districts.length > 0);
    const bars = areasByMean(rows);
    return {
      build: (c) => areasOption(bars, year, m, c),
      height: areasHeight(bars.length),
      attrs: { 'data-year': String(year), 'data-count': String(bars.length) },
      onClick: (i) => {
        const a = bars[i];
        if (a) ctx.navigate({ parent: a.code });
      },
      footer: sourceFooter([], m),
      table: {
        caption: province ? m.districtsHeading(province.name, year) : m.provincesHeading(year),
        columns: [
          { label: province ? m.colDistrict : m.colProvince },
          ...(withDistricts ? [{ label: m.colDistricts, numeric: true }] : []),
          { label: m.colUnits, numeric: true },
          { label: m.colAverage, numeric: true },
        ],
        rows: rows.map((a) => ({
          cells: [
            { text: province ? a.name : a.shortName, href: ctx.href({ parent: a.code }) },
            ...(withDistricts ? [{ text: String(a.districts?.length ?? 0), value: a.districts?.length ?? 0 }] : []),
            { text: String(a.units), value: a.units },
            { text: formatPercent(a.average, m.locale), value: a.average },
          ],
          attrs: { 'data-area': a.code },
        })),
      },
    };
  });
}
