import type { TestProject } from "vitest/node";
import { startHttpToolServer } from "../http-tool-server";
import { startFakeUpstreams } from "./server";
import "./script";

/**
 * Vitest global setup, in Node: starts the fake upstreams and the HTTP tools' test endpoint, and
 * hands their URLs to the tests.
 */
export default async function setup(project: TestProject) {
  const fake = await startFakeUpstreams();
  const httpTools = await startHttpToolServer();
  project.provide("fakeUpstreamUrl", fake.url);
  project.provide("httpToolServerUrl", httpTools.url);
  return async () => {
    await Promise.all([fake.close(), httpTools.close()]);
  };
}
