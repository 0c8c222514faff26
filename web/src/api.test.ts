import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, gql, GRAPHQL_PATH } from './api';

function answer(body: unknown, status = 200): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('gql', () => {
  it('POSTs JSON to the page’s own /graphql and returns data', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => answer({ data: { years: [2023, 2024] } }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(gql<{ years: number[] }>('{ years }', { a: 1 })).resolves.toEqual({ years: [2023, 2024] });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe(GRAPHQL_PATH);
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('Content-Type')).toBe('application/json');
    expect(JSON.parse(init.body as string)).toEqual({ query: '{ years }', variables: { a: 1 } });
  });

  it('rejects with the server’s message and extensions.code', async () => {
    vi.stubGlobal('fetch', async () =>
      answer({ data: null, errors: [{ message: 'year 1990 has no framework', extensions: { code: 'NOT_FOUND' } }] }),
    );
    const err = await failure(gql('{ x }'));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toBe('year 1990 has no framework');
  });

  it('rejects partial data with errors', async () => {
    vi.stubGlobal('fetch', async () =>
      answer({ data: { years: [] }, errors: [{ message: 'too complex', extensions: { code: 'COMPLEXITY_LIMIT' } }] }, 422),
    );
    expect((await failure(gql('{ x }'))).code).toBe('COMPLEXITY_LIMIT');
  });

  it('reports an HTTP status without a GraphQL body', async () => {
    vi.stubGlobal('fetch', async () => new Response('upstream down', { status: 502, statusText: 'Bad Gateway' }));
    const err = await failure(gql('{ x }'));
    expect(err.code).toBe('HTTP_502');
    expect(err.message).toBe('Bad Gateway');
  });

  it('reports a network failure', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect((await failure(gql('{ x }'))).code).toBe('NETWORK');
  });

  it('gives up after the deadline', async () => {
    vi.stubGlobal(
      'fetch',
      (_url: string, init: RequestInit) =>
        new Promise((_, reject) => {
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const err = await failure(gql('{ x }', {}, undefined, 20));
    expect(err.code).toBe('TIMEOUT');
  });

  it('passes the caller’s cancellation through as an AbortError', async () => {
    vi.stubGlobal(
      'fetch',
      (_url: string, init: RequestInit) =>
        new Promise((_, reject) => {
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const controller = new AbortController();
    const p = gql('{ x }', {}, controller.signal);
    controller.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});
