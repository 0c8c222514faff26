// The GraphQL documents the page sends, and the TypeScript shape of their answers
// (see schema.graphqls for what each field means). Each chart is drawn from one document, and
// "copy as GraphQL" copies that document with its variables, so an analyst gets exactly the
// numbers of the chart.
import type { StatusWord } from './i18n';
import type { QueryRef } from './views/panel';

export type SourceKind = 'OFFICIAL' | 'ILLUSTRATIVE';

export interface Source {
  kind: SourceKind;
  title: string;
  date: string | null;
}

/** A class (nhóm xếp loại) of a framework; codes are unique within their framework only. */
export interface GroupRef {
  code: string;
  label: string;
  labelEn: string;
  /** Position among its framework's classes, 1 for the best. */
  ordinal: number;
  /** The framework whose class it is. */
  framework: string;
}

export interface UnitRef {
  id: string;
  code: string;
  name: string;
  shortName: string;
  kind: string;
}

export interface FieldRef {
  slug: string;
  nameVi: string;
  nameEn: string;
}

export interface RankingRow {
  unit: UnitRef;
  percent: number;
  /** Rank within the parent, and within the cohort where the issuer ranks kinds of units apart. */
  rank: number;
  /** The framework the unit was scored on. */
  framework: string;
  /** The cohort it is ranked in; null where its issuer ranks every unit together. */
  cohort: string | null;
  group: GroupRef;
  published: { group: GroupRef; rank: number | null; source: Source } | null;
  source: Source;
}

export interface FieldSummaryRow {
  field: FieldRef;
  average: number;
  rank: number;
  /** Units averaged (asked for only where two years are compared). */
  units?: number;
  /** True when the units averaged were scored on more than one framework. */
  mixedFrameworks: boolean;
  published: { average: number | null; rank: number; source: Source } | null;
}

export interface FrameworkGroup extends GroupRef {
  /** Lowest total percent of the class; null where the threshold is in points. */
  minPercent: number | null;
  /** Lowest total in points, where the threshold is in points (asked for with the framework's classes). */
  minPoints?: number | null;
}

/** Kinds of units an issuer ranks among themselves (wards apart from communes …). */
export interface Cohort {
  slug: string;
  nameVi: string;
  nameEn: string;
}

/** A framework (bộ chỉ số): its issuer, classes, cohorts and fields. */
export interface Framework {
  id: string;
  name: string;
  /** The province or district that issued it; null for the reference framework. */
  issuer: { code: string; name: string; shortName: string } | null;
  groups: FrameworkGroup[];
  cohorts: Cohort[];
  fields: FieldRef[];
  source: Source;
  /** The decision that issued it, where known apart from `source`. */
  decision: Source | null;
}

/** The ranking and field averages of a scope in a year, and the frameworks of the year. */
export interface Overview {
  ranking: RankingRow[];
  fieldSummary: FieldSummaryRow[];
  /** Every framework in force or scored on in the year; the rows name theirs. */
  frameworks: Framework[];
}

/**
 * Whether the official lists establish a lineage link, or a value built through links:
 * INFERRED is a merger's receiver guessed from names, CANDIDATE one of several units that may
 * have received a merged one.
 */
export type Certainty = 'ESTABLISHED' | 'INFERRED' | 'CANDIDATE';

export interface Series {
  unit: UnitRef;
  years: number[];
  values: (number | null)[];
  ranks: (number | null)[];
  groups: (string | null)[];
  status: StatusWord[];
  sources: (SourceKind | null)[];
  contributors: string[][];
  /** INFERRED where a value (boundary CURRENT) came through a receiver the lists do not establish; null where there is no value. */
  certainty: (Certainty | null)[];
}

export interface GroupCount {
  group: GroupRef;
  count: number;
  share: number;
  previousCount: number | null;
  previousShare: number | null;
}

export interface GroupDistribution {
  year: number;
  previousYear: number | null;
  units: number;
  previousUnits: number | null;
  /** Every class of each framework of the year's units, best first, one framework after another. */
  groups: GroupCount[];
  frameworks: string[];
  mixedFrameworks: boolean;
  /** True when the year before was scored on another framework: its counts are matched by position. */
  previousByPosition: boolean;
}

