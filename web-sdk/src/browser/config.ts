/**
 * Configuration from the SDK's own <script> tag, so the common case needs no JavaScript:
 * <script async src="https://edge.example/sdk.js" data-datastream="demo"></script>
 */
import type { Consent } from "../core/types";
import type { Config } from "./parcours";

export function readScriptConfig(script: HTMLScriptElement | null | undefined): Config {
  if (!script || !script.dataset) return {};
  const d = script.dataset;
  let origin: string | undefined;
  try {
    // The SDK is served by the edge, so the script's origin is the right default edge.
    if (script.src) origin = new URL(script.src).origin;
  } catch {
    /* unparsable src: fall back to the page origin later */
  }
  const timeout = d.timeout ? Number(d.timeout) : undefined;
  return {
    datastream: d.datastream || undefined,
    edgeUrl: d.edge || origin,
    pageView: d.pageView === "false" ? false : d.pageView === "load" ? "load" : undefined,
    timeout: timeout !== undefined && timeout >= 0 ? timeout : undefined,
    defaultConsent: (d.defaultConsent as Consent) || undefined,
    cookies: d.cookies === "false" ? false : undefined,
    displayOn: d.displayOn === "visible" ? "visible" : undefined,
  };
}
