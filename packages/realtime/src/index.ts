export { createRealtime, SOCKET_PATH, userRoom, sessionRoom, type Realtime, type RealtimeOptions } from './server.js';
export { rtcEnv, rtcRoutes, mediaGrant, agoraUid, agoraChannel, type RtcEnv, type MediaGrant, type IceServer } from './rtc.js';
