// The printable report ("In báo cáo"): one A4 page or two for a unit (?view=report&unit=…) or for
// an area (?view=report&parent=…, or the page's only area), from the same documents, sentences and
// notice as the profile and the overview, so it says the same numbers. No chart library: the few
// bars are CSS, the rest is tables a chairman reads on paper. report.css holds the print rules.
import '../report.css';
import { areaTitle, scopeParent, type Scope } from '../areas';
import { signedPoints } from '../charts/changes';
import { topLosses } from '../charts/criteria';
import { inheritedYears, yearClass } from '../charts/trend';
import { h, replaceChildren } from '../dom';
import { formatNumber, formatPercent } from '../format';
import { byCohort, cohortCounts, cohortName, cohortOf, mainFramework, mixedFrameworks, rowFrameworks } from '../frameworks';
import { classRange, Classes, groupCell, groupName } from '../groups';
import { inferredYears, madeFrom, meanOf } from '../history';
import type { Messages } from '../i18n';
import { illustrativeNotice } from '../notice';
import {
  changesDoc,
  COMPARE,
  fieldsTwoYearsDoc,
  groupDistributionDoc,
  inArea,
  overviewDoc,
  profileTrendQuery,
  SCORES,
  UNIT_DETAIL,
  unitFrameworksRef,
  type Changes,
  type Comparison,
  type CriterionScore,
  type FieldSummaryRow,
  type Framework,
  type FrameworkGroup,
  type GroupDistribution,
  type GroupRef,
  type Overview,
  type RankingRow,
  type Series,
  type UnitDetail,
} from '../queries';
import {
  barWidth,
  changesByUnit,
  frameworkLines,
  publishedSources,
  reportFields,
  reportYears,
  risersAndFallers,
  scoreSources,
} from '../report';
import { formats, overviewFacts, profileFacts, usableChanges } from '../sentences';
import type { AppState } from '../state';
import { previousYear, type View, type ViewContext } from './context';
import { showEmpty, showError, showLoading, statusLine } from './status';

export class ReportView implements View {
  readonly root: HTMLElement;
  private readonly back = h('a', { class: 'report-back', 'data-nav': '' });
  private readonly status = statusLine();
  private readonly running = h('div', { class: 'report-running' });
  private readonly body = h('div', { class: 'report-body' });

  constructor(private readonly ctx: ViewContext) {
    const m = ctx.m;
    this.back.textContent = `← ${m.reportBack}`;
    const print = h('button', { type: 'button', class: 'report-print' }, m.reportPrint);
    print.addEventListener('click', () => window.print());
    this.root = h(
      'div',
      { class: 'view report', id: 'view-report' },
      h('div', { class: 'report-tools' }, this.back, print),
      this.status,
      // A table so that its header (the unit and the year) is repeated on every printed page.
      h(
        'article',
        { class: 'report-sheet', id: 'report' },
        h(
          'table',
          { class: 'report-frame', role: 'presentation' },
          h('thead', {}, h('tr', {}, h('td', {}, this.running))),
          h('tbody', {}, h('tr', {}, h('td', {}, this.body))),
        ),
      ),
    );
  }

  /** The latest load: an earlier one still waiting for an answer stops when it gets it. */
  private seq = 0;

  show(state: AppState, year: number): void {
    const seq = ++this.seq;
    delete this.root.dataset['ready'];
    this.back.href = this.ctx.href({ view: state.unit ? 'profile' : 'overview' });
    replaceChildren(this.body);
    this.running.textContent = '';
    showLoading(this.status, this.ctx.m);
    const load = state.unit ? this.unitReport(state.unit, year, seq) : this.areaReport(this.ctx.scope, year, seq);
    load.catch((err: unknown) => {
      if (seq !== this.seq) return;
      showError(this.status, this.ctx.m, err, () => this.show(state, year));
    });
  }

  /** Marks the report drawn (for tests and for whoever prints it once ready). */
  private done(attrs: Record<string, string>): void {
    replaceChildren(this.status);
    delete this.status.dataset['state'];
    Object.assign(this.root.dataset, attrs, { ready: 'true' });
  }

