// The option type of the charts the app draws: only the series and components it registers
// (see echarts.ts), so a typo or an unregistered component fails type checking.
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption, RadarSeriesOption } from 'echarts/charts';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  RadarComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { formatNumber } from '../format';

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | HeatmapSeriesOption
  | LineSeriesOption
  | RadarSeriesOption
  | RadarComponentOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

/** What every chart builder needs to know about where it is drawn. */
export interface ChartContext {
  /** Whether to animate (off for automated browsers and reduced motion). */
  animation: boolean;
  /** Width of the chart in CSS pixels. */
  width: number;
}

/** Below this width the charts use shorter labels. */
export const NARROW_WIDTH = 600;

/** Text and line colours shared by the charts. */
export const INK = '#1F2328';
export const MUTED = '#59636E';
export const RULE = '#D8DEE4';

/** Series colours shared by the charts: the unit or year shown, last year, a reference value. */
export const PRIMARY = '#0072B2';
export const PREVIOUS = '#BFC5CC';
export const REFERENCE = '#6E7781';

/**
 * The font of the page, so chart text matches it. Single quotes: ECharts writes the family into
 * an SVG attribute unescaped, and double quotes there make saved SVGs invalid XML.
 */
export const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif";

/**
 * Tooltip settings shared by the charts: text wraps (source titles are long) within the chart,
 * in the page's ink rather than ECharts' grey.
 */
export function tooltipBase(ctx: ChartContext): {
  confine: true;
  textStyle: { color: string; fontFamily: string; fontSize: number };
  extraCssText: string;
} {
  const width = Math.max(200, Math.min(360, ctx.width - 24));
  return {
    confine: true,
    textStyle: { color: INK, fontFamily: FONT_FAMILY, fontSize: 13 },
    extraCssText: `white-space: normal; overflow-wrap: anywhere; max-width: ${width}px;`,
  };
}

/** The value axis of the horizontal bar charts of percents: 0 to 100, a tick every 10 (25 when narrow). */
/**
 * The category axis of names down a chart's side, the first at the top: ink labels (with the
 * given size and line height), no ticks, a muted axis line unless another is given.
 */
export function namesAxis(data: string[], label: { fontSize: number; lineHeight?: number }, axisLine: object = { lineStyle: { color: MUTED } }) {
  return { type: 'category' as const, inverse: true, data, axisTick: { show: false }, axisLine, axisLabel: { color: INK, ...label } };
}

export function percentAxis(narrow: boolean, locale: string) {
  return {
    type: 'value' as const,
    min: 0,
    max: 100,
    interval: narrow ? 25 : 10,
    axisLabel: { color: MUTED, formatter: (v: number) => formatNumber(v, locale, 0) },
    splitLine: { lineStyle: { color: RULE } },
  };
}
