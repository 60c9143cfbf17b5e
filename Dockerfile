# One image for both roles, running the compiled JavaScript in dist/. The default command runs the API (`npm run api`);
# run the worker with: docker run IMAGE node --max-semi-space-size=16 --max-old-space-size=96 --v8-pool-size=1 dist/workers/moderation-worker.js  (same as `npm run worker`),
# a CLI with e.g.: docker run IMAGE node dist/src/cli/sites.js list
# The health check fits either role: the API answers /healthz on PORT, the worker on WORKER_METRICS_PORT.

# 1. Type-check the sources, compile them to dist/ and bundle the browser code, with the dev dependencies; only dist/ ships.
FROM node:20-bookworm-slim AS check
# Only for builds behind a TLS-inspecting proxy (scripts/build-image.sh passes it); empty otherwise.
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY models ./models
COPY src ./src
COPY workers ./workers
COPY scripts ./scripts
COPY test ./test
RUN npm run typecheck && npm run build

# 2. Production dependencies only.
FROM node:20-bookworm-slim AS deps
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

# 3. Runtime: production dependencies, the compiled code and the trained model; no TypeScript, no loader.
#    Runs as the unprivileged `node` user.
FROM node:20-bookworm-slim AS runtime
# MALLOC_ARENA_MAX: glibc's malloc keeps one arena per thread that allocates; two are enough here and keep RSS
# lower (docs/performance.md, runtime settings). npm scripts cannot set it portably, so only the image does.
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKER_METRICS_PORT=9464
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json ./
COPY --chown=root:root models/spam-model.json ./models/
COPY --from=check --chown=root:root /app/dist ./dist
# The check stage must have passed for this image to exist.
COPY --from=check /app/package.json /tmp/.typechecked
USER node
EXPOSE 3000 9464
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "const p=[process.env.PORT||3000,process.env.WORKER_METRICS_PORT||9464];Promise.any(p.map(x=>fetch('http://127.0.0.1:'+x+'/healthz').then(r=>{if(!r.ok)throw 0}))).then(()=>process.exit(0),()=>process.exit(1))"
# REDIS_URL and MODERATOR_TOKEN are required at run time.
# The same command as `npm run api`, V8 heap settings included (see docs/performance.md).
CMD ["node", "--max-semi-space-size=16", "--max-old-space-size=96", "--v8-pool-size=1", "dist/src/server.js"]
