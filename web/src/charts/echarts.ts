// The ECharts runtime, tree-shaken to what the app draws, and a small handle that owns one
// chart: it draws an option, marks the element ready for tests and screen readers, and
// redraws when the element changes size.
import { BarChart, HeatmapChart, LineChart, RadarChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TooltipComponent,
} from 'echarts/components';
import { init, use, type ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { NARROW_WIDTH, type ChartContext, type ChartOption } from './option';

use([
  BarChart,
  HeatmapChart,
  LineChart,
  RadarChart,
  RadarComponent,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  SVGRenderer,
]);

/**
 * Whether charts animate: not for automated browsers (screenshots and tests would catch a
 * half-drawn chart) and not for people who asked for reduced motion.
 */
export function animationEnabled(): boolean {
  if (navigator.webdriver) return false;
  return !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** The performance mark set when the page's first chart is drawn. */
export const FIRST_CHART_MARK = 'parindex:first-chart';

/** Builds the option of a chart for the context it is drawn in. */
export type OptionBuilder = (ctx: ChartContext) => ChartOption;

/**
 * ChartHandle owns the ECharts instance of one element. The instance is created at the first
 * draw (ECharts cannot measure a hidden element), and the option is rebuilt when the element
 * crosses the narrow width, because labels wrap differently there.
 */
export class ChartHandle {
  private chart: ECharts | null = null;
  private build: OptionBuilder | null = null;
  private narrow = false;
  private readonly observer: ResizeObserver;
  private frame = 0;
  private click: ((dataIndex: number) => void) | null = null;

  constructor(readonly el: HTMLElement) {
    this.observer = new ResizeObserver(() => this.scheduleResize());
    this.observer.observe(el);
  }

  /**
   * Draws the chart at `height` CSS pixels, then sets data-ready="true" and the given
   * attributes (data-year, data-count …) on the element.
   */
  draw(build: OptionBuilder, height: number, attrs: Record<string, string>): void {
    this.el.hidden = false;
    this.el.style.height = `${height}px`;
    if (!this.chart) {
      this.chart = init(this.el, null, { renderer: 'svg' });
      this.chart.on('click', (p) => this.click?.((p as { dataIndex: number }).dataIndex));
    }
    else this.chart.resize();
    this.build = build;
    this.narrow = this.el.clientWidth < NARROW_WIDTH;
    this.chart.setOption(build(this.context()), { notMerge: true });
    for (const [name, value] of Object.entries(attrs)) this.el.setAttribute(name, value);
    this.el.setAttribute('data-ready', 'true');
    // The page's time to its first chart, for measurements (see BENCHMARKS.md).
    if (performance.getEntriesByName(FIRST_CHART_MARK).length === 0) performance.mark(FIRST_CHART_MARK);
  }

  /** Calls `fn` with the index of the data item the reader clicks. */
  onClick(fn: ((dataIndex: number) => void) | null): void {
    this.click = fn;
  }

  /** The chart as drawn, an SVG document (the chart is drawn with the SVG renderer). */
  svg(): string | null {
    return this.chart && !this.el.hidden ? this.chart.renderToSVGString() : null;
  }

  /** Marks the chart as not showing current data (while loading). */
  busy(): void {
    this.el.setAttribute('data-ready', 'false');
  }

  /** Hides the chart (for error and empty states) and forgets what it drew. */
  hide(): void {
    this.busy();
    this.el.hidden = true;
    this.build = null;
    this.chart?.clear();
  }

  private context(): ChartContext {
    return { animation: animationEnabled(), width: this.el.clientWidth };
  }

  private scheduleResize(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.chart || !this.build || this.el.hidden) return;
      this.chart.resize();
      const narrow = this.el.clientWidth < NARROW_WIDTH;
      if (narrow !== this.narrow) {
        this.narrow = narrow;
        this.chart.setOption(this.build(this.context()), { notMerge: true });
      }
    });
  }
}
