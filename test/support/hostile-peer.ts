import type { Socket } from 'node:net';
import { startRawTcpPeer, type RawTcpPeer } from './raw-tcp-peer';

/** Hard bounds on what a hostile peer sends, so that a test of unfixed code cannot take the machine down. */
export interface FloodBounds {
  maxBytes: number;
  maxMs: number;
}

const DEFAULT_BOUNDS: FloodBounds = { maxBytes: 160 * 1024 * 1024, maxMs: 12_000 };

/**
 * Writes `chunk` over and over as fast as the client reads it (honouring backpressure), until
 * the client closes the connection or a bound is reached. Resolves with the bytes written.
 */
export function flood(socket: Socket, chunk: string, bounds: FloodBounds = DEFAULT_BOUNDS): Promise<number> {
  const block = Buffer.from(chunk.repeat(Math.max(1, Math.floor(65_536 / chunk.length))), 'latin1');
  const stopAt = Date.now() + bounds.maxMs;
  let sent = 0;
  return new Promise((resolve) => {
    const finish = () => resolve(sent);
    socket.once('close', finish);
    const pump = () => {
      while (!socket.destroyed && sent < bounds.maxBytes && Date.now() < stopAt) {
        sent += block.length;
        if (!socket.write(block)) return void socket.once('drain', pump);
      }
      socket.destroy();
    };
    pump();
  });
}

/** Writes `text` one byte every `intervalMs`, cycling, until the client closes the connection or `maxMs` passes. */
export function trickle(socket: Socket, text: string, intervalMs = 1_000, maxMs = 20_000): void {
  let index = 0;
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer);
    socket.write(text[index % text.length] ?? ' ');
    index++;
  }, intervalMs);
  timer.unref();
  setTimeout(() => (clearInterval(timer), socket.destroy()), maxMs).unref();
  socket.once('close', () => clearInterval(timer));
}

/** A loopback peer that greets with `greeting` and hands each CRLF-terminated command line to `onCommand`. */
export async function startLinePeer(greeting: string, onCommand: (command: string, socket: Socket) => void): Promise<RawTcpPeer> {
  return startRawTcpPeer((socket) => {
    socket.write(greeting);
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, end).replace(/\r$/, '');
        buffered = buffered.slice(end + 1);
        onCommand(line, socket);
      }
    });
  });
}

export interface MemoryWatch {
  /** Largest growth seen since the watch started, in MiB: resident set and JS heap. */
  stop(): { rssMiB: number; heapMiB: number };
}

/**
 * Samples this process's memory every few milliseconds (the app under test runs in it) and keeps
 * the peak, so a buffer that grows and is freed again before the call returns is still seen.
 */
export function watchMemory(everyMs = 10): MemoryWatch {
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed + start.arrayBuffers;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed + now.arrayBuffers);
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      sample();
      clearInterval(timer);
      const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
      return { rssMiB: mib(peakRss - start.rss), heapMiB: mib(peakHeap - start.heapUsed - start.arrayBuffers) };
    },
  };
}

/** How much a hostile peer may grow this process's heap or RSS (MiB) before a test calls it unbounded. */
export const GROWTH_LIMIT_MIB = 50;

/**
 * Peers started through the returned function are closed after the file's tests (registers an
 * `afterAll`): call it at the top level of a test file.
 */
export function usePeers(): (started: Promise<RawTcpPeer>) => Promise<RawTcpPeer> {
  const peers: RawTcpPeer[] = [];
  afterAll(() => Promise.all(peers.map((peer) => peer.close())));
  return async (started) => {
    const running = await started;
    peers.push(running);
    return running;
  };
}
