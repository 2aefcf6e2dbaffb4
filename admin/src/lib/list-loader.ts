// A list fetched per sandbox, where only the newest request may write: a slower answer for the
// sandbox the user just left must not overwrite the one they are looking at.
import { action, signal } from "@preact/signals";
import { messageOf } from "./api-error";

export function listLoader<T>(fetchList: (sb: string) => Promise<T[]>, initiallyLoading = true) {
  const items = signal<T[]>([]);
  const loading = signal(initiallyLoading);
  const error = signal<string | null>(null);
  let request = 0;

  const load = action(async (sb: string) => {
    const mine = ++request;
    loading.value = true;
    error.value = null;
    try {
      const list = await fetchList(sb);
      if (mine === request) items.value = list;
    } catch (err) {
      if (mine === request) error.value = messageOf(err);
    } finally {
      if (mine === request) loading.value = false;
    }
  });

  return { items, loading, error, load };
}
