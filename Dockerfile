# Relance: one image for the web and the worker processes (the command picks the part).
# Node 24, the active LTS (Node 20 reached end of life in April 2026). The code keeps running on
# Node 20.19+ (package.json engines) for machines that still have it.
FROM node:24-bookworm-slim

ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app

# Dependencies first, so source edits reuse this layer. Dev dependencies are kept: the service
# runs its TypeScript through tsx (no separate build step).
# patches/ is applied by npm's postinstall (patch-package): a fix of postgres.js's not released yet.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --include=dev --no-audit --no-fund && npm cache clean --force

COPY --chown=node:node . .

USER node
EXPOSE 3000
# The web's check; the worker serves no HTTP and overrides it (docker-compose.yml: npm run health).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# tini-free: main.ts handles SIGTERM itself (drains, then exits 0).
ENTRYPOINT ["node", "--import", "tsx", "src/main.ts"]
CMD ["all"]
