import {
  getNamedType,
  isCompositeType,
  Kind,
  OperationTypeNode,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** A field definition the operation selects, with the type it is selected on. */
export interface UsedField {
  parent: GraphQLCompositeType;
  field: GraphQLField<unknown, unknown>;
}

/** What the access check and the limits need to know about one operation, fragments expanded. */
export interface OperationAnalysis {
  /** Deepest nesting of fields: `{ a { b } }` is 2. */
  depth: number;
  /** Aliased fields, each fragment spread counting its aliases again. */
  aliases: number;
  /** Every field definition selected, keyed `Type.field`. */
  fields: Map<string, UsedField>;
}

function fieldOf(schema: GraphQLSchema, parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parent === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return 'getFields' in parent ? parent.getFields()[name] : undefined;
}

const EMPTY: OperationAnalysis = { depth: 0, aliases: 0, fields: new Map() };

/**
 * Walks an operation in time proportional to the document: each fragment is analysed once and
 * its result reused at every spread, so a "fragment bomb" (fragments spreading each other many
 * times over) cannot make this walk itself expensive. Runs on a validated document; anything
 * unknown is skipped.
 */
export function analyzeOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): OperationAnalysis {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const memo = new Map<string, OperationAnalysis>();

  const fragment = (name: string): OperationAnalysis => {
    const known = memo.get(name);
    if (known) return known;
    memo.set(name, EMPTY); // a cycle (invalid anyway) ends here
    const def = fragments.get(name);
    const type = def && schema.getType(def.typeCondition.name.value);
    const result = def && type && isCompositeType(type) ? selectionSet(def.selectionSet, type) : EMPTY;
    memo.set(name, result);
    return result;
  };

  const selectionSet = (set: SelectionSetNode, parent: GraphQLCompositeType): OperationAnalysis => {
    const out: OperationAnalysis = { depth: 0, aliases: 0, fields: new Map() };
    const add = (inner: OperationAnalysis, extraDepth: number) => {
      out.depth = Math.max(out.depth, inner.depth + extraDepth);
      out.aliases += inner.aliases;
      for (const [key, used] of inner.fields) out.fields.set(key, used);
    };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = fieldOf(schema, parent, selection.name.value);
        if (selection.alias) out.aliases += 1;
        if (field) out.fields.set(`${parent.name}.${field.name}`, { parent, field });
        const named = field && getNamedType(field.type);
        add(selection.selectionSet && named && isCompositeType(named) ? selectionSet(selection.selectionSet, named) : EMPTY, 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        add(type && isCompositeType(type) ? selectionSet(selection.selectionSet, type) : EMPTY, 0);
      } else {
        add(fragment(selection.name.value), 0);
      }
    }
    return out;
  };

  const root = operation.operation === OperationTypeNode.MUTATION ? schema.getMutationType() : operation.operation === OperationTypeNode.QUERY ? schema.getQueryType() : schema.getSubscriptionType();
  return root ? selectionSet(operation.selectionSet, root) : EMPTY;
}