  private async unitReport(id: string, year: number, seq: number): Promise<void> {
    const { m } = this.ctx;
    const unit = (await this.ctx.fetch<{ unit: UnitDetail }>({ query: UNIT_DETAIL, variables: { unit: id } })).unit;
    if (seq !== this.seq) return;
    // As the profile: the page's year if the unit has a result then, else its last year.
    const y = unit.years.includes(year) ? year : (unit.years[unit.years.length - 1] ?? year);
    this.running.textContent = m.reportRunning(unit.parentName ? `${unit.name}, ${unit.parentName}` : unit.name, y);
    document.title = `${unit.name} ${y} · ${m.reportTitle}`;
    if (unit.years.length === 0) {
      showEmpty(this.status, m.unitNoResults(unit.name));
      return;
    }
    const created = madeFrom(unit.id, unit.validFrom, unit.lineage).length > 0;
    const boundary = created ? 'CURRENT' : 'AS_PUBLISHED';
    const framework = (await this.ctx.fetch<{ f0: Framework }>(unitFrameworksRef([{ year: y, unit: unit.id }]))).f0;
    const trendRef = { query: profileTrendQuery(framework.fields.map((f) => f.slug)), variables: { unit: unit.id, boundary } };
    const [compare, trend, scores, parent] = await Promise.all([
      this.ctx.fetch<{ compare: Comparison }>({ query: COMPARE, variables: { units: [unit.id], year: y } }),
      this.ctx.fetch<{ total: Series[] }>(trendRef),
      this.ctx.fetch<{ scores: CriterionScore[] }>({ query: SCORES, variables: { unit: unit.id, year: y } }),
      this.ctx.fetch<Overview>(inArea(overviewDoc, { year: y }, unit.parent)),
    ]);
    if (seq !== this.seq) return;
    const u = compare.compare.units[0];
    const total = trend.total[0] ?? null;
    if (!u) {
      showEmpty(this.status, m.emptyYear(y));
      return;
    }
    // Each year's class as the framework of that year names it (the profile's trend table does the same).
    const pairs = total ? total.years.flatMap((yy, i) => (total.groups[i] && yy <= y ? [{ i, year: yy, unit: total.contributors[i]?.[0] ?? unit.id }] : [])) : [];
    const byYear: (FrameworkGroup[] | null)[] = total ? total.years.map(() => null) : [];
    if (pairs.length > 0) {
      const answer = await this.ctx.fetch<Record<string, Framework>>(unitFrameworksRef(pairs)).catch(() => null);
      pairs.forEach((p, k) => (byYear[p.i] = answer?.[`f${k}`]?.groups ?? null));
      if (seq !== this.seq) return;
    }

    const row = parent.ranking.find((r) => r.unit.id === unit.id) ?? null;
    const facts = profileFacts(unit.name, unit.parentName, y, u, total, created ? meanOf(unit, m) : null, m.lang);
    const classes = new Classes([framework]);
    const fields = reportFields(u, m.lang);
    const notice = paperNotice(illustrativeNotice(y, parent, total, m), m);

    replaceChildren(
      this.body,
      h(
        'header',
        { class: 'report-head' },
        h('p', { class: 'report-kicker' }, m.reportKicker(y)),
        h('h1', { id: 'report-title' }, unit.name),
        unit.parentName ? h('p', { class: 'report-sub' }, m.reportOf(unit.parentName)) : null,
      ),
      h(
        'dl',
        { class: 'report-keys' },
        key(m.index, formatPercent(u.percent, m.locale), 'report-index'),
        key(m.group, classBadge(u.group, classes, m), 'report-group'),
        key(m.rank, m.rankOf(u.rank, u.benchmarks.units), 'report-rank'),
        facts?.change ? key(m.reportChange(facts.change.since), m.reportPoints(signedPoints(facts.change.points, m.locale)), 'report-change') : null,
      ),
      notice ? h('p', { class: 'report-notice', id: 'report-notice', role: 'note' }, notice) : null,
      facts ? h('p', { class: 'report-sentences', id: 'report-sentences' }, m.profileSentences(facts, formats(m)).join(' ')) : null,
      section(
        'report-fields',
        m.reportFieldsHeading(y),
        m.reportFieldsNote(unit.parentName),
        table(
          [m.colField, unit.shortName, m.rank, m.parentMean, m.reportDiff, m.bestUnit],
          fields.map((f) => [
            h('span', {}, f.name, bar(f.percent, f.mean)),
            formatPercent(f.percent, m.locale),
            m.rankOf(f.rank, f.units),
            formatPercent(f.mean, m.locale),
            signedPoints(f.diff, m.locale),
            `${formatPercent(f.best, m.locale)} (${f.bestUnit})`,
          ]),
          [false, true, true, true, true, true],
        ),
      ),
      total ? this.historySection(total, y, framework, byYear, unit.parentName) : null,
      this.criteriaSection(scores.scores, y),
      this.sourcesSection(y, row ? [row] : [], [framework]),
      h('p', { class: 'report-address' }, m.reportAddress(location.href)),
    );
    this.done({ kind: 'unit', unit: unit.id, year: String(y) });
  }

