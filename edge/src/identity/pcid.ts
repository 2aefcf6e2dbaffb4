/**
 * The device id (`pcid`): 128 random bits, base64url, minted by the edge and kept in a
 * first-party cookie that the SDK mirrors. It is unguessable, so holding one is the only
 * claim a browser can make about who it is without a signature.
 */
const PCID = /^[A-Za-z0-9_-]{22}$/;

export const isPcid = (value: unknown): value is string => typeof value === "string" && PCID.test(value);

export function mintPcid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export const PCID_COOKIE = "pcid";
/** 400 days: the longest lifetime browsers allow a cookie. */
export const PCID_MAX_AGE = 400 * 24 * 3600;
