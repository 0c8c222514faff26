import { describe, expect, it } from 'vitest';
import { OVERVIEW } from '../queries';
import { explorerLink, queryText } from './panel';

describe('copy as GraphQL', () => {
  const ref = { query: OVERVIEW, variables: { year: 2023 } };
  it('copies the document, then its variables', () => {
    const text = queryText(ref);
    expect(text.startsWith('query Overview($year: Int!) {')).toBe(true);
    expect(text.endsWith('# variables\n{\n  "year": 2023\n}\n')).toBe(true);
  });
  it('opens the same document and variables in /graphiql', () => {
    const url = new URL(explorerLink(ref), 'http://localhost');
    expect(url.pathname).toBe('/graphiql');
    expect(url.searchParams.get('query')).toBe(OVERVIEW);
    expect(JSON.parse(url.searchParams.get('variables') ?? '')).toEqual({ year: 2023 });
    // Spaces as %20, not "+": GraphiQL reads the query back unchanged.
    expect(explorerLink(ref)).not.toContain('+');
  });
  it('leaves variables out when there are none', () => {
    expect(explorerLink({ query: '{ years }', variables: {} })).toBe('/graphiql?query=%7B%20years%20%7D');
    expect(queryText({ query: '{ years }', variables: {} })).toBe('{ years }\n');
  });
});
