import { Hono } from "hono";
import { adminRoutes } from "./routes/admin/routes";
import { docsRoutes } from "./routes/pages/docs/routes";
import { developerRoutes } from "./routes/developer/routes";
import { widgetAssetRoutes } from "./routes/widget/assets";
import { benchRoutes } from "./routes/internal/bare-stream";
import { appConfig } from "./config";
import type { AppEnv } from "./env";
import { onError, onNotFound } from "./middleware/error-handler";
import { requestId } from "./middleware/request-id";
import { requestLog } from "./logging/request-log";
import { demoRoutes } from "./routes/pages/demo";
import { pageRoutes } from "./routes/pages/page-routes";
import { widgetRoutes } from "./routes/widget/routes";

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use("*", requestId());
  app.use("*", requestLog());
  // A configuration mistake answers every request with the error that names it (parsed once per isolate).
  app.use("*", async function validConfig(c, next) {
    appConfig(c.env);
    await next();
  });
  app.onError(onError);
  app.notFound(onNotFound);

  app.get("/", (c) => c.redirect("/demo"));
  app.get("/health", async (c) => {
    await c.env.DB.prepare("SELECT 1").first();
    return c.json({ status: "ok" });
  });
  // Pages people open from links: canonical URLs and HTML errors (API routes keep JSON errors).
  app.use("/demo/*", pageRoutes());
  app.use("/docs/*", pageRoutes());
  app.route("/v1/widget", widgetRoutes);
  app.route("/v1", developerRoutes);
  app.route("/", docsRoutes);
  app.route("/admin", adminRoutes);
  app.route("/widget", widgetAssetRoutes);
  app.route("/demo", demoRoutes);
  app.use("/bench/*", async function benchGate(c, next) {
    if (!appConfig(c.env).benchRoutes) return onNotFound(c);
    await next();
  });
  app.route("/bench", benchRoutes);
  return app;
}
