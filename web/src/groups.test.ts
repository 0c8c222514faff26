import { describe, expect, it } from 'vitest';
import { messages } from './i18n';
import {
  CLASS_COLOURS,
  classColour,
  Classes,
  classRange,
  groupCell,
  groupLabel,
  groupName,
  groupShort,
  numberedCode,
  UNKNOWN_GROUP_COLOUR,
} from './groups';

const vi = messages('vi');
const en = messages('en');

// The Okabe–Ito set (yellow left out): colours people with the common colour-vision
// deficiencies tell apart.
const OKABE_ITO = ['#0072B2', '#56B4E9', '#009E73', '#E69F00', '#D55E00', '#882255', '#CC79A7', '#000000'];

describe('classColour', () => {
  for (const n of [2, 3, 4, 5, 6]) {
    const colours = Array.from({ length: n }, (_, i) => classColour(i + 1, n));
    it(`gives each of ${n} classes its own Okabe–Ito colour`, () => {
      expect(new Set(colours).size).toBe(n);
      for (const c of colours) expect(OKABE_ITO).toContain(c);
      expect(colours).not.toContain(UNKNOWN_GROUP_COLOUR);
    });
    it(`colours the best of ${n} blue and the worst wine, as every framework does`, () => {
      expect(colours[0]).toBe('#0072B2');
      expect(colours[n - 1]).toBe('#882255');
    });
    it(`keeps the order of the six-class scale for ${n} classes`, () => {
      const six = CLASS_COLOURS[6]!;
      const places = colours.map((c) => six.indexOf(c));
      expect(places).toEqual([...places].sort((a, b) => a - b));
    });
  }

  it('keeps the five-class colours of the default frameworks (I–V)', () => {
    expect([1, 2, 3, 4, 5].map((i) => classColour(i, 5))).toEqual(['#0072B2', '#56B4E9', '#E69F00', '#D55E00', '#882255']);
  });

  it("gives a four-class framework's last class the same colour as a five-class one's", () => {
    expect(classColour(4, 4)).toBe(classColour(5, 5));
    expect(classColour(2, 2)).toBe(classColour(6, 6));
  });

  it('is grey for a position it cannot place', () => {
    expect(classColour(0, 4)).toBe(UNKNOWN_GROUP_COLOUR);
    expect(classColour(5, 4)).toBe(UNKNOWN_GROUP_COLOUR);
    expect(classColour(1, 7)).toBe(UNKNOWN_GROUP_COLOUR);
  });
});

describe('Classes', () => {
  const fw = (id: string, n: number) => ({ id, groups: Array.from({ length: n }, (_, i) => ({ ordinal: i + 1 })) });
  const classes = new Classes([fw('cao-bang', 4), fw('ke-sach', 5), fw('hai-duong', 2)]);

  it('colours a class by its position among its own framework’s classes', () => {
    expect(classes.colour({ ordinal: 2, framework: 'cao-bang' })).toBe('#56B4E9');
    expect(classes.colour({ ordinal: 4, framework: 'cao-bang' })).toBe('#882255');
    expect(classes.colour({ ordinal: 4, framework: 'ke-sach' })).toBe('#D55E00');
    expect(classes.colour({ ordinal: 2, framework: 'hai-duong' })).toBe('#882255');
  });

  it('is grey for no class or a framework it does not know', () => {
    expect(classes.colour(null)).toBe(UNKNOWN_GROUP_COLOUR);
    expect(classes.colour(undefined)).toBe(UNKNOWN_GROUP_COLOUR);
    expect(classes.colour({ ordinal: 1, framework: 'elsewhere' })).toBe(UNKNOWN_GROUP_COLOUR);
    expect(classes.count('elsewhere')).toBeNull();
  });

  it('counts the classes of each framework in a distribution’s rows', () => {
    const rows = [
      { framework: 'cao-bang' },
      { framework: 'cao-bang' },
      { framework: 'cao-bang' },
      { framework: 'ke-sach' },
      { framework: 'ke-sach' },
      { framework: 'ke-sach' },
      { framework: 'ke-sach' },
      { framework: 'ke-sach' },
      { framework: 'cao-bang' },
    ];
    const c = Classes.of(rows);
    expect([c.count('cao-bang'), c.count('ke-sach')]).toEqual([4, 5]);
    expect(c.colour({ ordinal: 3, framework: 'cao-bang' })).toBe('#E69F00');
  });
});

