/**
 * SDK clients are reused across requests of an isolate (building one is not free), keyed by
 * endpoint and credential. Bounded, oldest first out, so tenants' own keys cannot grow it forever.
 */
export function clientCache<T>(max = 50) {
  const clients = new Map<string, T>();
  return {
    get(key: string, create: () => T): T {
      const hit = clients.get(key);
      if (hit) return hit;
      const client = create();
      if (clients.size >= max) clients.delete(clients.keys().next().value!);
      clients.set(key, client);
      return client;
    },
  };
}
