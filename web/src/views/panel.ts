// One card of the page: a heading, a note, a status line (loading, error, empty in the page's
// language), a chart with its tools (PNG, SVG, CSV, copy as GraphQL, open in GraphiQL: a row
// on a wide screen, one menu button on a phone) and the chart's numbers as a sortable table.
// Every view is made of panels, and Panel.run is the one place where a request's loading,
// failure, emptiness and staleness are handled.
import { ApiError, isAbort } from '../api';
import { ChartHandle, type OptionBuilder } from '../charts/echarts';
import { fileName, save, savePng, saveSvg } from '../charts/export';
import { h, replaceChildren } from '../dom';
import type { Messages } from '../i18n';
import { clearStatus, showEmpty, showError, showLoading, statusLine } from './status';
import { DataTable, toCsv, type TableData } from './table';

/** The GraphQL request behind a chart, for "copy as GraphQL". */
export interface QueryRef {
  query: string;
  variables: Record<string, unknown>;
}

/** What a panel draws once its data is in. */
export interface PanelContent {
  build?: OptionBuilder;
  height?: number;
  /** Attributes set on the chart element once drawn (data-year, data-count …). */
  attrs?: Record<string, string>;
  table?: TableData;
  /** Text under the chart's title in saved images: the source of its numbers. */
  footer: string;
  /** What a click on a data item does (the ranking opens the unit's profile). */
  onClick?: (dataIndex: number) => void;
}

/** The address of the explorer with a query and its variables filled in. */
export function explorerLink(ref: QueryRef): string {
  const v = new URLSearchParams({ query: ref.query });
  if (Object.keys(ref.variables).length > 0) v.set('variables', JSON.stringify(ref.variables, null, 2));
  return `/graphiql?${v.toString().replace(/\+/g, '%20')}`;
}

/** The text "copy as GraphQL" puts on the clipboard: the document, then its variables. */
export function queryText(ref: QueryRef): string {
  const vars = Object.keys(ref.variables).length > 0 ? `\n\n# variables\n${JSON.stringify(ref.variables, null, 2)}` : '';
  return `${ref.query}${vars}\n`;
}

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Refused (no permission, page not focused): the old way below may still work.
    }
  }
  // Plain http on another host has no clipboard API: the old way works there.
  const area = h('textarea', { class: 'sr-only', readonly: true });
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

/** The error codes that mean "nothing for this selection" rather than a failure. */
const EMPTY_CODES = new Set(['NOT_FOUND']);

export class Panel {
  readonly section: HTMLElement;
  readonly body = h('div', { class: 'panel-body' });
  private readonly heading: HTMLHeadingElement;
  private readonly note = h('p', { class: 'note' });
  /** What the reader must keep in mind reading the numbers (units of several frameworks …). */
  private readonly caution = h('p', { class: 'caution', role: 'note' });
  private readonly status = statusLine();
  private readonly chartEl: HTMLDivElement | null = null;
  private readonly chart: ChartHandle | null = null;
  private readonly tools = h('div', { class: 'tools' });
  /** Opens the tools on a phone (CSS hides it on a wide screen, where the tools are a row). */
  private readonly toolsButton: HTMLButtonElement;
  private readonly toolsBar = h('div', { class: 'tools-bar', hidden: true });
  private readonly toolStatus = h('span', { class: 'tool-status', role: 'status', 'aria-live': 'polite' });
  private readonly explorer = h('a', { class: 'tool', target: '_blank', rel: 'noopener' });
  private readonly csvButton: HTMLButtonElement;
  readonly table: DataTable;
  private query: QueryRef | null = null;
  private footer = '';
  private run_ = 0;