export interface Change {
  unit: UnitRef;
  status: 'BOTH' | 'ONLY_FROM' | 'ONLY_TO';
  percentFrom: number | null;
  percentTo: number | null;
  change: number | null;
  rankFrom: number | null;
  rankTo: number | null;
  groupFrom: GroupRef | null;
  groupTo: GroupRef | null;
  /** True when the unit was scored on another framework in `from` than in `to`. */
  frameworkChanged: boolean;
  cohort: string | null;
}

export interface Changes {
  from: number;
  to: number;
  boundary: 'AS_PUBLISHED' | 'CURRENT';
  /**
   * `inferred`: units whose value came through a receiver the lists do not establish;
   * `frameworkChanged`: units compared whose framework changed between the two years.
   */
  summary: {
    units: number;
    compared: number;
    improved: number;
    declined: number;
    unchanged: number;
    inferred: number;
    frameworkChanged: number;
    meanChange: number | null;
  };
  units: Change[];
  frameworks: string[];
  mixedFrameworks: boolean;
}

/** What a lineage link records (the API's LineageChange). */
export type LineageChange = 'RENAMED' | 'KIND_CHANGED' | 'MOVED' | 'PARENT_CHANGED' | 'CODE_CHANGED' | 'MERGED' | 'REORGANISED';

/** A unit inside a lineage link: with its parent's code, to tell a move. */
export interface LinkedUnit extends UnitRef {
  parent: string | null;
}

export interface LineageLink {
  predecessor: LinkedUnit;
  successor: LinkedUnit;
  effective: string;
  coverage: 'FULL' | 'PARTIAL';
  change: LineageChange;
  certainty: Certainty;
  /** What the link rests on, in words (as the data has it). */
  basis: string | null;
}

export interface UnitDetail extends UnitRef {
  parent: string | null;
  parentName: string | null;
  validFrom: string | null;
  validTo: string | null;
  successors: string[];
  predecessors: string[];
  /** Its own links, both directions, oldest first. */
  lineage: LineageLink[];
  /** Every link it came through, newest first, back to 2017. */
  history: LineageLink[];
  years: number[];
}

export interface Benchmarks {
  units: number;
  parentMean: number;
  parentMedian: number;
  topQuartile: number;
  best: number;
  bestUnit: UnitRef;
  groupMean: number;
}

export interface ComparedUnit {
  unit: UnitRef;
  framework: string;
  cohort: string | null;
  percent: number;
  rank: number;
  group: GroupRef;
  benchmarks: Benchmarks;
  fields: { field: FieldRef; percent: number; rank: number; benchmarks: Benchmarks }[];
}

export interface Comparison {
  year: number;
  fields: FieldRef[];
  units: ComparedUnit[];
  frameworks: string[];
  mixedFrameworks: boolean;
}

export interface CriterionScore {
  criterion: { code: string; name: string; maxPoints: number };
  field: FieldRef;
  points: number;
  maxPoints: number;
  lostToBest: number;
  bestPoints: number;
}

const UNIT = 'id code name shortName kind';
const GROUP = 'code label labelEn ordinal framework';
const SOURCE = 'kind title date';

export const YEARS = /* GraphQL */ `query Years { years }`;

/**
 * How a document of the overview or the table is scoped: to every unit of the year (`ALL`, the
 * documents exported below) or to the units of one province or district (`AREA`).
 */
export interface Scoping {
  /** Declares the variable. */
  v: string;
  /** Passes it as an argument. */
  a: string;
}
const ALL: Scoping = { v: '', a: '' };
const AREA: Scoping = { v: ', $parent: ID!', a: ', parent: $parent' };

/** What the page asks of a framework: whose it is, its classes, cohorts and fields. */
const FRAMEWORK_FIELDS = `id
    name
    issuer { code name shortName }
    groups { ${GROUP} minPercent minPoints }
    cohorts { slug nameVi nameEn }
    fields { slug nameVi nameEn }
    source { ${SOURCE} }
    decision { ${SOURCE} }`;

/** What the overview and the table ask of each ranked unit. */
const RANKING_ROW = `unit { ${UNIT} }
    percent
    rank
    framework
    cohort
    group { ${GROUP} }
    published { group { ${GROUP} } rank source { ${SOURCE} } }
    source { ${SOURCE} }`;

