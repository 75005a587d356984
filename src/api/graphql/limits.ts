import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  ASTNode,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  isLeafType,
  isListType,
  Kind,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import {
  ComplexityEstimator,
  fieldExtensionsEstimator,
  getComplexity,
  simpleEstimator,
} from 'graphql-query-complexity';
import { type AtharError, BadUserInputError, QueryTooComplexError } from '../../domain/errors';
import { toGraphQLError } from './errors';
import { DEFAULT_PAGE_SIZE } from '../../app/paging';
import type { AtharContext } from './context';

export interface LimitsConfig {
  /** Deepest nesting of fields (fragments do not count as a level). */
  maxDepth: number;
  maxAliases: number;
  /** Lexical tokens in the query document. */
  maxTokens: number;
  maxDirectives: number;
  /** Estimated cost: every field costs 1, times the page or list size it is repeated for. */
  maxCost: number;
  /** Longest string in an argument, input field or variable. */
  maxStringLength: number;
}

export const DEFAULT_LIMITS: LimitsConfig = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 2000,
  maxDirectives: 50,
  maxCost: 250000,
  maxStringLength: 10000,
});

/**
 * How many items a list without a page size (a claim's citations, a
 * facility's detainees) is assumed to hold when estimating cost. A field that
 * knows better says so with type-graphql's `@Field({ complexity })`, which
 * wins over this guess.
 */
export const ASSUMED_LIST_SIZE = 5;

const SPLIT_HINT = 'Ask for less in one operation, or split it into several requests.';

function tooComplex(limit: string) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    // Armor's messages ("Syntax Error: Query depth limit of 12 exceeded, found 20.") name the numbers; keep them.
    const message = `${error.message.replace(/^Syntax Error: /, '')} ${SPLIT_HINT}`;
    context?.reportError(toGraphQLError(new QueryTooComplexError(message, limit)));
  };
}

/**
 * Validation rules that refuse an operation before anything runs: GraphQL
 * Armor's depth, alias and directive counts, and a cap on the length of every
 * string literal in the document (arguments, input fields, variable defaults).
 * Tokens are capped by the parser itself (ApolloServer `parseOptions.maxTokens`),
 * so an oversized document is never even fully lexed.
 */
export function limitRules(limits: LimitsConfig): ValidationRule[] {
  const armor = new ApolloArmor({
    maxDepth: {
      n: limits.maxDepth,
      // `... on Facility { detainees }` is one level deeper for the reader, not for the server.
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [tooComplex('depth')],
    },
    maxAliases: { n: limits.maxAliases, propagateOnRejection: false, onReject: [tooComplex('aliases')] },
    maxDirectives: { n: limits.maxDirectives, propagateOnRejection: false, onReject: [tooComplex('directives')] },
    // The cost is estimated by graphql-query-complexity, which knows page sizes; tokens by the parser;
    // suggestions are stripped by the error formatter, which also sees variable errors.
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  return [...armor.protect().validationRules, maxStringLengthRule(limits.maxStringLength)];
}

function isAstNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'kind' in value;
}

export function maxStringLengthRule(max: number): ValidationRule {
  return (context) => ({
    StringValue(node, _key, parent, _path, ancestors) {
      if (node.value.length <= max) return;
      // The parent is not among the ancestors graphql-js passes.
      const owner = [...ancestors, parent]
        .reverse()
        .find(
          (ancestor) =>
            isAstNode(ancestor) &&
            (ancestor.kind === Kind.ARGUMENT ||
              ancestor.kind === Kind.OBJECT_FIELD ||
              ancestor.kind === Kind.VARIABLE_DEFINITION),
        );
      let field: string | null = null;
      if (isAstNode(owner)) {
        if (owner.kind === Kind.ARGUMENT || owner.kind === Kind.OBJECT_FIELD) field = owner.name.value;
        if (owner.kind === Kind.VARIABLE_DEFINITION) field = `$${owner.variable.name.value}`;
      }
      context.reportError(
        toGraphQLError(
          new BadUserInputError(
            `${field ? `The string given for ${field}` : 'A string in the query'} is ${node.value.length} characters long; ` +
              `the limit is ${max}.`,
            field,
          ),
        ),
      );
    },
  });
}

/** The first string in the variables longer than `max`, with its path; walked without recursion, however deep. */
export function findLongString(
  variables: Readonly<Record<string, unknown>> | undefined,
  max: number,
): { path: string; length: number } | null {
  if (!variables) return null;
  const stack: { path: string; value: unknown }[] = Object.entries(variables).map(([name, value]) => ({
    path: `$${name}`,
    value,
  }));
  while (stack.length > 0) {
    const { path, value } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.length > max) return { path, length: value.length };
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ path: `${path}[${i}]`, value: item }));
    } else if (typeof value === 'object' && value !== null) {
      Object.entries(value).forEach(([key, item]) => stack.push({ path: `${path}.${key}`, value: item }));
    }
  }
  return null;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/**
 * Multiplies a list field's cost by the number of items it can return: the
 * page asked for (`first`, `limit`, capped at the largest page a service
 * would serve), the ids given, or an assumed size for unpaged lists. Leaves
 * every other field to the next estimator.
 */
