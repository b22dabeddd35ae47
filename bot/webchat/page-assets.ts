import { createHash } from "node:crypto";
import { UNBROKEN_HYPHENATED_MAX } from "../../src/messages/index.ts";
import {
  WEBCHAT_POLL_AFTER_POST_MS,
  WEBCHAT_POLL_BURST_MS,
  WEBCHAT_POLL_HIDDEN_MS,
  WEBCHAT_POLL_MS,
  WEBCHAT_TEXT_MAX,
} from "./constants.ts";

/**
 * The page's only style sheet and script, inlined (no external asset, no framework). Both are
 * constant, so the Content-Security-Policy allows them by their SHA-256 hashes: no nonce to mint
 * per request, and any injected markup stays inert. Per-page data (the wording) travels in a JSON
 * data block, which CSP does not execute.
 */

export const PAGE_STYLE = `
:root{color-scheme:light dark;--bg:#f4f5f7;--fg:#1b1e23;--card:#fff;--muted:#515a66;--line:#cfd4dc;
--accent:#1d58b3;--on-accent:#fff;--you:#1d58b3;--on-you:#fff}
@media (prefers-color-scheme:dark){:root{--bg:#131518;--fg:#eceef1;--card:#1f2227;--muted:#aab2bd;
--line:#3a3f47;--accent:#8ab8ff;--on-accent:#0b1a33;--you:#2a5fb8;--on-you:#fff}}
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);
color:var(--fg);display:flex;flex-direction:column;min-height:100vh;min-height:100dvh}
header{padding:.75rem 1rem;background:var(--card);border-bottom:1px solid var(--line)}
header>div,main{width:100%;max-width:42rem;margin:0 auto}
h1{font-size:1.125rem;margin:0}
header p{margin:.25rem 0 0;color:var(--muted);font-size:.875rem}
main{flex:1;display:flex;flex-direction:column;min-height:0}
#log{list-style:none;margin:0;padding:1rem;flex:1;overflow-y:auto;display:flex;flex-direction:column;
gap:.75rem}
.msg{max-width:88%;padding:.625rem .875rem;border-radius:1rem;white-space:pre-wrap;
overflow-wrap:anywhere}
.msg p{margin:0}
.ref{white-space:nowrap}
.bot{align-self:flex-start;background:var(--card);border:1px solid var(--line);
border-bottom-left-radius:.25rem}
.you{align-self:flex-end;background:var(--you);color:var(--on-you);border-bottom-right-radius:.25rem}
.msg time{display:block;font-size:.75rem;opacity:.8;margin-top:.25rem}
#actions{display:flex;flex-wrap:wrap;gap:.5rem;padding:0 1rem .75rem;max-height:40vh;overflow-y:auto}
#actions[hidden]{display:none}
.choice{font:inherit;min-height:2.75rem;padding:.5rem 1rem;border-radius:1.375rem;
border:2px solid var(--accent);background:var(--card);color:var(--accent);cursor:pointer;text-align:left}
.choice small{display:block;color:var(--muted)}
.choice:disabled{opacity:.6;cursor:wait}
#status{margin:0;padding:0 1rem;min-height:1.5rem;color:var(--muted);font-size:.875rem}
form{display:flex;gap:.5rem;align-items:flex-end;padding:.75rem 1rem;
padding-bottom:calc(.75rem + env(safe-area-inset-bottom));background:var(--card);
border-top:1px solid var(--line)}
textarea{flex:1;font:inherit;min-height:2.75rem;max-height:8rem;padding:.5rem .75rem;resize:none;
border:1px solid var(--line);border-radius:.75rem;background:var(--bg);color:var(--fg)}
button[type=submit]{font:inherit;font-weight:600;min-height:2.75rem;padding:.5rem 1.125rem;border:0;
border-radius:.75rem;background:var(--accent);color:var(--on-accent);cursor:pointer}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;
clip:rect(0,0,0,0);white-space:nowrap;border:0}
.notfound{max-width:36rem;margin:0 auto;padding:2rem 1rem}
.notfound section+section{margin-top:2rem;padding-top:2rem;border-top:1px solid var(--line)}
`;

