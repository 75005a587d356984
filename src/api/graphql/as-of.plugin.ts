import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLString,
  Kind,
  valueFromAST,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { BadUserInputError } from '../../domain/errors';
import { toGraphQLError } from './errors';
import type { AtharContext } from './context';
import { parseAsOf } from './as-of';

/**
 * Reads the `asOf` arguments of an operation's root fields before it runs,
 * and, when there is one, gives the whole operation services over the graph
 * as it stood then. Done here rather than in each resolver so that nested
 * fields answer for the same moment as the root field that asked.
 */
export function asOfPlugin(): ApolloServerPlugin<AtharContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          const fragments = new Map(
            document.definitions
              .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
              .map((d) => [d.name.value, d]),
          );
          const values = new Set<string>();
          const collect = (set: SelectionSetNode, seen: Set<string>): void => {
            for (const selection of set.selections) {
              switch (selection.kind) {
                case Kind.FIELD: {
                  const arg = selection.arguments?.find((a) => a.name.value === 'asOf');
                  const value = arg ? stringValue(arg.value, request.variables) : null;
                  if (value !== null) values.add(value);
                  break;
                }
                case Kind.INLINE_FRAGMENT:
                  collect(selection.selectionSet, seen);
                  break;
                case Kind.FRAGMENT_SPREAD: {
                  const fragment = fragments.get(selection.name.value);
                  if (fragment && !seen.has(fragment.name.value)) {
                    collect(fragment.selectionSet, new Set([...seen, fragment.name.value]));
                  }
                  break;
                }
              }
            }
          };
          if (!operation) return;
          collect(operation.selectionSet, new Set());
          if (values.size === 0) return;
          if (values.size > 1) {
            throw toGraphQLError(
              new BadUserInputError(
                `One asOf per operation: this one asks for ${[...values].join(' and ')}. Send one operation per moment.`,
                'asOf',
              ),
              { refuseRequest: true },
            );
          }
          const at = parsedAsOf([...values][0]!);
          if (at !== null) {
            contextValue.services = contextValue.servicesAt(at);
            contextValue.asOf = at;
          }
        },
      };
    },
  };
}

/** An unreadable or future asOf refuses the whole request with HTTP 400, before anything runs. */
function parsedAsOf(text: string): Date | null {
  try {
    return parseAsOf(text, 'asOf');
  } catch (error) {
    if (error instanceof BadUserInputError) throw toGraphQLError(error, { refuseRequest: true });
    throw error;
  }
}

function stringValue(node: ValueNode, variables: Record<string, unknown> | undefined): string | null {
  const value: unknown = valueFromAST(node, GraphQLString, variables ?? {});
  return typeof value === 'string' ? value : null;
}
