import { base64UrlDecode, base64UrlEncode, randomBytes, utf8 } from "./crypto";

/**
 * Secrets at rest (tenant identity secrets; provider keys a tenant brings) are sealed with
 * AES-256-GCM under a key derived (HKDF-SHA-256) from the platform secret ENCRYPTION_KEY. The
 * `context` is bound in as associated data, so a ciphertext copied to another row or tenant does
 * not decrypt. Format: `v1.<iv>.<ciphertext+tag>`, base64url.
 */

const VERSION = "v1";
const HKDF_INFO = utf8("clawless/aes-gcm/v1");

let derived: { material: string; key: Promise<CryptoKey> } | undefined;

function aesKey(material: string): Promise<CryptoKey> {
  if (derived?.material !== material) {
    const key = crypto.subtle
      .importKey("raw", utf8(material), "HKDF", false, ["deriveKey"])
      .then((ikm) =>
        crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: HKDF_INFO },
          ikm,
          { name: "AES-GCM", length: 256 },
          false,
          ["encrypt", "decrypt"],
        ),
      );
    derived = { material, key };
  }
  return derived.key;
}

export async function sealSecret(material: string, plaintext: string, context: string): Promise<string> {
  const iv = randomBytes(12);
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: utf8(context) },
    await aesKey(material),
    utf8(plaintext),
  );
  return `${VERSION}.${base64UrlEncode(iv)}.${base64UrlEncode(new Uint8Array(sealed))}`;
}

/** The plaintext, or null when the value was tampered with, moved, or sealed under another key. */
export async function openSecret(material: string, sealed: string, context: string): Promise<string | null> {
  const [version, iv, data] = sealed.split(".");
  if (version !== VERSION || !iv || !data) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: base64UrlDecode(iv), additionalData: utf8(context) },
      await aesKey(material),
      base64UrlDecode(data),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
