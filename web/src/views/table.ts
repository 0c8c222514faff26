// Data tables: the numbers of each chart as text, for screen readers, for copying into reports
// and for tests; the table view shows them open. Every column sorts with its header button.
import { h, replaceChildren } from '../dom';
import type { Messages } from '../i18n';

/** One cell: its text, and the value it sorts by (null sorts last). */
export interface Cell {
  text: string;
  value?: number | string | null;
  /** A link of the page (a unit's profile), followed without reloading by the page. */
  href?: string;
}

/** A column header; numeric columns align right and sort descending first. */
export interface Column {
  label: string;
  numeric?: boolean;
  /** What the header shows where `label` is long (a field's name); `label` stays its title, its accessible name and the CSV's. */
  short?: string;
  /** Kept in view while the table scrolls sideways (the unit's name). */
  sticky?: boolean;
}

/** One body row: its cells and attributes for the <tr>. */
export interface TableRow {
  cells: (Cell | string)[];
  attrs?: Record<string, string>;
}

export interface TableData {
  caption: string;
  columns: Column[];
  rows: TableRow[];
}

function cell(c: Cell | string): Cell {
  return typeof c === 'string' ? { text: c, value: c } : c;
}

/**
 * Orders rows by a column: numbers by value, text with the page's collation; missing values
 * last in either direction. The sort is stable, so equal values keep the API's order.
 */
export function sortRows(rows: readonly TableRow[], column: number, ascending: boolean, locale: string): TableRow[] {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const key = (r: TableRow): number | string | null => {
    const c = r.cells[column];
    if (c === undefined) return null;
    const v = cell(c).value;
    return v === undefined ? cell(c).text : v;
  };
  return rows
    .map((r, i) => ({ r, i, k: key(r) }))
    .sort((a, b) => {
      if (a.k === null || b.k === null) return a.k === b.k ? a.i - b.i : a.k === null ? 1 : -1;
      const d =
        typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : collator.compare(String(a.k), String(b.k));
      return d === 0 ? a.i - b.i : ascending ? d : -d;
    })
    .map((x) => x.r);
}

/**
 * The table as CSV (RFC 4180: comma-separated, CRLF, fields with a comma, quote or line break
 * quoted), the cells as the page shows them but with plain spaces (the page's no-break spaces
 * are typography, and trip programs that read numbers), with a byte-order mark so that Excel
 * reads the Vietnamese letters as UTF-8.
 */
export function toCsv(data: TableData): string {
  const field = (raw: string): string => {
    const text = raw.replace(/[\u00A0\u202F]/g, ' ');
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [data.columns.map((c) => field(c.label)), ...data.rows.map((r) => r.cells.map((c) => field(cell(c).text)))];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

/**
 * DataTable is a <table> with a caption, a header row of sort buttons and one <tr> per row,
 * inside a wrapper that scrolls sideways on its own (never the page): a region reached by the
 * keyboard, named by the caption and a hint that gives the number of columns and, when they do
 * not fit, says (visibly too) that it scrolls sideways. `collapsible` tables are visually hidden
 * (but in the accessibility tree) until their toggle button shows them.
 */
export class DataTable {
  readonly wrap: HTMLDivElement;
  readonly toggle: HTMLButtonElement;
  private readonly table: HTMLTableElement;
  private readonly hint: HTMLParagraphElement;
  private data: TableData | null = null;
  private sort: { column: number; ascending: boolean } | null = null;
  private open: boolean;

  constructor(
    id: string,
    className: string,
    private readonly m: Messages,
    collapsible = true,
  ) {
    this.open = !collapsible;
    this.table = h('table', { class: className });
    this.hint = h('p', { id: `${id}-hint`, class: 'table-hint', hidden: true });
    this.wrap = h(
      'div',
      { id, class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': `${id}-caption ${id}-hint` },
      this.hint,
      this.table,
    );
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => this.updateHint()).observe(this.wrap);
    this.toggle = h('button', { type: 'button', class: 'table-toggle secondary', 'aria-controls': id, hidden: !collapsible });
    this.toggle.addEventListener('click', () => this.setOpen(!this.open));
    this.setOpen(this.open);
    if (!collapsible) this.toggle.remove();
  }

  /** Fills the table, keeping the reader's sort when the columns are the same. */
  fill(data: TableData): void {
    if (this.data && this.data.columns.map((c) => c.label).join() !== data.columns.map((c) => c.label).join()) {
      this.sort = null;
    }
    this.data = data;
    this.render();
  }

  /** What the table holds, or null when it is empty. */
  current(): TableData | null {
    return this.data;
  }

  /** Empties the table. */
  clear(): void {
    this.data = null;
    replaceChildren(this.table);
    this.updateHint();
  }

  /** Says how many columns there are, and shows that the table scrolls when they do not fit. */
  private updateHint(): void {
    const columns = this.data?.columns.length ?? 0;
    const scrolls = columns > 0 && this.wrap.scrollWidth > this.wrap.clientWidth + 1;
    const text = columns === 0 ? '' : this.m.tableColumns(columns, scrolls);
    if (this.hint.textContent !== text) this.hint.textContent = text;
    this.hint.hidden = !scrolls;
    this.wrap.classList.toggle('scrolls', scrolls);
  }

  private render(): void {
    const data = this.data;
    if (!data) return;
    const rows = this.sort ? sortRows(data.rows, this.sort.column, this.sort.ascending, this.m.locale) : data.rows;
    const headers = data.columns.map((col, i) => {
      const sorted = this.sort?.column === i ? (this.sort.ascending ? 'ascending' : 'descending') : 'none';
      // A short header shows its short label; the full one is its title and, for screen readers, its text.
      const label = col.short
        ? [h('span', { 'aria-hidden': 'true' }, col.short), h('span', { class: 'sr-only' }, col.label)]
        : [col.label];
      const button = h(
        'button',
        { type: 'button', class: 'sort', title: this.m.sortBy(col.label) },
        ...label,
        h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : '↕'),
      );
      button.addEventListener('click', () => this.sortBy(i, col.numeric === true));
      const cls = [col.numeric ? 'num' : '', col.sticky ? 'sticky' : ''].join(' ').trim();
      return h('th', { scope: 'col', 'aria-sort': sorted, class: cls || null, title: col.short ? col.label : null }, button);
    });
    const tbody = h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          r.attrs ?? {},
          ...r.cells.map((c, i) => {
            const { text, href } = cell(c);
            const col = data.columns[i];
            const cls = [col?.numeric ? 'num' : '', col?.sticky ? 'sticky' : ''].join(' ').trim();
            return h('td', { class: cls || null }, href ? h('a', { href, 'data-nav': '' }, text) : text);
          }),
        ),
      ),
    );
    replaceChildren(
      this.table,
      h('caption', { id: `${this.wrap.id}-caption` }, data.caption),
      h('thead', {}, h('tr', {}, ...headers)),
      tbody,
    );
    this.updateHint();
  }

  private sortBy(column: number, numeric: boolean): void {
    const ascending = this.sort?.column === column ? !this.sort.ascending : !numeric;
    this.sort = { column, ascending };
    this.render();
    // Keep the keyboard where it was: on the header just pressed.
    (this.table.querySelectorAll('th button')[column] as HTMLButtonElement | undefined)?.focus();
  }

  private setOpen(open: boolean): void {
    this.open = open;
    this.wrap.classList.toggle('sr-only', !open);
    this.updateHint();
    this.toggle.setAttribute('aria-expanded', String(open));
    this.toggle.textContent = open ? this.m.hideTable : this.m.showTable;
  }
}
