/**
 * The models a salesperson may pick for a trial. An option whose `id` is null pins no model
 * (`model.default_model = null`): the router decides, which today is always the offline
 * responder. When a model catalog exists in server/llm/, this is the one function to point at it.
 */

export interface ModelOption {
  /** The value of the form's select; "offline" stands for null. */
  value: string;
  /** What `model.default_model` becomes. */
  id: string | null;
  label: string;
}

export const OFFLINE_OPTION: ModelOption = {
  value: "offline",
  id: null,
  label: "Offline responder (no model configured)",
};

export function availableModels(_env: Env): ModelOption[] {
  return [OFFLINE_OPTION];
}
