# syntax=docker/dockerfile:1
# The bubblehouse-hooks host, on Node 24. Build:  docker build -t bubblehouse-hooks .
# Node 20 or 22 (while package.json "engines" allows them):  --build-arg NODE_VERSION=20
# Run:    docker run -p 8787:8787 -e BH_HOOK_SECRET=... -v "$PWD/bubblehouse-hooks.yaml:/app/bubblehouse-hooks.yaml:ro" bubblehouse-hooks
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
# better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g pnpm@12.4.2
# Offline-safe: node-gyp takes this Node's own headers from the image (/usr/local/include/node)
# instead of downloading them, and turbo sends nothing, so the build needs the npm registry only.
ENV npm_config_nodedir=/usr/local \
    TURBO_TELEMETRY_DISABLED=1 \
    DO_NOT_TRACK=1
WORKDIR /src
# The dependency manifests first, with their folders (--parents): the install layer is rebuilt
# when one of them changes, not on every source edit. .pnpmfile.cjs hooks the install (it seeds
# node-gyp's header cache from the running Node).
COPY --parents package.json pnpm-lock.yaml pnpm-workspace.yaml .pnpmfile.cjs \
     apps/*/package.json packages/*/package.json examples/embedding/package.json \
     tests/*/package.json bench/package.json ./
# Only the host, the workspace packages it uses and the root's build tools.
RUN pnpm install --frozen-lockfile --filter "@bubblehouse-hooks/host..." --filter bubblehouse-hooks
# Then the sources.
COPY . .
RUN pnpm exec turbo run build --filter=@bubblehouse-hooks/host...
# One self-contained folder: the host's dist, its production dependencies and the built
# workspace packages it uses (copied, not linked).
RUN pnpm --filter @bubblehouse-hooks/host deploy --prod --legacy /out

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    BH_HOST=0.0.0.0 \
    PORT=8787
WORKDIR /app
COPY --from=build /out ./
# The default config: SQLite in /app/data and the log connector. Mount your own over it.
COPY examples/bubblehouse-hooks.yaml ./bubblehouse-hooks.yaml
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
# 8787: hooks. 9464: /metrics, /healthz and /readyz (metrics.listen in the default config);
# publish it only to your Prometheus.
EXPOSE 8787 9464
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 here and handles SIGTERM itself: in-flight requests finish, then exit 0.
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["start", "--config", "bubblehouse-hooks.yaml"]
