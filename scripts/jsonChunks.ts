/**
 * A report as JSON text in pieces, so a large one (a 50k-plot county's findings) is written
 * without holding the whole text and its bytes at once: the first two levels of plain objects
 * and arrays laid out as JSON.stringify(value, null, 1) lays them out, and every value deeper (a
 * finding, a village's figures) on one line, as JSON.stringify(value) writes it. One finding per
 * line is easy to search and to diff; indenting its coordinates as well made the 50k county's
 * findings 70 MB and took most of the second it took to write them.
 * The text parses to what JSON.stringify(value) gives (test/cli/jsonChunks.test.ts).
 */
const LEVELS = 2;

function isPlain(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** A value on one line (JSON text holds no raw newline inside a string). */
const whole = (value: unknown): string | undefined => JSON.stringify(value) as string | undefined;

/** The pieces of the text; none when JSON.stringify(value) is undefined. */
export function* jsonChunks(value: unknown, indent = '', level = 0): Generator<string> {
  const deeper = `${indent} `;
  if (level < LEVELS && Array.isArray(value) && value.length > 0) {
    yield '[';
    for (let k = 0; k < value.length; k++) {
      yield `${k > 0 ? ',' : ''}\n${deeper}`;
      let any = false;
      for (const piece of jsonChunks(value[k], deeper, level + 1)) {
        any = true;
        yield piece;
      }
      if (!any) yield 'null';
    }
    yield `\n${indent}]`;
    return;
  }
  if (level < LEVELS && isPlain(value)) {
    let first = true;
    for (const key of Object.keys(value)) {
      const item = value[key];
      // what JSON.stringify leaves out of an object
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      const pieces = jsonChunks(item, deeper, level + 1);
      const head = pieces.next();
      if (head.done) continue;
      yield `${first ? '{' : ','}\n${deeper}${JSON.stringify(key)}: `;
      first = false;
      yield head.value;
      yield* pieces;
    }
    yield first ? '{}' : `\n${indent}}`;
    return;
  }
  const text = whole(value);
  if (text !== undefined) yield text;
}
