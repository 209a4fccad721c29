// Docker HEALTHCHECK of the Guichet image: GET /healthz of the process the container runs, on its
// port. One image runs every process: the entry point wrote its name to /tmp/guichet-process
// (PID 1 may be an init such as `docker run --init`, so its command line is not enough).
import { readFileSync } from "node:fs";

const ports = {
  intake: 3001,
  routing: 3002,
  notification: 3003,
  reporting: 3004,
  appointments: 3005,
  web: 3000,
  mailcatcher: 1080,
};
let name;
try {
  name = readFileSync("/tmp/guichet-process", "utf8").trim();
} catch {
  name = undefined;
}
if (!name || !(name in ports)) process.exit(0); // a one-shot command (migrate, guichet …): nothing to probe
const variable = name === "mailcatcher" ? "MAILCATCHER_HTTP_PORT" : `${name.toUpperCase()}_PORT`;
const port = Number(process.env[variable] || ports[name]);
const path = name === "mailcatcher" ? "/" : "/healthz";
try {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2_500) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
