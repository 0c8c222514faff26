// The biggest risers and fallers between two years: a diverging bar per unit, rises in blue to
// the right, falls in vermilion to the left (a pair colour-blind readers tell apart).
import { escapeHtml, formatNumber, formatPercent } from '../format';
import type { Messages } from '../i18n';
import type { Change } from '../queries';
import { FONT_FAMILY, INK, MUTED, NARROW_WIDTH, PRIMARY, RULE, namesAxis, tooltipBase, type ChartContext, type ChartOption } from './option';

export const RISE_COLOUR = PRIMARY;
export const FALL_COLOUR = '#D55E00';
/** How many risers and how many fallers are drawn. */
export const MOVERS = 5;

/**
 * The units to draw: up to MOVERS biggest rises and MOVERS biggest falls among the units
 * with values in both years, biggest rise first, biggest fall last; every unit when there
 * are few.
 */
export function movers(units: readonly Change[]): Change[] {
  const both = units.filter((u): u is Change & { change: number } => u.status === 'BOTH' && u.change !== null);
  const sorted = [...both].sort((a, b) => b.change - a.change);
  if (sorted.length <= 2 * MOVERS) return sorted;
  const up = sorted.filter((u) => u.change > 0).slice(0, MOVERS);
  const down = sorted.filter((u) => u.change < 0).slice(-MOVERS);
  return [...up, ...down];
}

/** A signed change in points: "+1,23" or "−0,50" (a true minus sign), with `digits` decimals. */
export function signedPoints(v: number, locale: string, digits = 2): string {
  const s = formatNumber(Math.abs(v), locale, digits);
  return v > 0.005 ? `+${s}` : v < -0.005 ? `−${s}` : s;
}

export function changesHeight(count: number): number {
  return 40 + Math.max(count, 2) * 30;
}

export function changesOption(rows: readonly Change[], from: number, to: number, m: Messages, ctx: ChartContext): ChartOption {
  const extent = Math.ceil(Math.max(1, ...rows.map((r) => Math.abs(r.change ?? 0))));
  // One-sided when every unit moved the same way, so the bars get the whole width.
  const anyRise = rows.some((r) => (r.change ?? 0) > 0);
  const anyFall = rows.some((r) => (r.change ?? 0) < 0);
  return {
    animation: ctx.animation,
    aria: { enabled: true, label: { description: m.changesChartLabel(from, to) } },
    textStyle: { fontFamily: FONT_FAMILY, color: INK },
    grid: { left: 4, right: 56, top: 8, bottom: 20, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: {
      type: 'value',
      min: anyFall ? -extent : 0,
      max: anyRise || !anyFall ? extent : 0,
      // Fewer ticks on a phone: "+0,5 +1 +1,5 …" ran together.
      splitNumber: ctx.width < NARROW_WIDTH ? 3 : 5,
      axisLabel: { color: MUTED, hideOverlap: true, formatter: (v: number) => signedPoints(v, m.locale, Number.isInteger(v) ? 0 : 1) },
      splitLine: { lineStyle: { color: RULE } },
    },
    yAxis: namesAxis(rows.map((r) => r.unit.shortName), { fontSize: 12 }, { onZero: false, lineStyle: { color: MUTED } }),
    tooltip: {
      trigger: 'item',
      ...tooltipBase(ctx),
      formatter: (p: unknown) => {
        const r = rows[(p as { dataIndex: number }).dataIndex];
        if (!r) return '';
        return [
          `<strong>${escapeHtml(r.unit.name)}</strong>`,
          `${from}: ${formatPercent(r.percentFrom, m.locale)}${r.rankFrom !== null ? ` (${m.rank.toLowerCase()} ${r.rankFrom})` : ''}`,
          `${to}: ${formatPercent(r.percentTo, m.locale)}${r.rankTo !== null ? ` (${m.rank.toLowerCase()} ${r.rankTo})` : ''}`,
          `${m.colChange}: ${signedPoints(r.change ?? 0, m.locale)}`,
          ...(r.frameworkChanged ? [`<em>${escapeHtml(m.frameworkChangedShort)}</em>`] : []),
        ].join('<br>');
      },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 20,
        data: rows.map((r) => ({
          value: r.change,
          itemStyle: { color: (r.change ?? 0) >= 0 ? RISE_COLOUR : FALL_COLOUR },
          label: { position: (r.change ?? 0) >= 0 ? ('right' as const) : ('left' as const) },
        })),
        label: {
          show: true,
          color: INK,
          fontSize: 12,
          formatter: (p: unknown) => signedPoints((p as { value: number }).value, m.locale),
        },
      },
    ],
  };
}
