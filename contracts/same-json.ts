/** JSON with every object's keys sorted: two values that differ only in key order write the same. */
export const stableJson = (value: unknown): string =>
  JSON.stringify(value ?? null, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner
  );

/** Whether two JSON values are the same, whatever the order of their objects' keys. */
export const sameJson = (a: unknown, b: unknown): boolean => stableJson(a) === stableJson(b);
