// The areas chart: one horizontal bar per province (or per district of a province) with the mean
// index of its communes, highest first; a click opens that area.
import type { Area } from '../areas';
import { escapeHtml, formatPercent } from '../format';
import type { Messages } from '../i18n';
import { rankingHeight } from './ranking';
import { FONT_FAMILY, INK, NARROW_WIDTH, PRIMARY, namesAxis, percentAxis, tooltipBase, type ChartContext, type ChartOption } from './option';

/** The areas with a mean, highest mean first, then in the order given (Vietnamese). */
export function areasByMean(areas: readonly Area[]): Area[] {
  return areas.filter((a) => a.average !== null).sort((a, b) => (b.average ?? 0) - (a.average ?? 0));
}

/** The height of the chart of `count` areas: the ranking's rows. */
export const areasHeight = rankingHeight;

/** The option of the chart of `rows` (already in order, see areasByMean). */
export function areasOption(rows: readonly Area[], year: number, m: Messages, ctx: ChartContext): ChartOption {
  const narrow = ctx.width < NARROW_WIDTH;
  return {
    animation: ctx.animation,
    aria: { enabled: true, label: { description: m.areasChartLabel(year) } },
    textStyle: { fontFamily: FONT_FAMILY, color: INK },
    grid: { left: 4, right: 64, top: 8, bottom: 24, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: percentAxis(narrow, m.locale),
    yAxis: namesAxis(rows.map((a) => a.shortName), { fontSize: narrow ? 12 : 13 }),
    tooltip: {
      trigger: 'item',
      ...tooltipBase(ctx),
      formatter: (p: unknown) => {
        const a = rows[(p as { dataIndex: number }).dataIndex];
        if (!a) return '';
        return [`<strong>${escapeHtml(a.name)}</strong>`, `${m.colAverage}: ${formatPercent(a.average, m.locale)}`, `${m.colUnits}: ${a.units}`].join('<br>');
      },
    },
    series: [
      {
        type: 'bar',
        name: m.colAverage,
        barMaxWidth: 22,
        itemStyle: { color: PRIMARY },
        data: rows.map((a) => a.average),
        label: {
          show: true,
          position: 'right',
          color: INK,
          fontSize: 12,
          formatter: (p: unknown) => formatPercent((p as { value: number }).value, m.locale),
        },
      },
    ],
  };
}
