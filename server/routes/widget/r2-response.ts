/**
 * A response for an R2 object read with `onlyIf` (conditional request headers): the body with its
 * ETag, or a bodiless 304 when R2 answered "not modified" (it then returns metadata only).
 */
export function r2Response(object: R2Object | R2ObjectBody, headers: Record<string, string>): Response {
  const all = new Headers({ ...headers, ETag: object.httpEtag });
  if (!("body" in object)) return new Response(null, { status: 304, headers: all });
  return new Response(object.body, { headers: all });
}
