// Every piece of text the English page shows, in the shape of vi.ts.
import type { Formats, LinePhrase, Messages, OverviewFacts, ProfileFacts } from './vi';

export const en: Messages = {
  lang: 'en',
  locale: 'en-GB',
  title: 'Commune-level Administrative Reform Index',
  subtitle: 'Rankings, groups, fields and trends of communes, wards and towns.',
  skipToContent: 'Skip to the content',
  yearLabel: 'Year',
  areaLabel: 'Area',
  provinceLabel: 'Province',
  districtLabel: 'District',
  choosePlaceholder: '— Choose a province —',
  areaSearchLabel: 'Find a province or district',
  areaSearchPlaceholder: 'e.g. ke sach',
  wholeProvince: 'Whole province (its districts)',
  inArea: (heading: string, area: string) => `${heading} – ${area}`,
  provincesHeading: (year: number) => `Mean index of the provinces, ${year}`,
  areasChartLabel: (year: number) => `Chart of the mean index by area, ${year}`,
  provincesNote: 'Click a province (or choose it above) to see the ranking, groups, fields and changes of its communes. The average index is the mean of its communes, wards and towns with results.',
  districtsHeading: (province: string, year: number) => `Mean index of the districts – ${province}, ${year}`,
  districtsNote: 'Before 1 July 2025 communes were ranked within their district: click a district (or choose it above). The average index is the mean of its communes.',
  areaMissing: (code: string, year: number) => `Code ${code} is no province or district of ${year} (districts were abolished on 1 July 2025).`,
  provincesWithout: (n: number, year: number) => `${n} other provinces have no results for ${year} yet: choose one above to see it.`,
  chooseProvince: 'Choose a province above to see the table.',
  chooseDistrict: (province: string) => `Choose a district of ${province} above to see the table.`,
  colProvince: 'Province',
  colDistrict: 'District',
  colDistricts: 'Districts',
  colUnits: 'Communes',
  colAverage: 'Mean index',
  otherLanguage: 'Tiếng Việt',
  otherLanguageTitle: 'Chuyển sang tiếng Việt',
  views: {
    overview: 'Overview',
    profile: 'Commune profile',
    compare: 'Compare',
    table: 'Table',
  },
  viewsLabel: 'Choose a page',
  loading: 'Loading…',
  loadError: 'Could not load the data',
  errorCode: 'error code',
  clientErrors: {
    TIMEOUT: 'the server did not answer in time',
    NETWORK: 'the server could not be reached',
    BAD_RESPONSE: 'the server’s answer is not GraphQL',
    NO_DATA: 'the answer has no data',
    TOO_MANY_ROWS: 'the request asks for too many rows',
    OVERLOADED: 'the server is busy, please retry in a few seconds',
    INTERNAL: 'the server failed; its log has the details',
    COMPLEXITY_LIMIT_EXCEEDED: 'the request is too large',
    DEPTH_LIMIT_EXCEEDED: 'the request is too large',
  },
  httpError: (status: string) => `the server answered HTTP ${status}`,
  retry: 'Retry',
  noYears: 'No year has results yet.',
  emptyYear: (year: number) => `There are no PAR Index results for ${year}.`,
  unitNoResults: (name: string) => `There are no PAR Index results for ${name} yet.`,
  areaNoResults: (area: string, year: number) => `There are no results for ${area} in ${year} yet.`,
  importHint: {
    before: 'Official results are loaded into parindex with ',
    command: 'parindex import',
    after: ' (see parindex’s README.md, section “Stewardship: importing official results”).',
  },
  noData: (detail: string) => `No data for this choice (${detail}).`,

  downloadPng: 'Download PNG',
  downloadSvg: 'Download SVG',
  downloadCsv: 'Download CSV',
  copyQuery: 'Copy as GraphQL',
  openExplorer: 'Open in GraphiQL',
  toolsMenu: 'Save, share',
  copied: 'The GraphQL query is copied.',
  copyFailed: 'Could not copy; use “Open in GraphiQL”.',
  saved: (name: string) => `Saved ${name}.`,
  saveFailed: 'Could not save the image',
  showTable: 'Show the data table',
  hideTable: 'Hide the data table',
  sortBy: (col: string) => `Sort by ${col.toLowerCase()}`,
  tableColumns: (n: number, scrolls: boolean) => (scrolls ? `${n} columns, scroll sideways to see them all →` : `${n} columns`),

  summaryHeading: (year: number) => `${year} in brief`,
  rankingHeading: (year: number) => `Ranking of the units, ${year}`,
  rankingNote:
    'The index is the total score as a percent of the maximum; a bar’s colour is the group computed from it. Click a bar for the unit’s profile.',
  rankingChartLabel: (year: number) => `Chart of the PAR Index ranking, ${year}`,
  groupName: (code: string, label: string) => `Group ${code} – ${label}`,
  mismatchLegend: 'Dashed outline: the published group differs from the computed one',
  frameworkLine: (name: string) => `Framework: ${name}`,
  mixedFrameworks:
    'The units were scored on different frameworks: they compare by percent only, and their classes by position.',
  frameworkChanged: (n: number, from: number, to: number) =>
    `${n} ${n === 1 ? 'unit was' : 'units were'} scored on another framework in ${from} than in ${to}: ${n === 1 ? 'its change compares' : 'their changes compare'} by percent only, and classes by position.`,
  frameworkChangedShort: 'framework changed between the two years',
  previousByPosition: (previous: number) =>
    `${previous} was scored on another framework: its counts are set against this year’s classes by position.`,
  colFramework: 'Framework',
  colCohort: 'Ranked among',
  cohortsNote: (cohorts: { name: string; units: number }[]) =>
    `Ranked separately, each from rank 1: ${cohorts.map((c) => `${c.name} (${c.units} units)`).join('; ')}.`,
  tableCaption: (year: number) => `Ranking, ${year}`,
  colRank: 'Rank',
  colUnit: 'Unit',
  colPercent: 'Index',
  colGroup: 'Group (computed)',
  colPublishedGroup: 'Published group',
  colChange: 'Change (points)',
  colCount: 'Units',
  colShare: 'Share',
  colCriterion: 'Criterion',
  colPoints: 'Points',
  colMax: 'Maximum',
  colLost: 'Behind the best unit (points)',
  colSource: 'Source',
  index: 'Index',
  rank: 'Rank',
  rankOf: (rank: number, total: number) => `${rank}/${total}`,
  group: 'Group',
  publishedGroup: 'Published group',
  publishedRank: 'published rank',
  differs: 'differs from the computed group',
  source: 'Source',
  none: '—',
  points: 'points',

  groupsHeading: (year: number) => `Units per group, ${year}`,
  groupsNote: (year: number, previous: number | null, units: number, previousUnits: number | null) =>
    previous === null
      ? `${units} units in ${year}; no earlier year to compare with.`
      : `${units} units in ${year}, ${previousUnits ?? 0} in ${previous}.` +
        (previousUnits !== null && previousUnits !== units ? ' The counts differ because units were merged.' : ''),
  groupsChartLabel: (year: number) => `Chart of the units per group in ${year} and the year before`,

  fieldsHeading: (year: number) => `Field averages, ${year}`,
  fieldsNote: (previous: number | null, withPublished: boolean) =>
    'The mean percent of the units in each field' +
    (previous !== null ? `, beside ${previous}` : '') +
    (withPublished ? ' and the published value' : '') +
    '.',
  fieldsScope: (year: number, units: number, previous: number, previousUnits: number) =>
    ` ${year} averages ${units} units, ${previous} averages ${previousUnits} (before the units were merged).`,
  fieldsChartLabel: (year: number) => `Chart of the field averages, ${year}`,
  colField: 'Field',
  fieldShort: (slug: string, name: string): string =>
    ({
      direction: 'Direction',
      institutions: 'Institutions',
      procedures: 'Procedures',
      organisation: 'Organisation',
      civil_service: 'Civil service',
      public_finance: 'Public finance',
      e_government: 'E-government',
      impact: 'Impact',
    })[slug] ?? name,
  computed: 'Computed',
  published: 'Published',
  fieldRank: (rank: number, total: number) => `rank ${rank}/${total}`,
  publishedRankOnly: (rank: number, total: number) => `rank ${rank}/${total} (no value published)`,

  changesHeading: (from: number, to: number) => `Biggest risers and fallers, ${from} → ${to}`,
  changesNote: (current: boolean) =>
    'Change of the index, in percentage points.' +
    (current ? ' The new communes (since 1 July 2025) are compared with the combined results of the units they were made of.' : ''),
  changesChartLabel: (from: number, to: number) => `Chart of the biggest risers and fallers from ${from} to ${to}`,
  changesOneSide: (rose: number, fell: number, compared: number, from: number) =>
    fell === 0 && rose === compared
      ? `No unit fell since ${from}: all ${compared} rose.`
      : fell === 0
        ? `No unit fell since ${from} (${rose} rose, ${compared - rose} kept their index).`
        : rose === 0 && fell === compared
          ? `No unit rose since ${from}: all ${compared} fell.`
          : `No unit rose since ${from} (${fell} fell, ${compared - fell} kept their index).`,
  risers: 'Up',
  fallers: 'Down',
  noPrevious: (year: number) => `There is no year before ${year} to compare with.`,
  nothingCompared: (from: number, to: number) => `No unit has results in both ${from} and ${to}.`,

  profileHeading: (name: string) => `Profile of ${name}`,
  unitLabel: 'Unit',
  searchLabel: 'Find a unit (diacritics optional)',
  searchPlaceholder: 'e.g. an my',
  searchNone: 'No unit found.',
  searchResults: (n: number) => `${n} units found`,
  pickUnit: 'Choose a unit to see its profile.',
  summaryLabel: 'In brief',
  lineageCoverage: (partial: boolean) => (partial ? ' (in part)' : ''),
  laterHeading: 'Later',
  validUntil: (name: string, date: string) => `${name} existed until ${date}.`,
  earlierHeading: 'Before',
  historyNote: 'Changes in the official lists of administrative units since 13/12/2017, newest first. Click a unit’s name to open its profile.',
  cameFrom: (p: LinePhrase): string => {
    const [p0, p1] = p.parents;
    switch (p.change) {
      case 'RENAMED':
        return 'Renamed; formerly';
      case 'KIND_CHANGED':
        return `Changed from ${p.kinds[0]} to ${p.kinds[1]}; formerly`;
      case 'MOVED':
        return p0 && p1 ? `Moved from ${p0} to ${p1}; formerly` : 'Moved to another parent; formerly';
      case 'PARENT_CHANGED':
        return p0 && p1 && p0 !== p1 ? `${p0} became ${p1}; formerly` : 'Its parent was renamed or changed kind; formerly';
      case 'CODE_CHANGED':
        return `Code ${p.codes[0]} became ${p.codes[1]}; formerly`;
      case 'REORGANISED':
        return 'Reorganisation of administrative units; formed from';
      case 'MERGED':
        return p.certainty === 'CANDIDATE'
          ? 'May have merged into this unit, or into another one (the lists do not say)'
          : p.certainty === 'INFERRED'
            ? 'Probably merged into this unit — not officially established (inferred from names)'
            : 'Merged into this unit';
    }
  },
  becameInto: (p: LinePhrase): string => {
    const [p0, p1] = p.parents;
    switch (p.change) {
      case 'RENAMED':
        return `From ${p.date}, renamed`;
      case 'KIND_CHANGED':
        return `From ${p.date}, changed from ${p.kinds[0]} to ${p.kinds[1]}`;
      case 'MOVED':
        return p0 && p1 ? `From ${p.date}, moved from ${p0} to ${p1}` : `From ${p.date}, moved to another parent`;
      case 'PARENT_CHANGED':
        return p0 && p1 && p0 !== p1 ? `From ${p.date}, ${p0} became ${p1}` : `From ${p.date}, its parent was renamed or changed kind`;
      case 'CODE_CHANGED':
        return `From ${p.date}, code ${p.codes[0]} became ${p.codes[1]}`;
      case 'REORGANISED':
        return `From ${p.date} (reorganisation of administrative units), part of`;
      case 'MERGED':
        return p.certainty === 'CANDIDATE'
          ? `From ${p.date}, may have merged into one of`
          : p.certainty === 'INFERRED'
            ? `From ${p.date}, probably merged into — not officially established (inferred from names)`
            : `From ${p.date}, merged into`;
    }
  },
  candidatesNote: 'The official lists do not say which one received it.',
  notEstablished: 'not officially established',
  viaUncertain: 'through a link not officially established',
  basisLabel: 'Basis',
  trendHeading: 'Index over the years',
  trendNote:
    'Years without a score are left empty, never counted as 0. Dashed lines are the group thresholds. A point’s colour is that year’s group.',
  trendFrameworks: (year: number) =>
    `The years were scored on different frameworks: the index compares by percent; each point's colour is its class in that year's framework; the dashed lines are the thresholds of the ${year} framework.`,
  trendNoteCurrent: 'Before it was created: the mean of the units it was made of (dashed line).',
  trendInferred: (years: string, name: string | null = null) =>
    `Not officially established: the values ${name ? `of ${name} ` : ''}in ${years} come through a merger whose receiver was inferred from names; they are not facts.`,
  hollowPoints: 'They are the hollow points of the chart.',
  inferredShort: 'not officially established',
  changesInferred: (n: number) =>
    ` ${n} units have values that come through a link not officially established: their changes are not facts.`,
  trendChartLabel: (name: string) => `Chart of the PAR Index trend of ${name}`,
  rankHeading: 'Rank over the years',
  rankNote: (parent: string | null) => `Rank within ${parent ?? 'the parent unit'} each year; rank 1 at the top.`,
  fieldTrendHeading: 'Fields over the years',
  fieldTrendNote: 'Percent of each field. Click a field in the legend to hide or show it.',
  radarHeading: (year: number) => `The eight fields, ${year}`,
  radarNote: (parent: string | null) =>
    `Against the mean of ${parent ?? 'the parent unit'} and the best unit in each field.`,
  parentMean: 'Mean',
  bestUnit: 'Best',
  criteriaHeading: (year: number) => `Criteria where most points were lost, ${year}`,
  criteriaNote:
    'Points behind the unit with the highest score on each criterion, within the same parent. Criterion names are in Vietnamese (the data has no English names).',
  criteriaNone: 'The unit has the highest score on every criterion.',

  compareHeading: 'Compare units',
  compareUnits: 'Units compared',
  removeUnit: (name: string) => `Remove ${name}`,
  addUnit: (name: string) => `Add ${name}`,
  tooMany: (n: number) => `At most ${n} units.`,
  measureLabel: 'Measure',
  total: 'Total index',
  fromLabel: 'From',
  toLabel: 'To',
  linesHeading: (measure: string) => `${measure} over the years`,
  linesNote: 'Years where a unit did not exist or has no score are left empty.',
  slopeHeading: (measure: string, from: number, to: number) => `${measure}: ${from} and ${to}`,
  slopeNote: 'Each line joins one unit’s values in the two years.',
  slopeMissing: (names: string) => `No value in one of the two years: ${names}.`,
  heatHeading: (year: number) => `Units × fields, ${year}`,
  heatNote: 'The darker the cell, the higher the percent.',
  heatMissing: (names: string, year: number) => `No results in ${year}: ${names}.`,
  compareNone: 'Choose at least one unit.',

  tableHeading: (year: number) => `All numbers, ${year}`,
  tableNote: 'Every number of the year: click a column header to sort.',

  trendPredecessors: 'Units it was made of',
  status: {
    OBSERVED: 'Scored',
    NOT_ASSESSED: 'Not assessed',
    NOT_EXISTING: 'The unit did not exist that year',
    NOT_PUBLISHED: 'Not published',
    PROVISIONAL: 'Provisional',
  },
  statusLabel: 'Status',
  year: 'Year',
  threshold: (code: string) => `Group ${code}`,

  profileSentences: (f: ProfileFacts, fmt: Formats): string[] => {
    const where = f.parentName ? ` of ${f.parentName}` : '';
    const place = f.rank === 1 ? `ranked first${where}` : `ranked ${f.rank} of ${f.total}${where ? ` in ${f.parentName}` : ''}`;
    const group = f.group.numbered ? `group ${f.group.code}` : `rated ${f.group.label}`;
    const out = [`${f.name} ${place} in ${f.year} with an index of ${fmt.pct(f.percent)} (${group}).`];
    if (f.change !== null) {
      const c = f.change.points;
      out.push(
        Math.abs(c) < 0.005
          ? `The index did not change since ${f.change.since}.`
          : `Since ${f.change.since} the index ${c > 0 ? 'rose' : 'fell'} by ${fmt.pts(Math.abs(c))}\u00A0points.`,
      );
    }
    if (f.weakest && f.strongest) {
      const below = f.weakest.belowMean > 0.005 ? `, ${fmt.pts(f.weakest.belowMean)}\u00A0points below the mean` : '';
      out.push(
        `Its weakest field is ${f.weakest.field} (${fmt.pct(f.weakest.percent)}${below}); its strongest is ${f.strongest.field} (${fmt.pct(f.strongest.percent)}).`,
      );
    }
    if (f.predecessors) out.push(`Years before it was created show the mean of ${joinEn(f.predecessors)}.`);
    return out;
  },
  overviewSentences: (f: OverviewFacts, fmt: Formats): string[] => {
    const b = f.best.name;
    const best = b === null ? 'reached the top class of their framework' : b.numbered ? `reached group ${b.code}` : `${f.best.units === 1 ? 'was' : 'were'} rated ${b.label}`;
    const out = [`In ${f.year}, ${f.units} units were assessed, with a mean index of ${fmt.pct(f.mean)}; ${f.best.units} ${best}.`];
    if (f.leader && f.last) {
      out.push(`${f.leader.name} ranked first (${fmt.pct(f.leader.percent)}), ${f.last.name} last (${fmt.pct(f.last.percent)}).`);
    }
    if (f.changes) {
      const c = f.changes;
      const mean =
        c.meanChange === null ? '' : `, a mean ${c.meanChange >= 0 ? 'rise' : 'fall'} of ${fmt.pts(Math.abs(c.meanChange))}\u00A0points`;
      out.push(
        `Since ${c.since}${c.current ? ' (today’s units)' : ''}: ${c.improved} units improved and ${c.declined} declined${mean}.`,
      );
    }
    return out;
  },

  illustrative: 'The scores are illustrative (generated by parindex), not official results.',
  realFacts: (facts, decisions, formatDate) => {
    const parts = facts.map((f) => {
      switch (f.kind) {
        case 'groups':
          return `the ${f.year} groups`;
        case 'rank':
          return `${f.rank === 1 ? 'first place' : `rank ${f.rank}`} of ${f.unitShortName ?? ''}`;
        case 'ranks':
          return `the ${f.year} ranks`;
        case 'fieldAverages':
          return 'the field averages';
      }
    });
    const sources = decisions.map((d) =>
      // Titles that already carry their date are not given it twice.
      d.date && !d.title.includes(formatDate(d.date)) ? `${d.title} of ${formatDate(d.date)}` : d.title,
    );
    return `Real results: ${joinEn(parts)}, from ${joinEn(sources)}. Hover over (or tap) a number to see its source.`;
  },
  noRealFacts: (year: number) => `No official result for ${year} is in the data.`,
  officialScores: (year, decisions, also, formatDate) => {
    const sources = decisions.map((d) =>
      d.date && !d.title.includes(formatDate(d.date)) ? `${d.title} of ${formatDate(d.date)}` : d.title,
    );
    const parts = [
      ...(also.framework ? ['the criteria and maximum points'] : []),
      ...(also.trend ? ['the other years of the trend chart'] : []),
    ];
    return `The ${year} scores are official, from ${joinEn(sources)}. Illustrative (generated by parindex), not official: ${joinEn(parts)}.`;
  },
  sourceIllustrative: 'Source: illustrative numbers generated by parindex, not official results.',
  sourceLine: (titles: string) => `Source: ${titles}`,

  footer: 'parindex — data through GraphQL at',
  explorer: 'the GraphiQL explorer',

  // The printable report (views/report.ts).
  reportButton: 'Print report',
  reportButtonTitle: 'Open an A4 page to print or save as PDF',
  reportTitle: 'Administrative Reform Index report',
  reportKicker: (year: number) => `Administrative Reform Index report, ${year}`,
  reportRunning: (name: string, year: number) => `${name} · Administrative Reform Index ${year}`,
  reportPrint: 'Print or save PDF',
  reportBack: 'Back',
  reportOf: (parent: string) => `in ${parent}`,
  reportChange: (since: number) => `Against ${since}`,
  reportPoints: (v: string) => `${v} points`,
  reportUnits: 'Units',
  reportMean: 'Mean index',
  reportBestClass: 'In the best group',
  reportHistoryHeading: 'Index, rank and group over the years',
  reportHistoryNote: (parent: string | null) => `Rank within ${parent ?? 'the parent unit'}; a year without a score is left blank, never counted as 0.`,
  reportFieldsHeading: (year: number) => `The fields, ${year}`,
  reportFieldsNote: (parent: string | null) =>
    `Percent of the maximum in each field, against the mean of ${parent ?? 'the parent unit'} and the best unit; the difference is the points above (+) or below (−) the mean. The black mark on a bar is the mean.`,
  reportDiff: 'Difference (points)',
  reportProvinceMean: 'Province mean',
  reportRankBefore: (year: number) => `Rank ${year}`,
  reportNoFallers: (from: number) => `No unit scored lower than in ${from}.`,
  reportNoRisers: (from: number) => `No unit scored higher than in ${from}.`,
  reportSourcesHeading: 'Sources',
  reportScoresOfficial: (year: number, sources: string) => `Scores of ${year}: official results per ${sources}.`,
  reportScoresIllustrative: (year: number) => `Scores of ${year}: illustrative numbers generated by parindex, not official results.`,
  reportPublished: (year: number, what: string, source: string) => `Published results of ${year}: ${what} (${source}).`,
  reportPublishedGroups: (n: number) => `the groups of ${n} units`,
  reportPublishedRank: (group: string, rank: number | null) => (rank === null ? group : `${group}, rank ${rank}`),
  reportFramework: (name: string) => `Framework applied: ${name}.`,
  reportFrameworkDecision: (title: string) => `Decision issuing the framework: ${title}.`,
  reportFrameworkIllustrative: (title: string) => `Criteria and maximum points: ${title}.`,
  reportAddress: (address: string) => `Printed from parindex: ${address}`,
  reportPickArea: 'Choose a province or district with results on the Overview page to print its report.',
  reportInherited: 'Years marked *: before the unit was formed, the mean of the units it was made of.',
  reportMeanMark: (name: string) => ` The black mark on a bar is the mean of ${name}.`,
  /** The notice's hint for the screen, left out on paper. */
  reportScreenHint: 'Hover over (or tap) a number to see its source.',
};

function joinEn(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
