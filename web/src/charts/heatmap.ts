// Units × fields for one year: one cell per unit and field, darker for a higher percent, with
// the value written in the cell (so the colour scale is never the only carrier of the number).
import { escapeHtml, formatNumber, formatPercent, wrapLabel } from '../format';
import type { Messages } from '../i18n';
import type { Comparison } from '../queries';
import { FONT_FAMILY, INK, NARROW_WIDTH, namesAxis, tooltipBase, type ChartContext, type ChartOption } from './option';

/**
 * The colour of a percent: a single-hue blue ramp from 50 % (pale) to 100 % (dark), readable
 * by colour-blind readers and in greyscale. Below 50 % stays palest.
 */
export function heatColour(percent: number): string {
  const t = Math.min(1, Math.max(0, (percent - 50) / 50));
  const from = [239, 246, 252];
  const to = [8, 48, 107];
  const c = from.map((f, i) => Math.round(f + ((to[i] as number) - f) * t));
  return `rgb(${c.join(',')})`;
}

/** White text on dark cells, ink on pale ones. */
export function heatText(percent: number): string {
  return percent >= 80 ? '#ffffff' : INK;
}

export function heatmapHeight(units: number, width: number): number {
  return (width < NARROW_WIDTH ? 140 : 120) + Math.max(units, 1) * 40;
}

export function heatmapOption(c: Comparison, m: Messages, ctx: ChartContext): ChartOption {
  const narrow = ctx.width < NARROW_WIDTH;
  const name = (f: { nameVi: string; nameEn: string }): string => (m.lang === 'en' ? f.nameEn : f.nameVi);
  // A unit lists only the fields it has a score in: each cell goes to its field's column, and a
  // field without a score stays an empty cell, never 0.
  const column = new Map(c.fields.map((f, x) => [f.slug, x]));
  const data = c.units.flatMap((u, y) =>
    u.fields.flatMap((f) => {
      const x = column.get(f.field.slug);
      if (x === undefined) return [];
      return [
        {
          value: [x, y, f.percent],
          itemStyle: { color: heatColour(f.percent), borderColor: '#ffffff', borderWidth: 2 },
          label: { color: heatText(f.percent) },
        },
      ];
    }),
  );
  return {
    animation: ctx.animation,
    aria: { enabled: true, label: { description: m.heatHeading(c.year) } },
    textStyle: { fontFamily: FONT_FAMILY, color: INK },
    grid: { left: 4, right: 4, top: 8, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: {
      type: 'category',
      position: 'top',
      data: c.fields.map((f, i) => (narrow ? String(i + 1) : wrapLabel(`${i + 1}. ${name(f)}`, 14))),
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: { color: INK, fontSize: 11, lineHeight: 13, interval: 0 },
    },
    yAxis: namesAxis(c.units.map((u) => u.unit.shortName), { fontSize: 12 }, { show: false }),
    tooltip: {
      trigger: 'item',
      ...tooltipBase(ctx),
      formatter: (p: unknown) => {
        const [x, y] = (p as { value: number[] }).value;
        const u = c.units[y ?? -1];
        const slug = c.fields[x ?? -1]?.slug;
        const f = u?.fields.find((g) => g.field.slug === slug);
        if (!u || !f) return '';
        return `<strong>${escapeHtml(u.unit.name)}</strong><br>${escapeHtml(name(f.field))}: ${formatPercent(f.percent, m.locale)}<br>${m.rank}: ${f.rank}/${f.benchmarks.units}<br>${m.parentMean}: ${formatPercent(f.benchmarks.parentMean, m.locale)}`;
      },
    },
    series: [
      {
        type: 'heatmap',
        data,
        label: {
          show: true,
          fontSize: narrow ? 10 : 12,
          formatter: (p: unknown) => formatNumber((p as { value: number[] }).value[2], m.locale, narrow ? 0 : 1),
        },
        emphasis: { itemStyle: { borderColor: INK, borderWidth: 2 } },
      },
    ],
  };
}
