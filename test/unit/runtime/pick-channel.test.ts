import { describe, expect, it } from "vitest";
import { type RouteRequest, routeDebtorMessage } from "../../../src/runtime/pick-channel.ts";
import type { ChannelBinding } from "../../../src/runtime/store.ts";

const at = (iso: string) => new Date(iso);
const NOW = at("2026-11-23T10:00:00Z");
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
/** Wrote 2 hours ago: inside WhatsApp's 24-hour window. */
const whatsappOpen: ChannelBinding = {
  channel: "whatsapp",
  address: "33600000000",
  boundAt: at("2026-11-05T10:00:00Z"),
  lastSeenAt: at("2026-11-23T08:00:00Z"),
};
/** Last wrote three days ago: the window is closed. */
const whatsappClosed: ChannelBinding = { ...whatsappOpen, lastSeenAt: at("2026-11-20T10:00:00Z") };

const route = (over: Partial<RouteRequest>) =>
  routeDebtorMessage({
    bindings: [],
    replyTo: null,
    now: NOW,
    notice: true,
    email: null,
    ...over,
  });
const channels = (r: ReturnType<typeof routeDebtorMessage>) =>
  r.targets.map((t) => (t.viaTemplate ? `${t.channel}:template` : t.channel));

describe("where a message to the debtor goes", () => {
  it("a reply goes back to the chat the debtor just wrote in, even the web chat", () => {
    const r = route({
      bindings: [telegram, webchat],
      replyTo: { channel: "webchat", address: "wc_1" },
      notice: false,
    });
    expect(r.targets).toEqual([{ channel: "webchat", address: "wc_1", viaTemplate: false }]);
  });

  it("a reminder prefers a chat that can notify the debtor over a more recent web chat", () => {
    const r = route({ bindings: [webchat, telegram] });
    expect(r.targets).toEqual([{ channel: "telegram", address: "42", viaTemplate: false }]);
    expect(r.notified).toBe(true);
  });

  it("among chats that notify, the one the debtor used last wins", () => {
    expect(channels(route({ bindings: [telegram, whatsappOpen] }))).toEqual(["whatsapp"]);
    const usedLater = { ...telegram, lastSeenAt: at("2026-11-23T09:00:00Z") };
    expect(channels(route({ bindings: [usedLater, whatsappOpen] }))).toEqual(["telegram"]);
  });

  it("WhatsApp outside its 24-hour window carries a notice only as its template", () => {
    expect(channels(route({ bindings: [whatsappClosed] }))).toEqual(["whatsapp:template"]);
    // 24 hours to the millisecond: closed.
    const edge = { ...whatsappOpen, lastSeenAt: new Date(NOW.getTime() - 24 * 3600 * 1000) };
    expect(channels(route({ bindings: [edge] }))).toEqual(["whatsapp:template"]);
    const justInside = { ...edge, lastSeenAt: new Date(edge.lastSeenAt.getTime() + 1) };
    expect(channels(route({ bindings: [justInside] }))).toEqual(["whatsapp"]);
  });

  it("a message that is no notice skips a closed WhatsApp window for the next chat that can carry it", () => {
    expect(channels(route({ bindings: [whatsappClosed, telegram], notice: false }))).toEqual([
      "telegram",
    ]);
    const r = route({ bindings: [whatsappClosed, webchat], notice: false });
    expect(channels(r)).toEqual(["webchat"]);
    expect(r.notified).toBe(false);
  });

  it("with no chat that pushes, a notice goes by e-mail and is kept on the web chat too", () => {
    const r = route({ bindings: [webchat], email: "camille@example.org" });
    expect(r.targets).toEqual([
      { channel: "email", address: "camille@example.org", viaTemplate: false },
      { channel: "webchat", address: "wc_1", viaTemplate: false },
    ]);
    expect(r.notified).toBe(true);
    // A chat that pushes comes first: no e-mail then.
    expect(
      channels(route({ bindings: [webchat, telegram], email: "camille@example.org" })),
    ).toEqual(["telegram"]);
  });

  it("the web chat alone notifies nobody, and with nothing bound nothing is written anywhere", () => {
    const alone = route({ bindings: [webchat] });
    expect(channels(alone)).toEqual(["webchat"]);
    expect(alone.notified).toBe(false);
    const none = route({ bindings: [] });
    expect(none).toEqual({ targets: [], notified: false });
    expect(route({ bindings: [], email: "camille@example.org", notice: false }).notified).toBe(
      false,
    );
  });

  it("a channel that failed for this message is skipped", () => {
    expect(channels(route({ bindings: [whatsappOpen, telegram], exclude: ["whatsapp"] }))).toEqual([
      "telegram",
    ]);
    expect(
      route({
        bindings: [whatsappOpen],
        replyTo: { channel: "whatsapp", address: "1" },
        exclude: ["whatsapp"],
      }).notified,
    ).toBe(false);
  });
});
