// Which framework (bộ chỉ số) the numbers on screen were scored on. A framework belongs to its
// issuer (a province, or a district before 1 July 2025), so one area can hold units of several:
// each row of an answer names its own, and what the page says of classes, fields and cohorts
// comes from the frameworks of the rows shown, never from a fixed list.
import type { Cohort, FieldRef, Framework } from './queries';

/** The frameworks of some rows, most rows first (a tie in the order first met). */
export function frameworksOfRows(rows: readonly { framework: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.framework, (counts.get(r.framework) ?? 0) + 1);
  return [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
}

/** Whether rows were scored on more than one framework. */
export function mixedFrameworks(rows: readonly { framework: string }[]): boolean {
  return rows.some((r) => r.framework !== rows[0]?.framework);
}

/**
 * The frameworks of the rows, most rows first, as the answer describes them; with no rows, the
 * first framework the answer lists (the year's main one).
 */
export function rowFrameworks(rows: readonly { framework: string }[], frameworks: readonly Framework[]): Framework[] {
  if (rows.length === 0) return frameworks.slice(0, 1);
  return frameworksOfRows(rows).flatMap((id) => frameworks.filter((f) => f.id === id));
}

/** The framework most of the rows were scored on (or the year's main one), or null. */
export function mainFramework(rows: readonly { framework: string }[], frameworks: readonly Framework[]): Framework | null {
  return rowFrameworks(rows, frameworks)[0] ?? null;
}

/** The fields of some frameworks, by slug, in the first one's order, then any others'. */
export function fieldsOf(frameworks: readonly Framework[]): FieldRef[] {
  const out: FieldRef[] = [];
  for (const f of frameworks) for (const field of f.fields) if (!out.some((o) => o.slug === field.slug)) out.push(field);
  return out;
}

/** A short name of a framework: its issuer's ("Cao Bằng"), or its own name for the reference one. */
export function frameworkShortName(f: Framework): string {
  return f.issuer ? f.issuer.shortName : f.name;
}

/** The short name of the framework of an ID among `frameworks`, or the ID where it is not there. */
export function frameworkNamer(frameworks: readonly Framework[]): (id: string) => string {
  return (id) => {
    const f = frameworks.find((x) => x.id === id);
    return f ? frameworkShortName(f) : id;
  };
}

/** A cohort of a framework, with its place among the framework's cohorts. */
export interface CohortOf extends Cohort {
  framework: string;
  ordinal: number;
}

/** The cohort a row is ranked in, as its framework describes it, or null. */
export function cohortOf(row: { framework: string; cohort: string | null }, frameworks: readonly Framework[]): CohortOf | null {
  if (row.cohort === null) return null;
  const f = frameworks.find((x) => x.id === row.framework);
  const i = f?.cohorts.findIndex((c) => c.slug === row.cohort) ?? -1;
  const c = f?.cohorts[i];
  return c ? { ...c, framework: row.framework, ordinal: i + 1 } : { slug: row.cohort, nameVi: row.cohort, nameEn: row.cohort, framework: row.framework, ordinal: 0 };
}

/** The name of a cohort in the page's language. */
export function cohortName(c: Cohort, lang: string): string {
  return lang === 'en' ? c.nameEn : c.nameVi;
}

/**
 * Rows ranked in cohorts, put one cohort after another (in the order their framework lists them),
 * each in rank order: every cohort's ranking starts at 1. Rows without cohorts keep their order.
 */
export function byCohort<T extends { framework: string; cohort: string | null; rank: number }>(rows: readonly T[], frameworks: readonly Framework[]): T[] {
  if (!rows.some((r) => r.cohort !== null)) return [...rows];
  const order = frameworksOfRows(rows);
  const key = (r: T): [number, number] => [order.indexOf(r.framework), cohortOf(r, frameworks)?.ordinal ?? 0];
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const [fa, ca] = key(a.r);
      const [fb, cb] = key(b.r);
      return fa - fb || ca - cb || a.r.rank - b.r.rank || a.i - b.i;
    })
    .map((x) => x.r);
}

/** The cohorts of some rows with how many rows each holds, in the order byCohort puts them. */
export function cohortCounts(
  rows: readonly { framework: string; cohort: string | null; rank: number }[],
  frameworks: readonly Framework[],
): { cohort: CohortOf; units: number }[] {
  const out: { cohort: CohortOf; units: number }[] = [];
  for (const r of byCohort(rows, frameworks)) {
    const c = cohortOf(r, frameworks);
    if (!c) continue;
    const last = out[out.length - 1];
    if (last && last.cohort.slug === c.slug && last.cohort.framework === c.framework) last.units++;
    else out.push({ cohort: c, units: 1 });
  }
  return out;
}
