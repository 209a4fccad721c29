// The service as a library: the operator CLI and end-to-end tests boot it the way main.ts does.
export { type NotificationConfig, loadNotificationConfig } from "./config.ts";
export { startNotification } from "./notification.app.ts";
