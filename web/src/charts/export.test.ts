import { describe, expect, it } from 'vitest';
import { fileName, framedSvg } from './export';

describe('fileName', () => {
  it('folds Vietnamese letters to ASCII and joins with dashes', () => {
    expect(fileName(['parindex', 'ranking', 'Xếp hạng các đơn vị năm 2023'], 'png')).toBe(
      'parindex-ranking-xep-hang-cac-don-vi-nam-2023.png',
    );
    expect(fileName(['Đại Hải', 2025], 'svg')).toBe('dai-hai-2025.svg');
  });
  it('never gives an empty name', () => {
    expect(fileName(['***'], 'png')).toBe('chart.png');
  });
});

describe('framedSvg', () => {
  const chart = '<svg width="600" height="300" xmlns="http://www.w3.org/2000/svg"><rect/></svg>';
  it('adds room for the title and the source line around the chart', () => {
    const { svg, width, height } = framedSvg(chart, { title: 'Xếp hạng năm 2023', footer: 'parindex · Nguồn: minh họa' });
    expect([width, height]).toEqual([624, 366]);
    expect(svg).toContain('<svg x="12" y="36" width="600"');
    expect(svg).toContain('>Xếp hạng năm 2023</text>');
  });
  it('escapes text, so a title cannot break the file', () => {
    const { svg } = framedSvg(chart, { title: 'A <b> & "c"', footer: '' });
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;c&quot;');
  });
});
