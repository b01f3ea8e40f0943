/**
 * The protocol between the widget and the Worker: event types, error types, header names, limits,
 * paths and bodies. Zod-free, so the widget can import it; the server's zod schemas for the same
 * shapes live in protocol/schemas/ and are checked against these types when compiling.
 */
export * from "./errors";
export * from "./events";
export * from "./headers";
export * from "./limits";
export * from "./widget-api";
