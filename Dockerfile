# syntax=docker/dockerfile:1
# One image recipe for every app: docker build --build-arg APP=product-service -t acme/product-service:0.1.0 .
# APP is an Nx project under apps/: gateway, user-service, product-service, order-service.
#
# Stages: manifests (package.json files only, so the npm ci layer survives source edits) ->
# build (npm ci, nx build, tools/deploy/package-app.mjs) -> prod-deps (npm ci --omit=dev of the
# pruned artifact, the same step its test runs) -> runtime (node, tini, the artifact, no npm).

# The Node version matches the workspace's `node` devDependency, so the image runs what CI tested
# (tools/deploy/dockerfile.test.mjs checks it). Pin a digest as well in your registry mirror.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
# Keep only what `npm ci` reads: the lockfile, .npmrc and every workspace package.json.
RUN mkdir /manifests \
 && cp package.json package-lock.json .npmrc /manifests/ \
 && find apps libs -name node_modules -prune -o -name package.json -print \
      | xargs cp --parents -t /manifests

FROM ${NODE_IMAGE} AS build
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true CI=true
WORKDIR /workspace
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --no-audit --no-fund
COPY . .
ARG APP
RUN test -n "${APP}" || { echo "--build-arg APP=<gateway|user-service|product-service|order-service> is required" >&2; exit 1; }
RUN npx nx build ${APP}
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    node tools/deploy/package-app.mjs ${APP} /artifact

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY --from=build /artifact/ ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -f .npmrc

FROM ${NODE_IMAGE} AS runtime
ARG APP
# tini is PID 1: it forwards SIGTERM to node and reaps zombies, so shutdown does not depend on
# `docker run --init`. npm and corepack are not needed to run the app: removing them shrinks
# the image and its attack surface.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
    /usr/local/lib/node_modules/npm /usr/local/bin/npm /usr/local/bin/npx \
    /usr/local/lib/node_modules/corepack /usr/local/bin/corepack \
 && mkdir -p /data \
 && chown 1000:1000 /data
# Everything an app may write goes under /data (the root filesystem is read-only in k8s):
# PGlite files, and the development JWT key pair when no key is configured.
ENV NODE_ENV=production \
    DATA_DIR=/data \
    JWT_KEY_DIR=/data/keys
WORKDIR /app
# Root-owned and read-only for the app user: the process cannot rewrite its own code.
COPY --from=prod-deps /app/ ./
# The `node` user of the base image, by number so Kubernetes can verify runAsNonRoot.
USER 1000:1000
LABEL org.opencontainers.image.title="acme-${APP}" \
      org.opencontainers.image.licenses="MIT"
# gRPC health (services) or GET /health/live (gateway), on the port the app's config resolves.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "healthcheck.mjs"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# --max-semi-space-size=16: under a memory limit (k8s: 384Mi) Node sizes V8's heap from the
# cgroup and the young generation shrinks to ~1 MB semi-spaces, so a busy app scavenges over ten
# times as often. No --enable-source-maps: grpc-js reads two error stacks on every failed call,
# and mapping them to TypeScript made each 404 dearer. Figures and how to measure them:
# deploy/README.md, "Images". On the command line rather than in NODE_OPTIONS, so a NODE_OPTIONS
# set for something else does not drop the flag; `NODE_OPTIONS=--enable-source-maps` turns
# the mapping back on for debugging.
CMD ["node", "--max-semi-space-size=16", "dist/main.js"]
