import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, OperationTypeNode } from 'graphql';
import type { AtharContext } from './context';

export const NO_SUBSCRIPTIONS =
  'Athar has no subscriptions: send a query or a mutation instead (to follow changes, repeat a query).';

/**
 * Answers what Athar does not do with HTTP 400 and a code, instead of letting
 * it fall through to a 500 or an internal error: subscription operations
 * (BAD_REQUEST), and persisted queries (PERSISTED_QUERY_NOT_SUPPORTED, which
 * Apollo itself answers with HTTP 200 for clients that fall back to the text).
 */
export function unsupportedPlugin(): ApolloServerPlugin<AtharContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === OperationTypeNode.SUBSCRIPTION) {
            throw new GraphQLError(NO_SUBSCRIPTIONS, {
              extensions: { code: 'BAD_REQUEST', http: { status: 400, headers: new HeaderMap() } },
            });
          }
        },
        async willSendResponse({ errors, response }) {
          if (errors?.some((error) => error.extensions.code === 'PERSISTED_QUERY_NOT_SUPPORTED')) {
            response.http.status = 400;
          }
        },
      };
    },
  };
}
