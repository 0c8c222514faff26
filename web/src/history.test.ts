import { describe, expect, it } from 'vitest';
import { becameLines, certaintyOfWays, historyEvents, inferredYears, linePhrase, madeFrom, parentsToName } from './history';
import { formatDate } from './format';
import { messages } from './i18n';
import { HOA_THUAN, HOA_THUAN_2020, HOANG_TIEN, KENH_GIANG, NAM_AN_PHU } from './testing/history';

const vi = messages('vi');
const en = messages('en');

describe('historyEvents', () => {
  const events = historyEvents(NAM_AN_PHU.id, NAM_AN_PHU.history);

  it('groups the links by date and version made, newest first, the unit’s own first', () => {
    expect(events.map((e) => `${e.effective} ${e.successor.name}`)).toEqual([
      '2025-07-01 Xã Nam An Phụ',
      '2025-01-01 Xã Vũ Dũng',
      '2019-12-01 Xã Tuấn Việt',
      '2019-09-11 Xã Lạc Long',
      '2019-09-11 Xã Quang Thành',
      '2019-09-11 Xã Thăng Long',
    ]);
    expect(events.map((e) => e.own)).toEqual([true, false, false, false, false, false]);
  });

  it('puts the six communes of the reorganisation on one line, in Vietnamese order, parts marked', () => {
    const [line] = events[0]!.lines;
    expect(events[0]!.lines).toHaveLength(1);
    expect(line!.change).toBe('REORGANISED');
    expect(line!.units.map((u) => `${u.unit.shortName}${u.partial ? '*' : ''}`)).toEqual([
      'Cộng Hòa*',
      'Lạc Long',
      'Quang Thành',
      'Thăng Long',
      'Tuấn Việt*',
      'Vũ Dũng*',
    ]);
  });

  it('splits an event into its own earlier version first, then mergers, certain before uncertain', () => {
    const vuDung = events[1]!;
    expect(vuDung.lines.map((l) => `${l.change} ${l.certainty} ${l.units.map((u) => u.unit.shortName).join()}`)).toEqual([
      'RENAMED ESTABLISHED Cổ Dũng',
      'MERGED INFERRED Thượng Vũ',
      'MERGED CANDIDATE Phúc Thành A',
    ]);
    expect(vuDung.lines[1]!.basis[0]).toContain('suy ra');
  });

  it('tells how certain the way from the unit to each event is', () => {
    expect(events.every((e) => e.via === 'ESTABLISHED')).toBe(true);
    // Quang Thành's history seen from Xã Phúc Thành's receiver: through an inferred merger.
    const ways = certaintyOfWays(NAM_AN_PHU.id, NAM_AN_PHU.history);
    expect(ways.get('10690@2019-05-10')).toBe('INFERRED');
    expect(ways.get('10774@2024-11-01')).toBe('CANDIDATE');
    expect(ways.get('10705@2019-05-10')).toBe('ESTABLISHED');
  });

  it('marks the events reached only through an uncertain link', () => {
    const history = [
      ...NAM_AN_PHU.history,
      // Xã Thượng Vũ (merged by an inferred receiver) had been renamed before.
      {
        ...NAM_AN_PHU.history.find((l) => l.predecessor.id === '10762@2024-11-01')!,
        predecessor: { ...NAM_AN_PHU.history[0]!.predecessor, id: '10759@2019-01-01', name: 'Xã Thượng Vũ Cũ' },
        successor: NAM_AN_PHU.history.find((l) => l.predecessor.id === '10759@2024-11-01')!.predecessor,
        effective: '2019-02-01',
      },
    ];
    const old = historyEvents(NAM_AN_PHU.id, history).find((e) => e.effective === '2019-02-01');
    expect(old?.via).toBe('INFERRED');
  });

  it('is empty for a unit the lists record no change of', () => {
    expect(historyEvents(KENH_GIANG.id, KENH_GIANG.history)).toEqual([]);
  });
});

describe('becameLines', () => {
  it('lists the candidates of a merger whose receiver the lists do not name on one line', () => {
    const lines = becameLines(KENH_GIANG.id, KENH_GIANG.lineage);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.certainty).toBe('CANDIDATE');
    expect(lines[0]!.units.map((u) => u.unit.shortName)).toEqual(['An Lạc', 'Cổ Thành', 'Đồng Lạc', 'Hoàng Tiến', 'Tân Dân', 'Văn Đức']);
  });
  it('tells a move to the next version', () => {
    const [line] = becameLines(HOA_THUAN_2020.id, HOA_THUAN_2020.lineage);
    expect([line!.change, line!.effective, line!.units[0]!.unit.id]).toEqual(['MOVED', '2020-03-01', '01648@2025-03-01']);
  });
  it('is empty for a unit that still exists', () => {
    expect(becameLines(NAM_AN_PHU.id, NAM_AN_PHU.lineage)).toEqual([]);
  });
});

