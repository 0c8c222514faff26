// Lines over years for several series: units compared, the fields of a profile, a rank history.
// A missing year is a gap (null), never a zero.
import { escapeHtml, formatNumber, formatPercent } from '../format';
import type { Messages } from '../i18n';
import { FONT_FAMILY, INK, MUTED, NARROW_WIDTH, RULE, tooltipBase, type ChartContext, type ChartOption } from './option';
import { seriesStyle } from './palette';

/** One line: its name and a value (or null) per year. */
export interface Line {
  name: string;
  values: (number | null)[];
  /** Drawn dashed: values that are not the unit's own (its predecessors' mean). */
  dashed?: boolean;
  /** Index in the palette (defaults to the line's position). */
  style?: number;
  /** The name the legend shows where `name` is long (a field's); `name` stays in tooltips and tables. */
  short?: string;
}

export interface LinesSpec {
  years: number[];
  lines: Line[];
  label: string;
  /** "percent" (0–100 axis, values as 68,87 %) or "rank" (1 at the top, whole numbers). */
  kind: 'percent' | 'rank';
}

/** The lower end of a percent axis: ten below the lowest value, rounded down to ten. */
export function percentAxisMin(lines: readonly Line[]): number {
  const values = lines.flatMap((l) => l.values).filter((v): v is number => v !== null);
  if (values.length === 0) return 0;
  return Math.max(0, Math.floor(Math.min(...values) / 10) * 10 - 10);
}

/**
 * How many rows the legend of `lines` takes in `width` pixels: items laid out one after another
 * as ECharts does, each its marker, its (short) name at about 6.5 px a letter, and a gap.
 */
export function legendRows(lines: readonly Line[], width: number): number {
  if (lines.length < 2) return 0;
  const room = Math.max(width - 8, 1);
  let rows = 1;
  let used = 0;
  for (const l of lines) {
    const w = Math.min(37 + (l.short ?? l.name).length * 6.5, room);
    if (used > 0 && used + w > room) {
      rows++;
      used = 0;
    }
    used += w + 12;
  }
  return rows;
}

/** The height of a lines chart of `lines` (the legend grows with them). */
export function linesHeight(lines: readonly Line[], width: number): number {
  return 300 + legendRows(lines, width) * 22;
}

export function linesOption(spec: LinesSpec, m: Messages, ctx: ChartContext): ChartOption {
  const narrow = ctx.width < NARROW_WIDTH;
  const rank = spec.kind === 'rank';
  const fmt = (v: number | null): string => (rank ? (v === null ? m.none : String(v)) : formatPercent(v, m.locale));
  const maxRank = Math.max(1, ...spec.lines.flatMap((l) => l.values).filter((v): v is number => v !== null));
  const showLegend = spec.lines.length > 1;
  const shortNames = new Map(spec.lines.map((l) => [l.name, l.short ?? l.name]));
  return {
    animation: ctx.animation,
    aria: { enabled: true, label: { description: spec.label } },
    textStyle: { fontFamily: FONT_FAMILY, color: INK },
    legend: showLegend
      ? {
          type: 'plain',
          top: 0,
          left: 0,
          right: 0,
          itemGap: 12,
          // Short names that fit their slot; the full name in the legend's tooltip and the table.
          formatter: (name: string) => shortNames.get(name) ?? name,
          tooltip: { show: true },
          textStyle: { color: INK, fontSize: 12, width: narrow ? 300 : 280, overflow: 'truncate' },
        }
      : { show: false },
    grid: {
      left: 4,
      right: narrow ? 12 : 24,
      top: showLegend ? legendRows(spec.lines, ctx.width) * 22 + 16 : 16,
      bottom: 8,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: {
      type: 'category',
      data: spec.years.map(String),
      // Each year in the middle of its slot (as in the trend chart): the first year's label then
      // starts right of the axis, clear of the lowest value's label.
      boundaryGap: true,
      axisTick: { alignWithLabel: true },
      axisLine: { lineStyle: { color: MUTED } },
      axisLabel: { color: INK, margin: 10, hideOverlap: true },
    },
    yAxis: rank
      ? {
          type: 'value',
          inverse: true,
          min: 1,
          // At least three ranks tall, so a unit always first is not drawn on a collapsed axis.
          max: Math.max(3, maxRank),
          minInterval: 1,
          axisLabel: { color: MUTED, margin: 10, formatter: (v: number) => formatNumber(v, m.locale, 0) },
          splitLine: { lineStyle: { color: RULE } },
        }
      : {
          type: 'value',
          min: percentAxisMin(spec.lines),
          max: 100,
          axisLabel: { color: MUTED, margin: 10, formatter: (v: number) => formatNumber(v, m.locale, 0) },
          splitLine: { lineStyle: { color: RULE } },
        },
    tooltip: {
      trigger: 'axis',
      ...tooltipBase(ctx),
      formatter: (p: unknown) => {
        const items = p as { dataIndex: number; seriesIndex: number }[];
        const first = items[0];
        if (!first) return '';
        const lines = [`<strong>${spec.years[first.dataIndex] ?? ''}</strong>`];
        for (const it of items) {
          const line = spec.lines[it.seriesIndex];
          if (line) lines.push(`${escapeHtml(line.name)}: ${fmt(line.values[it.dataIndex] ?? null)}`);
        }
        return lines.join('<br>');
      },
    },
    series: spec.lines.map((line, i) => {
      const st = seriesStyle(line.style ?? i);
      return {
        type: 'line' as const,
        name: line.name,
        data: line.values,
        connectNulls: false,
        symbol: st.symbol,
        symbolSize: 8,
        lineStyle: { color: st.colour, width: 2, type: line.dashed ? 'dashed' : st.dash },
        itemStyle: { color: st.colour },
        label: {
          show: spec.lines.length === 1 && !narrow,
          position: 'top' as const,
          color: INK,
          fontSize: 11,
          formatter: (p: unknown) => fmt((p as { value: number | null }).value),
        },
      };
    }),
  };
}