  private historySection(s: Series, y: number, framework: Framework, byYear: readonly (FrameworkGroup[] | null)[], parentName: string | null): HTMLElement {
    const m = this.ctx.m;
    const years = reportYears(s, y);
    // Years before a unit was formed are its predecessors' mean; values through an inferred link are no facts.
    const inherited = inheritedYears(s);
    const marked = (yy: number) => inherited[s.years.indexOf(yy)] === true && years.some((r) => r.year === yy && r.percent !== null);
    const inferred = inferredYears(s).filter((yy) => yy <= y);
    const note = [
      m.reportHistoryNote(parentName),
      years.some((r) => marked(r.year)) ? m.reportInherited : '',
      inferred.length > 0 ? m.trendInferred(inferred.join(', ')) : '',
    ].filter((t) => t !== '');
    return section(
      'report-history',
      m.reportHistoryHeading,
      note.join(' '),
      table(
        [m.year, ...years.map((r) => (marked(r.year) ? `${r.year}*` : String(r.year)))],
        [
          [m.index, ...years.map((r) => formatPercent(r.percent, m.locale))],
          [m.rank, ...years.map((r) => (r.rank === null ? m.none : String(r.rank)))],
          [
            m.group,
            ...years.map((r) => {
              if (r.group === null) return m.none;
              const c = yearClass(s, s.years.indexOf(r.year), framework.groups, byYear);
              return c ? groupCell(c.group, m.lang) : r.group;
            }),
          ],
        ],
        [false, ...years.map(() => true)],
        'report-years',
      ),
    );
  }

  private criteriaSection(scores: readonly CriterionScore[], y: number): HTMLElement {
    const m = this.ctx.m;
    const rows = topLosses(scores);
    return section(
      'report-criteria',
      m.criteriaHeading(y),
      m.criteriaNote,
      rows.length === 0
        ? h('p', {}, scores.length === 0 ? m.emptyYear(y) : m.criteriaNone)
        : table(
            [m.colCriterion, m.colField, m.colPoints, m.colMax, m.colLost],
            rows.map((s) => [
              `${s.criterion.code} ${s.criterion.name}`,
              m.lang === 'en' ? s.field.nameEn : s.field.nameVi,
              formatNumber(s.points, m.locale),
              formatNumber(s.maxPoints, m.locale),
              formatNumber(s.lostToBest, m.locale),
            ]),
            [false, false, true, true, true],
          ),
    );
  }

  /** The decisions behind the scores and the published results, the framework, and the notice. */
  private sourcesSection(year: number, rows: readonly RankingRow[], frameworks: readonly Framework[]): HTMLElement {
    const m = this.ctx.m;
    const scores = scoreSources(rows);
    const lines: string[] = [];
    if (scores.official.length > 0) lines.push(m.reportScoresOfficial(year, scores.official.join('; ')));
    if (scores.illustrative) lines.push(m.reportScoresIllustrative(year));
    const published = publishedSources(rows);
    if (published.rows.length === 1 && rows.length === 1) {
      const p = published.rows[0]?.published;
      if (p) lines.push(m.reportPublished(year, m.reportPublishedRank(groupName(p.group, m), p.rank), published.sources.join('; ')));
    } else if (published.rows.length > 0) {
      lines.push(m.reportPublished(year, m.reportPublishedGroups(published.rows.length), published.sources.join('; ')));
    }
    for (const f of frameworks) {
      const l = frameworkLines(f);
      lines.push(m.reportFramework(l.name));
      if (l.decision && l.decision !== l.name) lines.push(m.reportFrameworkDecision(l.decision));
      if (l.illustrative) lines.push(m.reportFrameworkIllustrative(l.illustrative));
    }
    return section(
      'report-sources',
      m.reportSourcesHeading,
      null,
      h('ul', { class: 'report-source-list' }, ...lines.map((t) => h('li', {}, t))),
    );
  }

