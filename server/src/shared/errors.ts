import type { z } from 'zod';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'TOO_MANY_REQUESTS'
  | 'PRECONDITION_REQUIRED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAVAILABLE'
  /** The sync of this instance is paused by an admin (the peer retries later). */
  | 'SYNC_PAUSED';

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PRECONDITION_REQUIRED: 428,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
  SYNC_PAUSED: 503,
};

export interface FieldError {
  /** Dotted path of the offending field, e.g. `lines.0.quantity`. */
  field: string;
  message: string;
}

/**
 * A business error every API layer knows how to present: GraphQL as `extensions.code`,
 * REST as `{ error: { code, message, details } }`. Anything else is an internal error.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export class ValidationError extends AppError {
  constructor(readonly fields: FieldError[]) {
    super('BAD_USER_INPUT', describeFields(fields), { fields });
  }

  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

function describeFields(fields: FieldError[]): string {
  const shown = fields.slice(0, 3).map((f) => `${f.field} ${f.message}`);
  const more = fields.length > 3 ? ` (and ${fields.length - 3} more)` : '';
  return `Invalid input: ${shown.join('; ')}${more}`;
}

/** Turns zod issues into field errors; never echoes the received values. */
export function fieldErrorsOf(error: z.ZodError, prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ field: base ? `${base}.${key}` : key, message: 'is not a known field' });
      }
    } else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
      out.push({ field: base || '(body)', message: 'is required' });
    } else if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
      out.push({ field: base || '(body)', message: `must be ${article(issue.expected)}` });
    } else {
      out.push({ field: base || '(body)', message: issue.message });
    }
  }
  return out;
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(fieldErrorsOf(result.error, prefix));
  return result.data;
}
