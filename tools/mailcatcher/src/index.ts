export { startMailCatcher } from "./mail-catcher.ts";
export type {
  CaughtAttachment,
  CaughtMessage,
  CaughtMessageSummary,
  MailCatcher,
  MailCatcherOptions,
  WaitForMessagesOptions,
} from "./mail-catcher.types.ts";
