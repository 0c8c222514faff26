// The criteria where a unit lost most points against the best unit of its parent.
import { escapeHtml, formatNumber, formatTick, wrapLabel } from '../format';
import type { Messages } from '../i18n';
import type { CriterionScore } from '../queries';
import { FONT_FAMILY, INK, MUTED, NARROW_WIDTH, RULE, namesAxis, tooltipBase, type ChartContext, type ChartOption } from './option';

export const LOSS_COLOUR = '#D55E00';
/** How many criteria the chart shows. */
export const TOP_CRITERIA = 8;

/** The criteria with a loss against the best unit, largest first, at most TOP_CRITERIA. */
export function topLosses(scores: readonly CriterionScore[]): CriterionScore[] {
  return [...scores]
    .filter((s) => s.lostToBest > 0.005)
    .sort((a, b) => b.lostToBest - a.lostToBest)
    .slice(0, TOP_CRITERIA);
}

export function criteriaHeight(count: number, width: number): number {
  return 32 + Math.max(count, 1) * (width < NARROW_WIDTH ? 52 : 40);
}

export function criteriaOption(rows: readonly CriterionScore[], year: number, m: Messages, ctx: ChartContext): ChartOption {
  const narrow = ctx.width < NARROW_WIDTH;
  return {
    animation: ctx.animation,
    aria: { enabled: true, label: { description: m.criteriaHeading(year) } },
    textStyle: { fontFamily: FONT_FAMILY, color: INK },
    grid: { left: 4, right: 48, top: 8, bottom: 20, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: {
      type: 'value',
      min: 0,
      // Few ticks, each with the decimals it needs: "0 0,05 0,1 0,15" on a phone, never "0,000,03…".
      splitNumber: narrow ? 3 : 5,
      axisLabel: { color: MUTED, hideOverlap: true, formatter: (v: number) => formatTick(v, m.locale) },
      splitLine: { lineStyle: { color: RULE } },
    },
    yAxis: namesAxis(
      rows.map((r) => wrapLabel(`${r.criterion.code} ${r.criterion.name}`, narrow ? 20 : 44)),
      { fontSize: narrow ? 11 : 12, lineHeight: 14 },
    ),
    tooltip: {
      trigger: 'item',
      ...tooltipBase(ctx),
      formatter: (p: unknown) => {
        const r = rows[(p as { dataIndex: number }).dataIndex];
        if (!r) return '';
        return [
          `<strong>${escapeHtml(`${r.criterion.code} ${r.criterion.name}`)}</strong>`,
          `${m.colPoints}: ${formatNumber(r.points, m.locale)} / ${formatNumber(r.maxPoints, m.locale)}`,
          `${m.bestUnit}: ${formatNumber(r.bestPoints, m.locale)}`,
          `${m.colLost}: ${formatNumber(r.lostToBest, m.locale)}`,
        ].join('<br>');
      },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        data: rows.map((r) => r.lostToBest),
        itemStyle: { color: LOSS_COLOUR },
        label: { show: true, position: 'right', color: INK, fontSize: 12, formatter: (p: unknown) => formatNumber((p as { value: number }).value, m.locale) },
      },
    ],
  };
}
