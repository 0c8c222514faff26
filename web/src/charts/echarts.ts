// The ECharts runtime and a small handle that owns one chart: it draws an option, marks the
// element ready for tests and screen readers, and redraws when the element changes size.
//
// Nothing of ECharts is loaded with the page: its core (echarts-runtime.ts) is loaded once the
// page's first text is on screen (releaseCharts), and each series type and the components only some charts use (the radar's coordinates, mark
// lines) when an option first draws them (echarts-*.ts). So the page's text does not wait for
// ECharts, and a view loads only the chart types it draws.
import type { ECharts } from 'echarts/core';
import { NARROW_WIDTH, type ChartContext, type ChartOption } from './option';

type Runtime = typeof import('./echarts-runtime');
type Installer = Parameters<Runtime['use']>[0];

export type ChartPart = 'bar' | 'line' | 'heatmap' | 'radar' | 'markLine';

/** The parts of ECharts loaded on demand, by name (a series type, or a component). */
const PARTS: Record<ChartPart, () => Promise<{ default: Installer }>> = {
  bar: () => import('./echarts-bar'),
  line: () => import('./echarts-line'),
  heatmap: () => import('./echarts-heatmap'),
  radar: () => import('./echarts-radar'),
  markLine: () => import('./echarts-markline'),
};

let release: () => void = () => {};
const released = new Promise<void>((resolve) => (release = resolve));

/**
 * Lets the charts load ECharts. The page calls it once its first view's text is on screen: on a
 * slow link the text's requests then do not share it with ECharts' 150 KB, and the reader reads
 * while the charts come.
 */
export function releaseCharts(): void {
  release();
}

let runtime: Promise<Runtime> | null = null;
const loading = new Map<ChartPart, Promise<void>>();

/** The ECharts core, loaded once (again after a failure: the network dropped). */
function loadRuntime(): Promise<Runtime> {
  if (!runtime) {
    runtime = released.then(() => import('./echarts-runtime'));
    runtime.catch(() => (runtime = null));
  }
  return runtime;
}

/**
 * Loads the ECharts core and registers the given parts of ECharts (once each). main.ts calls it
 * with the parts of the view the page opens on, so the code travels while the data does; draw
 * calls it with what the option needs.
 */
export async function loadParts(parts: Iterable<ChartPart>): Promise<Runtime> {
  const core = loadRuntime();
  const waits: Promise<void>[] = [];
  for (const part of parts) {
    let p = loading.get(part);
    if (!p) {
      p = Promise.all([core, released.then(PARTS[part])]).then(([{ use }, m]) => use(m.default));
      // A failed load (the network dropped) is tried again at the next draw.
      p.catch(() => loading.delete(part));
      loading.set(part, p);
    }
    waits.push(p);
  }
  await Promise.all(waits);
  return core;
}

let turns: Promise<void> = Promise.resolve();

/**
 * Waits for a task of its own, after the draws that asked before: charts whose data came together
 * are drawn one per task, so that the page answers a tap between two of them on a slow phone.
 */
function ownTask(): Promise<void> {
  const turn = turns.then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  turns = turn;
  return turn;
}

/** The parts of ECharts an option draws with: its series types, radar coordinates and mark lines. */
export function partsOf(option: ChartOption): ChartPart[] {
  const parts = new Set<ChartPart>();
  const series = option.series === undefined ? [] : Array.isArray(option.series) ? option.series : [option.series];
  for (const s of series) {
    if (s.type === 'bar' || s.type === 'line' || s.type === 'heatmap' || s.type === 'radar') parts.add(s.type);
    if ('markLine' in s && s.markLine) parts.add('markLine');
  }
  if (option.radar) parts.add('radar');
  return [...parts].sort();
}

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

  /** Counts draws and hides, so that a draw still loading its parts is dropped by a later one. */
  private seq = 0;

  /**
   * Draws the chart at `height` CSS pixels, once the parts of ECharts its option needs are
   * loaded, then sets data-ready="true" and the given attributes (data-year, data-count …) on the
   * element. The element takes its height at once, so the page does not move when the chart comes.
   */
  async draw(build: OptionBuilder, height: number, attrs: Record<string, string>): Promise<void> {
    const seq = ++this.seq;
    this.el.hidden = false;
    this.el.style.height = `${height}px`;
    const narrow = this.el.clientWidth < NARROW_WIDTH;
    const option = build(this.context());
    const { init } = await loadParts(partsOf(option));
    await ownTask();
    if (seq !== this.seq) return;
    if (!this.chart) {
      this.chart = init(this.el, null, { renderer: 'svg' });
      this.chart.on('click', (p) => this.click?.((p as { dataIndex: number }).dataIndex));
    }
    else this.chart.resize();
    this.build = build;
    // Built again only if the width changed across the narrow width while the parts loaded.
    this.narrow = this.el.clientWidth < NARROW_WIDTH;
    this.chart.setOption(this.narrow === narrow ? option : build(this.context()), { notMerge: true });
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

  /** Marks the chart as not showing current data (while loading); a draw still loading is dropped. */
  busy(): void {
    this.seq++;
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
