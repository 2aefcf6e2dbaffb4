/** Encodings and random ids shared by device ids, tokens, keys and secrets. */
export const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

export const randomBase64url = (byteCount: number) => base64url(crypto.getRandomValues(new Uint8Array(byteCount)));

export const randomHex = (byteCount: number) =>
  [...crypto.getRandomValues(new Uint8Array(byteCount))].map((b) => b.toString(16).padStart(2, "0")).join("");
