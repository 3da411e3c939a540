import { GraphQLError, SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef, type GraphQLSchema } from 'graphql';
import { ACCESS_KEY, allows, describeRule, isAccessRule, type AccessRule } from '../auth/access.js';
import type { Principal } from '../auth/auth.service.js';
import type { OperationAnalysis, UsedField } from './operation-analysis.js';

/**
 * The rule of a field: its own (`@Access`), or for a root field without one, none at all, which
 * refuses it (deny by default). Nested fields without a rule are reachable only through a root
 * field, whose rule covers them; a nested field may narrow it (Order.sync is for the admin only).
 */
export function ruleOf(schema: GraphQLSchema, used: UsedField, introspection: AccessRule): AccessRule | 'none' | null {
  const { parent, field } = used;
  if (field === TypeNameMetaFieldDef) return null;
  if (field === SchemaMetaFieldDef || field === TypeMetaFieldDef) return introspection;
  const rule = field.extensions?.[ACCESS_KEY];
  if (rule !== undefined) return isAccessRule(rule) ? rule : 'none';
  const isRoot = parent === schema.getQueryType() || parent === schema.getMutationType() || parent === schema.getSubscriptionType();
  return isRoot ? 'none' : null;
}

/** The root fields of the schema that carry no valid rule (the server refuses to start with any). */
export function unruledRootFields(schema: GraphQLSchema): string[] {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) => (t ? [t] : []));
  return roots.flatMap((parent) =>
    Object.values(parent.getFields())
      .filter((field) => ruleOf(schema, { parent, field }, 'public') === 'none')
      .map((field) => `${parent.name}.${field.name}`),
  );
}

/**
 * Checks every field an operation selects against the caller, before anything runs. Returns the
 * error to answer with (401 without a token, 403 with one that may not), or null.
 */
export function checkAccess(schema: GraphQLSchema, analysis: OperationAnalysis, principal: Principal | null, introspection: AccessRule): GraphQLError | null {
  const denied: { name: string; rule: AccessRule | 'none' }[] = [];
  for (const [name, used] of analysis.fields) {
    const rule = ruleOf(schema, used, introspection);
    if (rule === null) continue;
    if (rule === 'none' || !allows(rule, principal)) denied.push({ name, rule });
  }
  if (denied.length === 0) return null;
  const names = denied.map((d) => d.name);
  if (!principal && denied.every((d) => d.rule !== 'none')) {
    return new GraphQLError('Log in first: send Authorization: Bearer <token> (from the login mutation)', {
      extensions: { code: 'UNAUTHENTICATED', denied: names, http: { status: 401 } },
    });
  }
  const why = denied.map((d) => `${d.name} (${d.rule === 'none' ? 'no access rule' : `allowed: ${describeRule(d.rule)}`})`).join(', ');
  return new GraphQLError(`${principal ? `A ${principal.kind} token` : 'A request without a token'} may not use ${why}`, {
    extensions: { code: 'FORBIDDEN', denied: names, http: { status: 403 } },
  });
}
