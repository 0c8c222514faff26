// A unit's profile: sentences written from the data, what it was before and what it became
// (views/lineage.ts), the index over the years (gaps where a year is missing), the rank history, each field over
// the years, a radar of the fields against the parent's mean and the best unit, and the
// criteria where it lost most points.
import { criteriaHeight, criteriaOption, topLosses } from '../charts/criteria';
import { linesHeight, linesOption, type Line } from '../charts/lines';
import { radarHeight, radarKey, radarOption } from '../charts/radar';
import { inheritedYears, observedValues, TREND_HEIGHT, trendOption, yearClass } from '../charts/trend';
import { h, replaceChildren } from '../dom';
import { formatNumber, formatPercent } from '../format';
import { mainFramework } from '../frameworks';
import { groupCell } from '../groups';
import { inferredYears, madeFrom, meanOf, parentsToName } from '../history';
import type { Messages } from '../i18n';
import { sourceFooter } from '../notice';
import {
  COMPARE,
  parentNamesRef,
  profileTrendQuery,
  SCORES,
  UNIT_DETAIL,
  unitFrameworksRef,
  type Comparison,
  type Framework,
  type FrameworkGroup,
  type CriterionScore,
  type FieldSeries,
  type Overview,
  type Series,
  type UnitDetail,
  type UnitRef,
} from '../queries';
import { lineageNodes } from './lineage';
import { importHint } from './status';
import { formats, profileFacts } from '../sentences';
import type { AppState } from '../state';
import type { View, ViewContext } from './context';
import { Panel } from './panel';
import { reportLink } from './reportlink';
import { UnitSearch } from './search';

type TrendAnswer = { total: Series[] } & Record<string, FieldSeries[] | Series[]>;

export class ProfileView implements View {
  readonly root: HTMLElement;
  private readonly picker = h('select', { id: 'profile-unit', name: 'unit' });
  private readonly summary: Panel;
  private readonly trend: Panel;
  private readonly rank: Panel;
  private readonly fieldTrend: Panel;
  private readonly radar: Panel;
  private readonly criteria: Panel;
  private readonly heading = h('h2', { id: 'profile-heading', class: 'view-heading' });

  constructor(private readonly ctx: ViewContext) {
    const m = ctx.m;
    this.summary = new Panel(m, 'profile-summary', { chart: false });
    this.trend = new Panel(m, 'trend');
    this.rank = new Panel(m, 'rank');
    this.fieldTrend = new Panel(m, 'field-trend');
    this.radar = new Panel(m, 'radar');
    this.criteria = new Panel(m, 'criteria');
    this.picker.addEventListener('change', () => ctx.navigate({ unit: this.picker.value }));
    const search = new UnitSearch(ctx, 'profile-search', (u) => ctx.navigate({ unit: u.id }));
    this.root = h(
      'div',
      { class: 'view', id: 'view-profile' },
      h(
        'div',
        { class: 'controls' },
        h('div', { class: 'field' }, h('label', { for: 'profile-unit' }, m.unitLabel), this.picker),
        search.root,
      ),
      this.heading,
      // One column: the radar's field names and the criteria's long names need the width.
      h(
        'div',
        { class: 'grid one' },
        this.summary.section,
        this.trend.section,
        this.radar.section,
        this.criteria.section,
        this.fieldTrend.section,
        this.rank.section,
      ),
    );
  }

  /** The latest load: an earlier one still waiting for an answer stops when it gets it. */
  private seq = 0;

  show(state: AppState, year: number): void {
    void this.load(state, year, ++this.seq);
  }

