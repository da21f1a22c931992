// Where browsers open the live channel (Socket.IO on the communication service), read per request so one build
// serves any deployment. SOCKET_URL: the public origin of the communication service ('' = this origin, e.g.
// behind nginx routing /api/communication/socket.io). Unset: the communication service's address itself, which
// is what a local `npm start` needs.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(): Response {
  const configured = process.env['SOCKET_URL'];
  const socketUrl = configured !== undefined ? configured.trim() : (process.env['COMMUNICATION_API_URL']?.trim() || 'http://127.0.0.1:3003');
  return Response.json({ socketUrl: socketUrl.replace(/\/+$/, '') }, { headers: { 'cache-control': 'no-store' } });
}
