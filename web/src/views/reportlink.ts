// The "In báo cáo" link of the profile and the overview: the printable report of what the view
// shows (its unit or its area, its year and language), opened in the page like any view.
import { h } from '../dom';
import type { AppState } from '../state';
import type { ViewContext } from './context';

/**
 * Puts the link first in `host` (once) and points it at the report of `patch` applied to the
 * page's state; null hides it (nothing to report: no unit or no area chosen), 'pending' keeps its
 * place while the view finds out what it shows (nothing below moves when it appears).
 */
export function reportLink(host: HTMLElement, ctx: ViewContext, patch: Partial<AppState> | null | 'pending'): void {
  let row = host.querySelector<HTMLElement>(':scope > .report-action');
  if (!row) {
    const a = h('a', { class: 'report-link', 'data-nav': '', title: ctx.m.reportButtonTitle }, ctx.m.reportButton);
    row = h('p', { class: 'report-action' }, a);
    host.prepend(row);
  }
  row.hidden = patch === null;
  row.classList.toggle('pending', patch === 'pending');
  const a = row.querySelector('a');
  if (!a) return;
  if (patch === 'pending') {
    a.removeAttribute('href');
    a.setAttribute('aria-hidden', 'true');
  } else if (patch) {
    a.href = ctx.href({ ...patch, view: 'report' });
    a.removeAttribute('aria-hidden');
  }
}
