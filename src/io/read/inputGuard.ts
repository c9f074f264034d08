/**
 * The last line between a damaged file and the user: an error the readers did not foresee
 * (a DataView read past the end, a property of null) becomes an InputError naming the file, so
 * the page never shows a JavaScript message. The original text is kept in `unexpected` for tests
 * and bug reports; each one found is a reader to fix.
 */
import { InputError } from '../../core/types.ts';

export class DamagedInputError extends InputError {
  readonly unexpected: string;
  constructor(file: string, original: Error, featureId?: string) {
    super(file, {
      zh: '文件已损坏或结构异常，无法读取；请用原软件重新导出该文件',
      en: 'the file is damaged or malformed and cannot be read; export it again from the program that made it',
    }, featureId);
    this.unexpected = `${original.name}: ${original.message}`.slice(0, 300);
  }
}

/** `error` as the user should see it: InputErrors and cancellations pass, JavaScript errors are wrapped. */
export function asInputError(error: unknown, file: string): unknown {
  if (error instanceof InputError) return error;
  if (error instanceof Error && error.name === 'CancelledError') return error;
  if (error instanceof RangeError || error instanceof TypeError || error instanceof SyntaxError || error instanceof URIError) {
    return new DamagedInputError(file, error);
  }
  return error;
}