/**
 * The chat client: opens the chat once (POST /start), polls the conversation, posts messages and
 * button presses with a uuid of its own (the deduplication key, kept across a retry of the same
 * text). Text only ever goes through textContent: a message can never become markup.
 * No template literals or `${` in here: this string is itself a template literal.
 */
export const PAGE_SCRIPT = `
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("webchat-config").textContent);
  var base = location.pathname.replace(/\\/+$/, "");
  var log = document.getElementById("log");
  var actions = document.getElementById("actions");
  var statusLine = document.getElementById("status");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var REF_MAX = ${UNBROKEN_HYPHENATED_MAX};
  var seen = {};
  var lastId = null;
  var pending = null;
  var timer = null;
  var polling = false;
  var again = false;
  // The reply to a post is delivered by a worker a moment later: poll briskly for a few seconds.
  var burstUntil = 0;
  function burst() { burstUntil = Date.now() + ${WEBCHAT_POLL_BURST_MS}; poll(); }

  function uuid() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = "";
    for (var i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1);
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function say(text) { statusLine.textContent = text || ""; }
  function post(path, body) {
    return fetch(base + path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit",
      cache: "no-store"
    });
  }
  function explain(res) {
    if (res.status === 429) return cfg.rateLimited;
    if (res.status === 410) { over(); return cfg.linkClosed; }
    if (res.status === 403 || res.status === 404) return cfg.buttonRefused;
    return cfg.sendFailed;
  }
  function time(iso) {
    try {
      return new Date(iso).toLocaleTimeString(cfg.lang, { hour: "2-digit", minute: "2-digit" });
    } catch (e) { return ""; }
  }
  // A hyphenated word of the bot's ("F-2026-042", "Dites-le-nous") is never broken at its hyphens:
  // an invoice number stays whole and can be copied as it is, plain hyphens included. Links keep
  // breaking where they must, and so does anything too long for a line.
  function fill(p, text) {
    text.split(/(s+)/).forEach(function (part) {
      if (part.length <= REF_MAX && part.indexOf("-") > 0 && part.indexOf("/") < 0) {
        var span = document.createElement("span");
        span.className = "ref";
        span.textContent = part;
        p.appendChild(span);
      } else if (part !== "") {
        p.appendChild(document.createTextNode(part));
      }
    });
  }
  function bubble(m) {
    var li = document.createElement("li");
    li.className = "msg " + (m.from === "bot" ? "bot" : "you");
    var who = document.createElement("span");
    who.className = "sr-only";
    who.textContent = (m.from === "bot" ? cfg.bot : cfg.you) + " : ";
    var p = document.createElement("p");
    if (m.from === "bot") fill(p, m.text);
    else p.textContent = m.text;
    var t = document.createElement("time");
    t.dateTime = m.at;
    t.textContent = time(m.at);
    li.appendChild(who);
    li.appendChild(p);
    li.appendChild(t);
    return li;
  }
  function choices(m) {
    var had = actions.contains(document.activeElement);
    actions.textContent = "";
    var items = [];
    if (m) {
      (m.buttons || []).forEach(function (b) { items.push({ label: b.label, token: b.token }); });
      if (m.list) m.list.items.forEach(function (i) { items.push(i); });
    }
    items.forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "choice";
      button.textContent = item.label;
      if (item.description) {
        var small = document.createElement("small");
        small.textContent = item.description;
        button.appendChild(small);
      }
      button.addEventListener("click", function () { press(item.token); });
      actions.appendChild(button);
    });
    actions.hidden = items.length === 0;
    if (had) (actions.querySelector("button") || input).focus();
  }
  // Adds the messages not shown yet; says whether a bot message was among them. In a full list
  // (no cursor) the server puts buttons on the one message whose buttons are still honoured.
  function apply(list, full) {
    var added = false;
    var botSpoke = false;
    list.forEach(function (m) {
      if (seen[m.id]) return;
      seen[m.id] = true;
      log.appendChild(bubble(m));
      lastId = m.id;
      added = true;
      if (m.from === "bot") botSpoke = true;
    });
    if (full) {
      var live = null;
      list.forEach(function (m) { if (m.buttons.length > 0 || m.list) live = m; });
      choices(live);
    }
    if (added) {
      stick = true;
      bottom();
    }
    return botSpoke;
  }
  function load(after) {
    var url = base + "/messages" + (after ? "?after=" + encodeURIComponent(after) : "");
    return fetch(url, { cache: "no-store", credentials: "omit" }).then(function (res) {
      if (res.status === 410) { over(); throw new Error("HTTP 410"); }
      if (!res.ok) throw new Error("HTTP " + res.status);
      return res.json();
    });
  }
  // The log follows new messages while the reader is at its end, also when it changes size (new
  // buttons below it, a phone's address bar or keyboard); scrolling up to reread stops that.
  var stick = true;
  function bottom() { log.scrollTop = log.scrollHeight; }
  log.addEventListener("scroll", function () {
    stick = log.scrollTop + log.clientHeight >= log.scrollHeight - 24;
  });
  if (window.ResizeObserver) new ResizeObserver(function () { if (stick) bottom(); }).observe(log);
  // The link was revoked or its time is over (410): say so once and stop asking.
  var closed = false;
  function over() { closed = true; clearTimeout(timer); form.hidden = true; actions.hidden = true; }
  function schedule() {
    clearTimeout(timer);
    if (closed) { say(cfg.linkClosed); return; }
    var soon = Date.now() < burstUntil ? ${WEBCHAT_POLL_AFTER_POST_MS} : ${WEBCHAT_POLL_MS};
    timer = setTimeout(poll, document.hidden ? ${WEBCHAT_POLL_HIDDEN_MS} : soon);
  }
  function poll() {
    if (polling) { again = true; return; }
    polling = true;
    var after = lastId;
    load(after)
      .then(function (list) {
        // New words from the bot may have made other buttons current: ask for the whole picture.
        if (apply(list, !after) && after) return load(null).then(function (all) { apply(all, true); });
      })
      .then(function () {
        if (statusLine.textContent === cfg.offline || statusLine.textContent === cfg.connecting) say("");
      }, function () { say(cfg.offline); })
      .then(function () {
        polling = false;
        if (again) { again = false; poll(); } else schedule();
      });
  }
  function setBusy(busy) {
    Array.prototype.forEach.call(actions.querySelectorAll("button"), function (b) { b.disabled = busy; });
  }
  function press(token) {
    setBusy(true);
    post("/messages", { id: uuid(), button: token })
      .then(function (res) { say(res.ok ? "" : explain(res)); }, function () { say(cfg.sendFailed); })
      .then(function () { setBusy(false); burst(); });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim()) return;
    // A retry of the same text keeps its id, so a post that did arrive is not acted on twice.
    if (!pending || pending.text !== text) pending = { id: uuid(), text: text };
    var sent = pending;
    post("/messages", { id: sent.id, text: sent.text })
      .then(function (res) {
        if (res.ok) {
          if (pending === sent) pending = null;
          if (input.value === sent.text) input.value = "";
          say("");
        } else say(explain(res));
      }, function () { say(cfg.sendFailed); })
      .then(burst);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
  input.maxLength = ${WEBCHAT_TEXT_MAX};
  post("/start", {}).then(function (res) { if (!res.ok) say(explain(res)); }, function () {}).then(burst);
})();
`;

/** `'sha256-…'` source expression of an inline element's exact content. */
export function cspHash(content: string): string {
  return `'sha256-${createHash("sha256").update(content, "utf8").digest("base64")}'`;
}

/**
 * The page may run its own script and style and talk to its own origin; nothing else (no frames,
 * no plugins, no forms to elsewhere, no <base> rewriting).
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `script-src ${cspHash(PAGE_SCRIPT)}`,
  `style-src ${cspHash(PAGE_STYLE)}`,
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");
