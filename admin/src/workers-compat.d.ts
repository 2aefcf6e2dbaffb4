// The console imports the edge's AppType, so the edge's sources are type-checked in this DOM
// program too (with edge/worker-configuration.d.ts, see tsconfig.json). Where the Workers runtime
// has an API the DOM lib lacks, declare it here so both worlds agree.
interface SubtleCrypto {
  timingSafeEqual(a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView): boolean;
}
