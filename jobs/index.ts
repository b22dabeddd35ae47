/** The public surface of jobs/: what other folders import. */
export { DispatchNow } from "./dispatch-now.ts";
export { RelanceQueues } from "./queues.ts";
export {
  openRedisConnections,
  PRODUCER_COMMAND_TIMEOUT_MS,
  type RedisConnections,
} from "./redis-connections.ts";
export {
  type RunningWorkers,
  ratesFromConfig,
  sendPace,
  startWorkers,
  type WorkerDeps,
} from "./workers.ts";