describe('madeFrom', () => {
  it('keeps the mergers and the reorganisation, not the candidates nor a rename', () => {
    expect(madeFrom(NAM_AN_PHU.id, NAM_AN_PHU.validFrom, NAM_AN_PHU.lineage)).toHaveLength(6);
    expect(madeFrom(HOANG_TIEN.id, HOANG_TIEN.validFrom, HOANG_TIEN.lineage)).toEqual([]);
    expect(madeFrom(HOA_THUAN.id, HOA_THUAN.validFrom, HOA_THUAN.lineage)).toEqual([]);
  });
});

describe('parentsToName', () => {
  it('asks for the parents of both sides of a move, once each', () => {
    expect(parentsToName([...HOA_THUAN.lineage, ...HOA_THUAN.history])).toEqual(['01648@2020-02-01', '01648@2025-03-01']);
    expect(parentsToName(NAM_AN_PHU.history)).toHaveLength(4);
  });
});

describe('wording', () => {
  const names = new Map([
    ['01648@2020-02-01', 'Huyện Phục Hoà'],
    ['01648@2025-03-01', 'Huyện Quảng Hòa'],
  ]);
  const phrase = (unit: typeof HOA_THUAN, side: 'earlier' | 'later') => {
    const line = side === 'earlier' ? historyEvents(unit.id, unit.history)[0]!.lines[0]! : becameLines(unit.id, unit.lineage)[0]!;
    return linePhrase(line, side, '2020-03-01', names, formatDate);
  };

  it('names the districts of a move, in both directions and languages', () => {
    expect(vi.cameFrom(phrase(HOA_THUAN, 'earlier'))).toBe('Chuyển từ Huyện Phục Hoà về Huyện Quảng Hòa, trước là');
    expect(vi.becameInto(phrase(HOA_THUAN_2020, 'later'))).toBe('Từ 01/03/2020 chuyển từ Huyện Phục Hoà về Huyện Quảng Hòa');
    expect(en.becameInto(phrase(HOA_THUAN_2020, 'later'))).toBe('From 01/03/2020, moved from Huyện Phục Hoà to Huyện Quảng Hòa');
  });

  it('says a move without the names when they are unknown, never a wrong name', () => {
    const line = historyEvents(HOA_THUAN.id, HOA_THUAN.history)[0]!.lines[0]!;
    expect(vi.cameFrom(linePhrase(line, 'earlier', '2020-03-01', new Map(), formatDate))).toBe('Chuyển sang đơn vị cấp trên khác, trước là');
  });

  it('tells a change of kind by the kinds', () => {
    const line = historyEvents(HOANG_TIEN.id, HOANG_TIEN.history)[0]!.lines.find((l) => l.change === 'KIND_CHANGED')!;
    expect(vi.cameFrom(linePhrase(line, 'earlier', '2019-01-10', new Map(), formatDate))).toBe('Chuyển từ xã thành phường, trước là');
  });

  it('never phrases an inferred or candidate merger as a fact', () => {
    const base = { kinds: ['xã', 'xã'] as [string, string], parents: [null, null] as [null, null], codes: ['1', '2'] as [string, string], date: '01/01/2025' };
    const inferred = vi.cameFrom({ ...base, change: 'MERGED', certainty: 'INFERRED' });
    const candidate = vi.becameInto({ ...base, change: 'MERGED', certainty: 'CANDIDATE' });
    expect(inferred).toContain('chưa xác lập chính thức');
    expect(candidate).toBe('Từ 01/01/2025 có thể đã nhập vào một trong');
    expect(en.cameFrom({ ...base, change: 'MERGED', certainty: 'INFERRED' })).toContain('not officially established');
    expect(vi.cameFrom({ ...base, change: 'MERGED', certainty: 'ESTABLISHED' })).toBe('Nhập vào đơn vị này');
  });
});

describe('inferredYears', () => {
  it('lists the years whose value came through an inferred receiver', () => {
    expect(inferredYears({ years: [2018, 2019, 2020], certainty: ['INFERRED', 'ESTABLISHED', null] })).toEqual([2018]);
    expect(inferredYears({ years: [2018] })).toEqual([]);
  });
});
