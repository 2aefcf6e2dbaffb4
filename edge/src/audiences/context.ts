/**
 * The request's context as rules see it under `context.*`: the page and its UTM parameters,
 * the referrer, the device and browser (from the User-Agent), where the visitor is (from the
 * edge's geolocation) and their local time. Built once per request, at the edge.
 */
import { partsIn } from "../decisioning/capping";
import type { JsonObject } from "../profiles/events";

export type RequestFacts = {
  url?: string;
  referrer?: string;
  userAgent?: string;
  geo?: { country?: string; region?: string; city?: string; timezone?: string };
  now: number;
  /** The sandbox's time zone, when the edge does not know the visitor's. */
  timeZone: string;
};

const UTM = ["source", "medium", "campaign", "term", "content"];
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

function parseUrl(text: string | undefined): URL | null {
  if (!text) return null;
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** A coarse reading of a User-Agent: enough for rules, not a device database. */
export function readUserAgent(ua: string): { type: string; browser: string; os: string } {
  const type = /bot|crawler|spider|slurp/i.test(ua) ? "bot" : /ipad|tablet|kindle|silk/i.test(ua) || (/android/i.test(ua) && !/mobile/i.test(ua)) ? "tablet" : /mobi|iphone|ipod|android/i.test(ua) ? "mobile" : "desktop";
  const browser = /edg\//i.test(ua) ? "edge" : /opr\/|opera/i.test(ua) ? "opera" : /firefox|fxios/i.test(ua) ? "firefox" : /chrome|crios|chromium/i.test(ua) ? "chrome" : /safari/i.test(ua) ? "safari" : "other";
  const os = /windows/i.test(ua) ? "windows" : /iphone|ipad|ipod|ios/i.test(ua) ? "ios" : /android/i.test(ua) ? "android" : /mac os/i.test(ua) ? "macos" : /linux/i.test(ua) ? "linux" : "other";
  return { type, browser, os };
}

/** Hour, weekday and date in a time zone (the sandbox's when the zone is unknown or invalid). */
function localTime(now: number, zone: string, fallback: string): JsonObject {
  for (const timeZone of [zone, fallback, "UTC"]) {
    try {
      // One formatter per zone, shared with calendar caps (capping.ts).
      const p = partsIn(now, timeZone);
      const weekday = WEEKDAYS.find((d) => d.startsWith(p.weekday.toLowerCase())) ?? "";
      const two = (n: number) => String(n).padStart(2, "0");
      return { hour: p.h, weekday, date: `${p.y}-${two(p.m)}-${two(p.d)}`, timezone: timeZone };
    } catch {
      // an unknown zone: try the next
    }
  }
  return {};
}

export function buildContext(f: RequestFacts): JsonObject {
  const page = parseUrl(f.url);
  const referrer = parseUrl(f.referrer);
  const utm: JsonObject = {};
  if (page) for (const k of UTM) {
    const v = page.searchParams.get(`utm_${k}`);
    if (v) utm[k] = v;
  }
  const geo: JsonObject = {};
  for (const [k, v] of Object.entries(f.geo ?? {})) if (typeof v === "string" && v) geo[k] = v;
  return {
    page: page ? { url: page.href, host: page.host, path: page.pathname, query: Object.fromEntries(page.searchParams) } : {},
    referrer: referrer ? { url: referrer.href, host: referrer.host } : {},
    utm,
    device: readUserAgent(f.userAgent ?? ""),
    geo,
    time: localTime(f.now, f.geo?.timezone ?? f.timeZone, f.timeZone),
  };
}
