import { ClientError, GraphQLClient, type Variables } from 'graphql-request';
import { HttpError } from 'react-admin';
import { readToken } from './token';

/** Same origin: the server serves the admin at /admin and the API at /graphql. */
const endpoint = new URL('/graphql', window.location.origin).href;

const client = new GraphQLClient(endpoint, {
  headers: (): Record<string, string> => {
    const token = readToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  },
});

interface GraphQLErrorShape {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: {
    code?: string;
    http?: { status?: number };
    fields?: Array<{ field: string; message: string }>;
    [key: string]: unknown;
  };
}

const STATUS_BY_CODE: Record<string, number> = {
  BAD_USER_INPUT: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  GRAPHQL_PARSE_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
};

/** What react-admin gets in `error.body`. */
export interface ErrorBody {
  code: string | undefined;
  /**
   * Field path (as the form names its inputs: `customer.email`, `lines.0.quantity`) to message,
   * plus `root.serverError`, the whole message, which react-admin shows as the notification.
   */
  errors?: Record<string, string | { serverError: string }>;
  extensions?: GraphQLErrorShape['extensions'];
}

export type ApiError = HttpError & { body: ErrorBody };

/** The status react-admin should see for a GraphQL error. */
function statusOf(error: GraphQLErrorShape | undefined, httpStatus: number | undefined): number {
  const fromExtensions = error?.extensions?.http?.status;
  if (typeof fromExtensions === 'number') return fromExtensions;
  const code = error?.extensions?.code;
  if (code && STATUS_BY_CODE[code]) return STATUS_BY_CODE[code];
  if (httpStatus && httpStatus >= 400) return httpStatus;
  return 500;
}

/** A GraphQL or network failure as a react-admin HttpError (status, message, body.errors for forms). */
export function toHttpError(err: unknown): Error {
  if (err instanceof HttpError) return err;
  if (err instanceof ClientError) {
    const first = err.response.errors?.[0] as GraphQLErrorShape | undefined;
    const status = statusOf(first, err.response.status);
    const message = first?.message ?? `The server answered ${err.response.status}`;
    const body: ErrorBody = { code: first?.extensions?.code, extensions: first?.extensions };
    const fields = first?.extensions?.fields;
    if (first?.extensions?.code === 'BAD_USER_INPUT' && Array.isArray(fields) && fields.length > 0) {
      body.errors = { ...Object.fromEntries(fields.map((f) => [f.field, f.message])), root: { serverError: message } };
    }
    return new HttpError(message, status, body);
  }
  if (err instanceof TypeError) {
    // fetch() failing: the server is down or unreachable.
    return new HttpError(`The server cannot be reached (${err.message})`, 0, { code: 'NETWORK' });
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** Operations that need no session. */
const PUBLIC_OPERATION = /^\s*mutation\s+Login\b/;

/** Runs one GraphQL operation; every failure comes out as an HttpError. */
export async function gql<T>(document: string, variables?: Variables): Promise<T> {
  // Without a session the server can only answer UNAUTHENTICATED: say so without asking it.
  if (!readToken() && !PUBLIC_OPERATION.test(document)) {
    throw new HttpError('Log in first', 401, { code: 'UNAUTHENTICATED' } satisfies ErrorBody);
  }
  try {
    return await client.request<T>(document, variables);
  } catch (err) {
    throw toHttpError(err);
  }
}

export const isApiError = (err: unknown): err is ApiError => err instanceof HttpError;

/** The GraphQL error code of a failure (CONFLICT, NOT_FOUND, ...), if any. */
export const errorCode = (err: unknown): string | undefined =>
  err instanceof HttpError ? (err.body as ErrorBody | undefined)?.code : undefined;