  private async load(state: AppState, year: number, seq: number): Promise<void> {
    const { m } = this.ctx;
    reportLink(this.root, this.ctx, state.unit ? { unit: state.unit } : 'pending');
    let overview: Overview | null = null;
    try {
      overview = await this.ctx.overview(year);
    } catch {
      // The picker stays empty; the panels below say what failed.
    }
    if (seq !== this.seq) return;
    const units = overview?.ranking.map((r) => r.unit) ?? [];
    const unitId = state.unit ?? units[0]?.id ?? null;
    this.fillPicker(units, unitId);
    reportLink(this.root, this.ctx, unitId === null ? null : { unit: unitId });
    if (unitId === null) {
      this.heading.textContent = '';
      this.summary.setHeading(m.summaryLabel);
      this.summary.empty(m.pickUnit);
      for (const p of [this.trend, this.rank, this.fieldTrend, this.radar, this.criteria]) p.setVisible(false);
      return;
    }
    const unitRef = { query: UNIT_DETAIL, variables: { unit: unitId } };
    this.summary.setHeading(m.summaryLabel);
    let unit: UnitDetail;
    const unitLoad = this.ctx.fetch<{ unit: UnitDetail }>(unitRef);
    // The summary says "loading" (or why the unit failed) until its sentences are run below.
    void this.summary.run(unitRef, () => unitLoad, () => ({ footer: '' }));
    try {
      unit = (await unitLoad).unit;
    } catch {
      if (seq !== this.seq) return;
      for (const p of [this.trend, this.rank, this.fieldTrend, this.radar, this.criteria]) p.setVisible(false);
      this.heading.textContent = '';
      return;
    }
    if (seq !== this.seq) return;
    this.heading.textContent = m.profileHeading(unit.name);
    // A unit found by search in another year is listed by its ID until its name is known.
    const option = [...this.picker.options].find((o) => o.value === unit.id);
    if (option) option.textContent = unit.name;
    // The year of the radar and the criteria: the page's year if the unit has a result then,
    // else its last year (a former commune's last year is 2024).
    const y = unit.years.includes(year) ? year : (unit.years[unit.years.length - 1] ?? year);
    // The year selector says the year shown.
    if (y !== year) this.ctx.showingYear(y);
    // A unit made by a merger (or the 2025 reorganisation) is told through what it was made of
    // (boundary CURRENT); a renamed or moved one is followed through its versions as published.
    const madeOf = madeFrom(unit.id, unit.validFrom, unit.lineage);
    const created = madeOf.length > 0;
    const boundary = created ? 'CURRENT' : 'AS_PUBLISHED';
    // The framework the unit was scored on in that year (its issuer's): its fields and classes.
    let framework: Framework | null = null;
    try {
      framework = (await this.ctx.fetch<{ f0: Framework }>(unitFrameworksRef([{ year: y, unit: unit.id }]))).f0;
    } catch {
      try {
        framework = y === year && overview ? mainFramework(overview.ranking, overview.frameworks) : await this.ctx.framework(y);
      } catch {
        framework = null;
      }
    }
    if (seq !== this.seq) return;
    const fields = framework?.fields ?? [];
    const trendRef = { query: profileTrendQuery(fields.map((f) => f.slug)), variables: { unit: unit.id, boundary } };
    const compareRef = { query: COMPARE, variables: { units: [unit.id], year: y } };
    const scoresRef = { query: SCORES, variables: { unit: unit.id, year: y } };
    const loadTrend = () => this.ctx.fetch<TrendAnswer>(trendRef);
    const loadCompare = () => this.ctx.fetch<{ compare: Comparison }>(compareRef);
    const groups = framework?.groups ?? [];
    // Each year's classes, from the framework its value was scored on (a unit's issuer may have
    // replaced its framework, and a 2025 commune's history is its predecessors').
    const loadTrendClasses = async (): Promise<{ t: TrendAnswer; byYear: (FrameworkGroup[] | null)[] }> => {
      const t = await loadTrend();
      const s = t.total[0];
      if (!s) return { t, byYear: [] };
      const pairs = s.years.flatMap((yy, i) => (s.groups[i] ? [{ i, year: yy, unit: s.contributors[i]?.[0] ?? unit.id }] : []));
      if (pairs.length === 0) return { t, byYear: [] };
      let answer: Record<string, Framework>;
      try {
        answer = await this.ctx.fetch<Record<string, Framework>>(unitFrameworksRef(pairs));
      } catch {
        return { t, byYear: [] }; // the classes of the year shown then
      }
      const byYear: (FrameworkGroup[] | null)[] = s.years.map(() => null);
      pairs.forEach((p, k) => (byYear[p.i] = answer[`f${k}`]?.groups ?? null));
      return { t, byYear };
    };

    // The parents' names of the moves in its history (a link names parents by code only).
    const toName = parentsToName([...unit.lineage, ...unit.history]);
    const loadParents = async (): Promise<Map<string, string>> => {
      if (toName.length === 0) return new Map();
      const answer = await this.ctx.fetch<Record<string, { id: string; parentName: string | null } | null>>(parentNamesRef(toName));
      return new Map(Object.values(answer).flatMap((u) => (u?.parentName ? [[u.id, u.parentName] as [string, string]] : [])));
    };

    // A unit without any result (most of the country until its results are imported): the
    // summary says so and where results come from, instead of empty charts.
    let anyResult = unit.years.length > 0;
    if (!anyResult) {
      try {
        anyResult = (await loadTrend()).total.some((s) => observedValues(s).some((v) => v !== null));
      } catch {
        anyResult = true; // the panels below say what failed
      }
      if (seq !== this.seq) return;
    }
    for (const p of [this.trend, this.rank, this.fieldTrend, this.radar, this.criteria]) p.setVisible(anyResult);

    // Sentences and the history.
    const loadSummary = () =>
      Promise.all([loadCompare().catch(() => null), loadTrend().catch(() => null), loadParents().catch(() => new Map<string, string>())]);
    void this.summary.run(unitRef, loadSummary, ([c, t, parents]) => {
      const compared = c?.compare.units[0] ?? null;
      const total = t?.total[0] ?? null;
      const facts = profileFacts(
        unit.name,
        unit.parentName,
        y,
        compared,
        total,
        created ? meanOf(unit, m) : null,
        m.lang,
      );
      const nodes: Node[] = [];
      if (facts) nodes.push(h('p', { class: 'sentences' }, m.profileSentences(facts, formats(m)).join(' ')));
      if (!anyResult) nodes.push(h('p', { class: 'sentences', id: 'no-results' }, m.unitNoResults(unit.name)), importHint(m));
      nodes.push(...lineageNodes(unit, parents, m, (id) => this.ctx.href({ view: 'profile', unit: id })));
      replaceChildren(this.summary.body, ...nodes);
      if (nodes.length === 0) return m.emptyYear(y);
      return { footer: '' };
    });
    if (!anyResult) return;

    this.trend.setHeading(m.trendHeading);
    this.trend.setNote(created ? `${m.trendNote} ${m.trendNoteCurrent}` : m.trendNote);
    void this.trend.run(trendRef, loadTrendClasses, ({ t, byYear }) => {
      const s = t.total[0];
      if (!s || observedValues(s).every((v) => v === null)) return m.emptyYear(y);
      const values = observedValues(s);
      const inherited = inheritedYears(s);
      // Values that came through a receiver the lists do not establish are no facts: say so.
      const inferred = inferredYears(s);
      const note = created ? `${m.trendNote} ${m.trendNoteCurrent}` : m.trendNote;
      this.trend.setNote(inferred.length > 0 ? `${note} ${m.trendInferred(inferred.join(', '))} ${m.hollowPoints}` : note);
      // A unit whose years were scored on several frameworks (its issuer's new one, or a 2025
      // commune's predecessors'): its points compare by percent, its classes by position.
      const scoredOn = new Set(byYear.flatMap((g) => (g?.[0] ? [g[0].framework] : [])));
      this.trend.setCaution(scoredOn.size > 1 && m.trendFrameworks(y));
      return {
        build: (c) => trendOption(s, groups, m, c, byYear),
        height: TREND_HEIGHT,
        attrs: { 'data-unit': unit.id, 'data-count': String(s.years.length), 'data-boundary': boundary },
        footer: sourceFooter(s.sources.map((k) => (k ? { kind: k, title: '', date: null } : null)), m),
        table: {
          caption: m.trendChartLabel(unit.name),
          columns: [
            { label: m.year, numeric: true },
            { label: m.index, numeric: true },
            { label: m.rank, numeric: true },
            { label: m.group },
            { label: m.statusLabel },
          ],
          rows: s.years.map((yy, i) => ({
            cells: [
              { text: String(yy), value: yy },
              { text: formatPercent(values[i], m.locale), value: values[i] ?? null },
              { text: values[i] === null ? m.none : String(s.ranks[i] ?? m.none), value: s.ranks[i] ?? null },
              values[i] === null ? m.none : yearClassCell(s, i, groups, byYear, m),
              statusCell(s, i, inherited[i] ?? false, m),
            ],
            attrs: { 'data-year': String(yy) },
          })),
        },
      };
    });

    this.rank.setHeading(m.rankHeading);
    this.rank.setNote(m.rankNote(unit.parentName));
    void this.rank.run(trendRef, loadTrend, (t) => {
      const s = t.total[0];
      if (!s) return m.emptyYear(y);
      const ranks = s.years.map((_, i) => (s.status[i] === 'OBSERVED' ? (s.ranks[i] ?? null) : null));
      if (ranks.every((r) => r === null)) return m.emptyYear(y);
      return {
        build: (c) => linesOption({ years: s.years, lines: [{ name: unit.shortName, values: ranks }], label: m.rankHeading, kind: 'rank' }, m, c),
        height: 220,
        attrs: { 'data-unit': unit.id },
        footer: sourceFooter(s.sources.map((k) => (k ? { kind: k, title: '', date: null } : null)), m),
        table: {
          caption: m.rankHeading,
          columns: [{ label: m.year, numeric: true }, { label: m.rank, numeric: true }],
          rows: s.years.map((yy, i) => ({ cells: [{ text: String(yy), value: yy }, { text: ranks[i] === null ? m.none : String(ranks[i]), value: ranks[i] ?? null }] })),
        },
      };
    });

    this.fieldTrend.setHeading(m.fieldTrendHeading);
    this.fieldTrend.setNote(m.fieldTrendNote);
    void this.fieldTrend.run(trendRef, loadTrend, (t) => {
      const s = t.total[0];
      if (!s || fields.length === 0) return m.emptyYear(y);
      const lines: Line[] = fields.map((f) => {
        const fs = (t[`f_${f.slug}`] as FieldSeries[] | undefined)?.[0];
        const name = m.lang === 'en' ? f.nameEn : f.nameVi;
        return {
          name,
          short: m.fieldShort(f.slug, name),
          values: s.years.map((yy) => {
            const i = fs?.years.indexOf(yy) ?? -1;
            return i >= 0 && fs?.status[i] === 'OBSERVED' ? (fs.values[i] ?? null) : null;
          }),
        };
      });
      return {
        build: (c) => linesOption({ years: s.years, lines, label: m.fieldTrendHeading, kind: 'percent' }, m, c),
        height: linesHeight(lines, this.root.clientWidth || 800) + 40,
        attrs: { 'data-unit': unit.id, 'data-count': String(lines.length) },
        footer: sourceFooter(s.sources.map((k) => (k ? { kind: k, title: '', date: null } : null)), m),
        table: {
          caption: m.fieldTrendHeading,
          columns: [{ label: m.colField }, ...s.years.map((yy) => ({ label: String(yy), numeric: true }))],
          rows: lines.map((l) => ({ cells: [l.name, ...l.values.map((v) => ({ text: formatPercent(v, m.locale), value: v }))] })),
        },
      };
    });

    this.radar.setHeading(m.radarHeading(y));
    this.radar.setNote(m.radarNote(unit.parentName));
    void this.radar.run(compareRef, loadCompare, ({ compare }) => {
      const u = compare.units[0];
      if (!u || u.fields.length === 0) return m.emptyYear(y);
      const narrowKey = h('ol', { class: 'radar-key' }, ...radarKey(u, m.lang).map((t) => h('li', {}, t.replace(/^\d+\. /, ''))));
      replaceChildren(this.radar.body, narrowKey);
      return {
        build: (c) => radarOption(u, y, m, c),
        height: radarHeight(this.root.clientWidth || 800),
        attrs: { 'data-unit': unit.id, 'data-year': String(y) },
        footer: sourceFooter([], m),
        table: {
          caption: m.radarHeading(y),
          columns: [
            { label: m.colField },
            { label: unit.shortName, numeric: true },
            { label: m.rank, numeric: true },
            { label: m.parentMean, numeric: true },
            { label: m.bestUnit, numeric: true },
            { label: m.colUnit },
          ],
          rows: u.fields.map((f) => ({
            cells: [
              m.lang === 'en' ? f.field.nameEn : f.field.nameVi,
              { text: formatPercent(f.percent, m.locale), value: f.percent },
              { text: m.rankOf(f.rank, f.benchmarks.units), value: f.rank },
              { text: formatPercent(f.benchmarks.parentMean, m.locale), value: f.benchmarks.parentMean },
              { text: formatPercent(f.benchmarks.best, m.locale), value: f.benchmarks.best },
              f.benchmarks.bestUnit.shortName,
            ],
            attrs: { 'data-field': f.field.slug },
          })),
        },
      };
    });

    this.criteria.setHeading(m.criteriaHeading(y));
    this.criteria.setNote(m.criteriaNote);
    void this.criteria.run(scoresRef, () => this.ctx.fetch<{ scores: CriterionScore[] }>(scoresRef), ({ scores }) => {
      if (scores.length === 0) return m.emptyYear(y);
      const rows = topLosses(scores);
      if (rows.length === 0) return m.criteriaNone;
      return {
        build: (c) => criteriaOption(rows, y, m, c),
        height: criteriaHeight(rows.length, this.root.clientWidth || 800),
        attrs: { 'data-unit': unit.id, 'data-year': String(y), 'data-count': String(rows.length) },
        footer: sourceFooter([], m),
        table: {
          caption: m.criteriaHeading(y),
          columns: [
            { label: m.colCriterion },
            { label: m.colField },
            { label: m.colPoints, numeric: true },
            { label: m.colMax, numeric: true },
            { label: m.colLost, numeric: true },
          ],
          rows: [...scores]
            .sort((a, b) => b.lostToBest - a.lostToBest)
            .map((s) => ({
              cells: [
                `${s.criterion.code} ${s.criterion.name}`,
                m.lang === 'en' ? s.field.nameEn : s.field.nameVi,
                { text: formatNumber(s.points, m.locale), value: s.points },
                { text: formatNumber(s.maxPoints, m.locale), value: s.maxPoints },
                { text: formatNumber(s.lostToBest, m.locale), value: s.lostToBest },
              ],
            })),
        },
      };
    });
  }

