// Data tables beside the charts: the same numbers as text, for screen readers, for copying
// into reports, and for tests. Hidden visually until the reader asks for them.
import { h, replaceChildren } from '../dom';
import type { Messages } from '../i18n';

/** One body row: its cells' text and attributes for the <tr>. */
export interface TableRow {
  cells: string[];
  attrs?: Record<string, string>;
}

/**
 * DataTable is a <table> with a caption, a header row in <thead> and one <tr> per row in
 * <tbody>, inside a wrapper that is visually hidden (but in the accessibility tree) until its
 * toggle button shows it.
 */
export class DataTable {
  readonly wrap: HTMLDivElement;
  readonly toggle: HTMLButtonElement;
  private readonly table: HTMLTableElement;
  private open = false;

  constructor(id: string, className: string, private readonly m: Messages) {
    this.table = h('table', { class: className });
    this.wrap = h('div', { id, class: 'table-wrap sr-only' }, this.table);
    this.toggle = h('button', { type: 'button', class: 'table-toggle secondary', 'aria-controls': id });
    this.toggle.addEventListener('click', () => this.setOpen(!this.open));
    this.setOpen(false);
  }

  /** Fills the table. */
  fill(caption: string, headers: string[], rows: TableRow[]): void {
    const thead = h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t))));
    const tbody = h(
      'tbody',
      {},
      ...rows.map((r) => h('tr', r.attrs ?? {}, ...r.cells.map((c) => h('td', {}, c)))),
    );
    replaceChildren(this.table, h('caption', {}, caption), thead, tbody);
    this.toggle.hidden = false;
  }

  /** Empties the table and hides its button. */
  clear(): void {
    replaceChildren(this.table);
    this.toggle.hidden = true;
  }

  private setOpen(open: boolean): void {
    this.open = open;
    this.wrap.classList.toggle('sr-only', !open);
    this.toggle.setAttribute('aria-expanded', String(open));
    this.toggle.textContent = open ? this.m.hideTable : this.m.showTable;
  }
}
