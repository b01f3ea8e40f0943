import type { TestProject } from "vitest/node";
import { startFakeUpstreams } from "./server";
import "./script";

/** Vitest global setup, in Node: starts the fake upstreams and hands their URL to the tests. */
export default async function setup(project: TestProject) {
  const fake = await startFakeUpstreams();
  project.provide("fakeUpstreamUrl", fake.url);
  return fake.close;
}
