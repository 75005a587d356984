# The Athar API image, used by docker-compose.yml (the tests do not need Docker; test/ops/container.int.test.ts
# checks this file). Two stages: the build, with the dev dependencies (TypeScript), and the runtime, with the
# production dependencies only, run as the unprivileged user `node`.
#
#   docker build -t athar .
#   docker run -p 127.0.0.1:4000:4000 -v athar-data:/var/lib/athar/data athar   # embedded store
#
# Stop it with time to drain: `docker stop -t 30` (Docker's default is 10 s, ATHAR_SHUTDOWN_TIMEOUT_MS's too).

# --- build: compile TypeScript to dist/ and the explorer to web/dist/
FROM node:22.23.3-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
RUN npm run build

# --- runtime: production dependencies, the build, the seed case
FROM node:22.23.3-bookworm-slim AS runtime
# PDF case files are printed by headless Chromium (Debian's package, never a downloaded browser);
# DejaVu Sans has the Arabic glyphs.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
  PORT=4000 \
  ATHAR_CHROMIUM_PATH=/usr/bin/chromium \
  ATHAR_DATA_DIR=/var/lib/athar/data \
  ATHAR_EXPORT_DIR=/var/lib/athar/exports
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY seeds ./seeds
COPY schema ./schema
# The data and export folders belong to the user the server runs as; volumes mounted there inherit that.
RUN mkdir -p /var/lib/athar/data /var/lib/athar/exports && chown -R node:node /var/lib/athar
USER node
EXPOSE 4000
# Ready: the store is open and the server answers (GET /ready is 200). Node's own fetch: the image has no curl.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) stops the server gracefully: see docs/operations.md.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main/cli.js", "serve"]
