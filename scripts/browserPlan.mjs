// Decides how the tests get a Chromium that starts on this machine: use the one found, else
// Debian's package through apt-get, else Playwright's with its libraries, else say what to install.
// Pure (facts in, plan out), so unit tests can play any machine; ensure-browser.mjs runs the plan.

/**
 * @typedef {object} Machine
 * @property {string} platform process.platform
 * @property {string} [osId] ID from /etc/os-release ("debian", "ubuntu")
 * @property {string[]} [osIdLike] ID_LIKE from /etc/os-release
 * @property {boolean} isRoot
 * @property {boolean} passwordlessSudo `sudo -n true` succeeds
 * @property {boolean} hasAptGet
 * @property {{ path: string, fromEnv: boolean, starts: boolean } | undefined} found
 *   the Chromium found (CHROMIUM_PATH, Debian's, Playwright's) and whether `--version` ran
 */

/**
 * @typedef {object} Attempt
 * @property {string} name what the attempt installs, for the log
 * @property {string[][]} commands run in order; the attempt fails at the first that fails
 */

/**
 * @typedef {object} Plan
 * @property {string | undefined} use a Chromium that starts: nothing to install
 * @property {Attempt[]} attempts what to try, in order, until a Chromium starts
 * @property {string} help what to tell the person when every attempt failed
 */

const APT_ENV = ['env', 'DEBIAN_FRONTEND=noninteractive'];

/** @param {Machine} m */
function isDebianLike(m) {
  const ids = [m.osId ?? '', ...(m.osIdLike ?? [])];
  return m.platform === 'linux' && ids.some((id) => id === 'debian' || id === 'ubuntu');
}

/** @param {Machine} m @returns {string} */
function helpText(m) {
  const lines = ['No working Chromium for the tests. Install one, then run `npm test` again:'];
  if (m.found?.fromEnv && !m.found.starts)
    lines.unshift(`CHROMIUM_PATH=${m.found.path} does not start (\`--version\` failed).`);
  if (isDebianLike(m)) {
    const sudo = m.isRoot ? '' : 'sudo ';
    lines.push(`  ${sudo}apt-get update && ${sudo}apt-get install -y chromium`);
    lines.push('  or: npx playwright install --with-deps chromium  (needs root for its libraries)');
  } else if (m.platform === 'linux') {
    lines.push('  npx playwright install --with-deps chromium  (needs root for its libraries)');
    lines.push("  or your distribution's chromium package");
  } else {
    lines.push('  npx playwright install chromium');
  }
  lines.push(
    '  or set CHROMIUM_PATH to a Chromium or Chrome that starts (`$CHROMIUM_PATH --version`).',
  );
  return lines.join('\n');
}

/**
 * What to do to get a Chromium that starts.
 * @param {Machine} m
 * @returns {Plan}
 */
export function planBrowser(m) {
  const help = helpText(m);
  if (m.found?.starts) return { use: m.found.path, attempts: [], help };
  // A CHROMIUM_PATH that does not start is the person's choice: say so rather than install another.
  if (m.found?.fromEnv) return { use: undefined, attempts: [], help };
  const asRoot = m.isRoot || m.passwordlessSudo;
  const sudo = m.isRoot ? [] : ['sudo', '-n'];
  /** @type {Attempt[]} */
  const attempts = [];
  if (isDebianLike(m) && m.hasAptGet && asRoot) {
    attempts.push({
      name: "Debian's chromium (apt-get)",
      commands: [
        [...sudo, ...APT_ENV, 'apt-get', 'update'],
        [...sudo, ...APT_ENV, 'apt-get', 'install', '-y', 'chromium'],
      ],
    });
  }
  if (m.platform !== 'linux') {
    attempts.push({
      name: "Playwright's Chromium",
      commands: [['npx', 'playwright', 'install', 'chromium']],
    });
  } else if (asRoot) {
    attempts.push({
      name: "Playwright's Chromium with its system libraries",
      commands: [['npx', 'playwright', 'install', '--with-deps', 'chromium']],
    });
  } else {
    // Without root the libraries cannot be installed; the browser may still find them present.
    attempts.push({
      name: "Playwright's Chromium (without root: its libraries must be there already)",
      commands: [['npx', 'playwright', 'install', 'chromium']],
    });
  }
  return { use: undefined, attempts, help };
}

/**
 * The ID and ID_LIKE of an /etc/os-release text.
 * @param {string} text
 * @returns {{ osId: string | undefined, osIdLike: string[] }}
 */
export function parseOsRelease(text) {
  /** @param {string} key */
  const field = (key) => {
    const match = new RegExp(`^${key}=(.*)$`, 'm').exec(text);
    return match?.[1]?.trim().replace(/^["']|["']$/g, '');
  };
  return { osId: field('ID'), osIdLike: (field('ID_LIKE') ?? '').split(/\s+/).filter(Boolean) };
}