  private fillPicker(units: readonly UnitRef[], selected: string | null): void {
    const sorted = [...units].sort((a, b) => a.shortName.localeCompare(b.shortName, this.ctx.m.locale));
    const options = sorted.map((u) => h('option', { value: u.id, selected: u.id === selected }, u.name));
    // A unit of another year (found by search) is listed too, so the picker names it.
    if (selected !== null && !sorted.some((u) => u.id === selected)) {
      options.unshift(h('option', { value: selected, selected: true }, selected));
    }
    replaceChildren(this.picker, ...options);
    if (selected !== null) this.picker.value = selected;
    // No area chosen on national data: no list to pick from, the search is the way in.
    const field = this.picker.closest('.field');
    if (field instanceof HTMLElement) field.hidden = options.length === 0;
  }
}

/** The class of a year of a trend in a table cell, named as that year's framework names it. */
function yearClassCell(s: Series, i: number, groups: readonly FrameworkGroup[], byYear: readonly (FrameworkGroup[] | null)[], m: Messages): string {
  const c = yearClass(s, i, groups, byYear);
  return c ? groupCell(c.group, m.lang) : (s.groups[i] ?? m.none);
}

/** The status of a year of a trend, with where its value comes from and how certain it is. */
function statusCell(s: Series, i: number, inherited: boolean, m: Messages): string {
  const notes = [...(inherited ? [m.trendPredecessors] : []), ...(s.certainty?.[i] === 'INFERRED' ? [m.inferredShort] : [])];
  const status = m.status[s.status[i] ?? 'NOT_ASSESSED'];
  return notes.length > 0 ? `${status} (${notes.join('; ')})` : status;
}

