import { expect } from "vitest";
import type { DbOrTx } from "../../db/client.ts";
import { createDeskUserStore } from "../../db/stores/desk-users.ts";
import { hashPassword } from "../../src/http/admin/password.ts";

/** How a desk client sends a request: fetch against a served app, or `app.request`. */
export type Send = (path: string, init: RequestInit) => Promise<Response>;

export function sendTo(baseUrl: string): Send {
  return (path, init) => fetch(`${baseUrl}${path}`, { ...init, redirect: "manual" });
}

/** The value of a hidden `_csrf` input on a page. */
export function csrfOf(html: string): string {
  const token = /<input type="hidden" name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error("no CSRF field on the page");
  return token;
}

function cookieValue(res: Response, name: string): string | null {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [key, value] = (pair ?? "").split("=");
    if (key === name && value) return value;
  }
  return null;
}

/** A browser's worth of desk: the session cookie, and the CSRF token of the last page read. */
export interface DeskClient {
  readonly cookie: string;
  csrf: string;
  get(path: string): Promise<Response>;
  /** Posts a form; `_csrf` is added unless the form gives one (or `null` to leave it out). */
  post(path: string, form: Record<string, string | null>): Promise<Response>;
}

/** Opens the sign-in form, posts it, and answers with the response (303 on success). */
export async function submitLogin(
  send: Send,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = await send("/admin/login", { headers });
  const html = await form.text();
  const loginCookie = form.headers
    .getSetCookie()
    .find((c) => c.startsWith("relance_desk_login="))
    ?.split(";")[0];
  return send("/admin/login", {
    method: "POST",
    headers: {
      ...headers,
      "content-type": "application/x-www-form-urlencoded",
      cookie: loginCookie ?? "",
    },
    body: new URLSearchParams({ _csrf: csrfOf(html), email, password, next: "/admin" }).toString(),
  });
}

export async function signIn(send: Send, email: string, password: string): Promise<DeskClient> {
  const res = await submitLogin(send, email, password);
  expect(res.status, "sign-in").toBe(303);
  const token = cookieValue(res, "relance_desk");
  if (!token) throw new Error("no session cookie");
  const cookie = `relance_desk=${token}`;
  const client: DeskClient = {
    cookie,
    csrf: "",
    async get(path) {
      const page = await send(path, { headers: { cookie } });
      const html = await page.clone().text();
      const token = /<input type="hidden" name="_csrf" value="([^"]+)"/.exec(html)?.[1];
      if (token) client.csrf = token;
      return page;
    },
    async post(path, form) {
      if (client.csrf === "") await client.get("/admin/agreements");
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries({ _csrf: client.csrf, ...form })) {
        if (value !== null) body.set(key, value);
      }
      return send(path, {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: body.toString(),
      });
    },
  };
  return client;
}

/** A desk login, created as `npm run user:create` does. */
export async function givenDeskUser(
  db: DbOrTx,
  user: {
    email: string;
    password: string;
    role: "admin" | "owner";
    businessIds?: string[];
    locale?: "fr" | "en";
  },
) {
  return createDeskUserStore(db).createUser({
    email: user.email,
    passwordHash: await hashPassword(user.password),
    role: user.role,
    locale: user.locale ?? "fr",
    businessIds: user.businessIds ?? [],
  });
}