  private async areaReport(scope: Scope, year: number, seq: number): Promise<void> {
    const { m } = this.ctx;
    document.title = m.reportTitle;
    if (scope.kind === 'choose' || scope.kind === 'empty') {
      showEmpty(this.status, scope.kind === 'empty' ? m.areaNoResults(areaTitle(scope.area, scope.province), year) : m.reportPickArea);
      return;
    }
    if (!this.ctx.years.includes(year)) {
      showEmpty(this.status, m.emptyYear(year));
      return;
    }
    const name = scope.kind === 'area' ? areaTitle(scope.area, scope.province) : m.title;
    this.running.textContent = m.reportRunning(name, year);
    document.title = `${name} ${year} · ${m.reportTitle}`;
    const parent = scopeParent(scope);
    const prev = previousYear(this.ctx.years, year);
    // The province's field means beside a district's (a province has no parent with results).
    const province = scope.kind === 'area' && scope.area.code !== scope.province.code ? scope.province : null;
    const [o, changes, groups, fields, provinceFields] = await Promise.all([
      this.ctx.fetch<Overview>(inArea(overviewDoc, { year }, parent)),
      prev === null
        ? Promise.resolve(null)
        : this.ctx.fetch<{ asPublished: Changes; current: Changes }>(inArea(changesDoc, { from: prev, to: year }, parent)).then(usableChanges),
      this.ctx.fetch<{ groupDistribution: GroupDistribution }>(inArea(groupDistributionDoc, { year }, parent)),
      prev === null
        ? Promise.resolve(null)
        : this.ctx.fetch<{ current: FieldSummaryRow[]; previous: FieldSummaryRow[] }>(inArea(fieldsTwoYearsDoc, { year, previous: prev }, parent)),
      province ? this.ctx.fetch<Overview>(inArea(overviewDoc, { year }, province.code)).then((p) => p.fieldSummary) : Promise.resolve(null),
    ]);
    if (seq !== this.seq) return;
    if (o.ranking.length === 0) {
      showEmpty(this.status, m.emptyYear(year));
      return;
    }
    const facts = overviewFacts(year, o.ranking, changes, o.frameworks, m.lang);
    const notice = paperNotice(illustrativeNotice(year, o, null, m), m);
    const classes = new Classes(o.frameworks);
    const rows = byCohort(o.ranking, o.frameworks);
    const cohorts = rows.some((r) => r.cohort !== null);
    // A column of published classes only where a decision published any.
    const anyPublished = rows.some((r) => r.published !== null);
    const moves = changesByUnit(changes);
    const d = groups.groupDistribution;
    const frameworks = rowFrameworks(o.ranking, o.frameworks);
    const main = mainFramework(o.ranking, o.frameworks);
    const change = facts?.changes?.meanChange ?? null;

    replaceChildren(
      this.body,
      h(
        'header',
        { class: 'report-head' },
        h('p', { class: 'report-kicker' }, m.reportKicker(year)),
        h('h1', { id: 'report-title' }, name),
      ),
      h(
        'dl',
        { class: 'report-keys' },
        key(m.reportUnits, String(o.ranking.length), 'report-units'),
        key(m.reportMean, formatPercent(facts?.mean ?? null, m.locale), 'report-mean'),
        key(m.reportBestClass, String(facts?.best.units ?? 0), 'report-best'),
        change !== null && changes ? key(m.reportChange(changes.from), m.reportPoints(signedPoints(change, m.locale)), 'report-change') : null,
      ),
      notice ? h('p', { class: 'report-notice', id: 'report-notice', role: 'note' }, notice) : null,
      facts ? h('p', { class: 'report-sentences', id: 'report-sentences' }, m.overviewSentences(facts, formats(m)).join(' ')) : null,
      section(
        'report-ranking',
        m.rankingHeading(year),
        [cohorts ? m.cohortsNote(cohortCounts(rows, o.frameworks).map((c) => ({ name: cohortName(c.cohort, m.lang), units: c.units }))) : '', mixedFrameworks(rows) ? m.mixedFrameworks : '']
          .filter((t) => t !== '')
          .join(' ') || null,
        table(
          [
            m.colRank,
            ...(cohorts ? [m.colCohort] : []),
            m.colUnit,
            m.colPercent,
            m.colGroup,
            ...(anyPublished ? [m.colPublishedGroup] : []),
            ...(changes ? [m.reportRankBefore(changes.from), m.colChange] : []),
          ],
          rows.map((r) => {
            const c = moves.get(r.unit.id);
            const cohort = cohortOf(r, o.frameworks);
            return [
              String(r.rank),
              ...(cohorts ? [cohort ? cohortName(cohort, m.lang) : m.none] : []),
              r.unit.name,
              formatPercent(r.percent, m.locale),
              classBadge(r.group, classes, m, true),
              ...(anyPublished ? [r.published ? groupCell(r.published.group, m.lang) : m.none] : []),
              ...(changes
                ? [c?.rankFrom === null || c?.rankFrom === undefined ? m.none : String(c.rankFrom), c?.change === null || c?.change === undefined ? m.none : signedPoints(c.change, m.locale)]
                : []),
            ];
          }),
          [true, ...(cohorts ? [false] : []), false, true, false, ...(anyPublished ? [false] : []), ...(changes ? [true, true] : [])],
          'report-ranking-table',
        ),
      ),
      this.classesSection(d, classes, o.frameworks, year),
      this.areaFieldsSection(fields?.current ?? o.fieldSummary, fields && fields.previous.length > 0 ? fields.previous : null, prev, provinceFields, province?.name ?? null, year),
      changes && prev !== null
        ? this.moversSection(changes, prev, year)
        : section('report-movers', m.changesHeading(prev ?? year, year), null, h('p', {}, prev === null ? m.noPrevious(year) : m.nothingCompared(prev, year))),
      this.sourcesSection(year, o.ranking, frameworks.length > 0 ? frameworks : main ? [main] : []),
      h('p', { class: 'report-address' }, m.reportAddress(location.href)),
    );
    this.done({ kind: 'area', parent: parent ?? '', year: String(year), count: String(o.ranking.length) });
  }

