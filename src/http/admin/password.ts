import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Desk passwords, hashed with scrypt (node:crypto): a random 16-byte salt per password, the cost
 * parameters stored beside the hash so they can be raised later without breaking old hashes.
 * Stored as `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`.
 */
// Node's default cost (16 MiB, about 0.1 s on one core): a sign-in stays quick on a small host.
// Each hash keeps its own parameters, so raising them later leaves old hashes valid.
const COST = { N: 2 ** 14, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
// scrypt needs 128 · N · r bytes; leave room for hashes made with a higher cost.
const MAX_MEM = 64 * 1024 * 1024;

export const PASSWORD_MIN_LENGTH = 12;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFC"),
      salt,
      KEY_LENGTH,
      { ...options, maxmem: MAX_MEM },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64"), key.toString("base64")].join(
    "$",
  );
}

/** A hash of a password nobody knows: checked when the e-mail is unknown, so the time taken does
 *  not tell whether an account exists. */
let decoy: Promise<string> | null = null;
function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString("base64"));
  return decoy;
}

/** Compares in constant time; false for a malformed hash. `stored` null checks a decoy. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = (stored ?? (await decoyHash())).split("$");
  const [scheme, n, r, p, salt, hash] = parts;
  if (parts.length !== 6 || scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await derive(password, Buffer.from(salt, "base64"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  }).catch(() => null);
  if (key === null || key.length !== expected.length) return false;
  return timingSafeEqual(key, expected) && stored !== null;
}
