// A view whose module is loaded the first time it is shown (a dynamic import), so the page's
// first load does not carry it: the printable report is opened from the profile and the overview.
import { h } from '../dom';
import type { Messages } from '../i18n';
import type { AppState } from '../state';
import type { View } from './context';
import { showError, showLoading, statusLine } from './status';

export class LazyView implements View {
  readonly root: HTMLElement;
  private readonly status = statusLine();
  private view: Promise<View> | null = null;

  /** `name` marks the container (data-page) for the styles that apply while it is shown. */
  constructor(
    name: string,
    private readonly m: Messages,
    private readonly load: () => Promise<View>,
  ) {
    this.root = h('div', { class: 'view-slot', 'data-page': name }, this.status);
  }

  show(state: AppState, year: number): void {
    if (!this.view) {
      showLoading(this.status, this.m);
      this.view = this.load().then((v) => {
        this.status.remove();
        this.root.append(v.root);
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
