// Decides how the fine-tuning kit's tests get a Python 3: the one found, else Debian's python3
// through apt-get (as root or with passwordless sudo), else a message saying what to install.
// Pure (facts in, plan out), so unit tests can play any machine; python-tests.mjs runs the plan.

/**
 * @typedef {object} PythonMachine
 * @property {string | undefined} python a command that runs Python 3 (`python3`, `python`)
 * @property {boolean} isRoot
 * @property {boolean} passwordlessSudo `sudo -n true` succeeds
 * @property {boolean} hasAptGet
 */

/**
 * @typedef {object} PythonPlan
 * @property {string | undefined} use the Python 3 to run: nothing to install
 * @property {string[][]} install commands to run in order, then look again
 * @property {string} help what to tell the person when there is no Python 3 after all
 */

/** @param {PythonMachine} m @returns {PythonPlan} */
export function planPython(m) {
  const help =
    'The fine-tuning kit’s tests (finetune/tests) need Python 3.9 or newer, standard library ' +
    'only. Install it (Debian/Ubuntu: `sudo apt-get install -y python3`; macOS: ' +
    '`brew install python`; Windows: python.org), then run `npm test` again.';
  if (m.python) return { use: m.python, install: [], help };
  if (!m.hasAptGet || !(m.isRoot || m.passwordlessSudo))
    return { use: undefined, install: [], help };
  const sudo = m.isRoot ? [] : ['sudo', '-n'];
  const env = ['env', 'DEBIAN_FRONTEND=noninteractive'];
  return {
    use: undefined,
    install: [
      [...sudo, ...env, 'apt-get', 'update'],
      [...sudo, ...env, 'apt-get', 'install', '-y', '--no-install-recommends', 'python3'],
    ],
    help,
  };
}
