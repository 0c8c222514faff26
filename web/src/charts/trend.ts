// The trend chart: one unit's total percent over the years. A year without a score is a gap
// (null), never a zero, each point has the colour of that year's class in that year's framework,
// and the class thresholds of the framework of the year shown are dashed lines.
import { escapeHtml, formatNumber, formatPercent } from '../format';
import { classColour, groupName, groupShort, numberedCode, UNKNOWN_GROUP_COLOUR } from '../groups';
import type { Messages } from '../i18n';
import type { FrameworkGroup, Series } from '../queries';
import { FONT_FAMILY, INK, MUTED, NARROW_WIDTH, PRIMARY, RULE, tooltipBase, type ChartContext, type ChartOption } from './option';

export const TREND_HEIGHT = 340;
export const TREND_COLOUR = PRIMARY;

/**
 * Whether each year's value is the unit's own or its predecessors' (boundary CURRENT, before
 * the unit existed): true where the contributors are other units.
 */
export function inheritedYears(series: Series): boolean[] {
  return series.years.map((_, i) => {
    const c = series.contributors[i] ?? [];
    return c.length > 0 && !(c.length === 1 && c[0] === series.unit.id);
  });
}

/** Whether the value of year `i` came through a link the official lists do not establish. */
export function uncertain(series: Series, i: number): boolean {
  const c = series.certainty?.[i];
  return c === 'INFERRED' || c === 'CANDIDATE';
}

/** The values of a series with every year that is not OBSERVED as null. */
export function observedValues(series: Series): (number | null)[] {
  return series.years.map((_, i) => (series.status[i] === 'OBSERVED' ? (series.values[i] ?? null) : null));
}

/**
 * The lower end of the value axis: ten points below the lowest value, rounded down to ten, so
 * differences between years stay visible; 0 when there is no value.
 */
export function trendAxisMin(values: readonly (number | null)[]): number {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return 0;
  return Math.max(0, Math.floor(Math.min(...present) / 10) * 10 - 10);
}

/**
 * The class of year `i` of a series: its code looked up among the classes of that year's
 * framework (`byYear[i]`), or of `groups` where that is not known.
 */
export function yearClass(
  series: Series,
  i: number,
  groups: readonly FrameworkGroup[],
  byYear: readonly (readonly FrameworkGroup[] | null)[] = [],
): { group: FrameworkGroup; classes: number } | null {
  const code = series.groups[i];
  if (!code) return null;
  const list = byYear[i] ?? groups;
  const group = list.find((g) => g.code === code);
  return group ? { group, classes: list.length } : null;
}

/**
 * The option of the trend chart of one unit. `groups` are the classes of the framework of the
 * year shown (drawn as thresholds), `byYear` the classes of each year's framework, by the index
 * of the series' years (null where not known: `groups` then).
 */
