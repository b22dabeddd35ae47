import { describe, expect, it } from "vitest";
import { pickDebtorChannel } from "../../../src/runtime/pick-channel.ts";
import type { ChannelBinding } from "../../../src/runtime/store.ts";

const at = (iso: string) => new Date(iso);
const telegram: ChannelBinding = {
  channel: "telegram",
  address: "42",
  boundAt: at("2026-11-01T10:00:00Z"),
  lastSeenAt: at("2026-11-02T10:00:00Z"),
};
const webchat: ChannelBinding = {
  channel: "webchat",
  address: "wc_1",
  boundAt: at("2026-11-20T10:00:00Z"),
  lastSeenAt: at("2026-11-21T10:00:00Z"),
};
const whatsapp: ChannelBinding = {
  channel: "whatsapp",
  address: "33600000000",
  boundAt: at("2026-11-05T10:00:00Z"),
  lastSeenAt: null,
};

describe("where a message to the debtor goes", () => {
  it("a reply goes back to the chat the debtor just wrote in, even the web chat", () => {
    expect(pickDebtorChannel([telegram, webchat], { channel: "webchat", address: "wc_1" })).toEqual(
      {
        channel: "webchat",
        address: "wc_1",
      },
    );
  });

  it("a reminder prefers a chat that can notify the debtor over a more recent web chat", () => {
    expect(pickDebtorChannel([webchat, telegram], null)).toEqual({
      channel: "telegram",
      address: "42",
    });
  });

  it("among chats that notify, the one the debtor used last wins (binding time when never used)", () => {
    expect(pickDebtorChannel([telegram, whatsapp], null)?.channel).toBe("whatsapp");
    const used = { ...telegram, lastSeenAt: at("2026-11-10T10:00:00Z") };
    expect(pickDebtorChannel([used, whatsapp], null)?.channel).toBe("telegram");
  });

  it("the web chat when it is the only chat, and nowhere when none is bound", () => {
    expect(pickDebtorChannel([webchat], null)?.channel).toBe("webchat");
    expect(pickDebtorChannel([], null)).toBeNull();
  });
});
