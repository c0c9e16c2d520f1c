// How `npm test` gets a Chromium on a given machine: the one found when it starts, else Debian's
// through apt-get (root or passwordless sudo), else Playwright's with its libraries, else words.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseOsRelease, planBrowser } from '../../../scripts/browserPlan.mjs';

type Machine = Parameters<typeof planBrowser>[0];

const debianRoot: Machine = {
  platform: 'linux',
  osId: 'debian',
  osIdLike: [],
  isRoot: true,
  passwordlessSudo: false,
  hasAptGet: true,
  found: undefined,
};
const commands = (m: Machine) =>
  planBrowser(m).attempts.flatMap((a) => a.commands.map((c) => c.join(' ')));

describe('planBrowser', () => {
  it('uses a Chromium that starts and installs nothing', () => {
    const plan = planBrowser({
      ...debianRoot,
      found: { path: '/usr/bin/chromium', fromEnv: false, starts: true },
    });
    expect(plan.use).toBe('/usr/bin/chromium');
    expect(plan.attempts).toEqual([]);
  });

  it("on Debian as root: apt-get update, Debian's chromium, then Playwright's with its libraries", () => {
    expect(commands(debianRoot)).toEqual([
      'env DEBIAN_FRONTEND=noninteractive apt-get update',
      'env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium',
      'npx playwright install --with-deps chromium',
    ]);
  });

  it('with passwordless sudo on Ubuntu: the same through sudo -n', () => {
    const ubuntu = {
      ...debianRoot,
      osId: 'ubuntu',
      osIdLike: ['debian'],
      isRoot: false,
      passwordlessSudo: true,
    };
    expect(commands(ubuntu)).toEqual([
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium',
      'npx playwright install --with-deps chromium',
    ]);
  });

  it("without root or sudo: no apt-get, Playwright's browser alone, and the help names sudo", () => {
    const user = { ...debianRoot, isRoot: false };
    expect(commands(user)).toEqual(['npx playwright install chromium']);
    expect(planBrowser(user).help).toContain(
      'sudo apt-get update && sudo apt-get install -y chromium',
    );
  });

  it('an apt-less Linux gets Playwright with its libraries; macOS just Playwright', () => {
    const fedora = { ...debianRoot, osId: 'fedora', osIdLike: [], hasAptGet: false };
    expect(commands(fedora)).toEqual(['npx playwright install --with-deps chromium']);
    expect(planBrowser(fedora).help).not.toContain('apt-get');
    const mac = { ...debianRoot, platform: 'darwin', osId: undefined, hasAptGet: false };
    expect(commands(mac)).toEqual(['npx playwright install chromium']);
  });

  it('a CHROMIUM_PATH that does not start is reported, not replaced', () => {
    const plan = planBrowser({
      ...debianRoot,
      found: { path: '/opt/broken/chrome', fromEnv: true, starts: false },
    });
    expect(plan.use).toBeUndefined();
    expect(plan.attempts).toEqual([]);
    expect(plan.help).toContain('CHROMIUM_PATH=/opt/broken/chrome does not start');
  });

  it('a found Chromium that does not start (missing libraries) is replaced', () => {
    const plan = planBrowser({
      ...debianRoot,
      found: { path: '/usr/bin/chromium', fromEnv: false, starts: false },
    });
    expect(plan.use).toBeUndefined();
    expect(plan.attempts.length).toBe(2);
  });
});

describe('parseOsRelease', () => {
  it('reads ID and ID_LIKE, quoted or not', () => {
    expect(parseOsRelease('NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n')).toEqual({
      osId: 'ubuntu',
      osIdLike: ['debian'],
    });
    expect(parseOsRelease('ID="rhel"\nID_LIKE="fedora centos"\n')).toEqual({
      osId: 'rhel',
      osIdLike: ['fedora', 'centos'],
    });
    expect(parseOsRelease('')).toEqual({ osId: undefined, osIdLike: [] });
  });
});

describe('ensure-browser.mjs', () => {
  it('exits 1 with what to install when CHROMIUM_PATH does not start', () => {
    const run = spawnSync('node', ['scripts/ensure-browser.mjs'], {
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('CHROMIUM_PATH=/nonexistent/chromium does not start');
    expect(run.stderr).toContain('install');
  });
});
