/**
 * Date labels are written as specs and computed here, never by hand: "d+2" (two days after the
 * writer's today), "wd:fri" (the coming Friday, 1–7 days ahead), "wd:fri+7" (Friday week),
 * "pwd:mon" (the Monday just gone, 1–7 days back), "dom:15" (the next 15th, today included),
 * "pdom:28" (the last 28th, today included), "eom" / "eom+1" (last day of this / next month),
 * "bom+1" (first day of next month), "mid+1" (15th of next month), "md:01-05" (the next 5 January,
 * today included), "pmd:12-05" (the last 5 December, today included).
 *
 * This is deliberately a separate implementation from src/core/interpret/date.ts: a label computed
 * by the code under test would prove nothing.
 */
import { DateTime } from "luxon";

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

export function resolveDateSpec(spec: string, now: string, timezone: string): string {
  const today = DateTime.fromISO(now, { zone: timezone }).startOf("day");
  if (!today.isValid) throw new Error(`bad now/zone ${now} ${timezone}`);
  const out = (d: DateTime) => d.toISODate() ?? "";
  let m = /^d([+-]\d+)$/.exec(spec);
  if (m) return out(today.plus({ days: Number(m[1]) }));
  m = /^(p?)wd:(\w{3})(?:\+(\d+))?$/.exec(spec);
  if (m) {
    const target = WEEKDAYS.indexOf(m[2] ?? "") + 1;
    if (target === 0) throw new Error(`bad weekday in ${spec}`);
    const extra = Number(m[3] ?? 0);
    if (m[1] === "p") {
      const back = (today.weekday - target + 7) % 7 || 7;
      return out(today.minus({ days: back }));
    }
    const ahead = (target - today.weekday + 7) % 7 || 7;
    return out(today.plus({ days: ahead + extra }));
  }
  m = /^(p?)dom:(\d+)$/.exec(spec);
  if (m) {
    const day = Number(m[2]);
    let month = today.startOf("month");
    for (let i = 0; i < 14; i++) {
      const candidate = month.set({ day });
      const fits = candidate.month === month.month && day <= (month.daysInMonth ?? 31);
      if (fits) {
        if (m[1] === "p" ? candidate <= today : candidate >= today) return out(candidate);
      }
      month = m[1] === "p" ? month.minus({ months: 1 }) : month.plus({ months: 1 });
    }
    throw new Error(`no day for ${spec}`);
  }
  m = /^(eom|bom|mid)(?:\+(\d+))?$/.exec(spec);
  if (m) {
    const month = today.startOf("month").plus({ months: Number(m[2] ?? 0) });
    if (m[1] === "eom") return out(month.endOf("month").startOf("day"));
    if (m[1] === "bom") return out(month);
    return out(month.set({ day: 15 }));
  }
  m = /^(p?)md:(\d\d)-(\d\d)$/.exec(spec);
  if (m) {
    const month = Number(m[2]);
    const day = Number(m[3]);
    let candidate = today.set({ month, day });
    if (m[1] === "p") {
      if (candidate > today) candidate = candidate.minus({ years: 1 });
    } else if (candidate < today) candidate = candidate.plus({ years: 1 });
    return out(candidate);
  }
  throw new Error(`unknown date spec ${spec}`);
}
