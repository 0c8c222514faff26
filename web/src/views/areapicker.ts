// The area of the overview and the table: a province, then (before the 2025 reorganisation) one
// of its districts or the whole province, or found by name without diacritics ("ke sach"). Every
// province and district of the year is offered, with results or not. Native selects: short lists
// (at most 63 provinces, 30 districts), a phone's own picker.
import { areaHits, findProvinces, type AreaHit, type AreaUnit, type Scope } from '../areas';
import { h, replaceChildren } from '../dom';
import type { Messages } from '../i18n';

export interface PickerOption {
  value: string;
  label: string;
}

/** What the picker lists and selects: null when there is nothing to choose. */
export interface PickerModel {
  provinces: PickerOption[];
  /** The province selected; "" for the "choose" placeholder. */
  province: string;
  /** The districts of the selected province, the whole province first; null where there are none to choose. */
  districts: PickerOption[] | null;
  /** The district selected, or the province's code for the whole province. */
  district: string;
}

/**
 * The picker for the scope of the page: every province of the year, and every district of the
 * chosen one (`districts`, null where there are none). Pure, tested in areas.test.ts.
 */
export function pickerModel(provinces: readonly AreaUnit[], districts: readonly AreaUnit[] | null, scope: Scope, m: Messages): PickerModel | null {
  if (scope.kind === 'single') return null;
  const chosen = scope.province;
  const options = provinces.map((p) => ({ value: p.code, label: p.shortName }));
  // A province with results that the registry's list lacks is still listed (it should not happen).
  if (chosen !== null && !provinces.some((p) => p.code === chosen.code)) options.push({ value: chosen.code, label: chosen.shortName });
  const model: PickerModel = {
    provinces: chosen === null ? [{ value: '', label: m.choosePlaceholder }, ...options] : options,
    province: chosen?.code ?? '',
    districts: null,
    district: '',
  };
  if (chosen !== null && districts !== null && districts.length > 0) {
    model.districts = [{ value: chosen.code, label: m.wholeProvince }, ...districts.map((d) => ({ value: d.code, label: d.name }))];
    model.district = scope.kind !== 'choose' && scope.area.code !== chosen.code ? scope.area.code : chosen.code;
  }
  return model;
}

export class AreaPicker {
  readonly root: HTMLElement;
  private readonly province = h('select', { id: 'province', name: 'province' });
  private readonly district = h('select', { id: 'district', name: 'district' });
  private readonly districtField: HTMLElement;
  private readonly search = h('input', { id: 'area-search', type: 'search', autocomplete: 'off', spellcheck: 'false' });
  private readonly results = h('ul', { class: 'search-results', id: 'area-search-results' });
  private readonly live = h('p', { class: 'search-status', role: 'status', 'aria-live': 'polite' });
  private provinces: readonly AreaUnit[] = [];
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private searchSeq = 0;

  /**
   * `onPick` gets the code of the area chosen, or null for none; `findDistricts` asks the server
   * for the districts of the year shown whose name holds a text.
   */
  constructor(
    private readonly m: Messages,
    private readonly onPick: (parent: string | null) => void,
    private readonly findDistricts: (text: string) => Promise<AreaHit[]>,
  ) {
    this.districtField = h('div', { class: 'field' }, h('label', { for: 'district' }, m.districtLabel), this.district);
    this.search.placeholder = m.areaSearchPlaceholder;
    this.search.setAttribute('aria-controls', this.results.id);
    this.root = h(
      'div',
      { class: 'area-bar', id: 'area', role: 'group', 'aria-label': m.areaLabel, hidden: true },
      h('div', { class: 'field' }, h('label', { for: 'province' }, m.provinceLabel), this.province),
      this.districtField,
      h('div', { class: 'field search area-search' }, h('label', { for: 'area-search' }, m.areaSearchLabel), this.search, this.live, this.results),
    );
    this.province.addEventListener('change', () => onPick(this.province.value === '' ? null : this.province.value));
    this.district.addEventListener('change', () => onPick(this.district.value));
    this.search.addEventListener('input', () => {
      // The provinces at once; the districts once typing pauses.
      clearTimeout(this.searchTimer);
      this.find([], true);
      if (this.search.value.trim() !== '') this.searchTimer = setTimeout(() => void this.findMore(), 200);
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        this.results.querySelector('button')?.click();
        e.preventDefault();
      } else if (e.key === 'ArrowDown') {
        this.results.querySelector('button')?.focus();
        e.preventDefault();
      } else if (e.key === 'Escape') this.clear();
    });
    this.results.addEventListener('keydown', (e) => {
      const buttons = [...this.results.querySelectorAll('button')];
      const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
      if (e.key === 'ArrowDown' && i >= 0) (buttons[i + 1] ?? buttons[i])?.focus();
      else if (e.key === 'ArrowUp' && i >= 0) (i === 0 ? this.search : buttons[i - 1])?.focus();
      else if (e.key === 'Escape') this.search.focus();
      else return;
      e.preventDefault();
    });
  }

  /** Adds the districts the server finds for the text typed, unless the text changed meanwhile. */
  private async findMore(): Promise<void> {
    const seq = ++this.searchSeq;
    const text = this.search.value;
    let districts: AreaHit[];
    try {
      districts = await this.findDistricts(text);
    } catch {
      return; // the provinces stay listed
    }
    if (seq === this.searchSeq && text === this.search.value) this.find(districts, false);
  }

  /**
   * Lists the provinces of the year whose name holds the text typed, then `districts`; while
   * the districts are `pending`, "nothing found" is not said yet.
   */
  private find(districts: readonly AreaHit[], pending: boolean): void {
    const text = this.search.value;
    const hits = areaHits(findProvinces(this.provinces, text), districts);
    replaceChildren(
      this.results,
      ...hits.map((hit) => {
        const b = h('button', { type: 'button', class: 'hit secondary', 'data-area': hit.code }, hit.label);
        b.addEventListener('click', () => {
          this.clear();
          this.onPick(hit.code);
        });
        return h('li', {}, b);
      }),
    );
    this.live.textContent =
      text.trim() === '' || (pending && hits.length === 0) ? '' : hits.length === 0 ? this.m.searchNone : this.m.searchResults(hits.length);
  }

  private clear(): void {
    clearTimeout(this.searchTimer);
    this.searchSeq++;
    this.search.value = '';
    replaceChildren(this.results);
    this.live.textContent = '';
  }

  /** Shows the areas of a year with the scope's area selected; hidden where there is nothing to choose. */
  render(provinces: readonly AreaUnit[], districts: readonly AreaUnit[] | null, scope: Scope, visible: boolean): void {
    const model = pickerModel(provinces, districts, scope, this.m);
    this.provinces = provinces;
    this.root.hidden = !visible || model === null;
    if (model === null) return;
    fill(this.province, model.provinces, model.province);
    this.districtField.hidden = model.districts === null;
    fill(this.district, model.districts ?? [], model.district);
  }
}

function fill(select: HTMLSelectElement, options: readonly PickerOption[], selected: string): void {
  replaceChildren(select, ...options.map((o) => h('option', { value: o.value, selected: o.value === selected }, o.label)));
  select.value = selected;
}