/** The document for every unit (parent null) or for the units of one parent, with its variables. */
export function inArea(doc: (s: Scoping) => string, variables: Record<string, unknown>, parent: string | null): QueryRef {
  return parent === null ? { query: doc(ALL), variables } : { query: doc(AREA), variables: { ...variables, parent } };
}

/**
 * The ranking of a year, with what was published, the field averages and the year's frameworks
 * (each row names the one it was scored on: its classes, their labels and colours come from it).
 */
export const overviewDoc = (s: Scoping): string => /* GraphQL */ `query Overview($year: Int!${s.v}) {
  ranking(year: $year${s.a}) {
    ${RANKING_ROW}
  }
  fieldSummary(year: $year${s.a}) {
    field { slug nameVi nameEn }
    average
    rank
    mixedFrameworks
    published { average rank source { ${SOURCE} } }
  }
  frameworks(year: $year) {
    ${FRAMEWORK_FIELDS}
  }
}`;
export const OVERVIEW = overviewDoc(ALL);

/** The year's main framework alone, where the page shows no ranking (no area chosen on national data). */
export const FRAMEWORK = /* GraphQL */ `query Framework($year: Int!) {
  framework(year: $year) {
    ${FRAMEWORK_FIELDS}
  }
}`;

/**
 * The framework of each unit version in a year (`framework(year, unit)`), one aliased field per
 * pair (f0, f1 …): the classes a unit's trend was scored on, year by year.
 */
export function unitFrameworksRef(pairs: readonly { year: number; unit: string }[]): QueryRef {
  const vars = pairs.map((_, i) => `$y${i}: Int!, $u${i}: ID!`).join(', ');
  const fields = pairs.map((_, i) => `  f${i}: framework(year: $y${i}, unit: $u${i}) {
    ${FRAMEWORK_FIELDS}
  }`).join('\n');
  return {
    query: `query UnitFrameworks(${vars}) {\n${fields}\n}`,
    variables: Object.fromEntries(pairs.flatMap((p, i) => [[`y${i}`, p.year], [`u${i}`, p.unit]])),
  };
}

/** Units per group in a year and the year before. */
export const groupDistributionDoc = (s: Scoping): string => /* GraphQL */ `query Groups($year: Int!${s.v}) {
  groupDistribution(year: $year${s.a}) {
    year
    previousYear
    units
    previousUnits
    frameworks
    mixedFrameworks
    previousByPosition
    groups { group { ${GROUP} } count share previousCount previousShare }
  }
}`;
export const GROUP_DISTRIBUTION = groupDistributionDoc(ALL);

/** The field averages of a year and of the year before. */
export const fieldsTwoYearsDoc = (s: Scoping): string => /* GraphQL */ `query Fields($year: Int!, $previous: Int!${s.v}) {
  current: fieldSummary(year: $year${s.a}) {
    field { slug nameVi nameEn }
    average
    rank
    units
    mixedFrameworks
    published { average rank source { ${SOURCE} } }
  }
  previous: fieldSummary(year: $previous${s.a}) {
    field { slug nameVi nameEn }
    average
    rank
    units
    mixedFrameworks
    published { average rank source { ${SOURCE} } }
  }
}`;
export const FIELDS_TWO_YEARS = fieldsTwoYearsDoc(ALL);

const CHANGE_FIELDS = `from to boundary
    frameworks
    mixedFrameworks
    summary { units compared improved declined unchanged inferred frameworkChanged meanChange }
    units { unit { ${UNIT} } status percentFrom percentTo change rankFrom rankTo groupFrom { ${GROUP} } groupTo { ${GROUP} } frameworkChanged cohort }`;

/**
 * Year over year, for the units as published and for today's units: across the 2025
 * reorganisation only the second compares anything.
 */
export const changesDoc = (s: Scoping): string => /* GraphQL */ `query Changes($from: Int!, $to: Int!${s.v}) {
  asPublished: changes(from: $from, to: $to${s.a}) {
    ${CHANGE_FIELDS}
  }
  current: changes(from: $from, to: $to${s.a}, boundary: CURRENT) {
    ${CHANGE_FIELDS}
  }
}`;
export const CHANGES = changesDoc(ALL);