describe('names of classes', () => {
  const rattot = { code: 'I', label: 'Rất tốt', labelEn: 'Very good' };
  const tot = { code: 'TOT', label: 'Tốt', labelEn: 'Good' };
  const htt = { code: 'HTTNV', label: 'Hoàn thành tốt nhiệm vụ', labelEn: 'Duties well fulfilled' };

  it('tells numbered codes (as decisions name classes) from keys', () => {
    expect(['I', 'IV', 'v', '2', ' III '].map(numberedCode)).toEqual([true, true, true, true, true]);
    expect(['TOT', 'KHA', 'TB', 'KEM', 'HTTNV', 'XUAT_SAC', ''].map(numberedCode)).toEqual([false, false, false, false, false, false, false]);
  });

  it('is Vietnamese by default and English for en', () => {
    expect(groupLabel(rattot, 'vi')).toBe('Rất tốt');
    expect(groupLabel(rattot, 'en')).toBe('Very good');
  });

  it('names a numbered class with its number, another by its label alone', () => {
    expect(groupName(rattot, vi)).toBe('Nhóm I – Rất tốt');
    expect(groupName(rattot, en)).toBe('Group I – Very good');
    expect(groupName(tot, vi)).toBe('Tốt');
    expect(groupName(htt, en)).toBe('Duties well fulfilled');
  });

  it('is short where space is scarce, and fits a table cell', () => {
    expect(groupShort(rattot, 'vi')).toBe('I');
    expect(groupShort(tot, 'vi')).toBe('Tốt');
    expect(groupShort(tot, 'en')).toBe('Good');
    expect(groupCell(rattot, 'vi')).toBe('I – Rất tốt');
    expect(groupCell(tot, 'vi')).toBe('Tốt');
  });
});

describe('classRange', () => {
  // Cao Bằng (Decision 2402/QĐ-UBND): Tốt ≥\u00A090\u00A0%, Khá 70 –\u00A0<\u00A090\u00A0%, Trung bình 50 –\u00A0<\u00A070\u00A0%, Kém < 50\u00A0%.
  const caoBang = [90, 70, 50, 0].map((minPercent, i) => ({ ordinal: i + 1, minPercent }));

  it('writes the totals each class takes, the last one below the one above', () => {
    expect([1, 2, 3, 4].map((o) => classRange(caoBang, o, vi))).toEqual(['≥\u00A090\u00A0%', '70 –\u00A0<\u00A090\u00A0%', '50 –\u00A0<\u00A070\u00A0%', '<\u00A050\u00A0%']);
    expect(classRange(caoBang, 2, en)).toBe('70 –\u00A0<\u00A090%');
  });

  it('writes thresholds in points where the decision sets points', () => {
    const points = [
      { ordinal: 2, minPercent: null, minPoints: 80.5 },
      { ordinal: 1, minPercent: null, minPoints: 93 },
      { ordinal: 3, minPercent: null, minPoints: 0 },
    ];
    expect([1, 2, 3].map((o) => classRange(points, o, vi))).toEqual(['≥\u00A093\u00A0điểm', '80,50 –\u00A0<\u00A093\u00A0điểm', '<\u00A080,50\u00A0điểm']);
  });

  it('is null where it cannot say', () => {
    expect(classRange(caoBang, 5, vi)).toBeNull();
    expect(classRange([{ ordinal: 1, minPercent: 0 }], 1, vi)).toBeNull();
    expect(classRange([{ ordinal: 1, minPercent: null }, { ordinal: 2, minPercent: null }], 2, vi)).toBeNull();
  });
});
