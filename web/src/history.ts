// What a unit was before and what it became, from its lineage: the links grouped into events
// (a date and the version they made), each event into lines (one change and one certainty, with
// the earlier units), and how certain the way from the unit to each event is. The profile
// phrases them (views/profile.ts, the language files). Pure functions, tested in history.test.ts.
import type { LinePhrase, Messages } from './i18n';
import type { Certainty, LineageChange, LineageLink, LinkedUnit, UnitDetail } from './queries';

/** The earlier (or later) units of one line, each with whether only part of it is meant. */
export interface LinkedPart {
  unit: LinkedUnit;
  partial: boolean;
}

/** The links of an event with the same change and certainty. */
export interface HistoryLine {
  change: LineageChange;
  certainty: Certainty;
  /** The units on the other side of the links: predecessors, or successors for what a unit became. */
  units: LinkedPart[];
  /** The unit on this side (the event's successor, or the unit that became something). */
  self: LinkedUnit;
  /** What the links rest on, each different text once (as the data writes it). */
  basis: string[];
}

/** The links that made one version of a unit on one date. */
export interface HistoryEvent {
  effective: string;
  /** The version made. */
  successor: LinkedUnit;
  /** Whether the version made is the unit of the profile. */
  own: boolean;
  /**
   * The least certain link on the way from the unit of the profile to this version: ESTABLISHED
   * when every link is established, else the event belongs to the unit only through a link the
   * lists do not establish.
   */
  via: Certainty;
  lines: HistoryLine[];
}

/** Worst first: a value or a way is as certain as its least certain link. */
const RANK: Record<Certainty, number> = { ESTABLISHED: 0, INFERRED: 1, CANDIDATE: 2 };

export function worse(a: Certainty, b: Certainty): Certainty {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The order of lines in an event: the unit's own earlier version first, mergers last, uncertain after certain. */
const CHANGE_ORDER: LineageChange[] = ['RENAMED', 'KIND_CHANGED', 'MOVED', 'PARENT_CHANGED', 'CODE_CHANGED', 'REORGANISED', 'MERGED'];

const collator = new Intl.Collator('vi');

/**
 * The lines of a set of links on one side: grouped by change and certainty, in the order of
 * CHANGE_ORDER and certainty, units in Vietnamese order of names.
 */
function linesOf(links: readonly LineageLink[], side: 'predecessor' | 'successor'): HistoryLine[] {
  const lines = new Map<string, HistoryLine>();
  for (const l of links) {
    const key = `${l.change}/${l.certainty}`;
    let line = lines.get(key);
    if (!line) {
      line = { change: l.change, certainty: l.certainty, units: [], self: side === 'predecessor' ? l.successor : l.predecessor, basis: [] };
      lines.set(key, line);
    }
    const unit = l[side];
    if (!line.units.some((u) => u.unit.id === unit.id)) line.units.push({ unit, partial: l.coverage === 'PARTIAL' });
    if (l.basis && !line.basis.includes(l.basis)) line.basis.push(l.basis);
  }
  const list = [...lines.values()];
  for (const line of list) line.units.sort((a, b) => collator.compare(a.unit.name, b.unit.name) || a.unit.id.localeCompare(b.unit.id));
  return list.sort(
    (a, b) => CHANGE_ORDER.indexOf(a.change) - CHANGE_ORDER.indexOf(b.change) || RANK[a.certainty] - RANK[b.certainty],
  );
}

/**
 * How certain the way from `unitId` back to each unit of a history is: a unit reached through
 * established links only is ESTABLISHED, one reached only through an inferred receiver INFERRED,
 * and so on; where there are several ways, the most certain counts.
 */
export function certaintyOfWays(unitId: string, history: readonly LineageLink[]): Map<string, Certainty> {
  const way = new Map<string, Certainty>([[unitId, 'ESTABLISHED']]);
  // The history is small (tens of links): relax until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const l of history) {
      const to = way.get(l.successor.id);
      if (to === undefined) continue;
      const through = worse(to, l.certainty);
      const known = way.get(l.predecessor.id);
      if (known === undefined || RANK[through] < RANK[known]) {
        way.set(l.predecessor.id, through);
        changed = true;
      }
    }
  }
  return way;
}

/**
 * The events of a unit's history (`Unit.history`), newest first: the links that made one version
 * on one date, the unit's own first, then the other versions by name. A version the way to which
 * is unknown (the history should not hold one) counts as INFERRED, never as established.
 */
