/**
 * JSON.stringify(value, null, 1) in pieces: the same text, produced element by element for the
 * first two levels of plain objects and arrays, so a large report (a 50k-plot county's findings:
 * ~60 MB of JSON) is written without holding the whole text and its bytes at once.
 * Deeper values, and anything not a plain object or array (or with a toJSON), are stringified
 * whole and re-indented; JSON text holds no raw newline inside a string, so every newline of it is
 * a line break the indentation follows.
 */
const LEVELS = 2;

function isPlain(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

const whole = (value: unknown, indent: string): string | undefined => {
  const text = JSON.stringify(value, null, 1) as string | undefined;
  return text === undefined || indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
};

/** The pieces of JSON.stringify(value, null, 1); undefined when that is undefined. */
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
  const text = whole(value, indent);
  if (text !== undefined) yield text;
}
