import { describe, expect, it } from "vitest";
import { DELIVER_QUEUE_BY_CHANNEL, deliveryLane } from "../../../jobs/catalog.ts";
import { jobId } from "../../../jobs/job-ids.ts";

describe("delivery lanes", () => {
  it("Telegram housekeeping skips the bot's message rate; messages keep it", () => {
    expect(deliveryLane("telegram", "ack_button")).toBe("telegram-instant");
    expect(deliveryLane("telegram", "clear_buttons")).toBe("telegram-instant");
    expect(deliveryLane("telegram", "send_card")).toBe("telegram");
    expect(deliveryLane("telegram", undefined)).toBe("telegram");
  });

  it("other channels have one lane each, and an unknown channel none", () => {
    expect(deliveryLane("slack", "owner_message")).toBe("slack");
    expect(deliveryLane("webchat", "clear_buttons")).toBe("webchat");
    expect(deliveryLane("fax", "send_card")).toBeNull();
  });

  it("every lane is its own queue", () => {
    const names = Object.values(DELIVER_QUEUE_BY_CHANNEL);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("job ids", () => {
  it("never contain a colon nor are all digits (BullMQ forbids both)", () => {
    expect(jobId("send", "0b8e1c9e-2f4a-4e55-9a0b-5f7f0d0c1a2b")).toBe(
      "send_0b8e1c9e-2f4a-4e55-9a0b-5f7f0d0c1a2b",
    );
    expect(() => jobId("timer", "a:b")).toThrow(/invalid BullMQ job id/);
  });
});
