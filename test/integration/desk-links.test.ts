import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, cases, debtorChannels, linkTokens, ownerNotices } from "../../db/schema.ts";
import { isoDateDaysFrom } from "../support/clock.ts";
import { type DeskClient, givenDeskUser, sendTo, signIn } from "../support/desk.ts";
import { givenBusiness, givenInvoice } from "../support/fixtures.ts";
import { startTestService, TestClock, type TestService } from "../support/service.ts";

/**
 * The case page's "Issue new links" on the real service: a form like the desk's others (CSRF
 * token, the owner's own businesses only), the same reissue as the API, the fresh links shown on
 * the page and the reissue listed in the inbox.
 */
const clock = new TestClock();
const PASSWORD = "correct horse battery";
let svc: TestService;
let lune: string;
let claire: DeskClient;
let paul: DeskClient;

beforeAll(async () => {
  svc = await startTestService({ clock, mode: "web" });
  lune = (await givenBusiness(svc.db.db, { name: "Atelier Lune", locale: "fr" })).id;
  const soleil = (await givenBusiness(svc.db.db, { name: "Sun Studio", locale: "en" })).id;
  await givenDeskUser(svc.db.db, {
    email: "claire@lune.test",
    password: PASSWORD,
    role: "owner",
    businessIds: [lune],
  });
  await givenDeskUser(svc.db.db, {
    email: "paul@soleil.test",
    password: PASSWORD,
    role: "owner",
    businessIds: [soleil],
    locale: "en",
  });
  const send = sendTo(svc.url ?? "");
  claire = await signIn(send, "claire@lune.test", PASSWORD);
  paul = await signIn(send, "paul@soleil.test", PASSWORD);
});

afterAll(async () => {
  await svc?.stop();
});

/** An invoice of Atelier Lune whose web-chat link a chat opened. */
async function givenOpenedCase() {
  const number = `F-LINK-${randomUUID().slice(0, 8)}`;
  const created = await givenInvoice(
    svc.db.db,
    lune,
    {
      number,
      issuedAt: isoDateDaysFrom(clock.now(), -10),
      dueDate: isoDateDaysFrom(clock.now(), 20),
    },
    clock.now(),
  );
  const token = created.links.webchat.split("/chat/")[1] ?? "";
  const [kase] = await svc.db.db.select().from(cases).where(eq(cases.id, created.caseId));
  await svc.db.db
    .update(linkTokens)
    .set({ usedAt: clock.now(), usedByAddress: "wc_0123456789abcdef" })
    .where(eq(linkTokens.token, token));
  await svc.db.db.insert(debtorChannels).values({
    debtorId: kase?.debtorId ?? "",
    channel: "webchat",
    address: "wc_0123456789abcdef",
    boundAt: clock.now(),
  });
  return { caseId: created.caseId, number, debtorId: kase?.debtorId ?? "", token };
}

async function linksOf(caseId: string) {
  return svc.db.db
    .select({
      token: linkTokens.token,
      channel: linkTokens.channel,
      revokedAt: linkTokens.revokedAt,
    })
    .from(linkTokens)
    .where(eq(linkTokens.caseId, caseId))
    .orderBy(asc(linkTokens.token));
}

/** What a person sees: the text, without tags or hidden fields. */
function onScreen(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, "")
    .replace(/<input type="hidden"[^>]*>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/[\u00a0\u202f]/g, " ")
    .replaceAll("&#39;", "'")
    .replace(/\s+/g, " ");
}

const reissuePath = (caseId: string) => `/admin/cases/${caseId}/links/reissue`;

