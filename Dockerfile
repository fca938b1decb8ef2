# Production image on a current Node.js LTS (24, supported until April 2028), running the compiled
# build as the unprivileged `node` user. The build stage installs everything and bundles dist/; the
# image holds dist/ and the one native module the bundles leave out (better-sqlite3, the SQLite store).
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY src ./src
COPY checks ./checks
COPY bin ./bin
RUN node scripts/build.mjs \
 && mkdir /runtime \
 && cd /runtime \
 && echo '{"type":"module","private":true}' > package.json \
 && npm install --no-audit --no-fund --omit=dev "better-sqlite3@$(node -p 'require("/app/node_modules/better-sqlite3/package.json").version')"

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /runtime/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json app.yml ./
COPY bin ./bin
USER node
EXPOSE 3000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/server.js"]
