import { ClientError, GraphQLClient } from 'graphql-request';
import type { TypedDocumentString } from '../gql/graphql';
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

/** What react-admin gets in `error.body`. */
export interface ErrorBody {
  code: string | undefined;
  /**
   * Field path (as the form names its inputs: `customer.email`, `lines.0.quantity`) to message:
   * react-admin shows each on its input, and the form shows no other copy of them.
   */
  errors?: Record<string, string>;
  extensions?: GraphQLErrorShape['extensions'];
}

export type ApiError = HttpError & { body: ErrorBody };

/** The status react-admin should see for a GraphQL error: the server puts it in the extensions, and answers with it. */
function statusOf(error: GraphQLErrorShape | undefined, httpStatus: number | undefined): number {
  const fromExtensions = error?.extensions?.http?.status;
  if (typeof fromExtensions === 'number') return fromExtensions;
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
      body.errors = Object.fromEntries(fields.map((f) => [f.field, f.message]));
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

/**
 * Runs one GraphQL operation, a typed document generated from the schema (src/gql): its result
 * and variables are typed. Every failure comes out as an HttpError.
 */
export async function gql<TResult, TVariables extends Record<string, unknown>>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  // Without a session the server can only answer UNAUTHENTICATED: say so without asking it.
  if (!readToken() && !PUBLIC_OPERATION.test(document.toString())) {
    throw new HttpError('Log in first', 401, { code: 'UNAUTHENTICATED' } satisfies ErrorBody);
  }
  try {
    return await client.request<TResult>(document.toString(), variables);
  } catch (err) {
    throw toHttpError(err);
  }
}

export const isApiError = (err: unknown): err is ApiError => err instanceof HttpError;

/** The GraphQL error code of a failure (CONFLICT, NOT_FOUND, ...), if any. */
export const errorCode = (err: unknown): string | undefined =>
  err instanceof HttpError ? (err.body as ErrorBody | undefined)?.code : undefined;
