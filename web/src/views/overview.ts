// The overview of a year: sentences, the ranking coloured by group (published group where it
// differs), units per group beside last year, field averages beside last year, and the biggest
// risers and fallers.
import { areasRef, areaTitle, scopeParent, type Area, type Scope } from '../areas';
import { areasByMean, areasHeight, areasOption } from '../charts/areas';
import { changesHeight, changesOption, movers, signedPoints } from '../charts/changes';
import { fieldName, fieldsHeight, fieldsOption, hasPublished, previousAverages } from '../charts/fields';
import { GROUPS_HEIGHT, groupsOption } from '../charts/groups';
import { groupDiffers, rankingHeight, rankingOption } from '../charts/ranking';
import { h, replaceChildren } from '../dom';
import { formatPercent, formatSource } from '../format';
import { byCohort, cohortCounts, cohortName, cohortOf, frameworkNamer, frameworkShortName, mixedFrameworks, rowFrameworks } from '../frameworks';
import { Classes, classRange, groupCell, groupName } from '../groups';
import { sourceFooter } from '../notice';
import {
  changesDoc,
  fieldsTwoYearsDoc,
  groupDistributionDoc,
  inArea,
  overviewDoc,
  type Changes,
  type FieldSummaryRow,
  type Framework,
  type GroupDistribution,
  type Overview,
  type RankingRow,
} from '../queries';
import { formats, overviewFacts, usableChanges } from '../sentences';
import type { AppState } from '../state';
import { previousYear, type View, type ViewContext } from './context';
import { Panel } from './panel';
import { importHint } from './status';
import { reportLink } from './reportlink';

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
    reportLink(this.root, this.ctx, scope.kind === 'area' || scope.kind === 'single' ? { unit: null } : null);
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
      const facts = overviewFacts(year, o.ranking, c, o.frameworks, m.lang);
      if (!facts) return m.emptyYear(year);
      replaceChildren(this.summary.body, h('p', { class: 'sentences' }, m.overviewSentences(facts, formats(m)).join(' ')));
      return { footer: '' };
    });

    this.ranking.setHeading(inScope(m.rankingHeading(year)));
    void this.ranking.run(overviewRef, loadOverview, (o) => {
      if (o.ranking.length === 0) return m.emptyYear(year);
      // Where the issuer ranks kinds of units apart, one cohort after another, each from rank 1.
      const rows = byCohort(o.ranking, o.frameworks);
      const classes = new Classes(o.frameworks);
      const mixed = mixedFrameworks(rows);
      const cohorts = cohortCounts(rows, o.frameworks);
      const cohortLabel = (r: RankingRow) => {
        const c = cohortOf(r, o.frameworks);
        if (!c) return null;
        const n = cohorts.find((x) => x.cohort.slug === c.slug && x.cohort.framework === c.framework);
        return { name: cohortName(c, m.lang), units: n?.units ?? rows.length };
      };
      const cohortsNote = m.cohortsNote(cohorts.map((c) => ({ name: cohortName(c.cohort, m.lang), units: c.units })));
      this.ranking.setNote(cohorts.length > 0 ? `${m.rankingNote} ${cohortsNote}` : m.rankingNote);
      this.ranking.setCaution(mixed && m.mixedFrameworks);
      this.renderLegend(rows, rowFrameworks(rows, o.frameworks), classes);
      const frameworkName = frameworkNamer(o.frameworks);
      return {
        build: (c) => rankingOption(rows, year, classes, m, c, cohortLabel),
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
            ...(cohorts.length > 0 ? [{ label: m.colCohort }] : []),
            { label: m.colUnit },
            { label: m.colPercent, numeric: true },
            { label: m.colGroup },
            { label: m.colPublishedGroup },
            ...(mixed ? [{ label: m.colFramework }] : []),
            { label: m.colSource },
          ],
          rows: rows.map((r) => ({
            cells: [
              { text: String(r.rank), value: r.rank },
              ...(cohorts.length > 0 ? [cohortLabel(r)?.name ?? m.none] : []),
              { text: r.unit.shortName, href: this.ctx.href({ view: 'profile', unit: r.unit.id }) },
              { text: formatPercent(r.percent, m.locale), value: r.percent },
              groupCell(r.group, m.lang),
              r.published ? groupCell(r.published.group, m.lang) : { text: m.none, value: null },
              ...(mixed ? [frameworkName(r.framework)] : []),
              formatSource(r.published?.source ?? r.source),
            ],
            attrs: { 'data-unit': r.unit.id, 'data-rank': String(r.rank), 'data-group': r.group.code, 'data-framework': r.framework },
          })),
        },
      };
    });

    this.groups.setHeading(inScope(m.groupsHeading(year)));
    const groupsRef = inArea(groupDistributionDoc, { year }, parent);
    // The year's frameworks (from the overview's answer, asked once) name the classes' issuers.
    const loadGroups = () =>
      Promise.all([this.ctx.fetch<{ groupDistribution: GroupDistribution }>(groupsRef), loadOverview().catch(() => null)]);
    void this.groups.run(groupsRef, loadGroups, ([{ groupDistribution: d }, o]) => {
      if (d.units === 0) return m.emptyYear(year);
      const frameworkName = frameworkNamer(o?.frameworks ?? []);
      this.groups.setNote(m.groupsNote(d.year, d.previousYear, d.units, d.previousUnits));
      this.groups.setCaution(d.mixedFrameworks && m.mixedFrameworks, d.previousByPosition && d.previousYear !== null && m.previousByPosition(d.previousYear));
      return {
        build: (c) => groupsOption(d, m, c, frameworkName),
        height: GROUPS_HEIGHT,
        attrs: { 'data-year': String(year), 'data-count': String(d.units), 'data-classes': String(d.groups.length) },
        footer: sourceFooter([], m),
        table: {
          caption: m.groupsHeading(year),
          columns: [
            { label: m.group },
            ...(d.mixedFrameworks ? [{ label: m.colFramework }] : []),
            { label: `${m.colCount} ${year}`, numeric: true },
            { label: `${m.colShare} ${year}`, numeric: true },
            ...(d.previousYear !== null
              ? [{ label: `${m.colCount} ${d.previousYear}`, numeric: true }, { label: `${m.colShare} ${d.previousYear}`, numeric: true }]
              : []),
          ],
          rows: d.groups.map((g) => ({
            cells: [
              groupName(g.group, m),
              ...(d.mixedFrameworks ? [frameworkName(g.group.framework)] : []),
              { text: String(g.count), value: g.count },
              { text: formatPercent(g.share, m.locale, 1), value: g.share },
              ...(d.previousYear !== null
                ? [
                    { text: String(g.previousCount ?? 0), value: g.previousCount },
                    { text: formatPercent(g.previousShare, m.locale, 1), value: g.previousShare },
                  ]
                : []),
            ],
            attrs: { 'data-group': g.group.code, 'data-framework': g.group.framework, 'data-ordinal': String(g.group.ordinal) },
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
      this.fields.setNote(m.fieldsNote(prevData ? prev : null, withPublished) + scope);
      this.fields.setCaution(rows.some((r) => r.mixedFrameworks) && m.mixedFrameworks);
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
      // A chart of risers only (or fallers only) says so: a reader would otherwise look for the others.
      const compared = c.units.filter((u) => u.status === 'BOTH' && u.change !== null);
      const rose = compared.filter((u) => (u.change ?? 0) > 0.005).length;
      const fell = compared.filter((u) => (u.change ?? 0) < -0.005).length;
      const oneSide = rose === 0 || fell === 0 ? ` ${m.changesOneSide(rose, fell, compared.length, prev)}` : '';
      this.changes.setNote(
        m.changesNote(c.boundary === 'CURRENT') + oneSide + (c.summary.inferred > 0 ? m.changesInferred(c.summary.inferred) : ''),
      );
      // Units whose own framework changed are said apart; the general caution is for units of
      // different frameworks side by side, which a change of every unit's framework is not.
      this.changes.setCaution(
        c.mixedFrameworks && c.summary.frameworkChanged < c.summary.compared && m.mixedFrameworks,
        c.summary.frameworkChanged > 0 && m.frameworkChanged(c.summary.frameworkChanged, prev, year),
      );
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

  /**
   * Lists the classes of the rows' frameworks, best first, each in its colour with the totals it
   * takes, and names the framework they come from; units of several frameworks get a line per
   * framework.
   */
  private renderLegend(rows: readonly RankingRow[], frameworks: readonly Framework[], classes: Classes): void {
    const m = this.ctx.m;
    const several = frameworks.length > 1;
    const lists = frameworks.map((f) => {
      const items = [...f.groups]
        .sort((a, b) => a.ordinal - b.ordinal)
        .map((g) => {
          const range = classRange(f.groups, g.ordinal, m);
          return h(
            'li',
            { 'data-group': g.code, 'data-framework': f.id },
            h('span', { class: 'swatch', style: `background:${classes.colour(g)}`, 'aria-hidden': 'true' }),
            h('span', { class: 'legend-label' }, groupName(g, m)),
            range ? h('span', { class: 'legend-range' }, ` (${range})`) : null,
          );
        });
      return h(
        'div',
        { class: 'legend-framework', 'data-framework': f.id },
        h(
          'ul',
          { class: 'legend', 'aria-label': several ? `${m.group} – ${frameworkShortName(f)}` : m.group },
          several ? h('li', { class: 'legend-whose' }, `${frameworkShortName(f)}:`) : null,
          ...items,
        ),
        h('p', { class: 'legend-source' }, m.frameworkLine(f.name)),
      );
    });
    const extra = rows.some(groupDiffers)
      ? [h('ul', { class: 'legend' }, h('li', {}, h('span', { class: 'swatch differs', 'aria-hidden': 'true' }), m.mismatchLegend))]
      : [];
    replaceChildren(this.ranking.body, ...lists, ...extra);
  }
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
