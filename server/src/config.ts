import { availableKinds } from './integration/remote-checks.js';
import type { RemoteDefinition } from './integration/remote-definition.js';
import { loadRemotesFile } from './integration/remotes-file.js';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { MERGE_FIELD_PATHS } from './integration/merge.js';
import { DEFAULT_LONG_POLL_SECONDS } from './integration/long-poll-wait.js';
import type { LoginThrottleOptions } from './auth/login-throttle.js';
import type { GraphqlLimits } from './graphql/limits.js';
import { DEFAULT_ADMIN_DIST } from './http/admin-static.js';

/**
 * Every setting comes from the environment and is checked here, once, at startup. A bad value
 * stops the process with a message naming the variable; nothing reads process.env elsewhere.
 */

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const intFrom = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const tokenList = z
  .string()
  .transform((raw) => raw.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(
    z.array(
      z
        .string()
        .regex(/^[A-Za-z0-9_.-]+:[A-Za-z0-9_.~+/=-]{24,}$/, 'each entry must be name:token with a token of 24 or more characters')
        .transform((entry) => {
          const at = entry.indexOf(':');
          return { name: entry.slice(0, at), token: entry.slice(at + 1) };
        }),
    ),
  );

const tokenSchema = z.string().regex(/^[A-Za-z0-9_.~+/=-]{24,}$/, 'must be a token of 24 or more characters');

/** Fastify's trustProxy: which proxies' X-Forwarded-For to believe (see README). */
const trustProxy = z
  .string()
  .transform((raw, ctx): boolean | string[] => {
    const value = raw.trim();
    if (value === 'false') return false;
    if (value === 'true') return true;
    const entries = value.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (bad.length || entries.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be false, true, or comma-separated proxy addresses or CIDRs (or loopback, linklocal, uniquelocal)',
      });
      return z.NEVER;
    }
    return entries;
  });

function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const version = isIP(address ?? '');
  if (!version || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    INSTANCE_NAME: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, _ or -').default('A'),
    HOST: z.string().min(1).default('localhost'),
    PORT: intFrom(0, 65535).default(4001),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    DATABASE_POOL_SIZE: intFrom(1, 100).default(10),
    DATA_DIR: z.string().min(1).optional(),
    // PGlite's WebAssembly through V8's optimizing compiler too: a faster catch-up for ~60 MB (db/connect.ts).
    PGLITE_WASM_OPTIMIZE: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
    ORDER_CODE_PREFIX: z.string().regex(/^[A-Z0-9]{1,10}$/, 'must be 1-10 capital letters or digits').optional(),
    ADMIN_USERNAME: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'must be 1-64 letters, digits or _.@-').optional(),
    ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
    SESSION_TTL_HOURS: intFrom(1, 24 * 30).default(12),
    API_TOKENS: tokenList.optional(),
    LOGIN_MAX_ATTEMPTS: intFrom(1, 1000).default(5),
    LOGIN_WINDOW_SECONDS: intFrom(1, 86_400).default(900),
    LOGIN_MAX_DELAY_SECONDS: intFrom(1, 86_400).default(900),
    LOGIN_USER_CEILING: intFrom(1, 1_000_000).default(100),
    LOGIN_SLOWDOWN_MS: intFrom(0, 10_000).default(1000),
    TRUST_PROXY: trustProxy.optional(),
    METRICS_TOKEN: tokenSchema.optional(),
    GRAPHQL_MAX_DOCUMENT_BYTES: intFrom(1024, 1024 * 1024).default(32 * 1024),
    GRAPHQL_MAX_TOKENS: intFrom(100, 100_000).default(2000),
    GRAPHQL_MAX_ALIASES: intFrom(0, 10_000).default(30),
    GRAPHQL_MAX_DEPTH: intFrom(1, 100).default(15),
    GRAPHQL_MAX_COST: intFrom(10, 100_000_000).default(300_000),
    CORS_ORIGINS: z
      .string()
      .transform((raw) => raw.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.url('each origin must be a URL such as https://admin.example.com')))
      .optional(),
    PEER_URL: z.url('must be the http(s) URL of the other instance\'s Orders API, e.g. http://localhost:4002/api/orders').regex(/^https?:\/\//, 'must be an http(s) URL').optional(),
    PEER_TOKEN: tokenSchema.optional(),
    PEER_ACCEPT_TOKEN: tokenSchema.optional(),
    // Polls cut sooner by a proxy get shorter by themselves (long-poll-wait.ts).
    SYNC_LONG_POLL_SECONDS: intFrom(1, 50).default(DEFAULT_LONG_POLL_SECONDS),
    SYNC_LOG_RETENTION_DAYS: intFrom(1, 3650).default(7),
    REMOTES_FILE: z.string().min(1).optional(),
    PEER_NAME: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, _ or -').optional(),
    SYNC_AUTO_MERGE: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
    SYNC_MERGE_MANUAL_FIELDS: z
      .string()
      .transform((raw) => raw.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.enum(MERGE_FIELD_PATHS, { error: `each field must be one of ${MERGE_FIELD_PATHS.join(', ')}` })))
      .optional(),
    ADMIN_DIST_DIR: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.ADMIN_USERNAME) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'ADMIN_USERNAME and ADMIN_PASSWORD go together' });
    }
    if (env.NODE_ENV === 'production' && !env.ADMIN_USERNAME) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_USERNAME'],
        message: 'is required in production (with ADMIN_PASSWORD); development mode makes a throw-away admin instead',
      });
    }
    if (env.PEER_ACCEPT_TOKEN && env.API_TOKENS?.some((t) => t.token === env.PEER_ACCEPT_TOKEN)) {
      ctx.addIssue({ code: 'custom', path: ['PEER_ACCEPT_TOKEN'], message: 'must differ from every API_TOKENS token (a client must not pass for the peer)' });
    }
    if (env.METRICS_TOKEN && (env.METRICS_TOKEN === env.PEER_ACCEPT_TOKEN || env.API_TOKENS?.some((t) => t.token === env.METRICS_TOKEN))) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_TOKEN'], message: 'must differ from PEER_ACCEPT_TOKEN and every API_TOKENS token (each token has one role)' });
    }
    if (env.LOGIN_USER_CEILING < env.LOGIN_MAX_ATTEMPTS) {
      ctx.addIssue({ code: 'custom', path: ['LOGIN_USER_CEILING'], message: 'must be at least LOGIN_MAX_ATTEMPTS (it counts the failures of every address together)' });
    }
    if (env.NODE_ENV === 'production' && !env.API_TOKENS?.length) {
      ctx.addIssue({ code: 'custom', path: ['API_TOKENS'], message: 'is required in production' });
    }
  });

