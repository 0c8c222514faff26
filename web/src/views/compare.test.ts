import { describe, expect, it } from 'vitest';
import type { Series } from '../queries';
import type { StatusWord } from '../i18n';
import { latestYearWithData } from './compare';

const series = (id: string, status: StatusWord[]): Series => ({
  unit: { id, code: id, name: id, shortName: id } as Series['unit'],
  years: [2022, 2023, 2024, 2025],
  values: status.map((s) => (s === 'OBSERVED' ? 90 : null)),
  ranks: status.map(() => null),
  groups: status.map(() => null),
  status,
  sources: status.map(() => null),
  contributors: status.map(() => []),
  certainty: status.map(() => null),
});

describe('latestYearWithData', () => {
  it('opens on the latest year every unit has a result (communes merged in 2025 have none then)', () => {
    const trend = [
      series('a', ['OBSERVED', 'OBSERVED', 'OBSERVED', 'NOT_EXISTING']),
      series('b', ['OBSERVED', 'OBSERVED', 'OBSERVED', 'NOT_EXISTING']),
    ];
    expect(latestYearWithData(trend, 2025)).toBe(2024);
  });
  it('takes the latest year one unit has a result when they share none', () => {
    const trend = [
      series('a', ['OBSERVED', 'NOT_ASSESSED', 'NOT_ASSESSED', 'NOT_ASSESSED']),
      series('b', ['NOT_ASSESSED', 'NOT_ASSESSED', 'OBSERVED', 'NOT_ASSESSED']),
    ];
    expect(latestYearWithData(trend, 2025)).toBe(2024);
  });
  it('keeps the page year when nothing has a result', () => {
    expect(latestYearWithData([], 2025)).toBe(2025);
    expect(latestYearWithData([series('a', ['NOT_ASSESSED', 'NOT_ASSESSED', 'NOT_ASSESSED', 'NOT_ASSESSED'])], 2025)).toBe(2025);
  });
});
