/**
 * Script-tag entry, built as an IIFE to /sdk.js. `document.currentScript` is only set while this
 * script first runs, so it is read right here.
 */
import { install } from "./install";

install(window, document.currentScript as HTMLScriptElement | null);
