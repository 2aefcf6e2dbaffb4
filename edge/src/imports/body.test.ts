import { describe, expect, it } from "vitest";
import { bodyText, BodyTooLargeError } from "./body";

const streamOf = (parts: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of parts) controller.enqueue(p);
      controller.close();
    },
  });

async function text(body: ReadableStream<Uint8Array> | null, max: number) {
  let out = "";
  for await (const s of bodyText(body, max)) out += s;
  return out;
}

describe("request body as text", () => {
  it("decodes UTF-8 split inside a character", async () => {
    const bytes = new TextEncoder().encode("é😀,ok");
    expect(await text(streamOf([bytes.slice(0, 1), bytes.slice(1, 3), bytes.slice(3)]), 100)).toBe("é😀,ok");
  });

  it("is empty without a body", async () => {
    expect(await text(null, 10)).toBe("");
  });

  it("fails with BodyTooLargeError once past the limit, after handing over what fitted", async () => {
    const chunk = new Uint8Array(40).fill(97);
    const seen: string[] = [];
    const read = async () => {
      for await (const s of bodyText(streamOf([chunk, chunk, chunk]), 100)) seen.push(s);
    };
    await expect(read()).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(seen.join("").length).toBeLessThanOrEqual(100);
  });

  it("stops reading the upload when the reader stops early", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode("row\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const _ of bodyText(body, 1e6)) break;
    // Cancelling travels back through the pipes asynchronously.
    await new Promise((r) => setTimeout(r, 20));
    expect(cancelled).toBe(true);
  });
});
