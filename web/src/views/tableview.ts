// Every number of a year as one sortable table: rank, index, groups (computed and published)
// and the eight fields, with the source of each row.
import { h } from '../dom';
import { formatPercent, formatSource } from '../format';
import { byCohort, cohortName, cohortOf, fieldsOf, frameworkNamer, mixedFrameworks, rowFrameworks } from '../frameworks';
import { groupCell } from '../groups';
import { areaTitle, scopeParent } from '../areas';
import { inArea, tableDoc, type FieldRef, type Framework, type TableRow } from '../queries';
import type { AppState } from '../state';
import type { View, ViewContext } from './context';
import { Panel } from './panel';
import { importHint } from './status';

export class TableView implements View {
  readonly root: HTMLElement;
  private readonly panel: Panel;

  constructor(private readonly ctx: ViewContext) {
    this.panel = new Panel(ctx.m, 'all', { chart: false, openTable: true, wide: true });
    this.panel.setNote(ctx.m.tableNote);
    this.root = h('div', { class: 'view', id: 'view-table' }, this.panel.section);
  }

  show(_state: AppState, year: number): void {
    const m = this.ctx.m;
    const scope = this.ctx.scope;
    const ref = inArea(tableDoc, { year }, scopeParent(scope));
    this.panel.setHeading(scope.kind === 'area' ? m.inArea(m.tableHeading(year), areaTitle(scope.area, scope.province)) : m.tableHeading(year));
    if (!this.ctx.years.includes(year)) {
      this.panel.empty(m.emptyYear(year));
      return;
    }
    if (scope.kind === 'empty') {
      this.panel.setHeading(m.inArea(m.tableHeading(year), areaTitle(scope.area, scope.province)));
      this.panel.empty(m.areaNoResults(areaTitle(scope.area, scope.province), year));
      this.panel.body.append(importHint(m));
      return;
    }
    if (scope.kind === 'choose') {
      // Every unit of the country is not a table anyone reads: the area comes first.
      this.panel.empty(scope.province ? m.chooseDistrict(scope.province.name) : m.chooseProvince);
      return;
    }
    void this.panel.run(ref, () => this.ctx.fetch<{ ranking: TableRow[]; frameworks: Framework[] }>(ref), ({ ranking: answer, frameworks }) => {
      if (answer.length === 0) return m.emptyYear(year);
      const name = (f: FieldRef): string => (m.lang === 'en' ? f.nameEn : f.nameVi);
      // Each cohort's ranking apart, each from 1; the fields of every framework the units were scored on.
      const ranking = byCohort(answer, frameworks);
      const fields = fieldsOf(rowFrameworks(ranking, frameworks));
      const withCohorts = ranking.some((r) => r.cohort !== null);
      const mixed = mixedFrameworks(ranking);
      const frameworkName = frameworkNamer(frameworks);
      const cohortText = (r: TableRow): string => {
        const c = cohortOf(r, frameworks);
        return c ? cohortName(c, m.lang) : m.none;
      };
      this.panel.setCaution(mixed && m.mixedFrameworks);
      return {
        footer: '',
        table: {
          caption: m.tableHeading(year),
          columns: [
            { label: m.colRank, numeric: true },
            ...(withCohorts ? [{ label: m.colCohort }] : []),
            { label: m.colUnit, sticky: true },
            { label: m.colPercent, numeric: true },
            { label: m.colGroup },
            { label: m.colPublishedGroup },
            ...(mixed ? [{ label: m.colFramework }] : []),
            ...fields.map((f, i) => ({ label: `${i + 1}. ${name(f)}`, short: `${i + 1}. ${m.fieldShort(f.slug, name(f))}`, numeric: true })),
            { label: m.colSource },
          ],
          rows: ranking.map((r) => ({
            cells: [
              { text: String(r.rank), value: r.rank },
              ...(withCohorts ? [cohortText(r)] : []),
              { text: r.unit.name, href: this.ctx.href({ view: 'profile', unit: r.unit.id }) },
              { text: formatPercent(r.percent, m.locale), value: r.percent },
              groupCell(r.group, m.lang),
              r.published ? groupCell(r.published.group, m.lang) : { text: m.none, value: null },
              ...(mixed ? [frameworkName(r.framework)] : []),
              ...fields.map((f) => {
                const v = r.fields.find((x) => x.field.slug === f.slug)?.percent ?? null;
                return { text: formatPercent(v, m.locale), value: v };
              }),
              formatSource(r.published?.source ?? r.source),
            ],
            attrs: { 'data-unit': r.unit.id, 'data-rank': String(r.rank) },
          })),
        },
      };
    });
  }
}
