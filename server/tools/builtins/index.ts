import type { Tool } from "../tool";
import { fileList, fileRead, fileWrite } from "./files";
import { handoffToHuman } from "./handoff";
import { sessionsHistory } from "./sessions-history";
import { sessionsList } from "./sessions-list";
import { sessionsSend } from "./sessions-send";

/** The built-in tools. A tenant enables each by name in `tools.allow`. */
export const BUILTIN_TOOLS: readonly Tool[] = [
  sessionsList,
  sessionsHistory,
  sessionsSend,
  fileRead,
  fileWrite,
  fileList,
  handoffToHuman,
];
