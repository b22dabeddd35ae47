# Relance: one image for the web and the worker processes (the command picks the part).
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app

# Dependencies first, so source edits reuse this layer. Dev dependencies are kept: the service
# runs its TypeScript through tsx (no separate build step).
COPY package.json package-lock.json ./
# The lock was written where the registry serves only Linux builds of the platform packages
# (biome, msgpackr-extract), so it lacks the others and `npm ci` may call it out of sync; npm
# install then installs the same locked versions (as .ci/run does).
RUN (npm ci --include=dev --no-audit --no-fund || npm install --include=dev --no-audit --no-fund) \
  && npm cache clean --force

COPY --chown=node:node . .

USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# tini-free: main.ts handles SIGTERM itself (drains, then exits 0).
ENTRYPOINT ["node", "--import", "tsx", "src/main.ts"]
CMD ["all"]
