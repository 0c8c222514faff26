import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, MAX_COMPARED, parseState, resolveSlopeYears, resolveYear, sameState, serialiseState, type AppState } from './state';

const base: AppState = { ...DEFAULT_STATE, units: [] };

describe('parseState', () => {
  const cases: [string, string, Partial<AppState>][] = [
    ['empty query is the default', '', {}],
    ['year', '?year=2023', { year: 2023 }],
    ['year, unit with @ and language', '?year=2024&unit=31564@2025-03-01&lang=en', { year: 2024, unit: '31564@2025-03-01', lang: 'en' }],
    ['percent-encoded unit', '?unit=31564%402025-03-01', { unit: '31564@2025-03-01' }],
    ['a year that is not four digits is dropped', '?year=20x3', {}],
    ['a negative year is dropped', '?year=-2023', {}],
    ['an empty unit is dropped', '?unit=&year=2019', { year: 2019 }],
    ['an unknown language is Vietnamese', '?lang=fr', {}],
    ['the view', '?view=compare', { view: 'compare' }],
    ['an unknown view is the overview', '?view=map', {}],
    [
      'compared units in order, duplicates and empties dropped',
      '?view=compare&units=31564@2025-03-01,,31534@2025-03-01,31564@2025-03-01',
      { view: 'compare', units: ['31564@2025-03-01', '31534@2025-03-01'] },
    ],
    ['field slug and slope years', '?field=e_government&from=2019&to=2023', { field: 'e_government', from: 2019, to: 2023 }],
    ['a field that is not a slug is dropped', '?field=DROP%20TABLE', {}],
    ['the area of the overview', '?year=2024&parent=943', { year: 2024, parent: '943' }],
    ['an area given by its ID', '?parent=92@2025-07-01', { parent: '92@2025-07-01' }],
    ['an area that is not a code is dropped', '?parent=%3Cscript%3E', {}],
    ['an empty area is dropped', '?parent=', {}],
  ];
  for (const [name, search, want] of cases) {
    it(name, () => {
      expect(parseState(search)).toEqual({ ...base, ...want });
    });
  }

  it('drops an overlong unit ID', () => {
    expect(parseState(`?unit=${'9'.repeat(65)}`).unit).toBeNull();
  });

  it('keeps at most MAX_COMPARED units', () => {
    const ids = Array.from({ length: MAX_COMPARED + 5 }, (_, i) => `u${i}`);
    expect(parseState(`?units=${ids.join(',')}`).units).toHaveLength(MAX_COMPARED);
  });
});

describe('serialiseState', () => {
  it('writes nothing for the default state', () => {
    expect(serialiseState(DEFAULT_STATE)).toBe('');
  });
  it('writes every part in a fixed order, keeping @ and commas readable', () => {
    expect(
      serialiseState({
        lang: 'en',
        unit: '31564@2025-03-01',
        year: 2023,
        parent: '943',
        view: 'compare',
        units: ['a@1', 'b@2'],
        field: 'impact',
        from: 2019,
        to: 2024,
      }),
    ).toBe('?view=compare&year=2023&parent=943&unit=31564@2025-03-01&units=a@1,b@2&field=impact&from=2019&to=2024&lang=en');
  });
  it('encodes characters that would break the query', () => {
    expect(serialiseState({ ...base, unit: 'a&b=c d' })).toBe('?unit=a%26b%3Dc%20d');
    expect(serialiseState({ ...base, units: ['x,y'] })).toBe('?units=x%2Cy');
  });
  it('round-trips through parseState', () => {
    const states: AppState[] = [
      { ...base, year: 2025, unit: '31528@2025-07-01' },
      { ...base, unit: 'x&y', lang: 'en' },
      { ...base, view: 'profile', year: 2019 },
      { ...base, view: 'table', year: 2024, parent: '943' },
      { ...base, view: 'compare', units: ['31564@2025-03-01', '31552@2025-07-01'], field: 'direction', from: 2020, to: 2024 },
      { ...base, view: 'table', lang: 'en' },
    ];
    for (const s of states) expect(parseState(serialiseState(s))).toEqual(s);
  });
});

describe('sameState', () => {
  it('compares every part', () => {
    const a: AppState = { ...base, year: 2023, unit: 'u' };
    expect(sameState(a, { ...a })).toBe(true);
    expect(sameState(a, { ...a, year: 2024 })).toBe(false);
    expect(sameState(a, { ...a, unit: null })).toBe(false);
    expect(sameState(a, { ...a, lang: 'en' })).toBe(false);
    expect(sameState(a, { ...a, view: 'table' })).toBe(false);
    expect(sameState(a, { ...a, units: ['u'] })).toBe(false);
    expect(sameState(a, { ...a, field: 'impact' })).toBe(false);
  });
});

describe('resolveYear', () => {
  it('takes the asked year', () => {
    expect(resolveYear(2023, [2019, 2023, 2025])).toBe(2023);
  });
  it('defaults to the latest year, whatever the order', () => {
    expect(resolveYear(null, [2025, 2019, 2023])).toBe(2025);
  });
  it('is null without years', () => {
    expect(resolveYear(null, [])).toBeNull();
  });
});

describe('resolveSlopeYears', () => {
  const years = [2019, 2020, 2021, 2022, 2023];
  it('defaults to the first and last years', () => {
    expect(resolveSlopeYears(null, null, years)).toEqual([2019, 2023]);
  });
  it('takes the asked years, earlier first', () => {
    expect(resolveSlopeYears(2022, 2020, years)).toEqual([2020, 2022]);
  });
  it('replaces a year without results', () => {
    expect(resolveSlopeYears(2010, 2021, years)).toEqual([2019, 2021]);
  });
  it('never joins a year with itself', () => {
    expect(resolveSlopeYears(2021, 2021, years)).toEqual([2019, 2023]);
  });
  it('is null with fewer than two years', () => {
    expect(resolveSlopeYears(null, null, [2023])).toBeNull();
  });
});
