// Makes sure a Chromium that starts exists before the tests: the one found, else Debian's through
// apt-get (as root or with passwordless sudo), else Playwright's with its libraries; else it says
// exactly what to install and exits 1. The decisions are scripts/browserPlan.mjs's.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chromiumVersion, findChromium } from './browser.mjs';
import { parseOsRelease, planBrowser } from './browserPlan.mjs';

/** @param {string} command @param {string[]} args */
const succeeds = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

function found() {
  const fromEnv = Boolean(process.env.CHROMIUM_PATH);
  delete process.env.RAGTUNE_CHROMIUM;
  const path = findChromium();
  if (!path) return undefined;
  const version = chromiumVersion(path);
  return { path, fromEnv, starts: Boolean(version), version };
}

function machine() {
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const isRoot = process.getuid?.() === 0;
  return {
    platform: process.platform,
    ...parseOsRelease(osRelease),
    isRoot,
    passwordlessSudo: !isRoot && process.platform !== 'win32' && succeeds('sudo', ['-n', 'true']),
    hasAptGet: succeeds('apt-get', ['--version']),
    found: found(),
  };
}

const facts = machine();
const plan = planBrowser(facts);
const report = (/** @type {{ path: string, version?: string }} */ chromium) =>
  console.log(`Chromium: ${chromium.path} (${chromium.version})`);

if (plan.use && facts.found) {
  report(facts.found);
  process.exit(0);
}
for (const attempt of plan.attempts) {
  console.log(`No Chromium that starts: installing ${attempt.name}…`);
  const failed = attempt.commands.find((command) => {
    console.log(`$ ${command.join(' ')}`);
    const [bin = '', ...args] = command;
    return (
      spawnSync(bin, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status !== 0
    );
  });
  if (failed) {
    console.log(`Failed: ${failed.join(' ')}`);
    continue;
  }
  const now = found();
  if (now?.starts) {
    report(now);
    process.exit(0);
  }
  console.log(`${attempt.name} installed, but no Chromium starts (\`--version\` fails).`);
}
console.error(plan.help);
process.exit(1);