export function trendOption(
  series: Series,
  groups: readonly FrameworkGroup[],
  m: Messages,
  ctx: ChartContext,
  byYear: readonly (readonly FrameworkGroup[] | null)[] = [],
): ChartOption {
  const narrow = ctx.width < NARROW_WIDTH;
  const values = observedValues(series);
  const min = trendAxisMin(values);
  const thresholds = groups
    .map((g) => ({ g, colour: classColour(g.ordinal, groups.length) }))
    .filter((t): t is { g: FrameworkGroup & { minPercent: number }; colour: string } => t.g.minPercent !== null && t.g.minPercent > min && t.g.minPercent < 100);
  const colour = (i: number): string => {
    const c = yearClass(series, i, groups, byYear);
    return c ? classColour(c.group.ordinal, c.classes) : UNKNOWN_GROUP_COLOUR;
  };
  const inherited = inheritedYears(series);
  // A value that came through a receiver the lists do not establish is drawn hollow: not a fact.
  const point = (v: number | null, i: number) =>
    v === null
      ? null
      : uncertain(series, i)
        ? { value: v, symbol: 'emptyCircle', itemStyle: { color: '#FFFFFF', borderColor: colour(i), borderWidth: 2 } }
        : { value: v, itemStyle: { color: colour(i) } };
  // The predecessors' mean is drawn dashed, up to the unit's first own year so the line joins.
  const firstOwn = inherited.findIndex((inh, i) => !inh && values[i] !== null);
  const history = values.map((v, i) =>
    inherited[i] ? point(v, i) : i === firstOwn && v !== null ? { ...point(v, i), label: { show: false } } : null,
  );
  const hasHistory = inherited.some((inh, i) => inh && values[i] !== null);
  return {
    animation: ctx.animation,
    aria: { enabled: true, label: { description: m.trendChartLabel(series.unit.name) } },
    textStyle: { fontFamily: FONT_FAMILY, color: INK },
    grid: {
      left: 4,
      right: narrow ? 40 : 64,
      top: 24,
      bottom: 8,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: {
      type: 'category',
      data: series.years.map(String),
      boundaryGap: true,
      axisTick: { alignWithLabel: true },
      axisLine: { lineStyle: { color: MUTED } },
      axisLabel: {
        // Years without a score are greyed, so the gap reads as "no data" on a pasted image too.
        color: (_: unknown, index?: number) => (values[index ?? -1] === null ? '#A0A7AF' : INK),
      },
    },
    yAxis: {
      type: 'value',
      min,
      max: 100,
      axisLabel: { color: MUTED, formatter: (v: number) => formatNumber(v, m.locale, 0) },
      splitLine: { lineStyle: { color: RULE } },
    },
    tooltip: {
      trigger: 'axis',
      ...tooltipBase(ctx),
      formatter: (p: unknown) => {
        const first = (p as { dataIndex: number }[])[0];
        return first ? trendTooltip(series, first.dataIndex, groups, m, byYear) : '';
      },
    },
    series: [
      {
        type: 'line',
        name: series.unit.shortName,
        data: values.map((v, i) => (inherited[i] ? null : point(v, i))),
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 9,
        lineStyle: { color: TREND_COLOUR, width: 2 },
        itemStyle: { color: TREND_COLOUR },
        label: {
          show: !narrow,
          position: 'top',
          color: INK,
          fontSize: 11,
          formatter: (p: unknown) => formatPercent((p as { value: number | null }).value, m.locale),
        },
        markLine: {
          silent: true,
          symbol: ['none', 'none'],
          data: thresholds.map(({ g, colour: c }) => ({
            yAxis: g.minPercent,
            lineStyle: { type: 'dashed', color: c, width: 1 },
            // Outside the plot, right of the line's end, where no point can hide it.
            label: {
              position: 'end',
              distance: 6,
              color: MUTED,
              fontSize: 11,
              lineHeight: 13,
              formatter: `${narrow || !numberedCode(g.code) ? groupShort(g, m.lang) : m.threshold(g.code)}\n≥\u00A0${formatNumber(g.minPercent, m.locale, 0)}`,
            },
          })),
        },
      },
      ...(hasHistory
        ? [
            {
              type: 'line' as const,
              name: m.trendPredecessors,
              data: history,
              connectNulls: false,
              symbol: 'circle',
              symbolSize: 9,
              lineStyle: { color: TREND_COLOUR, width: 2, type: 'dashed' as const },
              itemStyle: { color: TREND_COLOUR },
              label: {
                show: !narrow,
                position: 'top' as const,
                color: INK,
                fontSize: 11,
                formatter: (p: unknown) => formatPercent((p as { value: number | null }).value, m.locale),
              },
            },
          ]
        : []),
    ],
  };
}

/** The tooltip of one year of a series: value, rank and class, or why there is none. */
export function trendTooltip(
  series: Series,
  index: number,
  groups: readonly FrameworkGroup[],
  m: Messages,
  byYear: readonly (readonly FrameworkGroup[] | null)[] = [],
): string {
  const year = series.years[index];
  const status = series.status[index] ?? 'NOT_ASSESSED';
  const lines = [`<strong>${escapeHtml(series.unit.name)} — ${year ?? ''}</strong>`];
  const value = observedValues(series)[index] ?? null;
  if (value !== null) {
    lines.push(`${m.index}: ${formatPercent(value, m.locale)}`);
    const rank = series.ranks[index];
    if (rank !== null && rank !== undefined) lines.push(`${m.rank}: ${rank}`);
    const group = series.groups[index];
    if (group) {
      const known = yearClass(series, index, groups, byYear);
      lines.push(`${m.group}: ${escapeHtml(known ? groupName(known.group, m) : group)}`);
    }
  }
  lines.push(`${m.statusLabel}: ${m.status[status]}`);
  if (value !== null && uncertain(series, index)) lines.push(`<em>${escapeHtml(m.inferredShort)}</em>`);
  return lines.join('<br>');
}
