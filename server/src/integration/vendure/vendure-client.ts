import { TransportError } from '../transport.js';

/**
 * HTTP access to a Vendure shop's Admin API (GraphQL over POST).
 *
 * Authentication, either:
 * - an administrator's login: `login` returns the session token in the `vendure-auth-token`
 *   response header (the shop's `authOptions.tokenMethod` must include 'bearer'); it is sent back
 *   as `Authorization: Bearer`, replaced whenever the shop sends a new one, and renewed by logging
 *   in again when the shop answers FORBIDDEN (expired or revoked session), once per request;
 * - an API key (Vendure 3.6+, tokenMethod including 'api-key'), sent in the `vendure-api-key` header.
 */
export type VendureCredentials = { username: string; password: string } | { apiKey: string; apiKeyHeader?: string };

export interface VendureClientOptions {
  /** The Admin API endpoint, e.g. https://shop.example.com/admin-api */
  adminApiUrl: string;
  credentials: VendureCredentials;
  /** The channel's token (`vendure-token` header); the default channel when unset. */
  channelToken?: string;
  /** Per request; default 20 s. */
  timeoutMs?: number;
}

export interface GraphQLErrorJson {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/**
 * The shop answered with GraphQL errors (not an ErrorResult union member: those are data).
 * `permanent` as for any TransportError: true when sending the same request again cannot help.
 */
export class VendureApiError extends TransportError {
  constructor(
    message: string,
    permanent: boolean,
    readonly code: string,
    readonly errors: GraphQLErrorJson[],
  ) {
    super(message, permanent);
    this.name = 'VendureApiError';
  }
}

const AUTH_TOKEN_HEADER = 'vendure-auth-token';
const DEFAULT_TIMEOUT_MS = 20_000;

/** Codes for which retrying later may help (the shop is restarting, a transaction clashed). */
const TRANSIENT_CODES = new Set(['INTERNAL_SERVER_ERROR', 'UNAVAILABLE']);

/**
 * A validation error about the plugin's fields: the shop runs without it (with no custom fields at
 * all, `customFields` is a plain JSON scalar there).
 */
const MISSING_PLUGIN = /externalId|syncNote|unitPriceOverride|"OrderCustomFields"|"OrderLineCustomFields"|"customFields" must not have a selection/;

const LOGIN = `
  mutation SyncLogin($username: String!, $password: String!) {
    login(username: $username, password: $password, rememberMe: true) {
      __typename
      ... on CurrentUser { id identifier }
      ... on ErrorResult { errorCode message }
    }
  }`;

export class VendureClient {
  private sessionToken: string | null = null;
  private loggingIn: Promise<void> | null = null;

  constructor(private readonly options: VendureClientOptions) {
    try {
      new URL(options.adminApiUrl);
    } catch {
      throw new Error(`Vendure adminApiUrl is not a URL: ${options.adminApiUrl}`);
    }
  }

  get adminApiUrl(): string {
    return this.options.adminApiUrl;
  }

  /** Runs one GraphQL operation and returns its `data`. */
  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const { credentials } = this.options;
    if ('username' in credentials && !this.sessionToken) await this.login();
    try {
      return await this.send<T>(query, variables);
    } catch (err) {
      // FORBIDDEN is also Vendure's answer to an expired session: log in again, once.
      if (err instanceof VendureApiError && err.code === 'FORBIDDEN' && 'username' in credentials) {
        this.sessionToken = null;
        await this.login();
        try {
          return await this.send<T>(query, variables);
        } catch (retryErr) {
          if (retryErr instanceof VendureApiError && retryErr.code === 'FORBIDDEN') {
            throw new VendureApiError(
              `the shop's administrator "${credentials.username}" may not do this (FORBIDDEN): give the account the order, customer and catalog permissions`,
              true,
              'FORBIDDEN',
              retryErr.errors,
            );
          }
          throw retryErr;
        }
      }
      throw err;
    }
  }

  /** Logs in (again); concurrent callers share one login. */
  async login(): Promise<void> {
    const { credentials } = this.options;
    if (!('username' in credentials)) return;
    this.loggingIn ??= (async () => {
      try {
        this.sessionToken = null;
        const data = await this.send<{ login: { __typename: string; errorCode?: string; message?: string } }>(LOGIN, {
          username: credentials.username,
          password: credentials.password,
        });
        if (data.login.errorCode) {
          throw new TransportError(
            `the shop refused the login of "${credentials.username}": ${data.login.message} (${data.login.errorCode})`,
            true,
          );
        }
        if (!this.sessionToken) {
          throw new TransportError(
            `the shop logged "${credentials.username}" in but sent no ${AUTH_TOKEN_HEADER} header: its authOptions.tokenMethod must include 'bearer'`,
            true,
          );
        }
      } finally {
        this.loggingIn = null;
      }
    })();
    return this.loggingIn;
  }

  private headers(): Record<string, string> {
    const { credentials, channelToken } = this.options;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (channelToken) headers['vendure-token'] = channelToken;
    if ('apiKey' in credentials) headers[credentials.apiKeyHeader ?? 'vendure-api-key'] = credentials.apiKey;
    else if (this.sessionToken) headers.authorization = `Bearer ${this.sessionToken}`;
    return headers;
  }

  private async send<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const url = this.options.adminApiUrl;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (err) {
      const cause = (err as Error & { cause?: unknown }).cause;
      const why = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : (err as Error).message;
      throw new TransportError(`cannot reach the shop at ${url}: ${why}`, false);
    }
    const token = res.headers.get(AUTH_TOKEN_HEADER);
    if (token && 'username' in this.options.credentials) this.sessionToken = token;
    const text = await res.text();
    let body: { data?: T | null; errors?: GraphQLErrorJson[] };
    try {
      body = JSON.parse(text) as { data?: T | null; errors?: GraphQLErrorJson[] };
    } catch {
      const permanent = res.status >= 400 && res.status < 500 && ![408, 429].includes(res.status);
      throw new TransportError(`the shop answered ${res.status} without JSON: ${text.slice(0, 200)}`, permanent, res.status);
    }
    if (body.errors?.length) {
      const code = body.errors[0]?.extensions?.code ?? 'UNKNOWN';
      let message = body.errors.map((e) => e.message).join('; ');
      if (code === 'GRAPHQL_VALIDATION_FAILED' && MISSING_PLUGIN.test(message)) {
        message = `the shop lacks the OrdersSyncPlugin (or its unitPriceOverride option, if the remote uses it): ${message}`;
      }
      throw new VendureApiError(`the shop answered ${code}: ${message}`, !TRANSIENT_CODES.has(code) && res.status < 500, code, body.errors);
    }
    if (!res.ok || body.data == null) {
      throw new TransportError(`the shop answered ${res.status} without data`, res.status < 500, res.status);
    }
    return body.data;
  }
}
