// A loopback npm registry that serves package-lock.json as packuments: every version the
// lockfile holds, with its dependencies and integrity. A global install resolves the
// locked versions from it and takes the tarballs from the npm cache by integrity (npm ci
// put them there), so installing the packed CLI needs no network and no registry.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, unknown>;
  bin?: Record<string, string> | string;
  engines?: Record<string, string>;
  os?: string[];
  cpu?: string[];
}

type Packuments = Map<string, Record<string, object>>;

export function packumentsOf(lockfile: string): Packuments {
  const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as { packages: Record<string, LockEntry> };
  const out: Packuments = new Map();
  for (const [key, e] of Object.entries(lock.packages)) {
    if (!key || !e.version || e.link) continue;
    const name = e.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const base = name.split('/').pop()!;
    const versions = out.get(name) ?? {};
    versions[e.version] = {
      name,
      version: e.version,
      dependencies: e.dependencies,
      optionalDependencies: e.optionalDependencies,
      peerDependencies: e.peerDependencies,
      peerDependenciesMeta: e.peerDependenciesMeta,
      bin: e.bin,
      engines: e.engines,
      os: e.os,
      cpu: e.cpu,
      // The lockfile may omit `resolved`; the tarball comes from the cache by integrity anyway.
      dist: {
        tarball: e.resolved ?? `https://registry.npmjs.org/${name}/-/${base}-${e.version}.tgz`,
        integrity: e.integrity,
      },
    };
    out.set(name, versions);
  }
  return out;
}

const byVersion = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

export interface LockRegistry {
  url: string;
  /** Names asked for that the lockfile does not hold (optional peers such as bufferutil). */
  unknown: string[];
  close(): Promise<void>;
}

export async function startLockRegistry(lockfile: string): Promise<LockRegistry> {
  const packuments = packumentsOf(lockfile);
  const unknown: string[] = [];
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1).split('?')[0]!);
    const versions = packuments.get(name);
    if (!versions) {
      unknown.push(name);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
      return;
    }
    const latest = Object.keys(versions).sort(byVersion).pop()!;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ name, 'dist-tags': { latest }, versions }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    unknown,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
