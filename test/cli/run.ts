// Runs our entry points as child processes (the way users and scripts run them), with piped stdin.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment with no platform tokens (the console platform), quiet logs, the given DATA_DIR. */
export function baseEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  for (const k of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']) {
    if (!(k in extra)) env[k] = '';
  }
  return env;
}

/** Run a command in the project's folder with `input` on stdin, until it exits; `as` runs it as another user (uid = gid). */
export function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv, input = '', as?: { uid: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const ids = as ? { uid: as.uid, gid: as.uid } : {};
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'pipe', ...ids });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Run a script of the project under tsx; `as` runs it as another user (uid = gid). */
export function runNode(script: string, args: string[], env: NodeJS.ProcessEnv, input = '', as?: { uid: number }): Promise<RunResult> {
  return runProcess(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], env, input, as);
}

export const cli = (dataDir: string, args: string[], extra: Record<string, string> = {}) => runNode('src/cli.ts', args, baseEnv(dataDir, extra));
export const bot = (dataDir: string, input: string, extra: Record<string, string> = {}) => runNode('src/main.ts', [], baseEnv(dataDir, extra), input);

export async function tmpDir(prefix = 'claimdesk-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}
