import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { AccessRule } from '../auth/access.js';
import type { Principal } from '../auth/auth.service.js';
import { checkAccess } from './access-check.js';
import { checkOperationLimits, estimateCost, type GraphqlLimits } from './limits.js';
import { analyzeOperation, type OperationAnalysis } from './operation-analysis.js';

export interface OperationGuardOptions {
  limits: GraphqlLimits;
  /** Who may run introspection (__schema, __type): anyone in development, token holders in production. */
  introspection: AccessRule;
}

/**
 * Runs once the operation is parsed and validated, before any resolver: first who may use each
 * field it selects, then its aliases, depth and estimated cost. A refusal answers the whole
 * operation (401, 403 or 400) with nothing executed.
 */
export function operationGuard(options: OperationGuardOptions): ApolloServerPlugin<{ principal: Principal | null }> {
  const memo = operationMemo();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const analysis = memo.analysis(schema, document, operation);
          const denied = checkAccess(schema, analysis, contextValue.principal, options.introspection);
          if (denied) throw denied;
          const cost = () => memo.cost(schema, document, request.operationName ?? undefined, request.variables);
          const over = checkOperationLimits(analysis, cost, options.limits);
          if (over) throw over;
        },
      };
    },
  };
}

/** Variables longer than this (as JSON) are not remembered with their cost: it is computed again. */
const MAX_COST_KEY = 1024;
/** Costs remembered per document (for different variables); past this, that document's start over. */
const MAX_COSTS_PER_DOCUMENT = 64;

/**
 * The analysis of an operation and its cost are pure functions of the schema, the parsed document
 * and (the cost) the operation name and variables. Apollo keeps each parsed document and hands the
 * same object to every request with the same query text, so both are remembered with it (weakly:
 * gone with the document) rather than worked out again on every request. The checks themselves
 * (access, limits) still run on every request. One server has one schema; should another ever
 * come, nothing is remembered for it.
 */
function operationMemo() {
  let schemaSeen: GraphQLSchema | null = null;
  const analyses = new WeakMap<OperationDefinitionNode, OperationAnalysis>();
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  const remembers = (schema: GraphQLSchema) => (schemaSeen ??= schema) === schema;
  return {
    analysis(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): OperationAnalysis {
      if (!remembers(schema)) return analyzeOperation(schema, document, operation);
      let analysis = analyses.get(operation);
      if (!analysis) {
        analysis = analyzeOperation(schema, document, operation);
        analyses.set(operation, analysis);
      }
      return analysis;
    },
    cost(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown> | undefined): number {
      const key = remembers(schema) ? JSON.stringify([operationName ?? null, variables ?? null]) : null;
      if (key === null || key.length > MAX_COST_KEY) return estimateCost(schema, document, operationName, variables);
      let known = costs.get(document);
      if (!known || known.size >= MAX_COSTS_PER_DOCUMENT) costs.set(document, (known = new Map<string, number>()));
      let cost = known.get(key);
      if (cost === undefined) {
        cost = estimateCost(schema, document, operationName, variables);
        known.set(key, cost);
      }
      return cost;
    },
  };
}