export function historyEvents(unitId: string, history: readonly LineageLink[]): HistoryEvent[] {
  const ways = certaintyOfWays(unitId, history);
  const events = new Map<string, { effective: string; successor: LinkedUnit; links: LineageLink[] }>();
  for (const l of history) {
    const key = `${l.effective}/${l.successor.id}`;
    let e = events.get(key);
    if (!e) {
      e = { effective: l.effective, successor: l.successor, links: [] };
      events.set(key, e);
    }
    e.links.push(l);
  }
  return [...events.values()]
    .map((e) => ({
      effective: e.effective,
      successor: e.successor,
      own: e.successor.id === unitId,
      via: ways.get(e.successor.id) ?? 'INFERRED',
      lines: linesOf(e.links, 'predecessor'),
    }))
    .sort(
      (a, b) =>
        b.effective.localeCompare(a.effective) ||
        Number(b.own) - Number(a.own) ||
        collator.compare(a.successor.name, b.successor.name) ||
        a.successor.id.localeCompare(b.successor.id),
    );
}

/** What a unit became, from its own links (`Unit.lineage`): one line per date, change and certainty, oldest first. */
export function becameLines(unitId: string, lineage: readonly LineageLink[]): (HistoryLine & { effective: string })[] {
  const out = lineage.filter((l) => l.predecessor.id === unitId);
  const dates = [...new Set(out.map((l) => l.effective))].sort();
  return dates.flatMap((d) => linesOf(out.filter((l) => l.effective === d), 'successor').map((line) => ({ ...line, effective: d })));
}

/**
 * The links by which units merged into this one (a merger, or the 2025 reorganisation), the
 * candidates of an unknown receiver excepted: a unit made of others is told through them
 * (boundary CURRENT), a renamed or moved one through its own versions. None for a unit older
 * than the lists (`validFrom` null).
 */
export function madeFrom(unitId: string, validFrom: string | null, lineage: readonly LineageLink[]): LineageLink[] {
  if (validFrom === null) return [];
  return lineage.filter(
    (l) => l.successor.id === unitId && (l.change === 'MERGED' || l.change === 'REORGANISED') && l.certainty !== 'CANDIDATE',
  );
}

/**
 * The unit-version IDs whose parent's name a history needs: both sides of every move and of
 * every change of the parent (a link names parents by code only). At most `limit`, newest first.
 */
export function parentsToName(links: readonly LineageLink[], limit = 40): string[] {
  const ids: string[] = [];
  for (const l of links) {
    if (l.change !== 'MOVED' && l.change !== 'PARENT_CHANGED') continue;
    for (const u of [l.predecessor, l.successor]) if (u.parent !== null && !ids.includes(u.id)) ids.push(u.id);
  }
  return ids.slice(0, limit);
}

/**
 * The years of a series whose value came through a link the lists do not establish (boundary
 * CURRENT): such a value is not a fact, and the page says so.
 */
export function inferredYears(series: { years: readonly number[]; certainty?: readonly (Certainty | null)[] }): number[] {
  const c = series.certainty ?? [];
  return series.years.filter((_, i) => c[i] === 'INFERRED' || c[i] === 'CANDIDATE');
}

/**
 * What the language files need to phrase a line: kinds and codes from the links' units, the
 * parents' names from `parentNames` (by unit-version ID; null where unknown), the date formatted.
 * The units on both sides of a line of the same change share their kind, code and parent, so
 * the first one speaks for all.
 */
export function linePhrase(
  line: HistoryLine,
  side: 'earlier' | 'later',
  effective: string,
  parentNames: ReadonlyMap<string, string>,
  formatDate: (iso: string) => string,
): LinePhrase {
  const other = line.units[0]?.unit ?? line.self;
  const [before, after] = side === 'earlier' ? [other, line.self] : [line.self, other];
  return {
    change: line.change,
    certainty: line.certainty,
    kinds: [before.kind.toLowerCase(), after.kind.toLowerCase()],
    parents: [parentNames.get(before.id) ?? null, parentNames.get(after.id) ?? null],
    codes: [before.code, after.code],
    date: formatDate(effective),
  };
}

/**
 * The units a CURRENT history of `unit` is the mean of: every unit it was made of or was before
 * (candidates excepted, as the server leaves them out), an inferred one marked as such.
 */
export function meanOf(unit: UnitDetail, m: Messages): string[] {
  const names: string[] = [];
  for (const l of unit.lineage) {
    if (l.successor.id !== unit.id || l.certainty === 'CANDIDATE') continue;
    const name = l.certainty === 'INFERRED' ? `${l.predecessor.name} (${m.inferredShort})` : l.predecessor.name;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
