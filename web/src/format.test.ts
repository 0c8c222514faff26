import { describe, expect, it } from 'vitest';
import { escapeHtml, formatDate, formatNumber, formatPercent, formatSource, formatTick, MISSING, NBSP, wrapLabel } from './format';

describe('formatPercent', () => {
  const cases: [string, number | null | undefined, string, string][] = [
    ['Vietnamese decimal comma and spaced sign', 68.87, 'vi-VN', '68,87\u00A0%'],
    ['Vietnamese keeps two decimals', 100, 'vi-VN', '100,00\u00A0%'],
    ['Vietnamese rounds half up at two decimals', 97.205, 'vi-VN', '97,21\u00A0%'],
    ['Vietnamese small value', 5.5, 'vi-VN', '5,50\u00A0%'],
    ['English decimal point, no space', 68.87, 'en-GB', '68.87%'],
    ['null is missing, not zero', null, 'vi-VN', MISSING],
    ['undefined is missing', undefined, 'vi-VN', MISSING],
  ];
  for (const [name, value, locale, want] of cases) {
    it(name, () => {
      expect(formatPercent(value, locale)).toBe(want);
    });
  }

  it('NaN and Infinity are missing', () => {
    expect(formatPercent(Number.NaN, 'vi-VN')).toBe(MISSING);
    expect(formatPercent(Number.POSITIVE_INFINITY, 'vi-VN')).toBe(MISSING);
  });
});

describe('formatTick', () => {
  it('writes each tick with the decimals it needs, so ticks never run together', () => {
    expect([0, 0.03, 0.06, 0.1, 0.15].map((v) => formatTick(v, 'vi-VN'))).toEqual(['0', '0,03', '0,06', '0,1', '0,15']);
    expect(formatTick(0.30000000000000004, 'en')).toBe('0.3');
    expect(formatTick(12, 'vi-VN')).toBe('12');
  });
});

describe('a number and its unit', () => {
  it('are joined by a no-break space in Vietnamese, so a line never starts with %', () => {
    expect(formatPercent(97.45, 'vi-VN')).toBe(`97,45${NBSP}%`);
    expect(formatPercent(97.45, 'vi-VN')).not.toMatch(/\d[ \t\n]%/);
  });
});

describe('formatNumber', () => {
  it('groups thousands with a dot in Vietnamese', () => {
    expect(formatNumber(1234.5, 'vi-VN', 1)).toBe('1.234,5');
  });
  it('groups thousands with a comma in English', () => {
    expect(formatNumber(1234.5, 'en-GB', 1)).toBe('1,234.5');
  });
  it('formats axis ticks without decimals', () => {
    expect(formatNumber(80, 'vi-VN', 0)).toBe('80');
  });
  it('zero is zero, not missing', () => {
    expect(formatNumber(0, 'vi-VN')).toBe('0,00');
  });
});

describe('formatDate', () => {
  it('turns ISO dates into day/month/year', () => {
    expect(formatDate('2023-12-27')).toBe('27/12/2023');
  });
  it('leaves other text unchanged', () => {
    expect(formatDate('27/12/2023')).toBe('27/12/2023');
  });
});

describe('formatSource', () => {
  it('adds the date to a title without it', () => {
    expect(formatSource({ title: 'Quyết định 2234/QĐ-UBND', date: '2023-12-27' })).toBe(
      'Quyết định 2234/QĐ-UBND, 27/12/2023',
    );
  });
  it('does not repeat a date the title has', () => {
    const title = 'Quyết định 2234/QĐ-UBND ngày 27/12/2023 của Chủ tịch UBND huyện Kế Sách';
    expect(formatSource({ title, date: '2023-12-27' })).toBe(title);
  });
  it('is the title alone without a date', () => {
    expect(formatSource({ title: 'Dữ liệu minh họa', date: null })).toBe('Dữ liệu minh họa');
  });
});

describe('wrapLabel', () => {
  it('breaks at spaces within the width', () => {
    expect(wrapLabel('Xây dựng và phát triển Chính phủ điện tử', 16)).toBe(
      'Xây dựng và phát\ntriển Chính phủ\nđiện tử',
    );
  });
  it('leaves short labels alone', () => {
    expect(wrapLabel('Cải cách thể chế', 30)).toBe('Cải cách thể chế');
  });
  it('keeps a word longer than the width whole', () => {
    expect(wrapLabel('a verylongwordindeed b', 5)).toBe('a\nverylongwordindeed\nb');
  });
});

describe('escapeHtml', () => {
  it('escapes markup in names', () => {
    expect(escapeHtml(`<b a="x">Tom & 'Jerry'</b>`)).toBe(
      '&lt;b a=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;',
    );
  });
});
