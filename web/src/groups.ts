// The classes (nhóm xếp loại) of a framework: 2 to 6 of them, best first, named as the issuer's
// decision names them ("Nhóm I – Rất tốt" in Kế Sách; "Tốt", "Khá", "Trung bình", "Kém" in Cao
// Bằng). A class is coloured by its position among its framework's classes: the best is always
// the same blue and the worst always the same wine, whatever the number of classes, and the
// classes between keep one order from cool (better) to warm (worse). The colours are the
// Okabe–Ito set that people with the common colour-vision deficiencies can tell apart (its
// yellow left out: too faint on white). Classes of different frameworks compare by position only.
import { formatNumber, formatPercent } from './format';
import type { Messages } from './i18n';

const BLUE = '#0072B2';
const SKY = '#56B4E9';
const GREEN = '#009E73';
const ORANGE = '#E69F00';
const VERMILION = '#D55E00';
const WINE = '#882255';

/**
 * The colours of a framework's classes by how many it has, best first. Each list keeps the
 * order of the six-class one, so a colour always means the same place on the scale.
 */
export const CLASS_COLOURS: Readonly<Record<number, readonly string[]>> = {
  1: [BLUE],
  2: [BLUE, WINE],
  3: [BLUE, ORANGE, WINE],
  4: [BLUE, SKY, ORANGE, WINE],
  5: [BLUE, SKY, ORANGE, VERMILION, WINE],
  6: [BLUE, SKY, GREEN, ORANGE, VERMILION, WINE],
};

/** The colour of a class that cannot be placed (an unknown framework, or more than six classes). */
export const UNKNOWN_GROUP_COLOUR = '#8C8C8C';

/** The colour of the class at `ordinal` (1 for the best) of a framework with `classes` classes. */
export function classColour(ordinal: number, classes: number): string {
  return CLASS_COLOURS[classes]?.[ordinal - 1] ?? UNKNOWN_GROUP_COLOUR;
}

/** A class as answers carry it: code and position within its framework, and the decision's labels. */
export interface ClassRef {
  code: string;
  label: string;
  labelEn: string;
  ordinal: number;
  framework: string;
}

/** How many classes each framework has, to colour a class by its position among them. */
export class Classes {
  private readonly counts = new Map<string, number>();

  /** From frameworks with their classes (the `frameworks` of an answer). */
  constructor(frameworks: Iterable<{ id: string; groups: readonly unknown[] }> = []) {
    for (const f of frameworks) this.counts.set(f.id, f.groups.length);
  }

  /** From a list of every class of some frameworks (a group distribution's rows). */
  static of(groups: Iterable<{ framework: string }>): Classes {
    const c = new Classes();
    for (const g of groups) c.counts.set(g.framework, (c.counts.get(g.framework) ?? 0) + 1);
    return c;
  }

  /** The number of classes of a framework, or null when it is not known here. */
  count(framework: string): number | null {
    return this.counts.get(framework) ?? null;
  }

  /** The colour of a class; grey when there is none or its framework is not known here. */
  colour(g: { ordinal: number; framework: string } | null | undefined): string {
    const n = g ? this.count(g.framework) : null;
    return g && n !== null ? classColour(g.ordinal, n) : UNKNOWN_GROUP_COLOUR;
  }
}

/** The label of a class in the page's language ("Rất tốt" or "Very good"). */
export function groupLabel(group: { label: string; labelEn: string }, lang: string): string {
  return lang === 'en' ? group.labelEn : group.label;
}

/**
 * Whether a class code is a number the decision names the class by ("nhóm I", "nhóm 2"); other
 * codes (TOT, KHA …) are keys, not shown to readers.
 */
export function numberedCode(code: string): boolean {
  return /^([IVX]{1,4}|\d{1,2})$/i.test(code.trim());
}

/** The name of a class in full: "Nhóm I – Rất tốt" where the decision numbers its classes, else "Tốt". */
export function groupName(group: { code: string; label: string; labelEn: string }, m: Messages): string {
  const label = groupLabel(group, m.lang);
  return numberedCode(group.code) ? m.groupName(group.code, label) : label;
}

/** The short name of a class, where space is scarce: "I", or "Tốt". */
export function groupShort(group: { code: string; label: string; labelEn: string }, lang: string): string {
  return numberedCode(group.code) ? group.code : groupLabel(group, lang);
}

/** A class in a table cell: "I – Rất tốt" where the decision numbers its classes, else "Tốt". */
export function groupCell(group: { code: string; label: string; labelEn: string }, lang: string): string {
  const label = groupLabel(group, lang);
  return numberedCode(group.code) ? `${group.code} – ${label}` : label;
}

/** A class with its threshold: a percent of the maximum, or points. */
interface Threshold {
  ordinal: number;
  minPercent: number | null;
  minPoints?: number | null;
}

/**
 * The totals a class takes, from its framework's thresholds (`groups`, any order): "≥ 90 %" for
 * the best, "70 – < 90 %" between, "< 50 %" for the last (which takes every total that reaches
 * no other), in points where the decision sets points. Null where a threshold is not known.
 */
export function classRange(groups: readonly Threshold[], ordinal: number, m: Messages): string | null {
  const sorted = [...groups].sort((a, b) => a.ordinal - b.ordinal);
  const i = sorted.findIndex((g) => g.ordinal === ordinal);
  if (i < 0 || sorted.length < 2) return null;
  // A bound as its number and its unit ("90" and " %", after a no-break space), so a range
  // writes the unit once and never breaks before it.
  const bound = (t: Threshold | undefined): { n: string; unit: string } | null => {
    const v = t?.minPercent ?? t?.minPoints ?? null;
    if (t === undefined || v === null) return null;
    const digits = Number.isInteger(v) ? 0 : 2;
    const n = formatNumber(v, m.locale, digits);
    const unit = t.minPercent !== null && t.minPercent !== undefined ? formatPercent(v, m.locale, digits).slice(n.length) : `\u00A0${m.points}`;
    return { n, unit };
  };
  const lower = i === sorted.length - 1 ? null : bound(sorted[i]);
  const upper = i === 0 ? null : bound(sorted[i - 1]);
  if (i === 0) return lower && `≥\u00A0${lower.n}${lower.unit}`;
  if (!upper) return null;
  if (!lower) return `<\u00A0${upper.n}${upper.unit}`;
  return lower.unit === upper.unit ? `${lower.n} –\u00A0<\u00A0${upper.n}${upper.unit}` : `${lower.n}${lower.unit} –\u00A0<\u00A0${upper.n}${upper.unit}`;
}
