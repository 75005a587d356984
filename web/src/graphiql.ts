// GraphiQL for developers, bundled with the explorer (no CDN) and served by Athar at /graphql
// to a browser that asks for HTML, when introspection is on (src/api/graphiql.ts).
import 'graphiql/graphiql.css';
import './graphiql.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const EXAMPLE = `# Athar: a sourced knowledge graph. Every statement is a claim with its citations.
# The schema describes itself: open the docs explorer on the left.
query Facility {
  entity(id: "fac_sednaya") {
    id
    name
    ... on Facility {
      facilityType
    }
    claims(first: 5) {
      totalCount
      edges {
        node {
          predicate
          citations {
            grading
            source {
              title
            }
          }
        }
      }
    }
  }
}
`;

const container = document.getElementById('graphiql');
if (container) {
  // The page is served at the API's own path: it talks to that, on the same origin.
  const fetcher = createGraphiQLFetcher({ url: `${window.location.origin}${window.location.pathname}` });
  createRoot(container).render(createElement(GraphiQL, { fetcher, defaultQuery: EXAMPLE }));
}
