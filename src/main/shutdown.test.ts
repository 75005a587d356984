import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { trackRequests } from './shutdown';

/*
 * Draining an HTTP server: requests in flight finish and are answered with
 * Connection: close, idle keep-alive connections are closed, new connections
 * are refused, and what outlives the deadline is cut off.
 */

let server: http.Server;
let port: number;
let release: () => void;
let agent: http.Agent;

beforeEach(async () => {
  let open = Promise.resolve();
  release = () => undefined;
  server = http.createServer((req, res) => {
    if (req.url === '/slow') {
      open = new Promise((resolve) => (release = resolve));
      void open.then(() => res.end('slow done'));
    } else {
      res.end('quick');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  agent = new http.Agent({ keepAlive: true });
});

afterEach(async () => {
  agent.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function get(path: string): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
      })
      .on('error', reject);
  });
}

const tick = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

describe('trackRequests', () => {
  it('counts the requests in flight', async () => {
    const requests = trackRequests(server);
    expect(requests.inFlight).toBe(0);
    const slow = get('/slow');
    await tick();
    expect(requests.inFlight).toBe(1);
    release();
    await slow;
    await tick();
    expect(requests.inFlight).toBe(0);
  });

  it('lets a request in flight finish, closing its connection after it, and refuses new ones', async () => {
    const requests = trackRequests(server);
    await get('/quick'); // leaves an idle keep-alive connection
    const slow = get('/slow');
    await tick();
    const drained = requests.drain(5000);
    await tick();
    await expect(get('/quick')).rejects.toThrow(/ECONNREFUSED|socket hang up|ECONNRESET/);
    release();
    expect(await slow).toEqual({ status: 200, body: 'slow done', connection: 'close' });
    expect(await drained).toEqual({ cutOff: 0 });
    expect(server.listening).toBe(false);
  });

  it('cuts off what is still running at the deadline', async () => {
    const requests = trackRequests(server);
    const slow = get('/slow');
    await tick();
    const started = Date.now();
    expect(await requests.drain(200)).toEqual({ cutOff: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await expect(slow).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('cuts off at once when asked (a second signal)', async () => {
    const requests = trackRequests(server);
    const slow = get('/slow');
    await tick();
    const drained = requests.drain(60_000);
    await tick();
    requests.cutOffNow();
    expect(await drained).toEqual({ cutOff: 1 });
    await expect(slow).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
