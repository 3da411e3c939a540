import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MIMEType } from 'node:util';
import { AppError, ValidationError, type FieldError } from '../shared/errors.js';

/**
 * Request bodies are UTF-8 JSON, and only text that is Unicode gets in: a body with bytes that
 * are not UTF-8, or a string (or key) holding a lone surrogate (`"\ud800"`), is refused with 400
 * naming the field, instead of being stored with U+FFFD or as text PostgreSQL and other systems
 * cannot encode. A body declared in another charset is refused with 415. Applies to every route:
 * the REST API, the peer's sync messages and GraphQL (its variables and query text).
 */

const LONE_SURROGATE = /\p{Cs}/u;
/** Marks where the decoder met bytes that are not UTF-8 (itself a lone surrogate, so the walk below finds it). */
const INVALID_MARK = '\udfff';
/** Fields named at most; the rest are summed up by the error message. */
const MAX_NAMED = 20;

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const REPLACEMENT_BYTES = Buffer.from('\ufffd', 'utf8');

/** The charset a Content-Type header declares, or null; throws 415 for one that is not UTF-8. */
export function checkCharset(contentType: string | undefined): void {
  if (!contentType) return;
  let charset: string | null;
  try {
    charset = new MIMEType(contentType).params.get('charset');
  } catch {
    return; // not a media type at all: the content-type parser answers 415
  }
  if (charset === null) return;
  let encoding: string | null = null;
  try {
    encoding = new TextDecoder(charset).encoding;
  } catch {
    // an unknown label
  }
  if (encoding !== 'utf-8') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The body is declared as charset=${charset.slice(0, 40)}; send it as UTF-8 (charset=utf-8)`, {
      field: 'content-type',
    });
  }
}

/**
 * Decodes a body as UTF-8. Where bytes are not UTF-8, the text holds INVALID_MARK instead (so the
 * field can be named); when the body also holds a real U+FFFD the two cannot be told apart and
 * the text is null (the body as a whole is named).
 */
export function decodeUtf8(bytes: Uint8Array): { text: string | null; valid: boolean } {
  try {
    return { text: fatal.decode(bytes), valid: true };
  } catch {
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(REPLACEMENT_BYTES)) return { text: null, valid: false };
    return { text: lenient.decode(bytes).replaceAll('\ufffd', INVALID_MARK), valid: false };
  }
}

const escapeSurrogates = (s: string) => s.replace(/\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

/** Paths (`lines.0.name`) of the strings and keys in a parsed JSON value that are not Unicode text. Iterative: JSON may nest deeply. */
export function fieldsWithLoneSurrogates(value: unknown, limit = MAX_NAMED): string[] {
  const found: string[] = [];
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length && found.length < limit) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (LONE_SURROGATE.test(current)) found.push(path || '(body)');
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: join(path, String(i)) });
    } else if (current && typeof current === 'object') {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        if (LONE_SURROGATE.test(key)) found.push(join(path, escapeSurrogates(key)));
        else stack.push({ value: child, path: join(path, key) });
      }
    }
  }
  return found;
}

const hasBody = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined || (request.headers['content-length'] ?? '0') !== '0';

const NOT_UTF8 = 'is not valid UTF-8: send the body in UTF-8';
const LONE = 'holds a lone surrogate (\\ud800-\\udfff), which is not text: send whole characters';

/** Installs the strict JSON parser (in place of Fastify's) and the charset check for every body. */
export function installStrictBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');

  // Before any content-type parser: a declared charset other than UTF-8 is refused whatever the type.
  app.addHook('preParsing', async (request: FastifyRequest, _reply, payload) => {
    if (hasBody(request)) checkCharset(request.headers['content-type']);
    return payload;
  });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const { text, valid } = decodeUtf8(body as Buffer);
    if (text === null) return done(ValidationError.field('(body)', NOT_UTF8), undefined);
    void parseJson(request, text, (err, parsed) => {
      if (err) return done(valid ? err : ValidationError.field('(body)', NOT_UTF8), undefined);
      const fields = fieldsWithLoneSurrogates(parsed);
      if (fields.length === 0) return done(null, parsed);
      const errors: FieldError[] = fields.map((field) => ({ field, message: valid ? LONE : NOT_UTF8 }));
      done(new ValidationError(errors), undefined);
    });
  });
}
