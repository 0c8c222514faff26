// Loading, error and empty states of a section, in the page's language.
import { ApiError } from '../api';
import { h, replaceChildren } from '../dom';
import type { Messages } from '../i18n';

/** The status line of a section: a polite live region that screen readers announce. */
export function statusLine(): HTMLDivElement {
  return h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
}

/** Shows "Đang tải…". */
export function showLoading(el: HTMLElement, m: Messages): void {
  el.dataset['state'] = 'loading';
  replaceChildren(el, h('span', { class: 'spinner', 'aria-hidden': 'true' }), m.loading);
}

/** The text of an error: the server's message, or the page's words for a client failure. */
export function errorText(err: unknown, m: Messages): { message: string; code: string | null } {
  if (err instanceof ApiError) {
    const http = /^HTTP_(\d{3})$/.exec(err.code);
    const words = m.clientErrors[err.code] ?? (http ? m.httpError(http[1] as string) : null);
    return { message: words ?? err.message, code: err.code };
  }
  return { message: err instanceof Error ? err.message : String(err), code: null };
}

/** Shows "Không tải được dữ liệu: … (mã lỗi: …)" and, when given, a retry button. */
export function showError(el: HTMLElement, m: Messages, err: unknown, retry?: () => void): void {
  const { message, code } = errorText(err, m);
  el.dataset['state'] = 'error';
  replaceChildren(
    el,
    h(
      'p',
      { class: 'error', role: 'alert' },
      `${m.loadError}: ${message}`,
      code ? ' ' : null,
      code ? h('span', { class: 'code' }, `(${m.errorCode}: `, h('code', {}, code), ')') : null,
    ),
    retry ? retryButton(m, retry) : null,
  );
}

function retryButton(m: Messages, retry: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'secondary' }, m.retry);
  b.addEventListener('click', retry);
  return b;
}

/** Shows an empty state. */
export function showEmpty(el: HTMLElement, text: string): void {
  el.dataset['state'] = 'empty';
  replaceChildren(el, h('p', { class: 'empty' }, text));
}

/** Clears the status line once the data is shown. */
export function clearStatus(el: HTMLElement): void {
  el.dataset['state'] = 'ready';
  replaceChildren(el);
}

/** Where results come from, under a "no results yet": the import command and its instructions. */
export function importHint(m: Messages): HTMLParagraphElement {
  const { before, command, after } = m.importHint;
  return h('p', { class: 'import-hint note' }, before, h('code', {}, command), after);
}
