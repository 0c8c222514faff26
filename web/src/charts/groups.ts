// Units per group (nhóm xếp loại) in a year beside the year before: bars in the group's colour
// for the year, light grey for the year before, with the count on each bar.
import { escapeHtml, formatPercent } from '../format';
import { groupColour, groupLabel } from '../groups';
import type { Messages } from '../i18n';
import type { GroupDistribution } from '../queries';
import { FONT_FAMILY, INK, MUTED, NARROW_WIDTH, PREVIOUS, RULE, tooltipBase, type ChartContext, type ChartOption } from './option';

export const GROUPS_HEIGHT = 300;

export function groupsOption(d: GroupDistribution, m: Messages, ctx: ChartContext): ChartOption {
  const narrow = ctx.width < NARROW_WIDTH;
  const withPrevious = d.previousYear !== null;
  const label = { show: true, position: 'top' as const, color: INK, fontSize: 12 };
  const series: ChartOption['series'] = [];
  if (withPrevious) {
    series.push({
      type: 'bar',
      name: String(d.previousYear),
      data: d.groups.map((g) => g.previousCount ?? 0),
      itemStyle: { color: PREVIOUS },
      barMaxWidth: 36,
      label,
    });
  }
  series.push({
    type: 'bar',
    name: String(d.year),
    data: d.groups.map((g) => ({ value: g.count, itemStyle: { color: groupColour(g.group.code) } })),
    itemStyle: { color: groupColour('I') },
    barMaxWidth: 36,
    label,
  });
  return {
    animation: ctx.animation,
    aria: { enabled: true, label: { description: m.groupsChartLabel(d.year) } },
    textStyle: { fontFamily: FONT_FAMILY, color: INK },
    legend: withPrevious ? { top: 0, left: 'center', textStyle: { color: INK } } : { show: false },
    grid: { left: 4, right: 8, top: withPrevious ? 40 : 20, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: {
      type: 'category',
      data: d.groups.map((g) => (narrow ? g.group.code : `${g.group.code}\n${groupLabel(g.group, m.lang)}`)),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: MUTED } },
      axisLabel: { color: INK, fontSize: 12, lineHeight: 16 },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: MUTED }, splitLine: { lineStyle: { color: RULE } } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      ...tooltipBase(ctx),
      formatter: (p: unknown) => {
        const first = (p as { dataIndex: number }[])[0];
        const g = first ? d.groups[first.dataIndex] : undefined;
        if (!g) return '';
        const lines = [
          `<strong>${escapeHtml(m.groupName(g.group.code, groupLabel(g.group, m.lang)))}</strong>`,
          `${d.year}: ${g.count} (${formatPercent(g.share, m.locale, 1)})`,
        ];
        if (d.previousYear !== null) {
          lines.push(`${d.previousYear}: ${g.previousCount ?? 0} (${formatPercent(g.previousShare, m.locale, 1)})`);
        }
        return lines.join('<br>');
      },
    },
    series,
  };
}
