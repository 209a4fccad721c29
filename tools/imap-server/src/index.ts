export { type ImapServer, type ImapServerOptions, type StoredMessage, startImapServer } from "./imap-server.ts";
