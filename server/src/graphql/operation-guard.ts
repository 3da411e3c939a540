import type { ApolloServerPlugin } from '@apollo/server';
import type { AccessRule } from '../auth/access.js';
import type { Principal } from '../auth/auth.service.js';
import { checkAccess } from './access-check.js';
import { checkOperationLimits, estimateCost, type GraphqlLimits } from './limits.js';
import { analyzeOperation } from './operation-analysis.js';

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
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const analysis = analyzeOperation(schema, document, operation);
          const denied = checkAccess(schema, analysis, contextValue.principal, options.introspection);
          if (denied) throw denied;
          const cost = () => estimateCost(schema, document, request.operationName ?? undefined, request.variables);
          const over = checkOperationLimits(analysis, cost, options.limits);
          if (over) throw over;
        },
      };
    },
  };
}
