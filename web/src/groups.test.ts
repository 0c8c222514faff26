import { describe, expect, it } from 'vitest';
import { GROUP_COLOURS, groupColour, groupLabel, UNKNOWN_GROUP_COLOUR } from './groups';

describe('groupColour', () => {
  const cases: [string | null | undefined, string][] = [
    ['I', '#0072B2'],
    ['II', '#56B4E9'],
    ['III', '#E69F00'],
    ['IV', '#D55E00'],
    ['V', '#882255'],
    ['ii', '#56B4E9'],
    [' III ', '#E69F00'],
    ['VI', UNKNOWN_GROUP_COLOUR],
    ['', UNKNOWN_GROUP_COLOUR],
    [null, UNKNOWN_GROUP_COLOUR],
    [undefined, UNKNOWN_GROUP_COLOUR],
  ];
  for (const [code, want] of cases) {
    it(`${JSON.stringify(code)} is ${want}`, () => {
      expect(groupColour(code)).toBe(want);
    });
  }

  it('gives every group its own colour, none of them the unknown grey', () => {
    const colours = Object.values(GROUP_COLOURS);
    expect(new Set(colours).size).toBe(5);
    expect(colours).not.toContain(UNKNOWN_GROUP_COLOUR);
  });
});

describe('groupLabel', () => {
  const g = { label: 'Rất tốt', labelEn: 'Very good' };
  it('is Vietnamese by default', () => {
    expect(groupLabel(g, 'vi')).toBe('Rất tốt');
  });
  it('is English for en', () => {
    expect(groupLabel(g, 'en')).toBe('Very good');
  });
});
