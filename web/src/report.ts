// What the printable report (views/report.ts) says, picked from the same answers the profile and
// the overview draw: a unit's fields against its parent, its years, its criteria, an area's ranks
// beside last year's, its risers and fallers, and where the numbers come from. Pure functions,
// tested in report.test.ts.
import { movers } from './charts/changes';
import { formatSource } from './format';
import type { Change, Changes, ComparedUnit, Framework, RankingRow, Series, Source } from './queries';

/** A field of a unit in the report: its percent and rank against its parent's mean and best. */
export interface ReportField {
  slug: string;
  name: string;
  percent: number;
  rank: number;
  units: number;
  mean: number;
  best: number;
  bestUnit: string;
  /** Points above (positive) or below the parent's mean. */
  diff: number;
}

/** The fields of a compared unit, in its framework's order. */
export function reportFields(u: ComparedUnit, lang: string): ReportField[] {
  return u.fields.map((f) => ({
    slug: f.field.slug,
    name: lang === 'en' ? f.field.nameEn : f.field.nameVi,
    percent: f.percent,
    rank: f.rank,
    units: f.benchmarks.units,
    mean: f.benchmarks.parentMean,
    best: f.benchmarks.best,
    bestUnit: f.benchmarks.bestUnit.shortName,
    diff: f.percent - f.benchmarks.parentMean,
  }));
}

/** A year of a unit's history: its index, rank and class code where it has a score (null otherwise, never 0). */
export interface ReportYear {
  year: number;
  percent: number | null;
  rank: number | null;
  group: string | null;
}

/** The years of a unit's series up to `year`, each with a value only where it was scored. */
export function reportYears(s: Series, year: number): ReportYear[] {
  return s.years.flatMap((y, i) => {
    if (y > year) return [];
    const scored = s.status[i] === 'OBSERVED' && s.values[i] !== null && s.values[i] !== undefined;
    return [{ year: y, percent: scored ? (s.values[i] as number) : null, rank: scored ? (s.ranks[i] ?? null) : null, group: scored ? (s.groups[i] ?? null) : null }];
  });
}

/** The change of each unit against the year before, by unit ID, from the changes the overview tells. */
export function changesByUnit(c: Changes | null): Map<string, Change> {
  return new Map((c?.units ?? []).map((u) => [u.unit.id, u]));
}

/**
 * The biggest risers and fallers (the overview's movers), apart: the report says in words when
 * no unit rose or none fell, instead of an empty list.
 */
export function risersAndFallers(c: Changes | null): { risers: Change[]; fallers: Change[] } {
  const rows = movers(c?.units ?? []);
  return {
    risers: rows.filter((r) => (r.change ?? 0) > 0.005),
    fallers: rows.filter((r) => (r.change ?? 0) < -0.005).reverse(),
  };
}

/** Where the scores of some rows come from: the decisions of the official ones, and whether any is illustrative. */
export interface ScoreSources {
  official: string[];
  illustrative: boolean;
}

export function scoreSources(rows: readonly { source: Source }[]): ScoreSources {
  const official: string[] = [];
  let illustrative = false;
  for (const r of rows) {
    if (r.source.kind === 'ILLUSTRATIVE') illustrative = true;
    else {
      const t = formatSource(r.source);
      if (!official.includes(t)) official.push(t);
    }
  }
  return { official, illustrative };
}

/** The results some rows' decisions published (classes, ranks): the rows and each decision, once. */
export function publishedSources(rows: readonly RankingRow[]): { rows: RankingRow[]; sources: string[] } {
  const published = rows.filter((r) => r.published?.source.kind === 'OFFICIAL');
  const sources: string[] = [];
  for (const r of published) {
    const t = formatSource((r.published as NonNullable<RankingRow['published']>).source);
    if (!sources.includes(t)) sources.push(t);
  }
  return { rows: published, sources };
}

/**
 * What the report says of a framework: its name, the decision that issued it, and the source of
 * its criteria where they are illustrative (the decision is then real, the points are not).
 */
export function frameworkLines(f: Framework): { name: string; decision: string | null; illustrative: string | null } {
  const decision = f.decision ?? (f.source.kind === 'OFFICIAL' ? f.source : null);
  return {
    name: f.name,
    decision: decision ? formatSource(decision) : null,
    illustrative: f.source.kind === 'ILLUSTRATIVE' ? f.source.title : null,
  };
}

/** The width of a bar for a percent, clamped to 0–100, as a CSS length. */
export function barWidth(percent: number | null): string {
  if (percent === null || !Number.isFinite(percent)) return '0%';
  return `${Math.min(100, Math.max(0, Math.round(percent * 10) / 10))}%`;
}
