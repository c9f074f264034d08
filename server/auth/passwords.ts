/**
 * Password hashing with scrypt (node:crypto), a memory-hard KDF: N = 2^15, r = 8, p = 1 needs
 * 32 MiB per hash (OWASP's minimum for scrypt is N = 2^17 with r = 8, p = 1, or an equivalent
 * cost; we use 2^15 because a login must stay well under a second on a small county server, and
 * throttling bounds guessing on line). The stored form names its parameters, so they can be
 * raised later and old hashes still verify: `scrypt$N$r$p$salt$hash` (base64url).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 1 << 15, r: 8, p: 1 };
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to check unknown users' guesses against, so that a wrong user name takes as long as a wrong password. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(12).toString('base64url'));
  return dummyHash;
}

/** A password for the first administrator when none is given: 18 random characters. */
export function generatePassword(): string {
  return randomBytes(14).toString('base64url').slice(0, 18);
}

/** A new password must be at least 10 characters (NIST SP 800-63B asks for 8 at the least). */
export const MIN_PASSWORD_LENGTH = 10;
