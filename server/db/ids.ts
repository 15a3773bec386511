/** The distinct finite numbers among some values (ids read from rows, events and results). */
export const numbers = (values: unknown[]) => [
  ...new Set(
    values
      .filter((value) => value !== null && value !== undefined)
      .map(Number)
      .filter(Number.isFinite)
  ),
];

/** A list cut into lists short enough for any database's bound parameters. */
export const chunks = <T>(items: T[], size = 500) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size)
  );