export type Env = z.output<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  instanceName: string;
  host: string;
  port: number;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string; wasmCompiler: 'baseline' | 'optimizing' };
  codePrefix: string;
  admin: { username: string; password: string } | null;
  sessionTtlMs: number;
  apiTokens: { name: string; token: string }[];
  loginThrottle: LoginThrottleOptions;
  /** Fastify's trustProxy: whose X-Forwarded-For gives the client address. */
  trustProxy: boolean | string[];
  metricsToken: string | null;
  graphqlLimits: GraphqlLimits;
  corsOrigins: string[];
  logLevel: Env['LOG_LEVEL'];
  peer: { url: string | null; token: string | null; acceptToken: string | null; name: string };
  /** REMOTES_FILE's remotes (checked: a bad key stops the start with its path). */
  remotes: RemoteDefinition[];
  /** The built admin app served at /admin (and GraphiQL at /graphiql). */
  adminDistDir: string;
  sync: { longPollSeconds: number; logRetentionMs: number; merge: { enabled: boolean; manualFields: string[] } };
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // Empty variables count as unset, the way shells and compose files tend to pass them.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const env = parsed.data;
  let remotes: RemoteDefinition[] = [];
  if (env.REMOTES_FILE) {
    const loaded = loadRemotesFile(resolve(env.REMOTES_FILE), present, availableKinds());
    if (loaded.problems.length) throw new ConfigError(loaded.problems.map((p) => `REMOTES_FILE: ${p}`));
    remotes = loaded.remotes;
    if (env.PEER_URL && remotes.some((r) => r.name === 'peer')) {
      throw new ConfigError(['REMOTES_FILE: a remote named peer is declared while PEER_URL sets the shorthand peer; use one or the other']);
    }
  }
  return {
    remotes,
    env: env.NODE_ENV,
    instanceName: env.INSTANCE_NAME,
    host: env.HOST,
    port: env.PORT,
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
      : {
          kind: 'pglite',
          dataDir: env.DATA_DIR === 'memory://' ? 'memory://' : resolve(env.DATA_DIR ?? `data/${env.INSTANCE_NAME.toLowerCase()}`),
          wasmCompiler: env.PGLITE_WASM_OPTIMIZE === 'true' ? 'optimizing' : 'baseline',
        },
    codePrefix: env.ORDER_CODE_PREFIX ?? (env.INSTANCE_NAME.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 10) || 'X'),
    admin: env.ADMIN_USERNAME && env.ADMIN_PASSWORD ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD } : null,
    sessionTtlMs: env.SESSION_TTL_HOURS * 3_600_000,
    apiTokens: env.API_TOKENS ?? [],
    loginThrottle: {
      freeFailures: env.LOGIN_MAX_ATTEMPTS,
      windowMs: env.LOGIN_WINDOW_SECONDS * 1000,
      maxDelayMs: env.LOGIN_MAX_DELAY_SECONDS * 1000,
      userCeiling: env.LOGIN_USER_CEILING,
      slowdownMs: env.LOGIN_SLOWDOWN_MS,
    },
    trustProxy: env.TRUST_PROXY ?? false,
    metricsToken: env.METRICS_TOKEN ?? null,
    graphqlLimits: {
      maxDocumentBytes: env.GRAPHQL_MAX_DOCUMENT_BYTES,
      maxTokens: env.GRAPHQL_MAX_TOKENS,
      maxAliases: env.GRAPHQL_MAX_ALIASES,
      maxDepth: env.GRAPHQL_MAX_DEPTH,
      maxCost: env.GRAPHQL_MAX_COST,
    },
    corsOrigins: env.CORS_ORIGINS ?? [],
    logLevel: env.LOG_LEVEL,
    adminDistDir: env.ADMIN_DIST_DIR ? resolve(env.ADMIN_DIST_DIR) : DEFAULT_ADMIN_DIST,
    peer: { url: env.PEER_URL ?? null, token: env.PEER_TOKEN ?? null, acceptToken: env.PEER_ACCEPT_TOKEN ?? null, name: env.PEER_NAME ?? 'peer' },
    sync: {
      longPollSeconds: env.SYNC_LONG_POLL_SECONDS,
      logRetentionMs: env.SYNC_LOG_RETENTION_DAYS * 86_400_000,
      merge: { enabled: env.SYNC_AUTO_MERGE === 'true', manualFields: env.SYNC_MERGE_MANUAL_FIELDS ?? [] },
    },
  };
}
