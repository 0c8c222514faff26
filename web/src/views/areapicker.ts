// The area of the overview and the table: a province, then (before the 2025 reorganisation) one
// of its districts or the whole province. Shown only where the data has more than one area, so
// the default data (one district) looks as it did. Native selects: short lists (at most 63
// provinces, 30 districts), a phone's own picker, the keyboard's type-ahead.
import type { Province, Scope } from '../areas';
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

/** The picker for the scope of the page. Pure, tested in areas.test.ts. */
export function pickerModel(provinces: readonly Province[], scope: Scope, m: Messages): PickerModel | null {
  if (scope.kind === 'single') return null;
  const chosen = scope.province;
  const options = provinces.map((p) => ({ value: p.code, label: p.shortName }));
  const model: PickerModel = {
    provinces: chosen === null ? [{ value: '', label: m.choosePlaceholder }, ...options] : options,
    province: chosen?.code ?? '',
    districts: null,
    district: '',
  };
  if (chosen !== null && chosen.districts.length > 1) {
    model.districts = [{ value: chosen.code, label: m.wholeProvince }, ...chosen.districts.map((d) => ({ value: d.code, label: d.name }))];
    model.district = scope.kind === 'area' ? scope.area.code : chosen.code;
  }
  return model;
}

export class AreaPicker {
  readonly root: HTMLElement;
  private readonly province = h('select', { id: 'province', name: 'province' });
  private readonly district = h('select', { id: 'district', name: 'district' });
  private readonly districtField: HTMLElement;

  /** `onPick` gets the code of the area chosen, or null for none. */
  constructor(
    private readonly m: Messages,
    onPick: (parent: string | null) => void,
  ) {
    this.districtField = h('div', { class: 'field' }, h('label', { for: 'district' }, m.districtLabel), this.district);
    this.root = h(
      'div',
      { class: 'area-bar', id: 'area', role: 'group', 'aria-label': m.areaLabel, hidden: true },
      h('div', { class: 'field' }, h('label', { for: 'province' }, m.provinceLabel), this.province),
      this.districtField,
    );
    this.province.addEventListener('change', () => onPick(this.province.value === '' ? null : this.province.value));
    this.district.addEventListener('change', () => onPick(this.district.value));
  }

  /** Shows the areas of a year with the scope's area selected; hidden where there is nothing to choose. */
  render(provinces: readonly Province[], scope: Scope, visible: boolean): void {
    const model = pickerModel(provinces, scope, this.m);
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
