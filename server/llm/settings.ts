import { appConfig, type ModelTuning } from "../config";

/**
 * The model layer's view of the configuration (parsed and validated in server/config.ts): the
 * retries, timeouts and breaker settings every model call uses.
 */

export { DEFAULT_TUNING, type ModelTuning } from "../config";

export function modelTuning(env: object): ModelTuning {
  return appConfig(env).tuning;
}
