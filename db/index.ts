/** The public surface of db/: what other folders import. */
export { createAdminViewsStore } from "./admin-views/store.ts";
export { connectDb, type DbConnection } from "./client.ts";
export { dropDatabase, migrate } from "./migrate.ts";
export { createOwnerDirectory } from "./owner-directory.ts";
export { createOwnerReports } from "./owner-reports.ts";
export { PgCaseStore } from "./runtime/case-store.ts";
export { PgDirectoryStore } from "./runtime/directory-store.ts";
export { PgMessageStatusStore } from "./runtime/message-status-store.ts";
export { PgOutboxStore, PgTimerStore } from "./runtime/outbox-store.ts";
export { checkDatabase } from "./startup-check.ts";
export { createAdminStore } from "./stores/admin.ts";
export { createDeskInbox } from "./stores/desk-inbox.ts";
export { createDeskUserStore } from "./stores/desk-users.ts";
export { createExperimentStore } from "./stores/experiments.ts";
export { databaseMigrated, pingDatabase } from "./stores/health.ts";
export { createIntakeStore } from "./stores/intake-store.ts";
export { databaseMetrics } from "./stores/metrics.ts";
export { createWebchatStore } from "./webchat-store.ts";
