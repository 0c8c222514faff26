import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, parseState, resolveYear, sameState, serialiseState, type AppState } from './state';

describe('parseState', () => {
  const cases: [string, string, AppState][] = [
    ['empty query is the default', '', { year: null, unit: null, lang: 'vi' }],
    ['year', '?year=2023', { year: 2023, unit: null, lang: 'vi' }],
    [
      'year, unit with @ and language',
      '?year=2024&unit=31564@2025-03-01&lang=en',
      { year: 2024, unit: '31564@2025-03-01', lang: 'en' },
    ],
    ['percent-encoded unit', '?unit=31564%402025-03-01', { year: null, unit: '31564@2025-03-01', lang: 'vi' }],
    ['a year that is not four digits is dropped', '?year=20x3', { year: null, unit: null, lang: 'vi' }],
    ['a negative year is dropped', '?year=-2023', { year: null, unit: null, lang: 'vi' }],
    ['an empty unit is dropped', '?unit=&year=2019', { year: 2019, unit: null, lang: 'vi' }],
    ['an unknown language is Vietnamese', '?lang=fr', { year: null, unit: null, lang: 'vi' }],
  ];
  for (const [name, search, want] of cases) {
    it(name, () => {
      expect(parseState(search)).toEqual(want);
    });
  }

  it('drops an overlong unit ID', () => {
    expect(parseState(`?unit=${'9'.repeat(65)}`).unit).toBeNull();
  });
});

describe('serialiseState', () => {
  it('writes nothing for the default state', () => {
    expect(serialiseState(DEFAULT_STATE)).toBe('');
  });
  it('writes year, unit and language in a fixed order, keeping @ readable', () => {
    expect(serialiseState({ lang: 'en', unit: '31564@2025-03-01', year: 2023 })).toBe(
      '?year=2023&unit=31564@2025-03-01&lang=en',
    );
  });
  it('encodes characters that would break the query', () => {
    expect(serialiseState({ year: null, unit: 'a&b=c d', lang: 'vi' })).toBe('?unit=a%26b%3Dc%20d');
  });
  it('round-trips through parseState', () => {
    const states: AppState[] = [
      { year: 2025, unit: '31528@2025-07-01', lang: 'vi' },
      { year: null, unit: 'x&y', lang: 'en' },
      { year: 2019, unit: null, lang: 'vi' },
    ];
    for (const s of states) expect(parseState(serialiseState(s))).toEqual(s);
  });
});

describe('sameState', () => {
  it('compares every part', () => {
    const a: AppState = { year: 2023, unit: 'u', lang: 'vi' };
    expect(sameState(a, { ...a })).toBe(true);
    expect(sameState(a, { ...a, year: 2024 })).toBe(false);
    expect(sameState(a, { ...a, unit: null })).toBe(false);
    expect(sameState(a, { ...a, lang: 'en' })).toBe(false);
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
