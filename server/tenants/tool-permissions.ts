import type { ToolPermissions } from "./config";

/** May the assistant call `tool`? Deny wins; `*` matches every tool; nothing listed, nothing allowed. */
export function isToolAllowed(permissions: ToolPermissions, tool: string): boolean {
  const listed = (names: readonly string[]) => names.includes("*") || names.includes(tool);
  return listed(permissions.allow) && !listed(permissions.deny);
}
