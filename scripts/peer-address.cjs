// Preloaded into the Next.js server by scripts/serve.ts (NODE_OPTIONS=--require). Next.js does not
// tell application code the address of the socket a request came in on: it only fills in
// X-Forwarded-For when the client sent none, so a client that sends its own is believed. This
// stamps every request with the real peer address under a header of our own, overwriting
// whatever a client put there; src/lib/next/request-auth.ts reads it only when this hook has
// announced itself, and believes X-Forwarded-For only when that peer is a trusted proxy.
const http = require("node:http");
const https = require("node:https");

const HEADER = "x-dialer-peer-address";

for (const Server of [http.Server, https.Server]) {
  const emit = Server.prototype.emit;
  Server.prototype.emit = function emitWithPeerAddress(event, ...args) {
    const request = args[0];
    if (event === "request" && request?.headers) {
      request.headers[HEADER] = request.socket?.remoteAddress ?? "";
    }
    return emit.call(this, event, ...args);
  };
}

globalThis.__dialerPeerAddressHeader = HEADER;
