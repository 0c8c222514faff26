// A slope chart: each unit's value in two years joined by a line, named at both ends.
import { escapeHtml, formatNumber, formatPercent } from '../format';
import type { Messages } from '../i18n';
import { FONT_FAMILY, INK, MUTED, NARROW_WIDTH, RULE, tooltipBase, type ChartContext, type ChartOption } from './option';
import { percentAxisMin } from './lines';
import { seriesStyle } from './palette';

export interface Slope {
  name: string;
  from: number;
  to: number;
  style: number;
}

export const SLOPE_HEIGHT = 380;
/** Least vertical distance between two end labels, in CSS pixels. */
const LABEL_GAP = 15;

/**
 * Vertical offsets (pixels, down positive) that keep end labels at least `gap` apart: labels
 * are placed at their values on an axis from `min` to `max` drawn `height` pixels tall, then
 * pushed down from the top in order. A label stays at its point when it does not collide.
 */
export function spreadLabels(values: readonly number[], min: number, max: number, height: number, gap = LABEL_GAP): number[] {
  const y = values.map((v) => ((max - v) / (max - min || 1)) * height);
  const order = y.map((_, i) => i).sort((a, b) => (y[a] as number) - (y[b] as number));
  const placed = [...y];
  for (let k = 1; k < order.length; k++) {
    const prev = placed[order[k - 1] as number] as number;
    const i = order[k] as number;
    if ((placed[i] as number) - prev < gap) placed[i] = prev + gap;
  }
  return placed.map((p, i) => p - (y[i] as number));
}

export function slopeOption(slopes: readonly Slope[], years: [number, number], label: string, m: Messages, ctx: ChartContext): ChartOption {
  const narrow = ctx.width < NARROW_WIDTH;
  const min = percentAxisMin(slopes.map((s) => ({ name: s.name, values: [s.from, s.to] })));
  const side = narrow ? 64 : 160;
  const top = narrow ? 28 + Math.ceil(slopes.length / 2) * 22 : 28;
  const plotHeight = SLOPE_HEIGHT - top - 8;
  const fromOffsets = spreadLabels(slopes.map((s) => s.from), min, 100, plotHeight);
  const toOffsets = spreadLabels(slopes.map((s) => s.to), min, 100, plotHeight);
  return {
    animation: ctx.animation,
    aria: { enabled: true, label: { description: label } },
    textStyle: { fontFamily: FONT_FAMILY, color: INK },
    // On a phone the ends carry values only: a legend names the lines.
    legend: narrow ? { top: 0, left: 0, right: 0, textStyle: { color: INK, fontSize: 12 } } : { show: false },
    grid: { left: side, right: side, top, bottom: 8, outerBoundsMode: 'none' },
    xAxis: {
      type: 'category',
      data: years.map(String),
      boundaryGap: false,
      position: 'top',
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: INK, fontWeight: 'bold', fontSize: 13 },
      splitLine: { show: true, lineStyle: { color: MUTED } },
    },
    yAxis: { type: 'value', min, max: 100, show: false, splitLine: { lineStyle: { color: RULE } } },
    tooltip: {
      trigger: 'item',
      ...tooltipBase(ctx),
      formatter: (p: unknown) => {
        const s = slopes[(p as { seriesIndex: number }).seriesIndex];
        if (!s) return '';
        const d = s.to - s.from;
        return `<strong>${escapeHtml(s.name)}</strong><br>${years[0]}: ${formatPercent(s.from, m.locale)}<br>${years[1]}: ${formatPercent(s.to, m.locale)}<br>${d >= 0 ? '+' : '−'}${formatNumber(Math.abs(d), m.locale)} ${m.points}`;
      },
    },
    series: slopes.map((s, k) => {
      const st = seriesStyle(s.style);
      const end = (position: 'left' | 'right', text: string) => ({
        offset: [0, (position === 'left' ? fromOffsets[k] : toOffsets[k]) ?? 0],
        show: true,
        position,
        color: INK,
        fontSize: narrow ? 11 : 12,
        width: side - 12,
        overflow: 'truncate' as const,
        formatter: text,
      });
      return {
        type: 'line' as const,
        name: s.name,
        symbol: st.symbol,
        symbolSize: 8,
        lineStyle: { color: st.colour, width: 2, type: st.dash },
        itemStyle: { color: st.colour },
        data: [
          { value: s.from, label: end('left', `${narrow ? '' : `${s.name} `}${formatPercent(s.from, m.locale, 1)}`) },
          { value: s.to, label: end('right', `${formatPercent(s.to, m.locale, 1)}${narrow ? '' : ` ${s.name}`}`) },
        ],
      };
    }),
  };
}
