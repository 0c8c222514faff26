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

export function slopeOption(slopes: readonly Slope[], years: [number, number], label: string, m: Messages, ctx: ChartContext): ChartOption {
  const narrow = ctx.width < NARROW_WIDTH;
  const min = percentAxisMin(slopes.map((s) => ({ name: s.name, values: [s.from, s.to] })));
  const side = narrow ? 64 : 160;
  return {
    animation: ctx.animation,
    aria: { enabled: true, label: { description: label } },
    textStyle: { fontFamily: FONT_FAMILY, color: INK },
    // On a phone the ends carry values only: a legend names the lines.
    legend: narrow ? { top: 0, left: 0, right: 0, textStyle: { color: INK, fontSize: 12 } } : { show: false },
    grid: { left: side, right: side, top: narrow ? 28 + Math.ceil(slopes.length / 2) * 22 : 28, bottom: 8, outerBoundsMode: 'none' },
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
    series: slopes.map((s) => {
      const st = seriesStyle(s.style);
      const end = (position: 'left' | 'right', text: string) => ({
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
        labelLayout: { moveOverlap: 'shiftY' as const },
        data: [
          { value: s.from, label: end('left', `${narrow ? '' : `${s.name} `}${formatPercent(s.from, m.locale, 1)}`) },
          { value: s.to, label: end('right', `${formatPercent(s.to, m.locale, 1)}${narrow ? '' : ` ${s.name}`}`) },
        ],
      };
    }),
  };
}
