/**
 * A request body as text, decoded as it arrives and never held whole, with a byte limit that
 * holds whether or not the sender declared a length.
 */

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

export async function* bodyText(body: ReadableStream<Uint8Array> | null, maxBytes: number): AsyncGenerator<string> {
  if (!body) return;
  let size = 0;
  let over = false;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          over = true;
          controller.error(new BodyTooLargeError(maxBytes));
        } else controller.enqueue(chunk);
      },
    }),
  );
  // Cast: the console's browser types and the Worker's types disagree on this stream's input type.
  const decoder = new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>;
  const reader = counted.pipeThrough(decoder).getReader();
  let done = false;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<string>;
      try {
        next = await reader.read();
      } catch (err) {
        // However the stream machinery wraps it, an overrun is reported as one.
        if (over) throw new BodyTooLargeError(maxBytes);
        throw err;
      }
      if (next.done) {
        done = true;
        return;
      }
      if (next.value) yield next.value;
    }
  } finally {
    // Stopped early (a bad header, a failed batch): stop reading the rest of the upload.
    if (!done) await reader.cancel().catch(() => undefined);
  }
}
