/*
 * GraphQL Code Generator: typed documents for the operations under client/operations, from the
 * committed SDL (schema/schema.graphql), so no running server is needed. Run:
 *
 *   npx graphql-codegen --config client/codegen.ts
 *
 * It writes client/generated/graphql.ts (not committed): a TypedDocumentNode per operation, which
 * Apollo Client, urql and graphql-request all accept, so variables and results are typed.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['client/operations/**/*.graphql'],
  generates: {
    'client/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        // Enums as string unions: no runtime code, and they match what the server sends.
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false },
        // The JSON scalar of case files and manifests.
        scalars: { JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
