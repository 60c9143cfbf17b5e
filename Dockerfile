# One image for both roles. The default command runs the API (`npm run api`);
# run the worker with: docker run IMAGE node --import tsx workers/moderation-worker.ts  (same as `npm run worker`).
# The health check fits either role: the API answers /healthz on PORT, the worker on WORKER_METRICS_PORT.

# 1. Type-check the sources with the dev dependencies; nothing from this stage ships.
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
RUN npx tsc --noEmit -p .

# 2. Production dependencies only.
FROM node:20-bookworm-slim AS deps
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

# 3. Runtime: production dependencies, sources and the trained model; runs as the unprivileged `node` user.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKER_METRICS_PORT=9464
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json tsconfig.json ./
COPY --chown=root:root models ./models
COPY --chown=root:root src ./src
COPY --chown=root:root workers ./workers
# The check stage must have passed for this image to exist.
COPY --from=check /app/package.json /tmp/.typechecked
USER node
EXPOSE 3000 9464
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "const p=[process.env.PORT||3000,process.env.WORKER_METRICS_PORT||9464];Promise.any(p.map(x=>fetch('http://127.0.0.1:'+x+'/healthz').then(r=>{if(!r.ok)throw 0}))).then(()=>process.exit(0),()=>process.exit(1))"
# REDIS_URL and MODERATOR_TOKEN are required at run time.
CMD ["node", "--import", "tsx", "src/server.ts"]