/** Every unit of a year with each field, for the table view. */
export const tableDoc = (s: Scoping): string => /* GraphQL */ `query Table($year: Int!${s.v}) {
  ranking(year: $year${s.a}) {
    ${RANKING_ROW}
    fields { field { slug } percent rank }
  }
  frameworks(year: $year) {
    ${FRAMEWORK_FIELDS}
  }
}`;
export const TABLE = tableDoc(ALL);

export interface TableRow extends RankingRow {
  fields: { field: { slug: string }; percent: number; rank: number }[];
}

const LINK = `predecessor { ${UNIT} parent } successor { ${UNIT} parent } effective coverage change certainty basis`;

/** A unit with its history: what it was made of, back to 2017, and what it became. */
export const UNIT_DETAIL = /* GraphQL */ `query Unit($unit: ID!) {
  unit(code: $unit) {
    ${UNIT}
    parent
    parentName
    validFrom
    validTo
    successors
    predecessors
    lineage { ${LINK} }
    history { ${LINK} }
    years
  }
}`;

/**
 * The parent's name of each unit version (by ID), for the moves of a history: a link names its
 * units' parents by code only. One aliased field per ID (u0, u1 …).
 */
export function parentNamesRef(ids: readonly string[]): QueryRef {
  const vars = ids.map((_, i) => `$u${i}: ID!`).join(', ');
  const fields = ids.map((_, i) => `  u${i}: unit(code: $u${i}) { id parentName }`).join('\n');
  return {
    query: `query ParentNames(${vars}) {\n${fields}\n}`,
    variables: Object.fromEntries(ids.map((id, i) => [`u${i}`, id])),
  };
}

const SERIES = `unit { ${UNIT} } years values ranks groups status sources contributors certainty`;

/**
 * A unit's total and each field over the years, one aliased trend per field (f_direction …),
 * as published or through its predecessors (boundary CURRENT).
 */
export function profileTrendQuery(fieldSlugs: readonly string[]): string {
  const fields = fieldSlugs
    .map((slug) => `  f_${slug}: trend(units: [$unit], field: "${slug}", boundary: $boundary) { years values status }`)
    .join('\n');
  return `query ProfileTrend($unit: ID!, $boundary: Boundary!) {
  total: trend(units: [$unit], boundary: $boundary) { ${SERIES} }
${fields}
}`;
}

export interface FieldSeries {
  years: number[];
  values: (number | null)[];
  status: StatusWord[];
}

/** A unit and each field in a year, against the benchmarks of its parent. */
export const COMPARE = /* GraphQL */ `query Compare($units: [ID!]!, $year: Int!) {
  compare(units: $units, year: $year) {
    year
    fields { slug nameVi nameEn }
    frameworks
    mixedFrameworks
    units {
      unit { ${UNIT} }
      framework
      cohort
      percent
      rank
      group { ${GROUP} }
      benchmarks { units parentMean parentMedian topQuartile best bestUnit { ${UNIT} } groupMean }
      fields { field { slug nameVi nameEn } percent rank benchmarks { units parentMean parentMedian topQuartile best bestUnit { ${UNIT} } groupMean } }
    }
  }
}`;

/** Where a unit loses points: criteria, largest loss against the best unit first. */
export const SCORES = /* GraphQL */ `query Scores($unit: ID!, $year: Int!) {
  scores(unit: $unit, year: $year) {
    criterion { code name maxPoints }
    field { slug nameVi nameEn }
    points
    maxPoints
    lostToBest
    bestPoints
  }
}`;

/** Several units over the years, in total or in one field, as published or through their predecessors. */
export const COMPARE_TREND = /* GraphQL */ `query CompareTrend($units: [ID!]!, $field: String, $boundary: Boundary!) {
  trend(units: $units, field: $field, boundary: $boundary) { ${SERIES} }
}`;

/** Units whose name matches, without case or diacritics. */
export const SEARCH = /* GraphQL */ `query Search($search: String!) {
  units(search: $search, first: 20) { ${UNIT} parentName years }
}`;

export interface SearchHit extends UnitRef {
  parentName: string | null;
  years: number[];
}
