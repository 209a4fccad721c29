import { runMain } from "@guichet/runtime";
import { loadNotificationConfig } from "./config.ts";

await runMain("notification", loadNotificationConfig, async (config) =>
  (await import("./notification.app.ts")).startNotification(config),
);
