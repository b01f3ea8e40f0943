/**
 * Compile-time checks that two types are the same, used to hold each zod schema in
 * protocol/schemas/ to the plain TypeScript type the widget sees. A mismatch fails `tsc`; nothing
 * here exists at runtime.
 */

/** True when A and B are identical (not merely assignable one way). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Accepts only `true`: `type _Check = Assert<Equals<X, Y>>`. */
export type Assert<T extends true> = T;
