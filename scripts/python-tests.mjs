// Runs the fine-tuning kit's Python tests (finetune/tests, standard library only) with a Python 3
// it finds or installs (scripts/pythonPlan.mjs). Never skips: without Python 3 it fails and says
// what to install, since a skipped test would pass a broken kit.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { planPython } from './pythonPlan.mjs';

/** @param {string} command @param {string[]} args */
const succeeds = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/** The first command that runs Python 3.9 or newer. */
function findPython() {
  const check = 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)';
  return ['python3', 'python'].find((command) => succeeds(command, ['-c', check]));
}

const isRoot = process.getuid?.() === 0;
const plan = planPython({
  python: findPython(),
  isRoot,
  passwordlessSudo: !isRoot && process.platform !== 'win32' && succeeds('sudo', ['-n', 'true']),
  hasAptGet: succeeds('apt-get', ['--version']),
});
let python = plan.use;
if (!python && plan.install.length > 0) {
  console.log('No Python 3 found: installing Debian’s python3…');
  for (const [bin = '', ...args] of plan.install) {
    console.log(`$ ${bin} ${args.join(' ')}`);
    if (spawnSync(bin, args, { stdio: 'inherit' }).status !== 0) break;
  }
  python = findPython();
}
if (!python) {
  console.error(plan.help);
  process.exit(1);
}
const kit = fileURLToPath(new URL('../finetune/', import.meta.url));
const run = spawnSync(python, ['-m', 'unittest', 'discover', '-s', 'tests', '-v'], {
  cwd: kit,
  stdio: 'inherit',
  // No stray bytecode in the repository.
  env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
});
process.exit(run.status ?? 1);
