// A minimal SMTP sink for the benchmark: accepts every message and keeps nothing, so the figure
// measures Guichet (render + nodemailer) rather than the receiving server. Runs in a worker thread.
import { createServer, type Socket } from "node:net";
import { parentPort } from "node:worker_threads";

let received = 0;

function session(socket: Socket): void {
  let inData = false;
  let buffer = "";
  socket.setEncoding("latin1");
  socket.write("220 null-smtp ESMTP\r\n");
  socket.on("data", (chunk: string) => {
    buffer += chunk;
    for (;;) {
      if (inData) {
        const end = buffer.indexOf("\r\n.\r\n");
        if (end < 0) {
          // Keep only the tail that may hold a split terminator.
          if (buffer.length > 8) buffer = buffer.slice(-8);
          return;
        }
        buffer = buffer.slice(end + 5);
        inData = false;
        received += 1;
        socket.write("250 2.0.0 queued\r\n");
        continue;
      }
      const eol = buffer.indexOf("\r\n");
      if (eol < 0) return;
      const line = buffer.slice(0, eol).toUpperCase();
      buffer = buffer.slice(eol + 2);
      if (line.startsWith("EHLO")) socket.write("250-null-smtp\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
      else if (line.startsWith("DATA")) {
        inData = true;
        // The terminator may directly follow an empty body.
        buffer = `\r\n${buffer}`;
        socket.write("354 go ahead\r\n");
      } else if (line.startsWith("QUIT")) socket.end("221 bye\r\n");
      else socket.write("250 ok\r\n");
    }
  });
  socket.on("error", () => socket.destroy());
}

const server = createServer(session);
server.listen(0, "127.0.0.1", () => {
  parentPort?.postMessage({ port: (server.address() as { port: number }).port });
});
parentPort?.on("message", (message: string) => {
  if (message === "count") parentPort?.postMessage({ received });
});
