// The service as a library: the operator CLI and end-to-end tests boot it the way main.ts does.
export { loadNotificationConfig, type NotificationConfig } from "./config.ts";
export { startNotification } from "./notification.app.ts";
