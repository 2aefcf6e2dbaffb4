/**
 * The device id (`pcid`): 128 random bits, base64url, minted by the edge and kept in a
 * first-party cookie that the SDK mirrors. It is unguessable, so holding one is the only
 * claim a browser can make about who it is without a signature.
 */
import { randomBase64url } from "./random";

const PCID = /^[A-Za-z0-9_-]{22}$/;

export const isPcid = (value: unknown): value is string => typeof value === "string" && PCID.test(value);

export const mintPcid = (): string => randomBase64url(16);

export const PCID_COOKIE = "pcid";
/** 400 days: the longest lifetime browsers allow a cookie. */
export const PCID_MAX_AGE = 400 * 24 * 3600;
