import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import type { Role } from '../../domain/access';
import type { AtharContext } from './context';

/** Whether the document asks for `__schema` anywhere (its fragments included). */
function asksForSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD](node) {
      if (node.name.value === '__schema') found = true;
    },
  });
  return found;
}

/**
 * Introspection turned off, but not all of it and not for everyone:
 * `__schema` (the whole schema in one answer, what GraphiQL and tools load)
 * is refused unless introspection is on or the viewer has one of
 * `roles` (ATHAR_INTROSPECTION_ROLES); `__typename` and `__type(name:)`
 * lookups are answered to all, as the GraphQL-over-HTTP audit needs. The
 * schema is no secret (schema/schema.graphql is published with Athar); what
 * is kept from anonymous clients is the one-request dump of it that tools
 * probe for.
 */
export function introspectionPlugin(options: {
  enabled: boolean;
  roles: readonly Role[];
}): ApolloServerPlugin<AtharContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (options.enabled || options.roles.includes(contextValue.viewer.role)) return;
          if (!asksForSchema(document)) return;
          throw new GraphQLError('GraphQL introspection has been disabled.', {
            extensions: {
              code: 'GRAPHQL_VALIDATION_FAILED',
              validationErrorCode: 'INTROSPECTION_DISABLED',
              http: { status: 400 },
            },
          });
        },
      };
    },
  };
}
