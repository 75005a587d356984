import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, OperationTypeNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { RateLimits } from '../rate-limits';
import type { AtharContext } from './context';
import { toGraphQLError } from './errors';
import { isAtharError } from '../../domain/errors';

/**
 * Counts the writes of every mutation operation against the rate limits of
 * its subject and client address before it runs; one over the limit is
 * refused as a whole (HTTP 429, RATE_LIMITED, Retry-After) and changes nothing.
 * Each root field is one write, so aliases cannot put many writes in one request.
 */
export function writeLimitPlugin(limits: RateLimits): ApolloServerPlugin<AtharContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (operation?.operation !== OperationTypeNode.MUTATION) return;
          const fragments = new Map(
            document.definitions
              .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
              .map((d) => [d.name.value, d]),
          );
          const writes = countRootFields(operation.selectionSet, fragments, new Set());
          const { viewer } = contextValue;
          const subject = viewer.subject === null ? null : `${viewer.via}:${viewer.subject}`;
          try {
            await limits.consumeWrites({ address: contextValue.clientAddress ?? null }, subject, Math.max(1, writes));
          } catch (error) {
            if (isAtharError(error)) throw toGraphQLError(error, { refuseRequest: true });
            throw error;
          }
        },
      };
    },
  };
}

/** The fields an operation asks of its root type, through fragments, leaving out __typename. */
function countRootFields(
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  seen: ReadonlySet<string>,
): number {
  let count = 0;
  for (const selection of set.selections) {
    switch (selection.kind) {
      case Kind.FIELD:
        if (selection.name.value !== '__typename') count += 1;
        break;
      case Kind.INLINE_FRAGMENT:
        count += countRootFields(selection.selectionSet, fragments, seen);
        break;
      case Kind.FRAGMENT_SPREAD: {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          count += countRootFields(fragment.selectionSet, fragments, new Set([...seen, fragment.name.value]));
        }
        break;
      }
    }
  }
  return count;
}
