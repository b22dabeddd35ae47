/**
 * Runs once per `vitest run`. Later: creates this run's own Postgres database from the migrations
 * and picks this run's BullMQ prefix; drops the database afterwards.
 */
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
