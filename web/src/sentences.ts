// The sentences written from the data ("An Mỹ đứng đầu Huyện Kế Sách năm 2023 …"): this file
// picks the facts, the language files phrase them. Pure functions, tested in sentences.test.ts.
import { formatDate, formatNumber, formatPercent } from './format';
import { mainFramework, mixedFrameworks } from './frameworks';
import { groupLabel, numberedCode } from './groups';
import type { ClassName, Formats, Messages, OverviewFacts, ProfileFacts } from './i18n';
import type { Changes, ComparedUnit, Framework, GroupRef, RankingRow, Series } from './queries';

/** The formats the sentences use, in the language of `m`. */
export function formats(m: Messages): Formats {
  return {
    pct: (v) => formatPercent(v, m.locale),
    pts: (v) => formatNumber(v, m.locale, 2),
    date: formatDate,
  };
}

function fieldName(f: { nameVi: string; nameEn: string }, lang: string): string {
  return lang === 'en' ? f.nameEn : f.nameVi;
}

/** How the sentences name a class. */
function className(g: GroupRef, lang: string): ClassName {
  return { code: g.code, label: groupLabel(g, lang), numbered: numberedCode(g.code) };
}

/**
 * The facts of a unit's profile in `year`: rank, change against the previous year that has a
 * value (a gap is skipped, never read as 0), the strongest and weakest fields and how far the
 * weakest is below the parent's mean. Null when the unit has no comparison for the year.
 */
export function profileFacts(
  name: string,
  parentName: string | null,
  year: number,
  compared: ComparedUnit | null,
  total: Series | null,
  predecessors: string[] | null,
  lang: string,
): ProfileFacts | null {
  if (!compared) return null;
  let change: ProfileFacts['change'] = null;
  if (total) {
    const i = total.years.indexOf(year);
    const now = i >= 0 ? total.values[i] : null;
    for (let j = i - 1; j >= 0 && now !== null && now !== undefined; j--) {
      const before = total.status[j] === 'OBSERVED' ? total.values[j] : null;
      if (before !== null && before !== undefined) {
        change = { points: now - before, since: total.years[j] as number };
        break;
      }
    }
  }
  const fields = compared.fields;
  let strongest: ProfileFacts['strongest'] = null;
  let weakest: ProfileFacts['weakest'] = null;
  if (fields.length > 0) {
    const byPercent = [...fields].sort((a, b) => a.percent - b.percent);
    const low = byPercent[0] as (typeof fields)[number];
    const high = byPercent[byPercent.length - 1] as (typeof fields)[number];
    weakest = { field: fieldName(low.field, lang), percent: low.percent, belowMean: low.benchmarks.parentMean - low.percent };
    strongest = { field: fieldName(high.field, lang), percent: high.percent };
  }
  return {
    name,
    year,
    percent: compared.percent,
    rank: compared.rank,
    total: compared.benchmarks.units,
    parentName,
    group: className(compared.group, lang),
    change,
    strongest,
    weakest,
    fieldsBelowMean: fields.filter((f) => f.percent < f.benchmarks.parentMean).length,
    fieldCount: fields.length,
    predecessors,
  };
}

/**
 * The changes to tell for a year: the units as published when any unit has values in both
 * years, else today's units (across the 2025 reorganisation); null when neither compares any.
 */
export function usableChanges(answer: { asPublished: Changes; current: Changes }): Changes | null {
  if (answer.asPublished.summary.compared > 0) return answer.asPublished;
  if (answer.current.summary.compared > 0) return answer.current;
  return null;
}

/**
 * The facts of the overview of a year. The best class is the first of the units' framework
 * (`frameworks` describes it); of units scored on several frameworks, the first of each.
 */
export function overviewFacts(
  year: number,
  ranking: readonly RankingRow[],
  changes: Changes | null,
  frameworks: readonly Framework[],
  lang: string,
): OverviewFacts | null {
  if (ranking.length === 0) return null;
  const first = ranking[0] as RankingRow;
  const last = ranking[ranking.length - 1] as RankingRow;
  const mean = ranking.reduce((s, r) => s + r.percent, 0) / ranking.length;
  return {
    year,
    units: ranking.length,
    mean,
    leader: { name: first.unit.name, percent: first.percent },
    last: ranking.length > 1 ? { name: last.unit.name, percent: last.percent } : null,
    changes: changes
      ? {
          since: changes.from,
          improved: changes.summary.improved,
          declined: changes.summary.declined,
          meanChange: changes.summary.meanChange,
          current: changes.boundary === 'CURRENT',
        }
      : null,
    best: {
      units: ranking.filter((r) => r.group.ordinal === 1).length,
      name: mixedFrameworks(ranking) ? null : bestClass(ranking, frameworks, lang),
    },
  };
}

/** The name of the best class of the rows' framework: from the framework, or from a row in it. */
function bestClass(ranking: readonly RankingRow[], frameworks: readonly Framework[], lang: string): ClassName | null {
  const best = mainFramework(ranking, frameworks)?.groups.find((g) => g.ordinal === 1) ?? ranking.find((r) => r.group.ordinal === 1)?.group;
  return best ? className(best, lang) : null;
}
