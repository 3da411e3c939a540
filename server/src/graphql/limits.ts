import { GraphQLError, isListType, isNonNullType, Lexer, Source, TokenKind, type DocumentNode, type GraphQLSchema, type GraphQLType } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { createRequire } from 'node:module';
import type { OperationAnalysis } from './operation-analysis.js';

// Required, for its CommonJS build: its ES build imports graphql's .mjs files, a second copy of
// graphql beside the CommonJS one type-graphql and Apollo load, and graphql refuses to mix them.
const { fieldExtensionsEstimator, getComplexity } = createRequire(import.meta.url)('graphql-query-complexity') as typeof import('graphql-query-complexity');

/**
 * What one GraphQL operation may ask for; each limit has its variable (config.ts, README "Limits").
 * Checked before anything runs: the document's size before it is parsed (a preHandler), the
 * rest once it is parsed and validated (the operation guard plugin).
 */
export interface GraphqlLimits {
  /** GRAPHQL_MAX_DOCUMENT_BYTES: the query text, in UTF-8 bytes. */
  maxDocumentBytes: number;
  /** GRAPHQL_MAX_TOKENS: lexical tokens of the query (names, punctuation, values; not comments). */
  maxTokens: number;
  /** GRAPHQL_MAX_ALIASES: aliased fields, fragments expanded. */
  maxAliases: number;
  /** GRAPHQL_MAX_DEPTH: nesting of fields, introspection included. */
  maxDepth: number;
  /** GRAPHQL_MAX_COST: the estimated cost, see estimators below. */
  maxCost: number;
}

/** A list field without a declared cost (only introspection's, a test makes sure) is taken to hold this many items. */
export const UNDECLARED_LIST_SIZE = 10;

/** graphql-query-complexity stops walking after this many field evaluations (fragments expanded): far beyond any real query. */
const MAX_EVALUATED_NODES = 10_000;

const tooLarge = (message: string, setting: string, maximum: number) =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_LARGE', setting, maximum, http: { status: 400 } } });

const tooComplex = (message: string, setting: string, maximum: number, actual: number | null) =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', setting, maximum, ...(actual === null ? {} : { actual }), http: { status: 400 } } });

/** Counts tokens up to one past the limit, so a huge document costs no more than a slightly large one. */
function tokensUpTo(query: string, limit: number): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (count <= limit && lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    // A syntax error: the parser reports it (after at most this many tokens).
  }
  return count;
}

/** The size of the query text, checked before it is parsed. */
export function checkDocumentSize(query: string, limits: GraphqlLimits): GraphQLError | null {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: only a long text needs counting.
  if (query.length * 3 > limits.maxDocumentBytes) {
    const bytes = Buffer.byteLength(query, 'utf8');
    if (bytes > limits.maxDocumentBytes) {
      return tooLarge(`The query is ${bytes} bytes long, more than the ${limits.maxDocumentBytes} allowed (GRAPHQL_MAX_DOCUMENT_BYTES)`, 'GRAPHQL_MAX_DOCUMENT_BYTES', limits.maxDocumentBytes);
    }
  }
  if (tokensUpTo(query, limits.maxTokens) > limits.maxTokens) {
    return tooLarge(`The query has more than the ${limits.maxTokens} tokens allowed (GRAPHQL_MAX_TOKENS)`, 'GRAPHQL_MAX_TOKENS', limits.maxTokens);
  }
  return null;
}

const isList = (type: GraphQLType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

/** Every field costs 1 plus what is selected in it; a list without a declared cost, UNDECLARED_LIST_SIZE times that. */
const defaultEstimator: ComplexityEstimator = ({ field, childComplexity }) => 1 + (isList(field.type) ? UNDECLARED_LIST_SIZE : 1) * childComplexity;

/** The estimated cost of the operation: declared costs (src/shared/graphql-cost.ts) first, then defaultEstimator. */
export function estimateCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown> | undefined): number {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName,
      variables,
      estimators: [fieldExtensionsEstimator(), defaultEstimator],
      maxQueryNodes: MAX_EVALUATED_NODES,
    });
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    // Too many nodes (a fragment bomb) is too costly. Otherwise the variables do not fit the
    // operation: the executor refuses it with a precise message before running any resolver.
    return /maximum allowed number of nodes/.test(err.message) ? Infinity : 0;
  }
}

/** Aliases, depth and cost of a parsed, validated operation. */
export function checkOperationLimits(
  analysis: OperationAnalysis,
  cost: () => number,
  limits: GraphqlLimits,
): GraphQLError | null {
  if (analysis.aliases > limits.maxAliases) {
    return tooComplex(`The query has ${analysis.aliases} aliases, more than the ${limits.maxAliases} allowed (GRAPHQL_MAX_ALIASES)`, 'GRAPHQL_MAX_ALIASES', limits.maxAliases, analysis.aliases);
  }
  if (analysis.depth > limits.maxDepth) {
    return tooComplex(`The query nests ${analysis.depth} fields deep, more than the ${limits.maxDepth} allowed (GRAPHQL_MAX_DEPTH)`, 'GRAPHQL_MAX_DEPTH', limits.maxDepth, analysis.depth);
  }
  const estimated = cost();
  if (estimated > limits.maxCost) {
    const actual = Number.isFinite(estimated) ? estimated : null;
    return tooComplex(
      `The query's estimated cost is ${actual === null ? 'far' : `${actual},`} over the ${limits.maxCost} allowed (GRAPHQL_MAX_COST): ask for fewer items per page or fewer fields`,
      'GRAPHQL_MAX_COST',
      limits.maxCost,
      actual,
    );
  }
  return null;
}
