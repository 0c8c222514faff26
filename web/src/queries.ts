// The GraphQL documents the page sends, and the TypeScript shape of their answers
// (see schema.graphqls for what each field means).
import type { StatusWord } from './i18n';

export type SourceKind = 'OFFICIAL' | 'ILLUSTRATIVE';

export interface Source {
  kind: SourceKind;
  title: string;
  date: string | null;
}

export interface GroupRef {
  code: string;
  label: string;
  labelEn: string;
}

export interface UnitRef {
  id: string;
  code: string;
  name: string;
  shortName: string;
  kind: string;
}

export interface RankingRow {
  unit: UnitRef;
  percent: number;
  rank: number;
  group: GroupRef;
  published: { group: GroupRef; rank: number | null; source: Source } | null;
  source: Source;
}

export interface FieldSummaryRow {
  field: { slug: string; nameVi: string; nameEn: string };
  average: number;
  rank: number;
  published: { average: number | null; rank: number; source: Source } | null;
}

export interface FrameworkGroup {
  code: string;
  label: string;
  labelEn: string;
  minPercent: number;
}

export interface Overview {
  ranking: RankingRow[];
  fieldSummary: FieldSummaryRow[];
  framework: { groups: FrameworkGroup[]; source: Source };
}

export interface Series {
  unit: { id: string; code: string; shortName: string; name: string };
  years: number[];
  values: (number | null)[];
  ranks: (number | null)[];
  groups: (string | null)[];
  status: StatusWord[];
  sources: (SourceKind | null)[];
}

export const YEARS = /* GraphQL */ `query Years { years }`;

export const OVERVIEW = /* GraphQL */ `
query Overview($year: Int!) {
  ranking(year: $year) {
    unit { id code name shortName kind }
    percent
    rank
    group { code label labelEn }
    published { group { code label labelEn } rank source { kind title date } }
    source { kind title date }
  }
  fieldSummary(year: $year) {
    field { slug nameVi nameEn }
    average
    rank
    published { average rank source { kind title date } }
  }
  framework(year: $year) {
    groups { code label labelEn minPercent }
    source { kind title date }
  }
}`;

export const TREND = /* GraphQL */ `
query Trend($units: [ID!]!) {
  trend(units: $units) {
    unit { id code shortName name }
    years
    values
    ranks
    groups
    status
    sources
  }
}`;
