# The Athar API. Used by docker-compose.yml; tests do not need Docker.
FROM node:20-bookworm-slim
# PDF case files are printed by headless Chromium (Debian's package, never a downloaded browser);
# DejaVu Sans has the Arabic glyphs; poppler-utils (pdftotext) lets the PDF tests run in the image.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium poppler-utils fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
ENV ATHAR_CHROMIUM_PATH=/usr/bin/chromium
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY seeds ./seeds
COPY schema ./schema
RUN npm run build
ENV NODE_ENV=production PORT=4000
EXPOSE 4000
CMD ["node", "dist/src/main/main.js"]
