import { describe, expect, it } from 'vitest';
import { sortRows, toCsv, type TableRow } from './table';

const rows: TableRow[] = [
  { cells: ['Ba Trinh', { text: '89,17\u00A0%', value: 89.17 }] },
  { cells: ['An Mỹ', { text: '97,45\u00A0%', value: 97.45 }] },
  { cells: ['Đại Hải', { text: '—', value: null }] },
  { cells: ['An Lạc Tây', { text: '79,65\u00A0%', value: 79.65 }] },
  { cells: ['Ấp Mới', { text: '89,17\u00A0%', value: 89.17 }] },
];
const names = (r: TableRow[], col = 0): string[] => r.map((x) => (typeof x.cells[col] === 'string' ? (x.cells[col] as string) : ''));

describe('sortRows', () => {
  it('sorts numbers by value, missing last in both directions, ties in their first order', () => {
    expect(names(sortRows(rows, 1, false, 'vi-VN'))).toEqual(['An Mỹ', 'Ba Trinh', 'Ấp Mới', 'An Lạc Tây', 'Đại Hải']);
    expect(names(sortRows(rows, 1, true, 'vi-VN'))).toEqual(['An Lạc Tây', 'Ba Trinh', 'Ấp Mới', 'An Mỹ', 'Đại Hải']);
  });
  it('sorts Vietnamese names with the Vietnamese collation (Đ after D, Ấ with A)', () => {
    expect(names(sortRows(rows, 0, true, 'vi-VN'))).toEqual(['An Lạc Tây', 'An Mỹ', 'Ấp Mới', 'Ba Trinh', 'Đại Hải']);
  });
  it('does not change the rows it is given', () => {
    const before = names(rows);
    sortRows(rows, 1, true, 'vi-VN');
    expect(names(rows)).toEqual(before);
  });
});

describe('toCsv', () => {
  it('writes the header and the cells as shown (no-break spaces plain), quoting what needs it, with a BOM and CRLF', () => {
    const csv = toCsv({
      caption: 'x',
      columns: [{ label: 'Đơn vị' }, { label: 'Chỉ số', numeric: true }],
      rows: [
        { cells: ['Xã An Mỹ', { text: '97,45\u00A0%', value: 97.45 }] },
        { cells: ['Tên "lạ"', { text: '—', value: null }] },
      ],
    });
    expect(csv).toBe('\uFEFFĐơn vị,Chỉ số\r\nXã An Mỹ,"97,45 %"\r\n"Tên ""lạ""",—\r\n');
  });
});
