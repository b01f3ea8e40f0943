/** Limits both sides enforce: the widget checks before sending, the server refuses past them. */

/** A visitor's (or a developer's) message, in characters, after trimming. */
export const MAX_MESSAGE_CHARS = 8_000;

/** An identity token (a tenant-signed JWT) presented at bootstrap. */
export const MAX_IDENTITY_TOKEN_CHARS = 4_096;
