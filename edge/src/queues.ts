/**
 * Sending many messages to a queue: `sendBatch` takes at most 100 messages and 256 KB a call, so
 * messages go in chunks that stay under both (sizes measured as JSON, with room for the
 * envelope of each message).
 */
const MAX_MESSAGES = 100;
const MAX_BYTES = 200_000;

export async function sendInBatches<T>(queue: Queue<T>, bodies: readonly T[]): Promise<void> {
  let chunk: { body: T }[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = JSON.stringify(body).length + 100;
    if (chunk.length && (chunk.length >= MAX_MESSAGES || bytes + size > MAX_BYTES)) {
      await queue.sendBatch(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push({ body });
    bytes += size;
  }
  if (chunk.length) await queue.sendBatch(chunk);
}
