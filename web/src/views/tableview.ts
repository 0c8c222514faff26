// Every number of a year as one sortable table: rank, index, groups (computed and published)
// and the eight fields, with the source of each row.
import { h } from '../dom';
import { formatPercent, formatSource } from '../format';
import { groupLabel } from '../groups';
import { scopeParent } from '../areas';
import { inArea, tableDoc, type FieldRef, type TableRow } from '../queries';
import type { AppState } from '../state';
import type { View, ViewContext } from './context';
import { areaTitle } from './overview';
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
    void this.panel.run(ref, () => this.ctx.fetch<{ ranking: TableRow[]; framework: { fields: FieldRef[] } }>(ref), ({ ranking, framework }) => {
      if (ranking.length === 0) return m.emptyYear(year);
      const name = (f: FieldRef): string => (m.lang === 'en' ? f.nameEn : f.nameVi);
      return {
        footer: '',
        table: {
          caption: m.tableHeading(year),
          columns: [
            { label: m.colRank, numeric: true },
            { label: m.colUnit },
            { label: m.colPercent, numeric: true },
            { label: m.colGroup },
            { label: m.colPublishedGroup },
            ...framework.fields.map((f, i) => ({ label: `${i + 1}. ${name(f)}`, numeric: true })),
            { label: m.colSource },
          ],
          rows: ranking.map((r) => ({
            cells: [
              { text: String(r.rank), value: r.rank },
              { text: r.unit.name, href: this.ctx.href({ view: 'profile', unit: r.unit.id }) },
              { text: formatPercent(r.percent, m.locale), value: r.percent },
              `${r.group.code} – ${groupLabel(r.group, m.lang)}`,
              r.published ? `${r.published.group.code} – ${groupLabel(r.published.group, m.lang)}` : { text: m.none, value: null },
              ...framework.fields.map((f) => {
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