  private classesSection(d: GroupDistribution, classes: Classes, frameworks: readonly Framework[], year: number): HTMLElement {
    const m = this.ctx.m;
    const range = (g: GroupRef): string => {
      const f = frameworks.find((x) => x.id === g.framework);
      return (f && classRange(f.groups, g.ordinal, m)) ?? '';
    };
    return section(
      'report-classes',
      m.groupsHeading(year),
      m.groupsNote(d.year, d.previousYear, d.units, d.previousUnits),
      table(
        [m.group, m.colCount, ...(d.previousYear !== null ? [`${m.colCount} ${d.previousYear}`] : [])],
        d.groups.map((g) => [
          h('span', {}, classBadge(g.group, classes, m), range(g.group) ? h('span', { class: 'report-range' }, ` (${range(g.group)})`) : null),
          `${g.count} (${formatPercent(g.share, m.locale, 1)})`,
          ...(d.previousYear !== null ? [String(g.previousCount ?? 0)] : []),
        ]),
        [false, true, ...(d.previousYear !== null ? [true] : [])],
      ),
    );
  }

  private areaFieldsSection(
    rows: readonly FieldSummaryRow[],
    previous: readonly FieldSummaryRow[] | null,
    prev: number | null,
    province: readonly FieldSummaryRow[] | null,
    provinceName: string | null,
    year: number,
  ): HTMLElement {
    const m = this.ctx.m;
    const name = (r: FieldSummaryRow) => (m.lang === 'en' ? r.field.nameEn : r.field.nameVi);
    const of = (list: readonly FieldSummaryRow[] | null, slug: string) => list?.find((p) => p.field.slug === slug) ?? null;
    const published = rows.some((r) => r.published !== null);
    return section(
      'report-area-fields',
      m.fieldsHeading(year),
      m.fieldsNote(previous && prev !== null ? prev : null, published) + (province && provinceName ? m.reportMeanMark(provinceName) : ''),
      table(
        [
          m.colField,
          String(year),
          ...(previous && prev !== null ? [String(prev)] : []),
          ...(published ? [m.published] : []),
          ...(province && provinceName ? [m.reportProvinceMean] : []),
        ],
        rows.map((r) => [
          h('span', {}, name(r), bar(r.average, of(province, r.field.slug)?.average ?? null)),
          formatPercent(r.average, m.locale),
          ...(previous && prev !== null ? [formatPercent(of(previous, r.field.slug)?.average ?? null, m.locale)] : []),
          ...(published
            ? [r.published === null ? m.none : r.published.average === null ? h('span', { class: 'report-wrap' }, m.publishedRankOnly(r.published.rank, rows.length)) : formatPercent(r.published.average, m.locale)]
            : []),
          ...(province && provinceName ? [formatPercent(of(province, r.field.slug)?.average ?? null, m.locale)] : []),
        ]),
        [false, true, ...(previous ? [true] : []), ...(published ? [true] : []), ...(province ? [true] : [])],
      ),
    );
  }

