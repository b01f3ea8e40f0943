import { z } from "@hono/zod-openapi";

/** The Idempotency-Key header as a POST route documents (and validates) it. */
export const idempotencyHeaderSchema = z.object({
  "Idempotency-Key": z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, "must be 1 to 255 visible ASCII characters")
    .optional()
    .openapi({
      param: { name: "Idempotency-Key", in: "header" },
      description:
        "Retry-safe POST: the same key with the same request returns the first response (header " +
        "`Idempotent-Replayed: true`) without running it again; with a different request it is a 409. " +
        "Keys are per tenant and expire after 24 hours.",
    }),
});
