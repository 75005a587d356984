import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The investigator's explorer: a static single-page app in web/dist, served by
// Athar at / (src/api/explorer.ts) and talking to /graphql on the same origin.
// `npm run dev:web` proxies /graphql and /exports to an Athar on port 4000.
const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.ATHAR_API_ORIGIN ?? 'http://localhost:4000';

export default defineConfig({
  root,
  // Relative asset URLs: the page works at / and behind a path prefix alike.
  base: './',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Cytoscape is loaded on demand by the graph view, in its own chunk; GraphiQL (React, CodeMirror) is big.
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // The explorer at /, and GraphiQL, served at /graphql to browsers (src/api/graphiql.ts).
      input: { index: `${root}index.html`, graphiql: `${root}graphiql.html` },
      // GraphiQL's React dependencies mark themselves "use client", which means nothing in a bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: { '/graphql': api, '/exports': api },
  },
});
