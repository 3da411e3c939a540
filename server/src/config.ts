import { resolve } from 'node:path';
import { z } from 'zod';
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
    ORDER_CODE_PREFIX: z.string().regex(/^[A-Z0-9]{1,10}$/, 'must be 1-10 capital letters or digits').optional(),
    ADMIN_USERNAME: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'must be 1-64 letters, digits or _.@-').optional(),
    ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
    SESSION_TTL_HOURS: intFrom(1, 24 * 30).default(12),
    API_TOKENS: tokenList.optional(),
    LOGIN_MAX_ATTEMPTS: intFrom(1, 1000).default(10),
    LOGIN_WINDOW_SECONDS: intFrom(1, 86_400).default(900),
    CORS_ORIGINS: z
      .string()
      .transform((raw) => raw.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.url('each origin must be a URL such as https://admin.example.com')))
      .optional(),
    PEER_URL: z.url('must be the http(s) URL of the other instance\'s Orders API, e.g. http://localhost:4002/api/orders').regex(/^https?:\/\//, 'must be an http(s) URL').optional(),
    PEER_TOKEN: z.string().regex(/^[A-Za-z0-9_.~+/=-]{24,}$/, 'must be a token of 24 or more characters').optional(),
    PEER_ACCEPT_TOKEN: z.string().regex(/^[A-Za-z0-9_.~+/=-]{24,}$/, 'must be a token of 24 or more characters').optional(),
    SYNC_LONG_POLL_SECONDS: intFrom(1, 50).default(25),
    SYNC_LOG_RETENTION_DAYS: intFrom(1, 3650).default(7),
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
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  codePrefix: string;
  admin: { username: string; password: string } | null;
  sessionTtlMs: number;
  apiTokens: { name: string; token: string }[];
  loginLimit: { maxAttempts: number; windowMs: number };
  corsOrigins: string[];
  logLevel: Env['LOG_LEVEL'];
  peer: { url: string | null; token: string | null; acceptToken: string | null };
  /** The built admin app served at /admin (and GraphiQL at /graphiql). */
  adminDistDir: string;
  sync: { longPollSeconds: number; logRetentionMs: number };
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // Empty variables count as unset, the way shells and compose files tend to pass them.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    instanceName: env.INSTANCE_NAME,
    host: env.HOST,
    port: env.PORT,
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: env.DATA_DIR === 'memory://' ? 'memory://' : resolve(env.DATA_DIR ?? `data/${env.INSTANCE_NAME.toLowerCase()}`) },
    codePrefix: env.ORDER_CODE_PREFIX ?? (env.INSTANCE_NAME.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 10) || 'X'),
    admin: env.ADMIN_USERNAME && env.ADMIN_PASSWORD ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD } : null,
    sessionTtlMs: env.SESSION_TTL_HOURS * 3_600_000,
    apiTokens: env.API_TOKENS ?? [],
    loginLimit: { maxAttempts: env.LOGIN_MAX_ATTEMPTS, windowMs: env.LOGIN_WINDOW_SECONDS * 1000 },
    corsOrigins: env.CORS_ORIGINS ?? [],
    logLevel: env.LOG_LEVEL,
    adminDistDir: env.ADMIN_DIST_DIR ? resolve(env.ADMIN_DIST_DIR) : DEFAULT_ADMIN_DIST,
    peer: { url: env.PEER_URL ?? null, token: env.PEER_TOKEN ?? null, acceptToken: env.PEER_ACCEPT_TOKEN ?? null },
    sync: { longPollSeconds: env.SYNC_LONG_POLL_SECONDS, logRetentionMs: env.SYNC_LOG_RETENTION_DAYS * 86_400_000 },
  };
}
