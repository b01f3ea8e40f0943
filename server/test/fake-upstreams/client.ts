import { inject } from "vitest";
import type { RecordedRequest, ScenarioScript } from "./script";

/** The tests' side of the fake upstreams (runs in workerd, reaches the Node server over fetch). */

export const ANTHROPIC_TEST_KEY = "sk-ant-platform-test-key-0001";
export const OPENAI_TEST_KEY = "sk-openai-platform-test-key-0001";

export interface FakeScenario {
  id: string;
  anthropicBaseUrl: string;
  openaiBaseUrl: string;
  requests(provider?: RecordedRequest["provider"]): Promise<RecordedRequest[]>;
  /** Lets a stream scripted with `fail: { how: "hold" }` go on. */
  release(): Promise<void>;
  /** Whether a stream is scripted to hold until the test releases it. */
  holds: boolean;
}

export async function scenario(script: ScenarioScript): Promise<FakeScenario> {
  const base = inject("fakeUpstreamUrl");
  const res = await fetch(`${base}/__scenarios`, { method: "POST", body: JSON.stringify(script) });
  const { id } = (await res.json()) as { id: string };
  const steps = [...(script.anthropic ?? []), ...(script.openai ?? [])];
  return {
    id,
    holds: steps.some((step) => step.kind === "stream" && step.fail?.how === "hold"),
    anthropicBaseUrl: `${base}/s/${id}/anthropic`,
    openaiBaseUrl: `${base}/s/${id}/openai/v1`,
    async requests(provider) {
      const all = (await (await fetch(`${base}/__scenarios/${id}/requests`)).json()) as RecordedRequest[];
      return provider ? all.filter((r) => r.provider === provider) : all;
    },
    async release() {
      await (await fetch(`${base}/__scenarios/${id}/release`, { method: "POST" })).text();
    },
  };
}

/** Short retries and timeouts, so failure paths run fast (no test asserts on time). */
export const FAST_TUNING = {
  MODEL_MAX_RETRIES: "1",
  MODEL_RETRY_BASE_MS: "1",
  MODEL_RETRY_MAX_WAIT_MS: "50",
  MODEL_FIRST_EVENT_TIMEOUT_MS: "1000",
  MODEL_IDLE_TIMEOUT_MS: "200",
  MODEL_BREAKER_FAILURES: "0",
  RESUME_POLL_MS: "20",
  RESUME_MAX_WAIT_MS: "10000",
};

/** An env whose platform keys point at the scenario (either provider may be left out). */
export function envFor(
  base: Env,
  fake: FakeScenario,
  providers: { anthropic?: boolean; openai?: boolean } = { anthropic: true },
  extra: Record<string, string> = {},
): Env {
  return {
    ...base,
    ...FAST_TUNING,
    // A held stream waits for the test, however busy the machine: it must not read as a stalled model.
    ...(fake.holds ? { MODEL_IDLE_TIMEOUT_MS: "120000" } : {}),
    ...(providers.anthropic
      ? { ANTHROPIC_API_KEY: ANTHROPIC_TEST_KEY, ANTHROPIC_BASE_URL: fake.anthropicBaseUrl }
      : {}),
    ...(providers.openai ? { OPENAI_API_KEY: OPENAI_TEST_KEY, OPENAI_BASE_URL: fake.openaiBaseUrl } : {}),
    ...extra,
  } as Env;
}
