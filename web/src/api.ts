// The one way the app talks to the server: POST /graphql on the page's own origin, with a
// deadline on every request. Errors come back as ApiError with a code the page can show.

/** How long one request may take before it is given up, in milliseconds. */
export const DEFAULT_DEADLINE_MS = 15_000;

/** The endpoint, on the page's own origin. */
export const GRAPHQL_PATH = '/graphql';

/** One error of a GraphQL response, as the server sends it. */
export interface GraphQLErrorItem {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/**
 * Codes the client itself gives errors that never reached a GraphQL answer. Server errors keep
 * their extensions.code (BAD_USER_INPUT, NOT_FOUND, …).
 */
export type ClientErrorCode = 'TIMEOUT' | 'NETWORK' | 'BAD_RESPONSE' | 'NO_DATA';

/**
 * ApiError is a failed request: `code` is the server's extensions.code, HTTP_<status> when the
 * server answered without a GraphQL body, or a ClientErrorCode; `message` is the server's text
 * (or a short English description for client codes).
 */
export class ApiError extends Error {
  readonly code: string;
  readonly errors: readonly GraphQLErrorItem[];

  constructor(code: string, message: string, errors: readonly GraphQLErrorItem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.errors = errors;
  }
}

/** Whether an error is the caller's own cancellation (not worth showing). */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorItem[];
}

/**
 * Sends a query and returns its data. It rejects with ApiError when the server reports any
 * error (even with partial data), answers something that is not GraphQL, cannot be reached, or
 * takes longer than `deadlineMs`; and with the AbortError of `signal` when the caller cancels.
 */
export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  signal?: AbortSignal,
  deadlineMs: number = DEFAULT_DEADLINE_MS,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, deadlineMs);
  const cancel = (): void => controller.abort();
  if (signal?.aborted) controller.abort();
  signal?.addEventListener('abort', cancel, { once: true });

  try {
    let res: Response;
    let body: GraphQLResponse<T>;
    try {
      res = await fetch(GRAPHQL_PATH, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
        credentials: 'same-origin',
        signal: controller.signal,
      });
      body = await readBody<T>(res);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (timedOut) throw new ApiError('TIMEOUT', `no answer within ${deadlineMs / 1000} s`);
      if (signal?.aborted) throw new DOMException('request cancelled', 'AbortError');
      throw new ApiError('NETWORK', err instanceof Error ? err.message : String(err));
    }
    const errors = body.errors ?? [];
    const first = errors[0];
    if (first) {
      throw new ApiError(first.extensions?.code ?? 'GRAPHQL_ERROR', first.message, errors);
    }
    if (!res.ok) throw new ApiError(`HTTP_${res.status}`, res.statusText || 'HTTP error');
    if (body.data === undefined || body.data === null) {
      throw new ApiError('NO_DATA', 'the answer has no data');
    }
    return body.data;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
}

async function readBody<T>(res: Response): Promise<GraphQLResponse<T>> {
  const text = await res.text();
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') return parsed as GraphQLResponse<T>;
  } catch {
    // fall through: not JSON
  }
  if (!res.ok) throw new ApiError(`HTTP_${res.status}`, res.statusText || 'HTTP error');
  throw new ApiError('BAD_RESPONSE', 'the answer is not GraphQL JSON');
}
