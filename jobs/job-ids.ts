/**
 * Deterministic BullMQ job ids. Adding a job whose id already exists is a no-op in BullMQ, which is
 * what makes enqueueing after commit, and re-enqueueing from the reconciler, safe to repeat.
 * BullMQ forbids `:` in custom ids (it separates Redis key parts) and ids that are all digits
 * (they collide with its own counters).
 */
export function jobId(kind: "send" | "timer", rowId: string): string {
  const id = `${kind}_${rowId}`;
  if (id.includes(":") || /^\d+$/.test(id)) {
    throw new Error(`invalid BullMQ job id: ${id}`);
  }
  return id;
}