export function listCostEstimator(options: { maxPageSize: number; defaultPageSize: number }): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (type.name.startsWith('__') || field.name.startsWith('__')) return undefined;
    const accepts = (name: string) => field.args.some((arg) => arg.name === name);
    const requested = (name: string) => {
      const value: unknown = args[name];
      return typeof value === 'number' ? value : options.defaultPageSize;
    };
    let size: number;
    if (accepts('first')) {
      size = clamp(requested('first'), 1, options.maxPageSize);
    } else if (accepts('limit')) {
      size = clamp(requested('limit'), 1, options.maxPageSize);
    } else if (accepts('ids') && Array.isArray(args.ids)) {
      size = Math.max(1, args.ids.length);
    } else if (!isListType(getNullableType(field.type)) || isLeafType(getNamedType(field.type))) {
      return undefined;
    } else if (field.name === 'edges' && type.name.endsWith('Connection')) {
      // The connection's `first` already counted its edges.
      size = 1;
    } else {
      size = ASSUMED_LIST_SIZE;
    }
    return 1 + size * childComplexity;
  };
}

/**
 * Checks what validation rules cannot see, once the operation is known: the
 * strings inside the variables, and the operation's estimated cost with the
 * variables' values (type-graphql `complexity` on a field wins, then page and
 * list sizes, then 1 per field).
 */
export function limitsPlugin(limits: LimitsConfig, maxPageSize: number): ApolloServerPlugin<AtharContext> {
  const estimators = [
    fieldExtensionsEstimator(),
    listCostEstimator({ maxPageSize, defaultPageSize: DEFAULT_PAGE_SIZE }),
    simpleEstimator({ defaultComplexity: 1 }),
  ];
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          // Errors thrown here refuse the request at once, with the code's HTTP status.
          const refuse = (error: AtharError): never => {
            throw toGraphQLError(error, { refuseRequest: true });
          };
          const long = findLongString(request.variables, limits.maxStringLength);
          if (long) {
            refuse(
              new BadUserInputError(
                `The string given for ${long.path} is ${long.length} characters long; the limit is ${limits.maxStringLength}.`,
                long.path,
              ),
            );
          }
          // Apollo has answered an unknown operation name already; bad variables are answered by execution.
          if (!operation) return;
          if ('errors' in getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {})) {
            return;
          }
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              ...(operation.name ? { operationName: operation.name.value } : {}),
              estimators,
            });
          } catch (error) {
            if (!(error instanceof GraphQLError)) throw error;
            // graphql-query-complexity gives up on documents with too many field selections to visit.
            return refuse(new QueryTooComplexError(`This operation selects too many fields. ${SPLIT_HINT}`, 'cost'));
          }
          if (cost > limits.maxCost) {
            refuse(
              new QueryTooComplexError(
                `This operation's estimated cost is ${cost}, over the limit of ${limits.maxCost}: ` +
                  'ask for smaller pages (first, limit) or fewer nested lists, or split it into several requests.',
                'cost',
              ),
            );
          }
        },
      };
    },
  };
}
