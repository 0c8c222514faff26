// A view whose module is loaded the first time it is shown (a dynamic import), so the page's
// first load does not carry it: the printable report is opened from the profile and the overview.
// Until then a placeholder stands in its place; the loaded view's own root then takes it over
// (and whether it is hidden), so styles and tests find the view by its own ID.
import { h } from '../dom';
import type { Messages } from '../i18n';
import type { AppState } from '../state';
import type { View } from './context';
import { showError, showLoading, statusLine } from './status';

export class LazyView implements View {
  private readonly status = statusLine();
  private current: HTMLElement = h('div', { class: 'view' }, this.status);
  private view: Promise<View> | null = null;

  constructor(
    private readonly m: Messages,
    private readonly load: () => Promise<View>,
  ) {}

  /** The placeholder, then the loaded view's root. */
  get root(): HTMLElement {
    return this.current;
  }

  show(state: AppState, year: number): void {
    if (!this.view) {
      showLoading(this.status, this.m);
      this.view = this.load().then((v) => {
        v.root.hidden = this.current.hidden;
        this.current.replaceWith(v.root);
        this.current = v.root;
        return v;
      });
      // A failed import may work when tried again (the network came back).
      this.view.catch(() => (this.view = null));
    }
    this.view.then(
      (v) => v.show(state, year),
      (err: unknown) => showError(this.status, this.m, err, () => this.show(state, year)),
    );
  }
}
