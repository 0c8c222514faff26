// Units per class (nhóm xếp loại) in a year beside the year before: bars in the class's colour
// for the year, light grey for the year before, with the count on each bar. The classes are the
// frameworks' own (every class of each framework of the year's units, one framework after
// another), coloured by their position among their framework's classes.
import { escapeHtml, formatPercent } from '../format';
import { Classes, classColour, groupLabel, groupName, groupShort, numberedCode } from '../groups';
import type { Messages } from '../i18n';
import type { GroupDistribution } from '../queries';
import { FONT_FAMILY, INK, MUTED, NARROW_WIDTH, PREVIOUS, RULE, tooltipBase, type ChartContext, type ChartOption } from './option';

export const GROUPS_HEIGHT = 300;

/**
 * The option of the chart of a group distribution. `frameworkName` names a framework by its ID
 * (its issuer): where the units were scored on several, each class says whose it is.
 */
export function groupsOption(d: GroupDistribution, m: Messages, ctx: ChartContext, frameworkName: (id: string) => string = (id) => id): ChartOption {
  const narrow = ctx.width < NARROW_WIDTH;
  const classes = Classes.of(d.groups.map((g) => g.group));
  const whose = (g: GroupDistribution['groups'][number]): string => (d.mixedFrameworks ? frameworkName(g.group.framework) : '');
  const category = (g: GroupDistribution['groups'][number]): string => {
    const label = groupLabel(g.group, m.lang);
    const name = narrow ? groupShort(g.group, m.lang) : numberedCode(g.group.code) ? `${g.group.code}\n${label}` : label;
    return d.mixedFrameworks ? `${name}\n${whose(g)}` : name;
  };
  // Every class is named (none hidden by the axis), each name wrapped to its bar's width.
  const slot = Math.max(36, Math.floor((ctx.width - 40) / Math.max(d.groups.length, 1)) - 6);
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
    data: d.groups.map((g) => ({ value: g.count, itemStyle: { color: classes.colour(g.group) } })),
    // The legend's swatch for the year: the colour of a best class.
    itemStyle: { color: classColour(1, 1) },
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
      data: d.groups.map(category),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: MUTED } },
      axisLabel: { color: INK, fontSize: 12, lineHeight: 16, interval: 0, width: slot, overflow: 'break' },
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
          `<strong>${escapeHtml(groupName(g.group, m))}</strong>${d.mixedFrameworks ? ` (${escapeHtml(whose(g))})` : ''}`,
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