  private moversSection(c: Changes, prev: number, year: number): HTMLElement {
    const m = this.ctx.m;
    const { risers, fallers } = risersAndFallers(c);
    const list = (title: string, rows: typeof risers, none: string) =>
      h(
        'div',
        { class: 'report-movers-list' },
        h('h3', {}, title),
        rows.length === 0
          ? h('p', {}, none)
          : h(
              'ol',
              {},
              ...rows.map((r) =>
                h('li', {}, `${r.unit.name}: ${formatPercent(r.percentFrom, m.locale)} → ${formatPercent(r.percentTo, m.locale)} (${signedPoints(r.change ?? 0, m.locale)})`),
              ),
            ),
      );
    return section(
      'report-movers',
      m.changesHeading(prev, year),
      m.changesNote(c.boundary === 'CURRENT') + (c.summary.inferred > 0 ? m.changesInferred(c.summary.inferred) : ''),
      h('div', { class: 'report-movers' }, list(m.risers, risers, m.reportNoRisers(prev)), list(m.fallers, fallers, m.reportNoFallers(prev))),
    );
  }
}

/** The page's notice about illustrative numbers, without what only a screen can do (hover a number). */
function paperNotice(notice: string | null, m: Messages): string | null {
  return notice === null ? null : notice.replace(m.reportScreenHint, '').trim();
}

function key(label: string, value: string | Node, id: string): HTMLElement {
  return h('div', { class: 'report-key' }, h('dt', {}, label), h('dd', { id }, value));
}

/** A class by its name, with its colour as a swatch: the name carries it on grey paper. */
function classBadge(g: GroupRef, classes: Classes, m: Messages, short = false): HTMLElement {
  const swatch = h('span', { class: 'report-swatch', 'aria-hidden': 'true' });
  swatch.style.background = classes.colour(g);
  return h('span', { class: 'report-class', 'data-group': g.code }, swatch, short ? groupCell(g, m.lang) : groupName(g, m));
}

/** A bar of a percent, with the mean as a mark. */
function bar(percent: number, mean: number | null): HTMLElement {
  const fill = h('span', { class: 'report-bar-fill' });
  fill.style.width = barWidth(percent);
  const out = h('span', { class: 'report-bar', 'aria-hidden': 'true' }, fill);
  if (mean !== null) {
    const mark = h('span', { class: 'report-bar-mean' });
    mark.style.left = barWidth(mean);
    out.append(mark);
  }
  return out;
}

function section(id: string, heading: string, note: string | null, ...content: (Node | null)[]): HTMLElement {
  return h('section', { class: 'report-section', id }, h('h2', {}, heading), note ? h('p', { class: 'report-note' }, note) : null, ...content);
}

/**
 * A plain table: a header row and rows of text or nodes; `numeric` right-aligns a column. On a
 * phone a table wider than the screen scrolls in its box (keyboard-reachable), never the page.
 */
function table(head: readonly string[], rows: readonly (string | Node)[][], numeric: readonly boolean[], cls = ''): HTMLElement {
  const cell = (tag: 'th' | 'td', v: string | Node, i: number) => h(tag, { class: numeric[i] ? 'num' : null, scope: tag === 'th' ? 'col' : null }, v);
  return h(
    'div',
    { class: 'report-scroll', tabindex: 0, role: 'region', 'aria-label': head.join(', ') },
    h(
      'table',
      { class: `report-table ${cls}`.trim() },
      h('thead', {}, h('tr', {}, ...head.map((t, i) => cell('th', t, i)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((v, i) => cell('td', v, i))))),
    ),
  );
}
