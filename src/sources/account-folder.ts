// An offline account folder (DESIGN.md): authorization-details.json, xray/*.json,
// cloudtrail/**, access-analyzer/generated-policy*.json, access-analyzer/findings*.json,
// lambda-functions.json. The bundled demo is one.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputError } from '../core/errors.js';
import { emptyConfig, type SourceConfig } from './config.js';
import { walkFolder } from './walk.js';

/** The package root (holds package.json), from src/ under tsx or dist/src/ when built. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = path.join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'iam-refine'
    ) {
      return dir;
    }
    dir = path.dirname(dir);
  }
  throw new Error('iam-refine package root not found');
}

export function demoFolder(): string {
  return path.join(packageRoot(), 'demo');
}

/** The `.json` files of a subfolder, by the walker every reader shares (symlinks followed). */
function jsonFiles(dir: string, where: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return walkFolder(dir, {
    where,
    match: (f) => f.endsWith('.json') && f.startsWith(prefix),
    recursive: false,
  });
}

export function readAccountFolder(dir: string, origin: 'demo' | 'folder' = 'folder'): SourceConfig {
  const where = origin === 'demo' ? 'the bundled demo' : `--from ${dir}`;
  if (!existsSync(dir))
    throw inputError(where, 'folder not found', 'Give the path of an offline account folder.');
  if (!statSync(dir).isDirectory()) {
    throw inputError(
      where,
      'is a file, not a folder',
      'An account folder holds authorization-details.json, xray/, cloudtrail/ ...',
    );
  }
  const config = emptyConfig(origin);
  config.folder = dir;
  const authz = path.join(dir, 'authorization-details.json');
  if (existsSync(authz)) config.authorizationDetails = authz;
  const lambdas = path.join(dir, 'lambda-functions.json');
  if (existsSync(lambdas)) config.lambdaFunctions = lambdas;
  const mappings = path.join(dir, 'event-source-mappings.json');
  if (existsSync(mappings)) config.eventSourceMappings = mappings;
  config.xrayTraces = jsonFiles(path.join(dir, 'xray'), where);
  const trail = path.join(dir, 'cloudtrail');
  if (existsSync(trail)) config.cloudtrail = [trail];
  config.generatedPolicy = jsonFiles(path.join(dir, 'access-analyzer'), where, 'generated-policy');
  config.unusedFindings = jsonFiles(path.join(dir, 'access-analyzer'), where, 'findings');
  const manifest = path.join(dir, 'manifest.json');
  if (existsSync(manifest)) {
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as { recordedAt?: string };
    if (m.recordedAt) config.clock = m.recordedAt;
  }
  const found =
    config.authorizationDetails ??
    config.xrayTraces[0] ??
    config.cloudtrail[0] ??
    config.generatedPolicy[0] ??
    config.unusedFindings[0];
  if (!found) {
    throw inputError(
      where,
      'holds none of the files an account folder has',
      'Expected authorization-details.json, xray/*.json, cloudtrail/, access-analyzer/generated-policy*.json or access-analyzer/findings*.json.',
    );
  }
  return config;
}
