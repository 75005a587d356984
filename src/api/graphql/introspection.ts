import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Introspection turned off, but not all of it: `__schema` (the whole schema
 * in one answer) is refused, while `__typename` and `__type(name:)` lookups
 * are answered, as the GraphQL-over-HTTP specification's audit needs. The
 * schema is no secret (schema/schema.graphql is published with Athar); what
 * is kept from anonymous clients is the one-request dump of it that tools
 * probe for.
 */
export const noSchemaIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value !== '__schema') return;
    context.reportError(
      new GraphQLError('GraphQL introspection has been disabled.', {
        nodes: node,
        extensions: { validationErrorCode: 'INTROSPECTION_DISABLED' },
      }),
    );
  },
});
