// Find a unit by name, with or without diacritics ("an my" finds "Xã An Mỹ"): the server's
// units(search) answers, the results are buttons, so a keyboard reaches them with Tab.
import { h, replaceChildren } from '../dom';
import { SEARCH, type SearchHit } from '../queries';
import type { ViewContext } from './context';
import { showError } from './status';

const DEBOUNCE_MS = 200;

export class UnitSearch {
  readonly root: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly results = h('ul', { class: 'search-results' });
  private readonly live = h('p', { class: 'search-status', role: 'status', 'aria-live': 'polite' });
  private timer = 0;
  private seq = 0;

  constructor(
    private readonly ctx: ViewContext,
    id: string,
    private readonly onPick: (hit: SearchHit) => void,
  ) {
    const m = ctx.m;
    this.input = h('input', { id, type: 'search', autocomplete: 'off', spellcheck: 'false', placeholder: m.searchPlaceholder, 'aria-controls': `${id}-results` });
    this.results.id = `${id}-results`;
    this.input.addEventListener('input', () => this.schedule());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') {
        (this.results.querySelector('button') as HTMLButtonElement | null)?.focus();
        e.preventDefault();
      } else if (e.key === 'Escape') {
        this.clear();
      }
    });
    this.results.addEventListener('keydown', (e) => {
      const buttons = [...this.results.querySelectorAll('button')];
      const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
      if (e.key === 'ArrowDown' && i >= 0) (buttons[i + 1] ?? buttons[i])?.focus();
      else if (e.key === 'ArrowUp' && i >= 0) (i === 0 ? this.input : buttons[i - 1])?.focus();
      else if (e.key === 'Escape') this.input.focus();
      else return;
      e.preventDefault();
    });
    this.root = h('div', { class: 'search' }, h('label', { for: id }, m.searchLabel), this.input, this.live, this.results);
  }

  clear(): void {
    this.input.value = '';
    replaceChildren(this.results);
    this.live.textContent = '';
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.search(), DEBOUNCE_MS);
  }

  private async search(): Promise<void> {
    const text = this.input.value.trim();
    const seq = ++this.seq;
    if (text.length < 2) {
      replaceChildren(this.results);
      this.live.textContent = '';
      return;
    }
    const m = this.ctx.m;
    let hits: SearchHit[];
    try {
      hits = (await this.ctx.fetch<{ units: SearchHit[] }>({ query: SEARCH, variables: { search: text } })).units;
    } catch (err) {
      if (seq === this.seq) showError(this.live, m, err);
      return;
    }
    if (seq !== this.seq) return;
    // Districts and provinces have no scores of their own.
    const scored = hits.filter((u) => u.years.length > 0);
    this.live.textContent = scored.length === 0 ? m.searchNone : m.searchResults(scored.length);
    replaceChildren(
      this.results,
      ...scored.map((u) => {
        const b = h(
          'button',
          { type: 'button', class: 'hit', 'data-unit': u.id },
          h('span', { class: 'hit-name' }, u.name),
          h('span', { class: 'hit-meta' }, [u.parentName, `${u.years[0]}–${u.years[u.years.length - 1]}`].filter(Boolean).join(' · ')),
        );
        b.addEventListener('click', () => {
          this.clear();
          this.onPick(u);
        });
        return h('li', {}, b);
      }),
    );
  }
}