  constructor(
    private readonly m: Messages,
    readonly id: string,
    opts: { chart?: boolean; wide?: boolean; openTable?: boolean } = {},
  ) {
    this.heading = h('h2', { id: `${id}-heading` });
    this.table = new DataTable(`${id}-data`, `${id}-table`, m, opts.openTable !== true);
    const withChart = opts.chart !== false;
    this.csvButton = this.toolButton(m.downloadCsv, 'csv', () => this.downloadCsv());
    if (withChart) {
      this.chartEl = h('div', { id: `${id}-chart`, class: 'chart', 'data-ready': 'false', hidden: true, role: 'img' });
      this.chart = new ChartHandle(this.chartEl);
      this.tools.append(
        this.toolButton(m.downloadPng, 'png', () => void this.download('png')),
        this.toolButton(m.downloadSvg, 'svg', () => void this.download('svg')),
        this.csvButton,
        this.toolButton(m.copyQuery, 'copy', () => void this.copy()),
        this.explorer,
      );
    } else {
      // A table without a chart (the table view) keeps the table's tools.
      this.tools.append(this.csvButton, this.toolButton(m.copyQuery, 'copy', () => void this.copy()), this.explorer);
    }
    this.explorer.textContent = m.openExplorer;
    this.tools.id = `${id}-tools`;
    this.toolsButton = h(
      'button',
      { type: 'button', class: 'tools-button secondary', 'aria-expanded': 'false', 'aria-controls': this.tools.id },
      m.toolsMenu,
    );
    this.toolsButton.addEventListener('click', () => this.openTools(this.toolsButton.getAttribute('aria-expanded') !== 'true'));
    // A tool used closes the menu (its status line then shows); Escape closes it, back on its button.
    this.tools.addEventListener('click', (e) => {
      if ((e.target as Element).closest('.tool')) this.openTools(false);
    });
    this.toolsBar.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || this.toolsButton.getAttribute('aria-expanded') !== 'true') return;
      e.preventDefault();
      this.openTools(false);
      this.toolsButton.focus();
    });
    this.toolsBar.addEventListener('focusout', (e) => {
      if (!this.toolsBar.contains(e.relatedTarget as Node | null)) this.openTools(false);
    });
    this.toolsBar.append(this.toolsButton, this.tools, this.toolStatus);
    this.section = h(
      'section',
      { id, class: opts.wide ? 'panel wide' : 'panel', 'aria-labelledby': `${id}-heading` },
      this.heading,
      this.note,
      this.caution,
      this.status,
      this.body,
      this.chartEl,
      this.toolsBar,
      opts.openTable ? null : this.table.toggle,
      this.table.wrap,
    );
    this.note.hidden = true;
    this.caution.hidden = true;
  }

  private toolButton(label: string, kind: string, onClick: () => void): HTMLButtonElement {
    const b = h('button', { type: 'button', class: 'tool secondary', 'data-tool': kind }, label);
    b.addEventListener('click', onClick);
    return b;
  }

  /** Opens or closes the tools menu (only a phone shows it as a menu). */
  private openTools(open: boolean): void {
    this.toolsButton.setAttribute('aria-expanded', String(open));
    this.tools.classList.toggle('open', open);
  }

  setHeading(text: string): void {
    this.heading.textContent = text;
  }

  setNote(text: string | null): void {
    this.note.textContent = text ?? '';
    this.note.hidden = text === null || text === '';
  }

  /** Sets the caution under the note (several sentences are joined); none hides it. */
  setCaution(...texts: (string | null | false)[]): void {
    const text = texts.filter((t): t is string => typeof t === 'string' && t !== '').join(' ');
    this.caution.textContent = text;
    this.caution.hidden = text === '';
  }

  /** Shows the panel or takes it out of the page. */
  setVisible(visible: boolean): void {
    this.section.hidden = !visible;
    if (!visible) this.run_++;
  }

  /**
   * Loads the panel's data and draws it. While `load` runs the panel says it is loading; an
   * answer that arrives after a newer run (the reader changed the year meanwhile) is dropped;
   * a cancelled request is ignored; NOT_FOUND and an answer `render` finds empty (it returns a
   * text instead of content) show the empty state; any other error shows its message, its
   * code and a button that runs the same load again.
   */
  async run<T>(query: QueryRef, load: () => Promise<T>, render: (data: T) => PanelContent | string): Promise<void> {
    const run = ++this.run_;
    this.query = query;
    this.setCaution();
    this.section.hidden = false;
    this.chart?.busy();
    this.section.setAttribute('aria-busy', 'true');
    showLoading(this.status, this.m);
    let data: T;
    try {
      data = await load();
    } catch (err) {
      if (run !== this.run_ || isAbort(err)) return;
      this.section.removeAttribute('aria-busy');
      if (err instanceof ApiError && EMPTY_CODES.has(err.code)) {
        this.empty(this.m.noData(err.message));
        return;
      }
      this.hideContent();
      showError(this.status, this.m, err, () => void this.run(query, load, render));
      return;
    }
    if (run !== this.run_) return;
    this.section.removeAttribute('aria-busy');
    const content = render(data);
    if (typeof content === 'string') {
      this.empty(content);
      return;
    }
    this.show(content);
  }

  /** Shows an empty state with `text`; an answer still on its way is then dropped. */
  empty(text: string): void {
    this.run_++;
    this.section.hidden = false;
    this.section.removeAttribute('aria-busy');
    this.hideContent();
    showEmpty(this.status, text);
  }

  private show(content: PanelContent): void {
    clearStatus(this.status);
    this.footer = content.footer;
    if (this.chart && this.chartEl && content.build) {
      this.chart.draw(content.build, content.height ?? 320, content.attrs ?? {});
      this.chart.onClick(content.onClick ?? null);
      this.chartEl.setAttribute('aria-label', this.heading.textContent ?? '');
    }
    // Tools where there is something to save: a chart, or a table.
    this.toolsBar.hidden = !(content.build && this.chart) && !content.table;
    this.csvButton.hidden = !content.table;
    if (this.query) this.explorer.href = explorerLink(this.query);
    if (content.table) {
      this.table.fill(content.table);
      this.table.toggle.hidden = false;
    } else {
      this.table.clear();
      this.table.toggle.hidden = true;
    }
  }

  private hideContent(): void {
    this.setCaution();
    this.chart?.hide();
    this.toolsBar.hidden = true;
    this.openTools(false);
    this.table.clear();
    this.table.toggle.hidden = true;
    replaceChildren(this.body);
  }

  private async download(kind: 'png' | 'svg'): Promise<void> {
    const svg = this.chart?.svg();
    if (!svg) return;
    const title = this.heading.textContent ?? '';
    const frame = { title, footer: this.footer };
    const name = fileName(['parindex', this.id, title], kind);
    try {
      if (kind === 'svg') saveSvg(svg, frame, name);
      else await savePng(svg, frame, name);
      this.toolStatus.textContent = this.m.saved(name);
    } catch (err) {
      this.toolStatus.textContent = `${this.m.saveFailed}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  private downloadCsv(): void {
    const data = this.table.current();
    if (!data) return;
    const name = fileName(['parindex', this.id, this.heading.textContent ?? ''], 'csv');
    save(new Blob([toCsv(data)], { type: 'text/csv;charset=utf-8' }), name);
    this.toolStatus.textContent = this.m.saved(name);
  }

  private async copy(): Promise<void> {
    if (!this.query) return;
    try {
      await copyText(queryText(this.query));
      this.toolStatus.textContent = this.m.copied;
    } catch {
      this.toolStatus.textContent = this.m.copyFailed;
    }
  }
}
