import { base64UrlDecode, base64UrlEncode, utf8 } from "./crypto";

/**
 * AES-256-GCM for secrets at rest (tenants' own provider keys). The key is derived with HKDF-SHA256
 * from a platform secret (ENCRYPTION_KEY), so any 32+ character string works as key material.
 * Ciphertexts are `v1.<iv>.<ciphertext+tag>` in base64url; `context` is bound as additional data,
 * so a ciphertext copied to another tenant or field fails to decrypt instead of working there.
 */

const VERSION = "v1";
const MIN_KEY_MATERIAL = 32;

async function deriveKey(keyMaterial: string): Promise<CryptoKey> {
  if (!keyMaterial || keyMaterial.length < MIN_KEY_MATERIAL) {
    throw new Error(`Encryption key material must be at least ${MIN_KEY_MATERIAL} characters (ENCRYPTION_KEY).`);
  }
  const base = await crypto.subtle.importKey("raw", utf8(keyMaterial), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: utf8("clawless/secrets"), info: utf8(VERSION) },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

export async function encryptSecret(plaintext: string, keyMaterial: string, context = ""): Promise<string> {
  const key = await deriveKey(keyMaterial);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: utf8(context) },
    key,
    utf8(plaintext),
  );
  return `${VERSION}.${base64UrlEncode(iv)}.${base64UrlEncode(new Uint8Array(sealed))}`;
}

/** Throws when the ciphertext was tampered with, or the key material or context differ. */
export async function decryptSecret(ciphertext: string, keyMaterial: string, context = ""): Promise<string> {
  const [version, iv, sealed] = ciphertext.split(".");
  if (version !== VERSION || !iv || !sealed) throw new Error("Unknown ciphertext format.");
  const key = await deriveKey(keyMaterial);
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: base64UrlDecode(iv), additionalData: utf8(context) },
    key,
    base64UrlDecode(sealed),
  );
  return new TextDecoder().decode(plain);
}
