// The notice about illustrative numbers: shown whenever anything on the page comes from the
// illustrative generator, and naming what is real, built from the published sources the API
// returned (never from numbers written into the app).
import { formatDate, formatSource } from './format';
import { rowFrameworks } from './frameworks';
import type { DecisionRef, Messages, PublishedFact } from './i18n';
import type { Overview, Series, Source } from './queries';

/** Above this many published ranks the notice says "the ranks" instead of naming each. */
const MAX_NAMED_RANKS = 3;

/**
 * The notice text for the page, or null when nothing shown is illustrative. `trend` is the
 * series on screen, if any.
 */
export function illustrativeNotice(
  year: number,
  overview: Overview,
  trend: Series | null,
  m: Messages,
): string | null {
  const scoresIllustrative = overview.ranking.some((r) => r.source.kind === 'ILLUSTRATIVE');
  const also = {
    framework: rowFrameworks(overview.ranking, overview.frameworks).some((f) => f.source.kind === 'ILLUSTRATIVE'),
    trend: trend?.sources.some((k) => k === 'ILLUSTRATIVE') ?? false,
  };
  if (!scoresIllustrative && !also.framework && !also.trend) return null;

  const facts: PublishedFact[] = [];
  const decisions: DecisionRef[] = [];
  const addDecision = (s: Source): void => {
    if (!decisions.some((d) => d.title === s.title && d.date === s.date)) {
      decisions.push({ title: s.title, date: s.date });
    }
  };

  // The year's scores are official (imported from a decision): say so, and name what else is not.
  if (!scoresIllustrative && overview.ranking.length > 0) {
    for (const r of overview.ranking) addDecision(r.source);
    return m.officialScores(year, decisions, also, formatDate);
  }

  const publishedRows = overview.ranking.filter((r) => r.published?.source.kind === 'OFFICIAL');
  if (publishedRows.length > 0) facts.push({ kind: 'groups', year });
  const ranked = publishedRows
    .filter((r) => r.published?.rank !== null && r.published?.rank !== undefined)
    .sort((a, b) => (a.published?.rank ?? 0) - (b.published?.rank ?? 0));
  if (ranked.length > MAX_NAMED_RANKS) {
    facts.push({ kind: 'ranks', year });
  } else {
    for (const r of ranked) {
      facts.push({
        kind: 'rank',
        year,
        rank: r.published?.rank ?? 0,
        unitKind: r.unit.kind,
        unitShortName: r.unit.shortName,
      });
    }
  }
  for (const r of publishedRows) if (r.published) addDecision(r.published.source);

  const publishedFields = overview.fieldSummary.filter((f) => f.published?.source.kind === 'OFFICIAL');
  if (publishedFields.length > 0) facts.push({ kind: 'fieldAverages', year });
  for (const f of publishedFields) if (f.published) addDecision(f.published.source);

  const real = facts.length > 0 ? m.realFacts(facts, decisions, formatDate) : m.noRealFacts(year);
  return `${m.illustrative} ${real}`;
}

/**
 * The source line of a saved chart: the decisions behind its official numbers, and a warning
 * when any of its numbers is illustrative.
 */
export function sourceFooter(sources: readonly (Source | null | undefined)[], m: Messages): string {
  const official: string[] = [];
  let illustrative = false;
  for (const s of sources) {
    if (!s) continue;
    if (s.kind === 'ILLUSTRATIVE') illustrative = true;
    else {
      const t = formatSource(s);
      if (!official.includes(t)) official.push(t);
    }
  }
  const parts = official.length > 0 ? [m.sourceLine(official.join('; '))] : [];
  if (illustrative) parts.push(m.sourceIllustrative);
  return ['parindex', ...parts].join(' · ');
}
