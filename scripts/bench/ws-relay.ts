// The raw baseline of the chat benchmark: a bare `ws` server that relays each message to the sender's partner
// (clients pair up by the `pair` query parameter) — no auth, no validation, no storage. What the product's chat
// adds on top of this (a JWT handshake, a room check, a PostgreSQL insert under the session's lock before the
// acknowledgement, the Socket.IO protocol) is what the ratio measures.
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.env.PORT ?? 0);
const pairs = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ port, host: '127.0.0.1' });
wss.on('connection', (ws, req) => {
  const pair = new URL(req.url ?? '/', 'http://x').searchParams.get('pair') ?? '';
  const members = pairs.get(pair) ?? new Set<WebSocket>();
  members.add(ws);
  pairs.set(pair, members);
  ws.on('message', (data) => {
    for (const peer of members) if (peer !== ws) peer.send(data);
    ws.send('ack');
  });
  ws.on('close', () => members.delete(ws));
});
wss.on('listening', () => console.log(`ws relay listening on ${port}`));