describe("the case page's links", () => {
  it("shows the case's links and the chats they opened, with a reissue form carrying the CSRF token", async () => {
    const opened = await givenOpenedCase();
    const res = await claire.get(`/admin/cases/${opened.caseId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`http://relance.test/chat/${opened.token}`);
    const form = new RegExp(
      `<form method="post" action="${reissuePath(opened.caseId)}"><input type="hidden" name="_csrf" value="[^"]+"/?><button type="submit">Émettre de nouveaux liens</button></form>`,
    );
    expect(html).toMatch(form);
    const text = onScreen(html);
    expect(text).toContain("Liens vers la conversation");
    expect(text).toMatch(
      /Conversations liées à ce client : le chat web, depuis le 23 novembre 2026 à 11:00/,
    );
  });

  it("refuses a reissue posted without the CSRF token, or by another business's owner, and writes nothing", async () => {
    const opened = await givenOpenedCase();
    const before = await linksOf(opened.caseId);
    const forged = await claire.post(reissuePath(opened.caseId), { _csrf: null });
    expect(forged.status).toBe(403);
    const wrongToken = await claire.post(reissuePath(opened.caseId), { _csrf: "not-the-token" });
    expect(wrongToken.status).toBe(403);
    await paul.get("/admin");
    const foreign = await paul.post(reissuePath(opened.caseId), {});
    expect(foreign.status).toBe(404);
    const malformed = await claire.post("/admin/cases/not-a-case/links/reissue", {});
    expect(malformed.status).toBe(404);
    expect(await linksOf(opened.caseId)).toEqual(before);
    const notices = await svc.db.db
      .select()
      .from(ownerNotices)
      .where(eq(ownerNotices.caseId, opened.caseId));
    expect(notices).toEqual([]);
  });

  it("reissues: the old links are revoked, the chat unbound, the new links shown, the inbox and the audit say who", async () => {
    const opened = await givenOpenedCase();
    await claire.get(`/admin/cases/${opened.caseId}`);
    const res = await claire.post(reissuePath(opened.caseId), {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/cases/${opened.caseId}?links=reissued#links`);

    const rows = await linksOf(opened.caseId);
    const old = rows.filter((r) => r.revokedAt !== null);
    const fresh = rows.filter((r) => r.revokedAt === null);
    expect(old.map((r) => r.token)).toContain(opened.token);
    expect(old).toHaveLength(3);
    expect(fresh.map((r) => r.channel).sort()).toEqual(["telegram", "webchat", "whatsapp"]);
    expect(
      await svc.db.db
        .select()
        .from(debtorChannels)
        .where(eq(debtorChannels.debtorId, opened.debtorId)),
    ).toEqual([]);

    const page = await (await claire.get(`/admin/cases/${opened.caseId}?links=reissued`)).text();
    const webchat = fresh.find((r) => r.channel === "webchat")?.token ?? "";
    expect(page).toContain(`http://relance.test/chat/${webchat}`);
    expect(page).not.toContain(opened.token);
    const text = onScreen(page);
    expect(text).toContain("Nouveaux liens émis : les précédents ne fonctionnent plus");
    expect(text).toContain("Aucune conversation liée pour l'instant.");

    const inbox = onScreen(await (await claire.get("/admin")).text());
    expect(inbox).toContain(`Liens renouvelés : facture ${opened.number}`);
    expect(inbox).toContain("une conversation ouverte avec eux a été déliée");
    const [entry] = await svc.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.caseId, opened.caseId), eq(auditLog.action, "links_reissued")));
    expect(entry).toMatchObject({
      actor: "desk:claire@lune.test",
      detail: { revoked: 3, unbound: ["webchat"], cases: 1 },
    });
  });

  it("a paid case shows its links are over, offers no reissue, and a posted one is a 409 that writes nothing", async () => {
    const opened = await givenOpenedCase();
    await svc.db.db.update(cases).set({ status: "paid" }).where(eq(cases.id, opened.caseId));
    const page = await (await claire.get(`/admin/cases/${opened.caseId}`)).text();
    expect(onScreen(page)).toContain(
      "Ce dossier est réglé ou clos : ses liens n'ouvrent plus rien.",
    );
    expect(page).not.toContain(reissuePath(opened.caseId));
    const before = await linksOf(opened.caseId);
    const res = await claire.post(reissuePath(opened.caseId), {});
    expect(res.status).toBe(409);
    expect(onScreen(await res.text())).toContain("ses liens n'ouvrent plus rien");
    expect(await linksOf(opened.caseId)).toEqual(before);
  });
});
