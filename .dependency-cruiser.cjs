/**
 * The layer rule: each layer of src/ imports only the layers below it.
 *
 *   domain <- store <- policy <- app <- api <- main
 *
 * `npm run check` (and so CI) runs `depcruise`; an upward import fails with
 * the name of the rule it breaks. Tests may import anything.
 */
const LAYERS = ['domain', 'store', 'policy', 'app', 'api', 'main'];
const TESTS = '(\\.test\\.ts$|^test/|^tools/)';

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `${layer}-imports-only-below`,
  comment: `src/${layer}/ may import only ${LAYERS.slice(0, i + 1).join(', ')}; move the shared piece down or pass it in from above.`,
  severity: 'error',
  from: { path: `^src/${layer}/`, pathNot: TESTS },
  to: { path: `^src/(${LAYERS.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'src-only-in-layers',
      comment: 'Every source file lives in one of the layers: src/domain, store, policy, app, api or main.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: `^src/(?!(${LAYERS.join('|')})/)` },
    },
    {
      name: 'no-circular',
      comment: 'Files must not import each other in a circle; extract what both need into a lower module.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'product-does-not-import-tests-or-tools',
      comment: 'The product in src/ must not depend on tests, fixtures or the benchmark.',
      severity: 'error',
      from: { path: '^src/', pathNot: TESTS },
      to: { path: '^(test|tools)/' },
    },
    {
      name: 'no-graphql-below-api',
      comment:
        'GraphQL belongs to the API edge: domain, store, policy and app know nothing of graphql, type-graphql or Apollo.',
      severity: 'error',
      from: { path: '^src/(domain|store|policy|app)/', pathNot: TESTS },
      to: {
        path: '(^|/)node_modules/(graphql|type-graphql|@apollo/|graphql-scalars|@escape\\.tech/|graphql-query-complexity)',
      },
    },
    {
      name: 'driver-only-in-neo4j-adapter',
      comment: 'Only the Neo4j adapter (src/store/neo4j) talks to neo4j-driver.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/neo4j/' },
      to: { path: '(^|/)node_modules/neo4j-driver' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
};
