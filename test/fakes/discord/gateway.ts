// The fake Discord gateway: a WebSocket that speaks the JSON (uncompressed) gateway protocol discord.js 14 uses.
// HELLO → (heartbeat ↔ ACK) → IDENTIFY → READY + GUILD_CREATE, then dispatches with increasing `s`.
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  /** READY and GUILD_CREATE payloads for an identified session */
  ready(sessionId: string, resumeUrl: string): unknown;
  /** undefined: no GUILD_CREATE (the bot is not in the guild, e.g. installed with applications.commands only) */
  guildCreate(): unknown;
  resumeUrl(): string;
}

export interface GatewaySession {
  socket: WebSocket;
  sessionId: string;
  seq: number;
  identified: boolean;
  /** the IDENTIFY payload (token, intents…) */
  identify?: { token: string; intents: number; [k: string]: unknown };
  query: URLSearchParams;
  /** when (Date.now()) it identified and when its socket closed: one bot token, one session at a time */
  identifiedAt?: number;
  closedAt?: number;
}

export class FakeGateway {
  readonly wss = new WebSocketServer({ noServer: true });
  readonly sessions: GatewaySession[] = [];
  heartbeats = 0;
  resumes = 0;
  /** close code to answer IDENTIFY with instead of READY (4004 bad token, 4014 disallowed intents) */
  refuseIdentify = 0;
  private nextSession = 1;

  constructor(private opts: GatewayOptions) {}

  handleUpgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const session: GatewaySession = { socket: ws, sessionId: `fake-session-${this.nextSession++}`, seq: 0, identified: false, query };
    this.sessions.push(session);
    ws.on('close', () => (session.closedAt ??= Date.now()));
    ws.on('message', (raw) => this.onMessage(session, raw.toString()));
    ws.on('error', () => {});
    this.send(session, { op: 10, d: { heartbeat_interval: this.opts.heartbeatIntervalMs, _trace: ['fake-gateway'] }, s: null, t: null });
  }

  private onMessage(session: GatewaySession, raw: string): void {
    let msg: { op: number; d: any };
    try {
      msg = JSON.parse(raw);
    } catch {
      session.socket.close(4002, 'Decode error');
      return;
    }
    switch (msg.op) {
      case 1: // heartbeat
        this.heartbeats++;
        this.send(session, { op: 11, d: null, s: null, t: null });
        break;
      case 2: // identify
        if (this.refuseIdentify) {
          // e.g. 4014 Disallowed intent(s): the Message Content intent is not enabled for the app
          session.socket.close(this.refuseIdentify, 'Disallowed intent(s).');
          return;
        }
        session.identify = msg.d;
        session.identified = true;
        session.identifiedAt = Date.now();
        this.dispatch(session, 'READY', this.opts.ready(session.sessionId, this.opts.resumeUrl()));
        {
          const guild = this.opts.guildCreate();
          if (guild) this.dispatch(session, 'GUILD_CREATE', guild);
        }
        break;
      case 6: {
        // resume: nothing to replay in the fake; the session goes on
        const old = this.sessions.find((s) => s.sessionId === msg.d?.session_id);
        session.sessionId = old?.sessionId ?? session.sessionId;
        session.seq = old?.seq ?? 0;
        session.identified = true;
        session.identify = old?.identify;
        this.resumes++;
        this.dispatch(session, 'RESUMED', {});
        break;
      }
      default:
        // presence updates, request guild members…: accepted and ignored
        break;
    }
  }

  private send(session: GatewaySession, payload: unknown): void {
    if (session.socket.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(payload));
  }

  dispatch(session: GatewaySession, t: string, d: unknown): void {
    session.seq += 1;
    this.send(session, { op: 0, t, s: session.seq, d });
  }

  /** Sessions that can receive events now. */
  live(): GatewaySession[] {
    return this.sessions.filter((s) => s.identified && s.socket.readyState === WebSocket.OPEN);
  }

  /** Send an event to every live session; returns how many got it. */
  broadcast(t: string, d: unknown): number {
    const live = this.live();
    for (const s of live) this.dispatch(s, t, d);
    return live.length;
  }

  /** Close every live connection like Discord does when it restarts a gateway node (the client resumes). */
  drop(code = 4000): number {
    const live = this.live();
    for (const s of live) s.socket.close(code, 'fake gateway drop');
    return live.length;
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
